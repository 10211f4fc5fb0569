# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Count the API calls of the sync run under way in this thread."""

from contextvars import ContextVar

_counter = ContextVar("ecommerce_api_calls", default=None)


def start():
    return _counter.set([0])


def count(calls=1):
    box = _counter.get()
    if box is not None:
        box[0] += calls


def stop(token):
    box = _counter.get()
    _counter.reset(token)
    return box[0] if box else 0
