"""Shopify documents for the sandbox: an order factory computing totals the
way Shopify does (REST/webhook format, as in the official samples), and the
conversion of REST documents into the GraphQL Admin API objects the sandbox
serves."""

import copy
from datetime import datetime, timezone
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def gid(kind, legacy_id):
    """``gid://shopify/<Kind>/<id>`` of a numeric id."""
    return f"gid://shopify/{kind}/{legacy_id}"


def legacy_id(global_id):
    """The numeric id at the end of a gid (or the value itself)."""
    return str(global_id).rsplit("/", 1)[-1].split("?", 1)[0]


def now_iso():
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


def _d(value):
    return Decimal(0) if value in (None, "") else Decimal(str(value))


def _q(amount):
    return amount.quantize(CENT, ROUND_HALF_UP)


def _money(amount, currency):
    return {"amount": f"{_q(amount):.2f}", "currency_code": currency}


def money_set(shop, shop_currency, presentment=None, presentment_currency=None):
    """A REST ``*_set`` pair."""
    if presentment is None:
        presentment, presentment_currency = shop, shop_currency
    return {
        "shop_money": _money(shop, shop_currency),
        "presentment_money": _money(presentment, presentment_currency),
    }


def _split(amount, weights):
    """Split ``amount`` by ``weights``; the rounding remainder goes to the
    first share, as Shopify's allocations of the docs sample do."""
    total = sum(weights, Decimal(0))
    if not total:
        return [Decimal(0)] * len(weights)
    parts = [_q(amount * w / total) for w in weights]
    parts[0] += amount - sum(parts, Decimal(0))
    return parts


def _tax(amount, rate, included):
    if included:
        return _q(amount * rate / (1 + rate))
    return _q(amount * rate)


def _compute(spec, rate_of_money):
    """Amounts of one order in one currency (``rate_of_money`` converts shop
    prices into it): per line, per shipping line, totals."""
    included = spec["taxes_included"]
    lines = []
    for line in spec["lines"]:
        price = _q(_d(line["price"]) * rate_of_money)
        gross = price * line["quantity"]
        lines.append({"price": price, "gross": gross, "allocations": []})
    # line-level (explicit) discounts first, then order-level ones
    for index, discount in enumerate(spec["discounts"]):
        targets = discount.get("lines")
        chosen = (
            [i for i in range(len(lines)) if i in targets]
            if targets is not None
            else list(range(len(lines)))
        )
        bases = [
            lines[i]["gross"] - sum(a for _x, a in lines[i]["allocations"])
            for i in chosen
        ]
        if discount["value_type"] == "percentage":
            shares = [_q(b * _d(discount["value"]) / 100) for b in bases]
        else:
            shares = _split(_q(_d(discount["value"]) * rate_of_money), bases)
        for i, share in zip(chosen, shares, strict=True):
            lines[i]["allocations"].append((index, share))
    for line, source in zip(lines, spec["lines"], strict=True):
        line["net"] = line["gross"] - sum(a for _x, a in line["allocations"])
        rate = _d(source.get("tax_rate"))
        line["tax"] = _tax(line["net"], rate, included) if rate else Decimal(0)
    shipping = []
    for ship in spec["shipping"]:
        price = _q(_d(ship["price"]) * rate_of_money)
        rate = _d(ship.get("tax_rate"))
        shipping.append(
            {"price": price, "tax": _tax(price, rate, included) if rate else 0}
        )
    subtotal = sum((line["net"] for line in lines), Decimal(0))
    ship_total = sum((s["price"] for s in shipping), Decimal(0))
    tax = sum((line["tax"] for line in lines), Decimal(0)) + sum(
        (_d(s["tax"]) for s in shipping), Decimal(0)
    )
    total = subtotal + ship_total + (0 if included else tax)
    return {
        "lines": lines,
        "shipping": shipping,
        "line_items_price": sum((line["gross"] for line in lines), Decimal(0)),
        "discounts": sum(
            (a for line in lines for _x, a in line["allocations"]), Decimal(0)
        ),
        "subtotal": subtotal,
        "shipping_total": ship_total,
        "tax": tax,
        "total": total,
    }


