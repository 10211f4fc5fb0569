# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Platform timestamps -> naive UTC datetimes, as Odoo stores them."""

from datetime import datetime, timezone

from ..exceptions import EcommerceDataError


def parse_datetime(value, what="date"):
    """Read an ISO 8601 timestamp (``Z`` or an offset; a naive one is taken
    as UTC); ``None`` and ``""`` give ``None``.

    :raises EcommerceDataError: when the value is not a date
    """
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError as exc:
        raise EcommerceDataError(f"{what} is not a date: {str(value)[:40]!r}") from exc
    if moment.tzinfo:
        moment = moment.astimezone(timezone.utc).replace(tzinfo=None)
    return moment
