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

from odoo.addons.ecommerce_base.tools.money import quantize

ZERO = Decimal("0")
CHARGES = ("ITEM", "SHIPPING", "GIFT_WRAP", "COD_FEE", "OTHER")


def money(doc, key, what=None):
    """The ``amount`` of the SP-API Money object under ``key`` of ``doc`` (a
    :class:`~odoo.addons.ecommerce_base.payload.Doc`); 0 when absent.

    :raises EcommerceDataError: when it is not a Money object with a number
    """
    return doc.obj(key).money("amount", what)


def item_amounts(item):
    """The charges, taxes and discounts of one order item (a ``Doc``), by kind.

    :return: ``{"charge": {kind: Decimal}, "tax": {kind: Decimal},
        "discount": {kind: Decimal}}`` with discounts as positive amounts
    """
    result = {"charge": {}, "tax": {}, "discount": {}}
    for breakdown in item.obj("proceeds").objs("breakdowns"):
        kind = breakdown.text("type")
        amount = money(breakdown, "subtotal")
        if kind in CHARGES:
            charges = result["charge"]
            charges[kind] = charges.get(kind, ZERO) + amount
        elif kind in ("TAX", "DISCOUNT"):
            bucket = result["tax" if kind == "TAX" else "discount"]
            sign = -1 if kind == "DISCOUNT" else 1
            details = breakdown.objs("detailedBreakdowns")
            if not details:
                bucket["ITEM"] = bucket.get("ITEM", ZERO) + sign * amount
            for detail in details:
                sub = detail.text("subtype") or "ITEM"
                value = money(detail, "value")
                bucket[sub] = bucket.get(sub, ZERO) + sign * value
    if "ITEM" not in result["charge"]:
        # an order read without PROCEEDS: the unit price is all there is
        price = item.obj("product").obj("price")
        quantity = item.money("quantityOrdered")
        result["charge"]["ITEM"] = money(price, "unitPrice") * quantity
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