def _address(first, last, **values):
    address = {
        "first_name": first,
        "last_name": last,
        "name": f"{first} {last}",
        "company": None,
        "address1": "Rue de la Loi 16",
        "address2": "",
        "city": "Brussels",
        "zip": "1000",
        "province": None,
        "province_code": None,
        "country": "Belgium",
        "country_code": "BE",
        "phone": "+32 470 12 34 56",
    }
    address.update(values)
    return address


DEFAULT_LINES = (
    {"sku": "TS-MUG-01", "title": "Ceramic mug", "price": "12.50", "quantity": 2},
    {"sku": "TS-TEE-M", "title": "Organic T-shirt", "price": "25.00", "quantity": 1},
)


def make_order(
    order_id,
    *,
    lines=None,
    shipping=None,
    discounts=None,
    refunds=None,
    taxes_included=True,
    tax_rate="0.21",
    currency="EUR",
    presentment_currency=None,
    presentment_rate="1",
    customer=True,
    financial_status="paid",
    gateway="shopify_payments",
    cancelled=False,
    updated_at=None,
    created_at=None,
    first_name="Jane",
    last_name="Doe",
    email="jane.doe@example.com",
    **overrides,
):
    """A Shopify order in the REST/webhook format, totals computed the way
    Shopify computes them.

    :param lines: dicts with ``sku`` (``None`` for a custom item without
        variant), ``title``, ``price`` (shop currency), ``quantity``, optional
        ``tax_rate`` (fraction, default ``tax_rate``), ``variant_id``,
        ``barcode``
    :param shipping: dicts with ``title``, ``code``, ``price``; default one
        "Standard" line at 5.00
    :param discounts: dicts with ``value_type`` (``fixed_amount`` or
        ``percentage``), ``value``, optional ``code`` and ``lines`` (indexes
        of the lines a line-level discount targets; absent: order-level
        discount allocated across all lines)
    :param refunds: dicts with ``lines`` (``[(line index, quantity, restock)]``)
        and optional ``shipping`` (bool: refund the shipping)
    :param presentment_currency: buyer currency (``presentment_rate`` per
        unit of shop currency); default the shop currency
    """
    order_id = int(order_id)
    stamp = now_iso()
    lines = [dict(line) for line in (lines or DEFAULT_LINES)]
    for line in lines:
        line.setdefault("tax_rate", tax_rate)
    spec = {
        "taxes_included": taxes_included,
        "lines": lines,
        "shipping": [
            dict(s, tax_rate=s.get("tax_rate", tax_rate))
            for s in (
                shipping
                if shipping is not None
                else [{"title": "Standard", "code": "standard", "price": "5.00"}]
            )
        ],
        "discounts": list(discounts or []),
    }
    p_currency = presentment_currency or currency
    rate = _d(presentment_rate) if presentment_currency else Decimal(1)
    shop, buyer = _compute(spec, Decimal(1)), _compute(spec, rate)

    def pair(getter):
        return money_set(getter(shop), currency, getter(buyer), p_currency)

    discount_applications = []
    for discount in spec["discounts"]:
        explicit = discount.get("lines") is not None
        application = {
            "target_type": "line_item",
            "type": "discount_code" if discount.get("code") else "manual",
            "value": str(discount["value"]),
            "value_type": discount["value_type"],
            "allocation_method": "each" if explicit else "across",
            "target_selection": "explicit" if explicit else "all",
        }
        if discount.get("code"):
            application["code"] = discount["code"]
        else:
            application["title"] = discount.get("title") or "Manual discount"
            application["description"] = application["title"]
        discount_applications.append(application)
    line_items = []
    for index, line in enumerate(lines):
        s_line, b_line = shop["lines"][index], buyer["lines"][index]
        line_id = order_id * 100 + index + 1
        variant_id = line.get("variant_id")
        if variant_id is None and line.get("sku"):
            variant_id = 40000000 + sum(
                ord(c) * (i + 1) for i, c in enumerate(line["sku"])
            )
        allocations = [
            {
                "amount": f"{share:.2f}",
                "amount_set": money_set(
                    share, currency, b_line["allocations"][k][1], p_currency
                ),
                "discount_application_index": app_index,
            }
            for k, (app_index, share) in enumerate(s_line["allocations"])
        ]
        tax_rate_line = _d(line["tax_rate"])
        line_items.append(
            {
                "id": line_id,
                "admin_graphql_api_id": gid("LineItem", line_id),
                "name": line.get("title") or "Custom item",
                "title": line.get("title") or "Custom item",
                "sku": line.get("sku") or "",
                "barcode": line.get("barcode"),
                "variant_id": variant_id,
                "product_id": line.get("product_id")
                or (variant_id + 1000000 if variant_id else None),
                "product_exists": bool(variant_id),
                "quantity": line["quantity"],
                "current_quantity": line["quantity"],
                "fulfillable_quantity": line["quantity"],
                "gift_card": False,
                "requires_shipping": True,
                "taxable": bool(tax_rate_line),
                "price": f"{s_line['price']:.2f}",
                "price_set": money_set(
                    s_line["price"], currency, b_line["price"], p_currency
                ),
                "total_discount": "0.00",
                "discount_allocations": allocations,
                "tax_lines": [
                    {
                        "title": "VAT",
                        "rate": float(tax_rate_line),
                        "price": f"{s_line['tax']:.2f}",
                        "price_set": money_set(
                            s_line["tax"], currency, b_line["tax"], p_currency
                        ),
                    }
                ]
                if tax_rate_line
                else [],
            }
        )
    shipping_lines = []
    for index, ship in enumerate(spec["shipping"]):
        s_ship, b_ship = shop["shipping"][index], buyer["shipping"][index]
        rate_ship = _d(ship["tax_rate"])
        shipping_lines.append(
            {
                "id": order_id * 10 + index + 1,
                "title": ship.get("title") or "Shipping",
                "code": ship.get("code") or ship.get("title") or "shipping",
                "source": "shopify",
                "price": f"{s_ship['price']:.2f}",
                "price_set": money_set(
                    s_ship["price"], currency, b_ship["price"], p_currency
                ),
                "discounted_price": f"{s_ship['price']:.2f}",
                "discounted_price_set": money_set(
                    s_ship["price"], currency, b_ship["price"], p_currency
                ),
                "discount_allocations": [],
                "tax_lines": [
                    {
                        "title": "VAT",
                        "rate": float(rate_ship),
                        "price": f"{_d(s_ship['tax']):.2f}",
                        "price_set": money_set(
                            _d(s_ship["tax"]), currency, _d(b_ship["tax"]), p_currency
                        ),
                    }
                ]
                if rate_ship
                else [],
            }
        )
    order = {
        "id": order_id,
        "admin_graphql_api_id": gid("Order", order_id),
        "name": f"#{order_id}",
        "order_number": order_id,
        "email": email if customer else "",
        "phone": None,
        "note": None,
        "created_at": created_at or stamp,
        "updated_at": updated_at or stamp,
        "processed_at": created_at or stamp,
        "cancelled_at": None,
        "cancel_reason": None,
        "closed_at": None,
        "test": False,
        "currency": currency,
        "presentment_currency": p_currency,
        "taxes_included": taxes_included,
        "financial_status": financial_status,
        "fulfillment_status": None,
        "payment_gateway_names": [gateway] if gateway else [],
        "total_line_items_price": f"{shop['line_items_price']:.2f}",
        "total_line_items_price_set": pair(lambda c: c["line_items_price"]),
        "total_discounts": f"{shop['discounts']:.2f}",
        "total_discounts_set": pair(lambda c: c["discounts"]),
        "subtotal_price": f"{shop['subtotal']:.2f}",
        "subtotal_price_set": pair(lambda c: c["subtotal"]),
        "total_shipping_price_set": pair(lambda c: c["shipping_total"]),
        "total_tax": f"{shop['tax']:.2f}",
        "total_tax_set": pair(lambda c: c["tax"]),
        "total_price": f"{shop['total']:.2f}",
        "total_price_set": pair(lambda c: c["total"]),
        "discount_codes": [
            {"code": d["code"], "amount": str(d["value"]), "type": d["value_type"]}
            for d in spec["discounts"]
            if d.get("code")
        ],
        "discount_applications": discount_applications,
        "customer": {
            "id": 7000000 + order_id % 100000,
            "email": email,
            "first_name": first_name,
            "last_name": last_name,
            "phone": "+32 470 12 34 56",
            "tags": "Léon, Noël",
            "admin_graphql_api_id": gid("Customer", 7000000 + order_id % 100000),
        }
        if customer
        else None,
        "billing_address": _address(first_name, last_name),
        "shipping_address": _address(first_name, last_name),
        "line_items": line_items,
        "shipping_lines": shipping_lines,
        "fulfillments": [],
        "refunds": [],
    }
    for number, refund in enumerate(refunds or [], start=1):
        order["refunds"].append(
            _make_refund(order, number, refund, shop, buyer, currency, p_currency)
        )
    if order["refunds"]:
        refunded = sum(
            _d(t["amount"]) for r in order["refunds"] for t in r["transactions"]
        )
        order["financial_status"] = (
            "refunded" if refunded >= shop["total"] else "partially_refunded"
        )
    if cancelled:
        order["cancelled_at"] = order["updated_at"]
        order["closed_at"] = order["updated_at"]
        order["cancel_reason"] = "customer"
    order.update(copy.deepcopy(overrides))
    return order


