"""WooCommerce-native documents for the woocommerce sandbox and the tests:
orders (with the totals WooCommerce computes), refunds, products and
variations, plus the webhook signature and the OAuth 1.0a check.

Pure functions, standard library only. Amounts follow WooCommerce's default
settings: taxes rounded per line (``round`` half away from zero, as PHP),
line ``subtotal``/``total`` always stored excluding tax (even when the shop
enters prices tax included), shipping costs entered excluding tax.
"""

import base64
import hashlib
import hmac
from datetime import datetime, timedelta, timezone
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from urllib.parse import quote

CENT = Decimal("0.01")
ZERO = Decimal("0")
#: tax rate (percent) -> WooCommerce tax rate id
RATE_IDS = {"21": 1, "6": 2, "20": 3, "10": 4, "5": 5, "19": 6, "0": 7}


def sign(secret, body_bytes):
    """``X-WC-Webhook-Signature`` of a body: base64 of the raw HMAC-SHA256."""
    key = secret.encode() if isinstance(secret, str) else secret
    return base64.b64encode(hmac.new(key, body_bytes, hashlib.sha256).digest()).decode()


def rfc3986(value):
    """PHP's ``rawurlencode`` (what WooCommerce's ``wc_rest_urlencode_rfc3986``
    uses): everything but unreserved characters percent-encoded."""
    return quote(str(value), safe="~")


def oauth_signature(method, url, params, consumer_secret, algorithm="HMAC-SHA256"):
    """The OAuth 1.0a signature WooCommerce core expects
    (``WC_REST_Authentication::check_oauth_signature``): parameters
    (without ``oauth_signature``) sorted by key, key and value encoded, each
    ``key=value`` encoded again and joined by ``%26``; the base string is
    ``METHOD&encoded URL&params``; the key is the consumer secret plus ``&``.
    """
    pairs = sorted(
        (rfc3986(k), rfc3986(v)) for k, v in params.items() if k != "oauth_signature"
    )
    query = "%26".join(rfc3986(f"{k}={v}") for k, v in pairs)
    base = f"{method.upper()}&{rfc3986(url)}&{query}"
    digest = hashlib.sha256 if algorithm == "HMAC-SHA256" else hashlib.sha1
    key = f"{consumer_secret}&".encode()
    return base64.b64encode(hmac.new(key, base.encode(), digest).digest()).decode()


def money(value):
    """WooCommerce's 2-decimal string of an amount."""
    return str(Decimal(value).quantize(CENT, ROUND_HALF_UP))


def rnd(value):
    return Decimal(value).quantize(CENT, ROUND_HALF_UP)


def wc_time(moment):
    """``2026-03-22T16:28:02`` (no offset), as WooCommerce prints dates."""
    return moment.replace(tzinfo=None, microsecond=0).isoformat()


def stamp_pair(moment, offset_hours=2):
    """``(local, gmt)`` strings of an aware UTC moment for a site at
    ``offset_hours`` from UTC."""
    moment = moment.astimezone(timezone.utc)
    return wc_time(moment + timedelta(hours=offset_hours)), wc_time(moment)


def address(first="Jane", last="Doe", email="jane.doe@example.com", **overrides):
    """A billing address (shipping addresses drop ``email``)."""
    doc = {
        "first_name": first,
        "last_name": last,
        "company": "",
        "address_1": "Rue de la Loi 16",
        "address_2": "",
        "city": "Brussels",
        "state": "",
        "postcode": "1000",
        "country": "BE",
        "email": email,
        "phone": "+32 470 12 34 56",
    }
    doc.update(overrides)
    return doc


