# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Money helpers: amounts stay ``Decimal`` until they are written to Odoo."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from ..exceptions import EcommerceDataError


def to_decimal(value, what="amount"):
    """Read a platform amount (string, int, Decimal; floats through ``repr``)
    into a ``Decimal``; ``None`` and ``""`` give 0.

    :raises EcommerceDataError: when the value is not a finite number.
    """
    if value is None or value == "":
        return Decimal("0")
    if isinstance(value, bool):
        raise EcommerceDataError(f"{what} is not a number: {value!r}")
    if isinstance(value, float):
        value = repr(value)
    try:
        result = Decimal(str(value).strip())
    except (InvalidOperation, ValueError) as exc:
        raise EcommerceDataError(
            f"{what} is not a number: {str(value)[:40]!r}"
        ) from exc
    if not result.is_finite():
        raise EcommerceDataError(f"{what} is not a finite number: {value!r}")
    return result


def quantize(amount, decimal_places=2):
    """Round half-up to ``decimal_places``, the way platforms round cents."""
    return amount.quantize(Decimal(1).scaleb(-decimal_places), rounding=ROUND_HALF_UP)


def currency_decimal(currency, value):
    """Odoo float ``value`` as a ``Decimal`` rounded to ``currency``'s cents."""
    return quantize(Decimal(repr(value)), currency.decimal_places)


def split_proportionally(amount, weights, decimal_places=2):
    """Split ``amount`` over ``weights`` so that the parts add up exactly.

    The rounding remainder goes to the largest weight, so no cent is lost.
    """
    total = sum(weights, Decimal("0"))
    if not weights:
        return []
    if not total:
        parts = [Decimal("0")] * len(weights)
        parts[0] = amount
        return parts
    parts = [quantize(amount * w / total, decimal_places) for w in weights]
    remainder = amount - sum(parts, Decimal("0"))
    if remainder:
        biggest = max(range(len(weights)), key=lambda i: weights[i])
        parts[biggest] += remainder
    return parts