def _make_refund(order, number, refund, shop, buyer, currency, p_currency):
    """A refund of ``(line index, quantity, restock)`` lines, per unit at the
    line's discounted price, with its tax; plus the shipping if asked."""
    included = order["taxes_included"]
    refund_id = order["id"] * 10 + number
    items, amount = [], Decimal(0)
    for index, quantity, restock in refund.get("lines", []):
        line, s_line = order["line_items"][index], shop["lines"][index]
        b_line = buyer["lines"][index]
        ratio = Decimal(quantity) / Decimal(line["quantity"])
        subtotal, tax = _q(s_line["net"] * ratio), _q(s_line["tax"] * ratio)
        b_subtotal, b_tax = _q(b_line["net"] * ratio), _q(b_line["tax"] * ratio)
        line["current_quantity"] -= quantity
        items.append(
            {
                "id": refund_id * 100 + index,
                "line_item_id": line["id"],
                "quantity": quantity,
                "restock_type": "return" if restock else "no_restock",
                "subtotal": float(subtotal),
                "subtotal_set": money_set(subtotal, currency, b_subtotal, p_currency),
                "total_tax": float(tax),
                "total_tax_set": money_set(tax, currency, b_tax, p_currency),
            }
        )
        amount += subtotal + (0 if included else tax)
    adjustments = []
    if refund.get("shipping"):
        ship_price = shop["shipping_total"]
        ship_tax = sum((_d(s["tax"]) for s in shop["shipping"]), Decimal(0))
        base = ship_price - (ship_tax if included else 0)
        adjustments.append(
            {
                "id": refund_id * 100 + 99,
                "kind": "shipping_refund",
                "amount": f"{-base:.2f}",
                "amount_set": money_set(-base, currency),
                "tax_amount": f"{-ship_tax:.2f}",
                "tax_amount_set": money_set(-ship_tax, currency),
            }
        )
        amount += ship_price + (0 if included else ship_tax)
    return {
        "id": refund_id,
        "admin_graphql_api_id": gid("Refund", refund_id),
        "order_id": order["id"],
        "created_at": order["updated_at"],
        "note": refund.get("note") or "Returned",
        "restock": any(r for _i, _q2, r in refund.get("lines", [])),
        "refund_line_items": items,
        "order_adjustments": adjustments,
        "transactions": [
            {
                "id": refund_id * 7,
                "kind": "refund",
                "status": "success",
                "amount": f"{amount:.2f}",
                "currency": currency,
                "gateway": (order["payment_gateway_names"] or ["manual"])[0],
            }
        ],
    }