def _split(amount, weights):
    """Split ``amount`` over ``weights`` to the cent, remainder on the first
    biggest weights (WooCommerce spreads fixed cart coupons cent by cent)."""
    total = sum(weights, ZERO)
    if not total:
        return [ZERO for _w in weights]
    parts = [(amount * w / total).quantize(CENT, ROUND_DOWN) for w in weights]
    left = int((amount - sum(parts, ZERO)) / CENT)
    order = sorted(range(len(weights)), key=lambda i: -weights[i])
    for i in order[:left]:
        parts[i] += CENT
    return parts


def _tax_of(amount, rate, included):
    rate = Decimal(rate) / 100
    if included:
        return rnd(amount * rate / (1 + rate))
    return rnd(amount * rate)


def make_order(  # noqa: C901 (one flat computation, as WooCommerce does it)
    order_id,
    *,
    items=None,
    prices_include_tax=False,
    coupons=(),
    fees=(),
    shipping=None,
    status="processing",
    currency="EUR",
    customer_id=None,
    billing=None,
    shipping_address=None,
    payment_method="stripe",
    payment_method_title="Credit card (Stripe)",
    created=None,
    modified=None,
    offset_hours=2,
    customer_note="",
):
    """A WooCommerce order document with the totals WooCommerce computes.

    :param items: dicts with ``sku``, ``name``, ``price`` (unit price as the
        shop shows it: tax included when ``prices_include_tax``),
        ``quantity``, ``tax_rate`` (percent, default 21; ``0`` untaxed),
        optional ``product_id``/``variation_id``. Default: 2 mugs at 12.50 and
        one T-shirt at 25.00.
    :param coupons: dicts ``{"code", "percent"}`` or ``{"code", "amount"}``
        (fixed cart, tax included when prices include tax), applied in turn
    :param fees: dicts ``{"name", "amount"}`` (excluding tax) with optional
        ``tax_rate`` (omitted: not taxable); a negative amount is a discount
    :param shipping: dicts ``{"method_id", "method_title", "cost"}`` (cost
        excluding tax) with ``tax_rate`` (default 21); default flat rate 5.00
    """
    order_id = int(order_id)
    now = datetime.now(timezone.utc).replace(microsecond=0)
    created = created or now
    modified = modified or created
    included = bool(prices_include_tax)
    if items is None:
        items = [
            {
                "sku": "TS-MUG-01",
                "name": "Ceramic mug",
                "price": "12.50",
                "quantity": 2,
            },
            {"sku": "TS-TEE-M", "name": "Organic T-shirt – M", "price": "25.00"},
        ]
    if shipping is None:
        shipping = [
            {"method_id": "flat_rate:1", "method_title": "Flat rate", "cost": "5.00"}
        ]
    next_id = iter(range(order_id * 100 + 1, order_id * 100 + 100))
    taxes = {}  # rate -> [items+fees tax, shipping tax]

    def add_tax(rate, amount, on_shipping=False):
        if Decimal(rate) == 0:
            return
        bucket = taxes.setdefault(str(Decimal(rate).normalize()), [ZERO, ZERO])
        bucket[1 if on_shipping else 0] += amount

    lines = []
    for number, item in enumerate(items):
        quantity = int(item.get("quantity", 1))
        rate = str(item.get("tax_rate", "21"))
        gross = Decimal(str(item["price"])) * quantity
        lines.append(
            {
                "raw": item,
                "quantity": quantity,
                "rate": rate,
                "base": gross,  # what coupons apply to (tax incl. if included)
                "discount": ZERO,
                "product_id": int(item.get("product_id") or 1000 + number),
                "variation_id": int(item.get("variation_id") or 0),
            }
        )
    coupon_lines = []
    for coupon in coupons:
        remaining = [line["base"] - line["discount"] for line in lines]
        if "percent" in coupon:
            percent = Decimal(str(coupon["percent"]))
            parts = [rnd(amount * percent / 100) for amount in remaining]
        else:
            parts = _split(Decimal(str(coupon["amount"])), remaining)
        for line, part in zip(lines, parts, strict=True):
            line["discount"] += part
            line.setdefault("coupon_parts", []).append(part)
        coupon_lines.append({"coupon": coupon, "parts": parts})

    line_items = []
    for line in lines:
        rate, gross, disc = line["rate"], line["base"], line["discount"]
        subtotal_tax = _tax_of(gross, rate, included)
        after = gross - disc
        total_tax = _tax_of(after, rate, included)
        subtotal = gross - subtotal_tax if included else gross
        total = after - total_tax if included else after
        line.update(
            subtotal=subtotal, subtotal_tax=subtotal_tax, total=total, tax=total_tax
        )
        add_tax(rate, total_tax)
        rate_id = RATE_IDS.get(str(Decimal(rate).normalize()), 99)
        item = line["raw"]
        line_items.append(
            {
                "id": next(next_id),
                "name": item.get("name") or item.get("sku") or "Item",
                "product_id": line["product_id"],
                "variation_id": line["variation_id"],
                "quantity": line["quantity"],
                "tax_class": "",
                "subtotal": money(subtotal),
                "subtotal_tax": money(subtotal_tax),
                "total": money(total),
                "total_tax": money(total_tax),
                "taxes": [
                    {
                        "id": rate_id,
                        "total": money(total_tax),
                        "subtotal": money(subtotal_tax),
                    }
                ]
                if Decimal(rate)
                else [],
                "meta_data": item.get("meta_data", []),
                "sku": item.get("sku", ""),
                # a number, not a string: a real quirk of the API
                "price": float(total / line["quantity"]),
                "parent_name": item.get("parent_name"),
            }
        )

    coupon_docs = []
    for coupon_line in coupon_lines:
        discount = discount_tax = ZERO
        for line, part in zip(lines, coupon_line["parts"], strict=True):
            part_tax = _tax_of(part, line["rate"], included)
            discount += part - part_tax if included else part
            discount_tax += part_tax
        coupon = coupon_line["coupon"]
        coupon_docs.append(
            {
                "id": next(next_id),
                "code": coupon["code"],
                "discount": money(discount),
                "discount_tax": money(discount_tax),
                "discount_type": "percent" if "percent" in coupon else "fixed_cart",
                "nominal_amount": float(coupon.get("percent", coupon.get("amount"))),
                "free_shipping": False,
                "meta_data": [],
            }
        )

    fee_docs = []
    for fee in fees:
        amount = Decimal(str(fee["amount"]))
        rate = fee.get("tax_rate")
        tax = rnd(amount * Decimal(str(rate)) / 100) if rate is not None else ZERO
        if rate is not None:
            add_tax(str(rate), tax)
        rate_id = RATE_IDS.get(str(Decimal(str(rate or 0)).normalize()), 99)
        fee_docs.append(
            {
                "id": next(next_id),
                "name": fee["name"],
                "tax_class": "",
                "tax_status": "taxable" if rate is not None else "none",
                "amount": money(amount),
                "total": money(amount),
                "total_tax": money(tax),
                "taxes": [{"id": rate_id, "total": money(tax), "subtotal": ""}]
                if rate is not None and Decimal(str(rate))
                else [],
                "meta_data": [],
            }
        )

    shipping_docs = []
    for ship in shipping:
        cost = Decimal(str(ship["cost"]))
        rate = str(ship.get("tax_rate", "21"))
        tax = rnd(cost * Decimal(rate) / 100)
        add_tax(rate, tax, on_shipping=True)
        rate_id = RATE_IDS.get(str(Decimal(rate).normalize()), 99)
        method_id = ship.get("method_id", "flat_rate")
        shipping_docs.append(
            {
                "id": next(next_id),
                "method_title": ship.get("method_title", "Flat rate"),
                "method_id": method_id.split(":")[0],
                "instance_id": method_id.partition(":")[2] or "0",
                "total": money(cost),
                "total_tax": money(tax),
                "taxes": [{"id": rate_id, "total": money(tax), "subtotal": ""}]
                if Decimal(rate)
                else [],
                "meta_data": [],
            }
        )

    tax_lines = [
        {
            "id": next(next_id),
            "rate_code": f"BE-VAT {rate}%-1",
            "rate_id": RATE_IDS.get(rate, 99),
            "label": f"VAT {rate}%",
            "compound": False,
            "tax_total": money(amounts[0]),
            "shipping_tax_total": money(amounts[1]),
            "rate_percent": float(rate),
            "meta_data": [],
        }
        for rate, amounts in sorted(taxes.items())
    ]
    items_total = sum((line["total"] for line in lines), ZERO)
    items_tax = sum((line["tax"] for line in lines), ZERO)
    fees_total = sum((Decimal(f["total"]) for f in fee_docs), ZERO)
    fees_tax = sum((Decimal(f["total_tax"]) for f in fee_docs), ZERO)
    ship_total = sum((Decimal(s["total"]) for s in shipping_docs), ZERO)
    ship_tax = sum((Decimal(s["total_tax"]) for s in shipping_docs), ZERO)
    total = items_total + items_tax + fees_total + fees_tax + ship_total + ship_tax
    discount_total = sum((line["subtotal"] - line["total"] for line in lines), ZERO)
    discount_tax = sum((line["subtotal_tax"] - line["tax"] for line in lines), ZERO)
    created_local, created_gmt = stamp_pair(created, offset_hours)
    modified_local, modified_gmt = stamp_pair(modified, offset_hours)
    paid = status in ("processing", "completed", "refunded")
    if billing is None:
        billing = address()
    if shipping_address is None:
        shipping_address = {k: v for k, v in billing.items() if k != "email"}
    return {
        "id": order_id,
        "parent_id": 0,
        "number": str(order_id),
        "order_key": f"wc_order_{order_id:013x}",
        "created_via": "checkout",
        "version": "9.4.2",
        "status": status,
        "currency": currency,
        "date_created": created_local,
        "date_created_gmt": created_gmt,
        "date_modified": modified_local,
        "date_modified_gmt": modified_gmt,
        "discount_total": money(discount_total),
        "discount_tax": money(discount_tax),
        "shipping_total": money(ship_total),
        "shipping_tax": money(ship_tax),
        "cart_tax": money(items_tax + fees_tax),
        "total": money(total),
        "total_tax": money(items_tax + fees_tax + ship_tax),
        "prices_include_tax": included,
        "customer_id": 5000 + order_id % 97 if customer_id is None else customer_id,
        "customer_ip_address": "203.0.113.7",
        "customer_user_agent": "Mozilla/5.0",
        "customer_note": customer_note,
        "billing": billing,
        "shipping": shipping_address,
        "payment_method": payment_method,
        "payment_method_title": payment_method_title,
        "transaction_id": f"ch_{order_id}" if paid else "",
        "date_paid": created_local if paid else None,
        "date_paid_gmt": created_gmt if paid else None,
        "date_completed": modified_local if status == "completed" else None,
        "date_completed_gmt": modified_gmt if status == "completed" else None,
        "cart_hash": "",
        "meta_data": [],
        "line_items": line_items,
        "tax_lines": tax_lines,
        "shipping_lines": shipping_docs,
        "fee_lines": fee_docs,
        "coupon_lines": coupon_docs,
        "refunds": [],
    }


