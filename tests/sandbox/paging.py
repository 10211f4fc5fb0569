"""Opaque cursors and keyset pagination over in-memory documents."""

import base64
import binascii
import json


def encode_cursor(values):
    """An opaque, URL-safe cursor holding a JSON-able list of values."""
    raw = json.dumps(list(values), separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor):
    """The list of values inside a cursor; ValueError if it is not one of ours."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (binascii.Error, UnicodeError, ValueError):
        raise ValueError("Invalid cursor") from None
    if not isinstance(values, list):
        raise ValueError("Invalid cursor")
    return values


def natural_key(identifier):
    """Sort key putting numeric ids in numeric order, before any other id."""
    text = str(identifier)
    if text.isdigit():
        return (0, int(text), "")
    return (1, 0, text)


def keyset_page(keyed_items, limit, after=None):
    """One page of ``(key, item)`` pairs after the key ``after``.

    Keyset pagination: the page holds the ``limit`` smallest keys greater
    than ``after``, so documents added or changed between two calls never
    shift the following pages. Returns ``(items, last_key, has_more)``.
    """
    candidates = sorted(
        (pair for pair in keyed_items if after is None or pair[0] > after),
        key=lambda pair: pair[0],
    )
    page = candidates[:limit]
    last_key = page[-1][0] if page else None
    return [item for _key, item in page], last_key, len(candidates) > limit