# === REST -> GRAPHQL === #


def _gql_money(rest_set, fallback=None, currency=None):
    if not rest_set:
        amount = fallback or "0.00"
        money = {"amount": str(amount), "currencyCode": currency}
        return {"shopMoney": money, "presentmentMoney": dict(money)}
    return {
        "shopMoney": {
            "amount": rest_set["shop_money"]["amount"],
            "currencyCode": rest_set["shop_money"]["currency_code"],
        },
        "presentmentMoney": {
            "amount": rest_set["presentment_money"]["amount"],
            "currencyCode": rest_set["presentment_money"]["currency_code"],
        },
    }


def _gql_address(rest):
    if not rest:
        return None
    return {
        "__typename": "MailingAddress",
        "name": rest.get("name"),
        "firstName": rest.get("first_name"),
        "lastName": rest.get("last_name"),
        "company": rest.get("company"),
        "address1": rest.get("address1"),
        "address2": rest.get("address2"),
        "city": rest.get("city"),
        "province": rest.get("province"),
        "provinceCode": rest.get("province_code"),
        "zip": rest.get("zip"),
        "country": rest.get("country"),
        "countryCodeV2": rest.get("country_code"),
        "phone": rest.get("phone"),
    }


def _gql_tax_lines(rest_lines, currency):
    return [
        {
            "__typename": "TaxLine",
            "title": tax.get("title"),
            "rate": tax.get("rate"),
            "ratePercentage": float(_d(tax.get("rate")) * 100),
            "priceSet": _gql_money(tax.get("price_set"), tax.get("price"), currency),
        }
        for tax in rest_lines or []
    ]


