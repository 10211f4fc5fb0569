# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Reading the money of an SP-API v2026-01-01 order item.

An item's ``proceeds.breakdowns`` carry its charges by type: ``ITEM`` (unit
price x quantity), ``SHIPPING``, ``GIFT_WRAP``, ``COD_FEE``, ``OTHER``,
``TAX`` and ``DISCOUNT``; the last two are split further by
``detailedBreakdowns`` (``ITEM``, ``SHIPPING``, ``GIFT_WRAP``...) telling
what the tax or the discount applies to. Discounts are negative amounts.
Amazon gives tax amounts, never rates: the rate is the company's sale tax
rate that reproduces the amount to the cent.
"""

from decimal import Decimal

from odoo.addons.ecommerce_base.exceptions import EcommerceDataError
from odoo.addons.ecommerce_base.tools.money import quantize, to_decimal

ZERO = Decimal("0")
CHARGES = ("ITEM", "SHIPPING", "GIFT_WRAP", "COD_FEE", "OTHER")


def money(value, what):
    """The ``amount`` of an SP-API Money object (0 when absent)."""
    if not value:
        return ZERO
    if not isinstance(value, dict):
        raise EcommerceDataError(f"{what} is not a money object")
    return to_decimal(value.get("amount"), what)


def item_amounts(item):
    """The charges, taxes and discounts of one order item, by kind.

    :return: ``{"charge": {kind: Decimal}, "tax": {kind: Decimal},
        "discount": {kind: Decimal}}`` with discounts as positive amounts
    """
    result = {"charge": {}, "tax": {}, "discount": {}}
    breakdowns = ((item.get("proceeds") or {}).get("breakdowns")) or []
    for breakdown in breakdowns:
        kind = breakdown.get("type")
        amount = money(breakdown.get("subtotal"), f"{kind} amount")
        if kind in CHARGES:
            charges = result["charge"]
            charges[kind] = charges.get(kind, ZERO) + amount
        elif kind in ("TAX", "DISCOUNT"):
            bucket = result["tax" if kind == "TAX" else "discount"]
            sign = -1 if kind == "DISCOUNT" else 1
            details = breakdown.get("detailedBreakdowns") or []
            if not details:
                bucket["ITEM"] = bucket.get("ITEM", ZERO) + sign * amount
            for detail in details:
                sub = detail.get("subtype") or "ITEM"
                value = money(detail.get("value"), f"{kind} {sub} amount")
                bucket[sub] = bucket.get(sub, ZERO) + sign * value
    if "ITEM" not in result["charge"]:
        # an order read without PROCEEDS: the unit price is all there is
        price = ((item.get("product") or {}).get("price") or {}).get("unitPrice")
        quantity = to_decimal(item.get("quantityOrdered"), "quantity")
        result["charge"]["ITEM"] = money(price, "unit price") * quantity
    return result


def infer_rate(base, tax, rates, included, decimals=2):
    """The rate among ``rates`` (percent) whose tax on ``base`` is ``tax``
    to the cent, closest to the plain ratio when several fit; ``None`` when
    none does. ``base`` includes the tax when ``included``."""
    if not tax:
        return ZERO
    if not base:
        return None
    matches = []
    for rate in rates:
        if included:
            expected = base - base * 100 / (100 + rate)
        else:
            expected = base * rate / 100
        if quantize(expected, decimals) == tax:
            matches.append(rate)
    if not matches:
        return None
    net = base - tax if included else base
    ratio = tax * 100 / net if net else ZERO
    return min(matches, key=lambda rate: abs(rate - ratio))
