# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Shared helpers: the figures recorder of the suite (tests/e2e/figures.py)
and a log capture that sees every record any logger emits."""

import logging
import os
import sys

from odoo.addons.ecommerce_base.tests.common import TESTS_DIR

if TESTS_DIR not in sys.path:
    sys.path.insert(0, TESTS_DIR)

from e2e import figures  # noqa: E402

SOAK = os.environ.get("ECOMMERCE_SOAK") == "1"

__all__ = ["SOAK", "CaptureAllLogs", "figures"]


class CaptureAllLogs(logging.Handler):
    """Context manager: every log record the server would write (any
    logger, at the configured levels) while it is active, formatted with its
    traceback, in :attr:`lines`. It stands in for the root logger's handlers
    meanwhile, so the failures provoked on purpose are not printed."""

    def __init__(self):
        super().__init__(logging.DEBUG)
        self.lines = []
        self._formatter = logging.Formatter("%(name)s %(levelname)s %(message)s")
        self._saved = []

    def emit(self, record):
        try:
            self.lines.append(self._formatter.format(record))
        except Exception:  # a record that cannot format still counts as seen
            self.lines.append(repr(record.__dict__))

    def __enter__(self):
        root = logging.getLogger()
        self._saved = root.handlers[:]
        root.handlers[:] = [self]
        return self

    def __exit__(self, *exc_info):
        logging.getLogger().handlers[:] = self._saved

    @property
    def text(self):
        return "\n".join(self.lines)