def _gql_application(index, rest, currency):
    kind = {
        "discount_code": "DiscountCodeApplication",
        "automatic": "AutomaticDiscountApplication",
        "script": "ScriptDiscountApplication",
    }.get(rest.get("type"), "ManualDiscountApplication")
    if rest.get("value_type") == "percentage":
        value = {"__typename": "PricingPercentageValue", "percentage": rest["value"]}
    else:
        value = {
            "__typename": "MoneyV2",
            "amount": str(rest.get("value")),
            "currencyCode": currency,
        }
    application = {
        "__typename": kind,
        "index": index,
        "allocationMethod": str(rest.get("allocation_method") or "across").upper(),
        "targetSelection": str(rest.get("target_selection") or "all").upper(),
        "targetType": str(rest.get("target_type") or "line_item").upper(),
        "value": value,
    }
    if kind == "DiscountCodeApplication":
        application["code"] = rest.get("code")
    else:
        application["title"] = rest.get("title") or rest.get("description")
    return application


def _gql_allocations(rest_allocations, applications, currency):
    return [
        {
            "__typename": "DiscountAllocation",
            "allocatedAmountSet": _gql_money(
                a.get("amount_set"), a.get("amount"), currency
            ),
            "discountApplication": applications[a["discount_application_index"]]
            if a.get("discount_application_index") is not None
            and a["discount_application_index"] < len(applications)
            else None,
        }
        for a in rest_allocations or []
    ]


FINANCIAL = {
    "pending": "PENDING",
    "authorized": "AUTHORIZED",
    "partially_paid": "PARTIALLY_PAID",
    "paid": "PAID",
    "partially_refunded": "PARTIALLY_REFUNDED",
    "refunded": "REFUNDED",
    "voided": "VOIDED",
}
FULFILLMENT = {None: "UNFULFILLED", "partial": "PARTIALLY_FULFILLED"}