def order_total(order):
    """The total of an order document recomputed from its lines, as a Decimal
    (a check that the document is consistent)."""
    total = ZERO
    for key in ("line_items", "fee_lines", "shipping_lines"):
        for line in order.get(key) or []:
            total += Decimal(line["total"]) + Decimal(line["total_tax"])
    return total


def make_refund(order, refund_id, lines=(), shipping=False, reason="", created=None):
    """A refund document (``GET /orders/<id>/refunds`` item) of ``order``.

    :param lines: ``(line item id, quantity)`` pairs refunded at their
        price; the refunded amount includes the tax of those lines
    :param bool shipping: refund the shipping lines as well
    """
    created = created or datetime.now(timezone.utc).replace(microsecond=0)
    by_id = {line["id"]: line for line in order["line_items"]}
    refund_lines = []
    amount = ZERO
    for line_id, quantity in lines:
        line = by_id[line_id]
        share = Decimal(quantity) / Decimal(line["quantity"])
        total, tax = (
            rnd(Decimal(line["total"]) * share),
            rnd(Decimal(line["total_tax"]) * share),
        )
        amount += total + tax
        refund_lines.append(
            {
                "id": refund_id * 10 + len(refund_lines) + 1,
                "name": line["name"],
                "product_id": line["product_id"],
                "variation_id": line["variation_id"],
                "quantity": -int(quantity),
                "tax_class": "",
                "subtotal": money(-total),
                "subtotal_tax": money(-tax),
                "total": money(-total),
                "total_tax": money(-tax),
                "taxes": [
                    {"id": t["id"], "total": money(-tax), "subtotal": money(-tax)}
                    for t in line["taxes"]
                ],
                "meta_data": [
                    {"id": 1, "key": "_refunded_item_id", "value": str(line_id)}
                ],
                "sku": line["sku"],
                "price": -float(Decimal(line["total"]) / line["quantity"]),
            }
        )
    shipping_lines = []
    if shipping:
        for ship in order["shipping_lines"]:
            amount += Decimal(ship["total"]) + Decimal(ship["total_tax"])
            shipping_lines.append(
                {
                    "id": refund_id * 10 + 9,
                    "method_title": ship["method_title"],
                    "method_id": ship["method_id"],
                    "total": money(-Decimal(ship["total"])),
                    "total_tax": money(-Decimal(ship["total_tax"])),
                    "taxes": [],
                    "meta_data": [
                        {"id": 2, "key": "_refunded_item_id", "value": str(ship["id"])}
                    ],
                }
            )
    local, gmt = stamp_pair(created)
    return {
        "id": refund_id,
        "date_created": local,
        "date_created_gmt": gmt,
        "amount": money(amount),
        "reason": reason,
        "refunded_by": 1,
        "refunded_payment": True,
        "meta_data": [],
        "line_items": refund_lines,
        "shipping_lines": shipping_lines,
    }