def order_to_graphql(rest, variants=None):
    """The GraphQL ``Order`` object of a REST order document.

    :param dict variants: ``{variant id: variant object}`` of the catalog, to
        link line items to their variants (barcode, inventory item)
    """
    variants = variants or {}
    currency = rest.get("currency")
    applications = [
        _gql_application(i, a, currency)
        for i, a in enumerate(rest.get("discount_applications") or [])
    ]
    line_items = []
    for line in rest.get("line_items") or []:
        variant = None
        if line.get("variant_id"):
            variant = copy.deepcopy(variants.get(str(line["variant_id"]))) or {
                "__typename": "ProductVariant",
                "id": gid("ProductVariant", line["variant_id"]),
                "legacyResourceId": str(line["variant_id"]),
                "sku": line.get("sku"),
                "barcode": line.get("barcode"),
                "product": {"id": gid("Product", line.get("product_id"))},
            }
        line_items.append(
            {
                "__typename": "LineItem",
                "id": gid("LineItem", line["id"]),
                "name": line.get("name"),
                "title": line.get("title"),
                "sku": line.get("sku") or None,
                "quantity": line.get("quantity"),
                "currentQuantity": line.get("current_quantity", line.get("quantity")),
                "unfulfilledQuantity": line.get("fulfillable_quantity"),
                "requiresShipping": line.get("requires_shipping", True),
                "isGiftCard": bool(line.get("gift_card")),
                "taxable": line.get("taxable", True),
                "variant": variant,
                "originalUnitPriceSet": _gql_money(
                    line.get("price_set"), line.get("price"), currency
                ),
                "discountAllocations": _gql_allocations(
                    line.get("discount_allocations"), applications, currency
                ),
                "taxLines": _gql_tax_lines(line.get("tax_lines"), currency),
            }
        )
    shipping_lines = [
        {
            "__typename": "ShippingLine",
            "id": gid("ShippingLine", ship["id"]),
            "title": ship.get("title"),
            "code": ship.get("code"),
            "source": ship.get("source"),
            "originalPriceSet": _gql_money(
                ship.get("price_set"), ship.get("price"), currency
            ),
            "discountedPriceSet": _gql_money(
                ship.get("discounted_price_set"), ship.get("discounted_price"), currency
            ),
            "discountAllocations": _gql_allocations(
                ship.get("discount_allocations"), applications, currency
            ),
            "taxLines": _gql_tax_lines(ship.get("tax_lines"), currency),
        }
        for ship in rest.get("shipping_lines") or []
        if not ship.get("is_removed")
    ]
    refunds = []
    for refund in rest.get("refunds") or []:
        total = sum(
            _d(t.get("amount"))
            for t in refund.get("transactions") or []
            if t.get("kind") == "refund" and t.get("status") == "success"
        )
        refunds.append(
            {
                "__typename": "Refund",
                "id": gid("Refund", refund["id"]),
                "createdAt": refund.get("created_at"),
                "note": refund.get("note"),
                "totalRefundedSet": _gql_money(None, f"{_q(total):.2f}", currency),
                "refundLineItems": [
                    {
                        "__typename": "RefundLineItem",
                        "id": gid("RefundLineItem", item["id"]),
                        "lineItem": {"id": gid("LineItem", item["line_item_id"])},
                        "quantity": item.get("quantity"),
                        "restockType": str(item.get("restock_type") or "").upper(),
                        "restocked": item.get("restock_type")
                        in ("return", "cancel", "legacy_restock"),
                        "subtotalSet": _gql_money(
                            item.get("subtotal_set"), item.get("subtotal"), currency
                        ),
                        "totalTaxSet": _gql_money(
                            item.get("total_tax_set"), item.get("total_tax"), currency
                        ),
                    }
                    for item in refund.get("refund_line_items") or []
                ],
                "refundShippingLines": [
                    {
                        "__typename": "RefundShippingLine",
                        "subtotalAmountSet": _gql_money(
                            None, f"{-_d(adj.get('amount')):.2f}", currency
                        ),
                        "taxAmountSet": _gql_money(
                            None, f"{-_d(adj.get('tax_amount')):.2f}", currency
                        ),
                    }
                    for adj in refund.get("order_adjustments") or []
                    if adj.get("kind") == "shipping_refund"
                ],
            }
        )
    customer = rest.get("customer")
    return {
        "__typename": "Order",
        "id": gid("Order", rest["id"]),
        "legacyResourceId": str(rest["id"]),
        "name": rest.get("name"),
        "email": rest.get("email") or rest.get("contact_email"),
        "phone": rest.get("phone"),
        "note": rest.get("note"),
        "createdAt": rest.get("created_at"),
        "updatedAt": rest.get("updated_at"),
        "processedAt": rest.get("processed_at"),
        "cancelledAt": rest.get("cancelled_at"),
        "cancelReason": str(rest["cancel_reason"]).upper()
        if rest.get("cancel_reason")
        else None,
        "closedAt": rest.get("closed_at"),
        "closed": bool(rest.get("closed_at")),
        "test": bool(rest.get("test")),
        "currencyCode": currency,
        "presentmentCurrencyCode": rest.get("presentment_currency") or currency,
        "taxesIncluded": bool(rest.get("taxes_included")),
        "displayFinancialStatus": FINANCIAL.get(rest.get("financial_status")),
        "displayFulfillmentStatus": FULFILLMENT.get(
            rest.get("fulfillment_status"), "FULFILLED"
        ),
        "paymentGatewayNames": list(rest.get("payment_gateway_names") or []),
        "subtotalPriceSet": _gql_money(rest.get("subtotal_price_set")),
        "totalPriceSet": _gql_money(rest.get("total_price_set")),
        "totalTaxSet": _gql_money(rest.get("total_tax_set")),
        "totalDiscountsSet": _gql_money(rest.get("total_discounts_set")),
        "totalShippingPriceSet": _gql_money(rest.get("total_shipping_price_set")),
        "customer": {
            "__typename": "Customer",
            "id": gid("Customer", customer["id"]),
            "legacyResourceId": str(customer["id"]),
            "firstName": customer.get("first_name"),
            "lastName": customer.get("last_name"),
            "defaultEmailAddress": {"emailAddress": customer.get("email")}
            if customer.get("email")
            else None,
            "defaultPhoneNumber": {"phoneNumber": customer.get("phone")}
            if customer.get("phone")
            else None,
        }
        if customer
        else None,
        "billingAddress": _gql_address(rest.get("billing_address")),
        "shippingAddress": _gql_address(rest.get("shipping_address")),
        "discountApplications": applications,
        "lineItems": line_items,
        "shippingLines": shipping_lines,
        "refunds": refunds,
    }