def make_product(product_id, sku, *, name=None, price="10.00", stock=None, **extra):
    """A simple product document; ``stock`` (an int) turns ``manage_stock`` on."""
    local, gmt = stamp_pair(datetime.now(timezone.utc).replace(microsecond=0))
    doc = {
        "id": int(product_id),
        "name": name or sku,
        "slug": (name or sku).lower().replace(" ", "-"),
        "type": "simple",
        "status": "publish",
        "date_modified": local,
        "date_modified_gmt": gmt,
        "description": "",
        "short_description": "",
        "sku": sku,
        "global_unique_id": "",
        "price": price,
        "regular_price": price,
        "sale_price": "",
        "manage_stock": stock is not None,
        "stock_quantity": stock,
        "stock_status": "instock" if (stock is None or stock > 0) else "outofstock",
        "backorders": "no",
        "variations": [],
        "images": [],
        "attributes": [],
        "meta_data": [],
    }
    doc.update(extra)
    return doc


def make_variation(variation_id, parent_id, sku, *, price="10.00", stock=None, **extra):
    """A variation document of a variable product (``parent_id``)."""
    doc = make_product(variation_id, sku, price=price, stock=stock, **extra)
    for key in ("name", "slug", "type", "short_description", "variations"):
        doc.pop(key, None)
    doc["parent_id"] = int(parent_id)
    doc["attributes"] = extra.get("attributes") or [
        {"id": 1, "name": "Size", "option": sku.rsplit("-", 1)[-1]}
    ]
    return doc