def product_to_graphql(rest):
    """The GraphQL ``Product`` of a REST product with its variants."""
    product_id = rest["id"]
    variants = []
    for variant in rest.get("variants") or []:
        item_id = variant.get("inventory_item_id") or variant["id"]
        variants.append(
            {
                "__typename": "ProductVariant",
                "id": gid("ProductVariant", variant["id"]),
                "legacyResourceId": str(variant["id"]),
                "title": variant.get("title"),
                "sku": variant.get("sku") or None,
                "barcode": variant.get("barcode") or None,
                "price": str(variant.get("price") or "0.00"),
                "compareAtPrice": variant.get("compare_at_price"),
                "updatedAt": variant.get("updated_at") or rest.get("updated_at"),
                "inventoryItem": {
                    "__typename": "InventoryItem",
                    "id": gid("InventoryItem", item_id),
                    "legacyResourceId": str(item_id),
                    "tracked": variant.get("inventory_management") == "shopify",
                },
                "product": {"id": gid("Product", product_id)},
            }
        )
    return {
        "__typename": "Product",
        "id": gid("Product", product_id),
        "legacyResourceId": str(product_id),
        "title": rest.get("title"),
        "descriptionHtml": rest.get("body_html") or "",
        "status": str(rest.get("status") or "active").upper(),
        "updatedAt": rest.get("updated_at"),
        "variants": variants,
        "media": [
            {"__typename": "MediaImage", "alt": img.get("alt"), "src": img.get("src")}
            for img in rest.get("images") or []
        ],
    }
