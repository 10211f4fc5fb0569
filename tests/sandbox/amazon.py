"""Sandbox of Amazon's Selling Partner API (SP-API), the calls the
``ecommerce_amazon`` connector makes, in SP-API's wire format.

- ``POST /auth/o2/token``: Login with Amazon, ``grant_type=refresh_token``
  (form-encoded) -> ``{"access_token", "token_type", "expires_in",
  "refresh_token"}``; OAuth errors ``invalid_client`` / ``invalid_grant``.
- every other API call needs ``x-amz-access-token``; a missing, unknown or
  expired one is answered 403 ``Unauthorized``.
- per-operation token buckets with the documented rate and burst: a call
  finding its bucket empty gets 429 ``QuotaExceeded``; 2xx/400/404 answers
  carry ``x-amzn-RateLimit-Limit``, all carry ``x-amzn-RequestId``.
- errors: ``{"errors": [{"code", "message", "details"}]}``.
- Sellers ``GET /sellers/v1/marketplaceParticipations``.
- Orders v2026-01-01 ``searchOrders`` (``lastUpdatedAfter``/``createdAfter``,
  the two-minutes-before-now rule, ``pagination.nextToken`` answered back as
  ``paginationToken`` with identical parameters, expiring after 24 h,
  ``includedData``) and ``getOrder``; Orders v0 ``confirmShipment`` (204).
- Finances v0 ``listFinancialEvents`` (``PostedAfter``/``PostedBefore``,
  ``NextToken``) and ``listFinancialEventsByOrderId``: refund events.
- Feeds 2021-06-30: documents with pre-signed upload/download URLs (served
  under ``/s3/``), ``createFeed``, ``getFeed`` (IN_QUEUE -> IN_PROGRESS ->
  DONE over polls), GZIP processing reports of ``JSON_LISTINGS_FEED``.
- Listings Items 2021-08-01 ``getListingsItem`` / ``patchListingsItem``.

Seeding (``POST /_sandbox/seed``): ``{"orders": [v2026 order documents],
"refunds": [Finances ShipmentEvent documents], "listings": [{"sku",
"quantity"}], "rejected_skus": {"SKU": "message"}}``. :func:`make_order` and
:func:`make_refund` build realistic documents with Amazon's arithmetic.
"""

import copy
import gzip
import hashlib
import hmac
import itertools
import json
import threading
import time
import uuid
from datetime import datetime, timedelta, timezone
from decimal import ROUND_HALF_UP, Decimal
from urllib.parse import parse_qs

from .core import HttpError, Response, SandboxServer, json_response, route
from .paging import decode_cursor, encode_cursor
from .registry import register

CENT = Decimal("0.01")
PAGE_SIZE = 100
LATENESS = timedelta(minutes=2)
TOKEN_TTL = timedelta(hours=24)

#: marketplace id -> (country, currency, name, prices include tax)
MARKETPLACES = {
    "ATVPDKIKX0DER": ("US", "USD", "Amazon.com", False),
    "A2EUQ1WTGCTBG2": ("CA", "CAD", "Amazon.ca", False),
    "A1PA6795UKMFR9": ("DE", "EUR", "Amazon.de", True),
    "A1F83G8C2ARO7P": ("GB", "GBP", "Amazon.co.uk", True),
    "A13V1IB3VIYZZH": ("FR", "EUR", "Amazon.fr", True),
    "A1VC38T7YXB528": ("JP", "JPY", "Amazon.co.jp", True),
}

#: route -> (operation, documented rate per second, burst)
OPERATIONS = {
    "GET /sellers/v1/marketplaceParticipations": (
        "getMarketplaceParticipations",
        0.016,
        15,
    ),
    "GET /orders/2026-01-01/orders": ("searchOrders", 0.0056, 20),
    "GET /orders/2026-01-01/orders/<order_id>": ("getOrder", 0.5, 30),
    "POST /orders/v0/orders/<order_id>/shipmentConfirmation": (
        "confirmShipment",
        2.0,
        10,
    ),
    "GET /finances/v0/financialEvents": ("listFinancialEvents", 0.5, 30),
    "GET /finances/v0/orders/<order_id>/financialEvents": (
        "listFinancialEventsByOrderId",
        0.5,
        30,
    ),
    "POST /feeds/2021-06-30/documents": ("createFeedDocument", 0.5, 15),
    "POST /feeds/2021-06-30/feeds": ("createFeed", 0.0083, 15),
    "GET /feeds/2021-06-30/feeds/<feed_id>": ("getFeed", 2.0, 15),
    "GET /feeds/2021-06-30/documents/<document_id>": ("getFeedDocument", 0.0222, 10),
    "GET /listings/2021-08-01/items/<seller_id>/<sku>": ("getListingsItem", 5.0, 10),
    "PATCH /listings/2021-08-01/items/<seller_id>/<sku>": (
        "patchListingsItem",
        5.0,
        5,
    ),
}
ERROR_CODES = {
    "invalid": "InvalidInput",
    "not_found": "NotFound",
    "unauthorized": "Unauthorized",
    "rate_limited": "QuotaExceeded",
    "unavailable": "ServiceUnavailable",
    "internal_error": "InternalFailure",
    "method_not_allowed": "InvalidInput",
}
INCLUDED_SECTIONS = {
    "BUYER": "buyer",
    "RECIPIENT": "recipient",
    "PROCEEDS": "proceeds",
    "PACKAGES": "packages",
}
ITEM_SECTIONS = {
    "PROCEEDS": "proceeds",
    "PROMOTION": "promotion",
    "CANCELLATION": "cancellation",
    "FULFILLMENT": "fulfillment",
}
SEARCH_FIXED_PARAMS = (
    "createdAfter",
    "createdBefore",
    "lastUpdatedAfter",
    "lastUpdatedBefore",
    "fulfillmentStatuses",
    "marketplaceIds",
    "fulfilledBy",
)


# === PURE HELPERS === #


def format_time(moment):
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_time(text):
    text = str(text).strip()
    if text[-1:] in ("Z", "z"):
        text = text[:-1] + "+00:00"
    moment = datetime.fromisoformat(text.replace(" ", "+"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)


def _dec(value):
    return Decimal(0) if value in (None, "") else Decimal(str(value))


def _round(amount, places=2):
    return amount.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)


def _money(amount, currency, places=2):
    return {"amount": str(_round(amount, places)), "currencyCode": currency}


def _tax(amount, rate, included, places):
    """Amazon's tax of one charge, rounded per charge."""
    rate = _dec(rate)
    if not rate or not amount:
        return Decimal(0)
    if included:
        return _round(amount - amount * 100 / (100 + rate), places)
    return _round(amount * rate / 100, places)


def _places(currency):
    return 0 if currency == "JPY" else 2


def _item(order_id, index, spec, currency, included, places):
    """One v2026 order item with Amazon's proceeds arithmetic."""
    quantity = int(spec.get("quantity", 1))
    unit = _dec(spec.get("unit_price", "10.00"))
    gross = unit * quantity
    shipping = _dec(spec.get("shipping"))
    promotion = _dec(spec.get("promotion"))
    ship_discount = _dec(spec.get("shipping_discount"))
    rate = spec.get("tax_rate")
    ship_rate = spec.get("shipping_tax_rate", rate)
    item_tax = _tax(gross, rate, included, places)
    ship_tax = _tax(shipping, ship_rate, included, places)
    discount_tax = _tax(promotion, rate, included, places) + _tax(
        ship_discount, ship_rate, included, places
    )
    breakdowns = [{"type": "ITEM", "subtotal": _money(gross, currency, places)}]
    if shipping:
        breakdowns.append(
            {"type": "SHIPPING", "subtotal": _money(shipping, currency, places)}
        )
    tax_total = item_tax + ship_tax - discount_tax
    if item_tax or ship_tax:
        details = [{"subtype": "ITEM", "value": _money(item_tax, currency, places)}]
        if ship_tax:
            details.append(
                {"subtype": "SHIPPING", "value": _money(ship_tax, currency, places)}
            )
        if discount_tax:
            details.append(
                {
                    "subtype": "DISCOUNT",
                    "value": _money(-discount_tax, currency, places),
                }
            )
        breakdowns.append(
            {
                "type": "TAX",
                "subtotal": _money(tax_total, currency, places),
                "detailedBreakdowns": details,
            }
        )
    if promotion or ship_discount:
        details = []
        if promotion:
            details.append(
                {"subtype": "ITEM", "value": _money(-promotion, currency, places)}
            )
        if ship_discount:
            details.append(
                {
                    "subtype": "SHIPPING",
                    "value": _money(-ship_discount, currency, places),
                }
            )
        breakdowns.append(
            {
                "type": "DISCOUNT",
                "subtotal": _money(-(promotion + ship_discount), currency, places),
                "detailedBreakdowns": details,
            }
        )
    total = gross + shipping - promotion - ship_discount
    if not included:
        total += tax_total
    item = {
        "orderItemId": str(spec.get("order_item_id") or f"{order_id}-{index}"),
        "quantityOrdered": quantity,
        "product": {
            "asin": spec.get("asin") or f"B0{index:08d}",
            "title": spec.get("title") or spec.get("sku") or "Item",
            "sellerSku": spec.get("sku") or f"SKU-{index}",
            "condition": {"conditionType": "NEW", "conditionSubtype": "NEW"},
            "price": {"unitPrice": _money(unit, currency, places)},
        },
        "proceeds": {
            "proceedsTotal": _money(total, currency, places),
            "breakdowns": breakdowns,
        },
        "fulfillment": {"quantityFulfilled": 0, "quantityUnfulfilled": quantity},
    }
    if spec.get("promotion_id"):
        item["promotion"] = {"breakdowns": [{"promotionId": spec["promotion_id"]}]}
    return item, total


def order_total(order):
    """The order's ``grandTotal`` as a Decimal (None for pending orders)."""
    grand = (order.get("proceeds") or {}).get("grandTotal")
    return Decimal(grand["amount"]) if grand else None


def make_order(
    order_id,
    *,
    marketplace_id="ATVPDKIKX0DER",
    items=None,
    status="UNSHIPPED",
    fulfilled_by="MERCHANT",
    buyer_email="buyer-7xk2@marketplace.amazon.com",
    buyer_name="Jane Doe",
    address=None,
    service_level="STANDARD",
    updated=None,
    created=None,
):
    """A realistic Orders v2026-01-01 document with Amazon's arithmetic.

    ``items`` are specs: ``sku``, ``title``, ``quantity``, ``unit_price``,
    ``tax_rate``, ``shipping``, ``shipping_tax_rate``, ``promotion``,
    ``promotion_id``, ``shipping_discount``. Prices include tax on
    marketplaces that show VAT (Europe, UK, Japan), else tax comes on top.
    Pending orders carry no money, buyer or recipient, as on Amazon.
    ``updated``/``created`` (aware datetimes) default to five minutes ago.
    """
    country, currency, name, included = MARKETPLACES[marketplace_id]
    places = _places(currency)
    stamp = datetime.now(timezone.utc).replace(microsecond=0) - timedelta(minutes=5)
    items = items or [
        {
            "sku": "TS-MUG-01",
            "title": "Ceramic mug",
            "quantity": 2,
            "unit_price": "12.50",
            "tax_rate": "10" if not included else "19",
            "shipping": "4.99",
        }
    ]
    order_items, totals = [], Decimal(0)
    for index, spec in enumerate(items, start=1):
        item, total = _item(order_id, index, spec, currency, included, places)
        order_items.append(item)
        totals += total
    order = {
        "orderId": str(order_id),
        "createdTime": format_time(created or stamp),
        "lastUpdatedTime": format_time(updated or stamp),
        "programs": [],
        "salesChannel": {
            "channelName": "AMAZON",
            "marketplaceId": marketplace_id,
            "marketplaceName": name,
        },
        "fulfillment": {
            "fulfillmentStatus": status,
            "fulfilledBy": fulfilled_by,
            "fulfillmentServiceLevel": service_level,
        },
        "orderItems": order_items,
    }
    if status in ("PENDING", "PENDING_AVAILABILITY"):
        for item in order_items:
            item.pop("proceeds")
            item["product"].pop("price")
        return order
    breakdowns = {}
    for item in order_items:
        for breakdown in item["proceeds"]["breakdowns"]:
            kind = breakdown["type"]
            breakdowns[kind] = breakdowns.get(kind, Decimal(0)) + Decimal(
                breakdown["subtotal"]["amount"]
            )
    order["proceeds"] = {
        "grandTotal": _money(totals, currency, places),
        "breakdowns": [
            {"type": kind, "subtotal": _money(amount, currency, places)}
            for kind, amount in breakdowns.items()
        ],
    }
    order["buyer"] = {"buyerName": buyer_name} if buyer_name else {}
    if buyer_email:
        order["buyer"]["buyerEmail"] = buyer_email
    if address is not False:
        order["recipient"] = {
            "deliveryAddress": address
            or {
                "name": buyer_name or "Amazon buyer",
                "addressLine1": "1 Cross St.",
                "city": "Canton",
                "stateOrRegion": "MI",
                "postalCode": "48817",
                "countryCode": country,
                "addressType": "RESIDENTIAL",
            }
        }
    return order


def make_refund(order, items=None, shipping=False, posted=None):
    """A Finances API refund event (``ShipmentEvent``) refunding ``items``
    (``{order item id: quantity}``, default everything) of ``order``, with
    its tax, and the shipping when ``shipping`` is true. Charge adjustments
    are negative, as Amazon posts them."""
    marketplace = order["salesChannel"]["marketplaceId"]
    _country, currency, name, included = MARKETPLACES[marketplace]
    places = _places(currency)
    adjustments = []
    for item in order["orderItems"]:
        item_id = item["orderItemId"]
        quantity = (items or {}).get(item_id, 0 if items else item["quantityOrdered"])
        if not quantity:
            continue
        breakdowns = {b["type"]: b for b in item["proceeds"]["breakdowns"]}
        gross = Decimal(breakdowns["ITEM"]["subtotal"]["amount"])
        principal = _round(gross * quantity / item["quantityOrdered"], places)
        details = {
            d["subtype"]: Decimal(d["value"]["amount"])
            for d in (breakdowns.get("TAX") or {}).get("detailedBreakdowns", [])
        }
        charges = [("Principal", -principal)]
        item_rate = _infer(gross, details.get("ITEM"), included)
        tax = _tax(principal, item_rate, included, places)
        if tax:
            charges.append(("Tax", -tax))
        if shipping and "SHIPPING" in breakdowns:
            ship = Decimal(breakdowns["SHIPPING"]["subtotal"]["amount"])
            charges.append(("ShippingCharge", -ship))
            ship_tax = details.get("SHIPPING", Decimal(0))
            if ship_tax:
                charges.append(("ShippingTax", -ship_tax))
        adjustments.append(
            {
                "OrderItemId": item_id,
                "OrderAdjustmentItemId": f"adj-{item_id}",
                "SellerSKU": item["product"]["sellerSku"],
                "QuantityShipped": quantity,
                "ItemChargeAdjustmentList": [
                    {
                        "ChargeType": kind,
                        "ChargeAmount": {
                            "CurrencyCode": currency,
                            "CurrencyAmount": float(amount),
                        },
                    }
                    for kind, amount in charges
                ],
            }
        )
    return {
        "AmazonOrderId": order["orderId"],
        "MarketplaceName": name,
        "PostedDate": format_time(
            posted or datetime.now(timezone.utc) - timedelta(minutes=5)
        ),
        "ShipmentItemAdjustmentList": adjustments,
    }


def _infer(gross, tax, included):
    """The whole-percent rate of ``tax`` on ``gross`` (sandbox refunds)."""
    if not tax or not gross:
        return 0
    for rate in range(1, 31):
        if _tax(gross, rate, included, 2) == tax:
            return rate
    net = gross - tax if included else gross
    return tax * 100 / net


class _Bucket:
    """Token bucket of one operation: ``rate`` per second, ``burst`` at most."""

    def __init__(self, rate, burst):
        self.rate = float(rate)
        self.burst = float(burst)
        self.tokens = float(burst)
        self.last = time.monotonic()
        self.lock = threading.Lock()

    def take(self):
        with self.lock:
            now = time.monotonic()
            self.tokens = min(self.burst, self.tokens + (now - self.last) * self.rate)
            self.last = now
            if self.tokens < 1:
                return False
            self.tokens -= 1
            return True


@register("amazon")
class AmazonSandbox(SandboxServer):
    """SP-API for one seller, in-process or from the CLI.

    :param str client_id: the LWA client id accepted
    :param str client_secret: its secret
    :param str refresh_token: the seller's refresh token accepted
    :param str seller_id: the seller (merchant token)
    :param list marketplaces: marketplace ids the seller takes part in
    :param int token_lifetime: seconds an access token lives (3600)
    :param int page_size: most orders per searchOrders page (100)
    :param int feed_polls: getFeed calls before a feed is DONE (2)
    """

    def __init__(
        self,
        port=0,
        host="127.0.0.1",
        verbose=False,
        *,
        client_id="amzn1.application-oa2-client.sandbox",
        client_secret="sandbox-client-secret",
        refresh_token="Atzr|sandbox-refresh-token",
        seller_id="A3TH9S8BH6GOGM",
        marketplaces=("ATVPDKIKX0DER", "A1PA6795UKMFR9", "A1F83G8C2ARO7P"),
        token_lifetime=3600,
        page_size=PAGE_SIZE,
        feed_polls=2,
    ):
        self.client_id = client_id
        self.client_secret = client_secret
        self.refresh_token = refresh_token
        self.seller_id = seller_id
        self.marketplaces = list(marketplaces)
        self.token_lifetime = token_lifetime
        self.page_size = page_size
        self.feed_polls = feed_polls
        self._plans = {}
        self.buckets = {}
        self._ids = itertools.count(1)
        super().__init__(port, host, verbose)
        self.on_reset()

    # === FRAMEWORK HOOKS === #

    def on_reset(self):
        self._plans = {
            route: (rate, burst) for route, (_op, rate, burst) in OPERATIONS.items()
        }
        self.buckets = {route: _Bucket(r, b) for route, (r, b) in self._plans.items()}
        self._ids = itertools.count(1)

    def error_body(self, status, code, message):
        return {
            "errors": [
                {"code": ERROR_CODES.get(code, code), "message": message, "details": ""}
            ]
        }

    def fault_response(self, kind, retry_after, request):
        if kind == "429":
            return self.error_response(
                429,
                "QuotaExceeded",
                "You exceeded your quota for the requested resource.",
            )
        return self.error_response(
            503, "ServiceUnavailable", "Service temporarily unavailable"
        )

    def authenticate(self, request):
        token = request.header("x-amz-access-token") or ""
        with self.store.lock:
            expires = self.store.collection("tokens").get(token)
        if expires is None:
            raise HttpError(
                403, "Unauthorized", "Access to requested resource is denied."
            )
        if expires <= time.time():
            raise HttpError(
                403, "Unauthorized", "The access token you provided has expired."
            )

    def before_request(self, request):
        name = request.route.name if request.route else None
        bucket = self.buckets.get(name)
        if bucket is not None and not bucket.take():
            raise HttpError(
                429,
                "QuotaExceeded",
                "You exceeded your quota for the requested resource.",
            )
        return None

    def after_request(self, request, response):
        response.headers["x-amzn-RequestId"] = str(uuid.uuid4())
        name = request.route.name if request.route else None
        if name in self._plans and (
            200 <= response.status < 300 or response.status in (400, 404)
        ):
            response.headers["x-amzn-RateLimit-Limit"] = str(self._plans[name][0])

    def banner(self):
        return [
            f"LWA client id: {self.client_id}",
            f"LWA client secret: {self.client_secret}",
            f"refresh token: {self.refresh_token}",
            f"seller id: {self.seller_id}",
            f"token URL: {self.url}/auth/o2/token",
        ]

    @classmethod
    def demo_data(cls):
        return {
            "orders": [
                make_order("111-0000001-0000001"),
                make_order(
                    "302-0000002-0000002",
                    marketplace_id="A1PA6795UKMFR9",
                    items=[
                        {
                            "sku": "TS-TEE-M",
                            "quantity": 1,
                            "unit_price": "25.00",
                            "tax_rate": "19",
                            "shipping": "3.90",
                            "promotion": "5.00",
                            "promotion_id": "SPRING5",
                        }
                    ],
                ),
                make_order("111-0000003-0000003", fulfilled_by="AMAZON"),
                make_order("111-0000004-0000004", status="PENDING"),
            ],
            "listings": [
                {"sku": "TS-MUG-01", "quantity": 40},
                {"sku": "TS-TEE-M", "quantity": 12},
            ],
        }

    def seed(self, payload):
        if not isinstance(payload, dict):
            raise ValueError("Seed payload must be an object")
        unknown = set(payload) - {"orders", "refunds", "listings", "rejected_skus"}
        if unknown:
            raise ValueError(
                f"Unknown seed collection(s): {', '.join(sorted(unknown))}"
            )
        orders = payload.get("orders") or []
        for order in orders:
            if not isinstance(order, dict) or not order.get("orderId"):
                raise ValueError("Every order needs an orderId")
            parse_time(order["lastUpdatedTime"])
        self.seed_orders(orders)
        self.seed_refunds(payload.get("refunds") or [])
        with self.store.lock:
            inventory = self.store.collection("inventory")
            for listing in payload.get("listings") or []:
                inventory[listing["sku"]] = int(listing.get("quantity") or 0)
            self.store.collection("rejected").update(payload.get("rejected_skus") or {})
        return {
            "orders": len(orders),
            "refunds": len(payload.get("refunds") or []),
            "listings": len(payload.get("listings") or []),
        }

    # === PYTHON API FOR TESTS === #

    def seed_orders(self, orders):
        with self.store.lock:
            stored = self.store.collection("orders")
            for order in orders:
                stored[order["orderId"]] = copy.deepcopy(order)

    def seed_refunds(self, events):
        with self.store.lock:
            self.store.collection("refunds").setdefault("events", []).extend(
                copy.deepcopy(events)
            )

    def reject_skus(self, rejections):
        """``{sku: message}``: the next feeds report these SKUs as errors."""
        with self.store.lock:
            self.store.collection("rejected").update(rejections)

    def set_rate_plan(self, operation, rate, burst):
        """Give ``operation`` another rate and burst (its bucket starts full)."""
        for name, (op, _rate, _burst) in OPERATIONS.items():
            if op == operation:
                self._plans[name] = (rate, burst)
                self.buckets[name] = _Bucket(rate, burst)
                return
        raise KeyError(operation)

    def expire_tokens(self):
        """Make every access token issued so far expired."""
        with self.store.lock:
            tokens = self.store.collection("tokens")
            for token in tokens:
                tokens[token] = 0

    def get_order(self, order_id):
        return self.store.get("orders", order_id)

    def inventory(self):
        with self.store.lock:
            return dict(self.store.collection("inventory"))

    def shipments(self, order_id):
        return self.store.get("shipments", order_id, [])

    def feeds(self):
        return self.store.values("feeds")

    # === HELPERS === #

    def _next_id(self, prefix):
        return f"{prefix}{next(self._ids):06d}"

    def _time_arg(self, request, name, required=False):
        raw = request.arg(name)
        if not raw:
            if required:
                raise HttpError(400, "invalid", f"{name} is required")
            return None
        try:
            return parse_time(raw)
        except ValueError:
            raise HttpError(
                400, "invalid", f"{name} must be an ISO 8601 date"
            ) from None

    def _check_before(self, name, moment):
        if moment is not None and moment > self.now() - LATENESS:
            raise HttpError(
                400,
                "invalid",
                f"{name} must be at least two minutes before the time of the request",
            )

    def _list_arg(self, request, name):
        values = []
        for raw in request.query.get(name) or []:
            values += [v for v in raw.split(",") if v]
        return values

    @staticmethod
    def _visible(order, included):
        """The order with only the sections ``includedData`` asked for."""
        document = copy.deepcopy(order)
        for key, section in INCLUDED_SECTIONS.items():
            if key not in included:
                document.pop(section, None)
        for item in document.get("orderItems") or []:
            for key, section in ITEM_SECTIONS.items():
                if key not in included:
                    item.pop(section, None)
        return document

    # === LOGIN WITH AMAZON === #

    @route("POST", "/auth/o2/token", auth=False)
    def lwa_token(self, request):
        form = {k: v[0] for k, v in parse_qs(request.body.decode()).items()}
        if not (
            hmac.compare_digest(form.get("client_id", ""), self.client_id)
            and hmac.compare_digest(form.get("client_secret", ""), self.client_secret)
        ):
            return json_response(
                {
                    "error": "invalid_client",
                    "error_description": "Client authentication failed",
                },
                401,
            )
        if form.get("grant_type") != "refresh_token" or not hmac.compare_digest(
            form.get("refresh_token", ""), self.refresh_token
        ):
            return json_response(
                {
                    "error": "invalid_grant",
                    "error_description": "The request has an invalid grant "
                    "parameter : refresh_token",
                },
                400,
            )
        token = "Atza|" + uuid.uuid4().hex
        with self.store.lock:
            self.store.collection("tokens")[token] = time.time() + self.token_lifetime
        return {
            "access_token": token,
            "token_type": "bearer",
            "expires_in": self.token_lifetime,
            "refresh_token": self.refresh_token,
        }

    # === SELLERS === #

    @route("GET", "/sellers/v1/marketplaceParticipations")
    def marketplace_participations(self, request):
        payload = []
        for marketplace_id in self.marketplaces:
            country, currency, name, _included = MARKETPLACES[marketplace_id]
            payload.append(
                {
                    "marketplace": {
                        "id": marketplace_id,
                        "countryCode": country,
                        "name": name,
                        "defaultCurrencyCode": currency,
                        "defaultLanguageCode": "en_US",
                        "domainName": "www." + name.lower(),
                    },
                    "participation": {
                        "isParticipating": True,
                        "hasSuspendedListings": False,
                    },
                }
            )
        return {"payload": payload}

    # === ORDERS === #

    @route("GET", "/orders/2026-01-01/orders")
    def search_orders(self, request):
        fixed = {name: request.arg(name) for name in SEARCH_FIXED_PARAMS}
        token = request.arg("paginationToken")
        offset = 0
        if token:
            try:
                issued, offset, digest = decode_cursor(token)
            except (TypeError, ValueError):
                raise HttpError(400, "invalid", "Invalid paginationToken") from None
            if time.time() - issued > TOKEN_TTL.total_seconds():
                raise HttpError(400, "invalid", "The paginationToken has expired")
            if digest != self._digest(fixed):
                raise HttpError(
                    400,
                    "invalid",
                    "paginationToken must be sent with the same parameters as the "
                    "first request",
                )
        created_after = self._time_arg(request, "createdAfter")
        updated_after = self._time_arg(request, "lastUpdatedAfter")
        if bool(created_after) == bool(updated_after):
            raise HttpError(
                400,
                "invalid",
                "Exactly one of createdAfter and lastUpdatedAfter is required",
            )
        before = self._time_arg(
            request, "createdBefore" if created_after else "lastUpdatedBefore"
        )
        self._check_before("createdBefore/lastUpdatedBefore", before)
        size = request.int_arg("maxResultsPerPage", PAGE_SIZE, 1, 100)
        size = min(size, self.page_size)
        statuses = set(self._list_arg(request, "fulfillmentStatuses"))
        marketplaces = set(self._list_arg(request, "marketplaceIds"))
        fulfilled_by = set(self._list_arg(request, "fulfilledBy"))
        included = set(self._list_arg(request, "includedData"))
        field = "createdTime" if created_after else "lastUpdatedTime"
        after = created_after or updated_after
        with self.store.lock:
            selected = []
            for order in self.store.collection("orders").values():
                moment = parse_time(order[field])
                if moment < after or (before is not None and moment > before):
                    continue
                fulfillment = order.get("fulfillment") or {}
                if statuses and fulfillment.get("fulfillmentStatus") not in statuses:
                    continue
                if (
                    marketplaces
                    and order["salesChannel"]["marketplaceId"] not in marketplaces
                ):
                    continue
                if fulfilled_by and fulfillment.get("fulfilledBy") not in fulfilled_by:
                    continue
                selected.append((moment, order["orderId"], order))
            selected.sort(key=lambda entry: entry[:2])
            page = selected[offset : offset + size]
            orders = [self._visible(order, included) for _m, _i, order in page]
        answer = {"orders": orders}
        if offset + size < len(selected):
            answer["pagination"] = {
                "nextToken": encode_cursor(
                    [int(time.time()), offset + size, self._digest(fixed)]
                )
            }
        if before is not None:
            key = "createdBefore" if created_after else "lastUpdatedBefore"
            answer[key] = format_time(before)
        return answer

    @staticmethod
    def _digest(params):
        text = json.dumps(params, sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    @route("GET", "/orders/2026-01-01/orders/<order_id>")
    def get_order_route(self, request, order_id):
        with self.store.lock:
            order = self.store.collection("orders").get(order_id)
            if order is None:
                raise HttpError(404, "not_found", f"Order {order_id} not found")
            included = set(self._list_arg(request, "includedData"))
            return {"order": self._visible(order, included)}

    @route("POST", "/orders/v0/orders/<order_id>/shipmentConfirmation")
    def confirm_shipment(self, request, order_id):
        body = request.json_object()
        detail = body.get("packageDetail")
        if not body.get("marketplaceId") or not isinstance(detail, dict):
            raise HttpError(
                400, "invalid", "marketplaceId and packageDetail are required"
            )
        for key in ("packageReferenceId", "carrierCode", "trackingNumber", "shipDate"):
            if not detail.get(key):
                raise HttpError(400, "invalid", f"packageDetail.{key} is required")
        if detail["carrierCode"] == "Other" and not detail.get("carrierName"):
            raise HttpError(400, "invalid", "carrierName is required for carrier Other")
        try:
            ship_date = parse_time(detail["shipDate"])
        except ValueError:
            raise HttpError(400, "Invalid Input", "Invalid Input") from None
        with self.store.lock:
            order = self.store.collection("orders").get(order_id)
            if order is None:
                raise HttpError(404, "not_found", f"Order {order_id} not found")
            if order["salesChannel"]["marketplaceId"] != body["marketplaceId"]:
                raise HttpError(
                    400, "invalid", "marketplaceId does not match the order"
                )
            if order["fulfillment"].get("fulfilledBy") == "AMAZON":
                raise HttpError(
                    400, "invalid", "Amazon-fulfilled orders cannot be confirmed"
                )
            items = {i["orderItemId"]: i for i in order["orderItems"]}
            for line in detail.get("orderItems") or []:
                item = items.get(line.get("orderItemId"))
                if item is None:
                    raise HttpError(
                        400, "invalid", f"Unknown orderItemId {line.get('orderItemId')}"
                    )
                done = item.setdefault("fulfillment", {}).get("quantityFulfilled", 0)
                done += int(line.get("quantity") or 0)
                item["fulfillment"]["quantityFulfilled"] = done
                item["fulfillment"]["quantityUnfulfilled"] = max(
                    0, item["quantityOrdered"] - done
                )
            shipped = all(
                i.get("fulfillment", {}).get("quantityUnfulfilled", 1) == 0
                for i in order["orderItems"]
            )
            order["fulfillment"]["fulfillmentStatus"] = (
                "SHIPPED" if shipped else "PARTIALLY_SHIPPED"
            )
            order.setdefault("packages", []).append(
                {
                    "packageReferenceId": detail["packageReferenceId"],
                    "carrier": detail.get("carrierName") or detail["carrierCode"],
                    "trackingNumber": detail["trackingNumber"],
                    "shipTime": format_time(ship_date),
                    "packageItems": [
                        {"orderItemId": i["orderItemId"], "quantity": i["quantity"]}
                        for i in detail.get("orderItems") or []
                    ],
                }
            )
            order["lastUpdatedTime"] = format_time(self.now())
            self.store.collection("shipments").setdefault(order_id, []).append(
                copy.deepcopy(body)
            )
        return Response(204)

    # === FINANCES === #

    @route("GET", "/finances/v0/financialEvents")
    def list_financial_events(self, request):
        after = self._time_arg(request, "PostedAfter", required=True)
        before = self._time_arg(request, "PostedBefore")
        self._check_before("PostedBefore", before)
        size = request.int_arg("MaxResultsPerPage", 100, 1, 100)
        offset = 0
        if request.arg("NextToken"):
            try:
                offset = decode_cursor(request.arg("NextToken"))[0]
            except (ValueError, IndexError):
                raise HttpError(400, "invalid", "Invalid NextToken") from None
        with self.store.lock:
            events = [
                e
                for e in self.store.collection("refunds").get("events", [])
                if parse_time(e["PostedDate"]) >= after
                and (before is None or parse_time(e["PostedDate"]) <= before)
            ]
        page = copy.deepcopy(events[offset : offset + size])
        payload = {"FinancialEvents": {"RefundEventList": page}}
        if offset + size < len(events):
            payload["NextToken"] = encode_cursor([offset + size])
        return {"payload": payload}

    @route("GET", "/finances/v0/orders/<order_id>/financialEvents")
    def order_financial_events(self, request, order_id):
        with self.store.lock:
            events = [
                copy.deepcopy(e)
                for e in self.store.collection("refunds").get("events", [])
                if e.get("AmazonOrderId") == order_id
            ]
        return {"payload": {"FinancialEvents": {"RefundEventList": events}}}

    # === FEEDS === #

    @route("POST", "/feeds/2021-06-30/documents")
    def create_feed_document(self, request):
        body = request.json_object()
        if not body.get("contentType"):
            raise HttpError(400, "invalid", "contentType is required")
        document_id = self._next_id("amzn1.tortuga.4.na.")
        with self.store.lock:
            self.store.collection("documents")[document_id] = {
                "contentType": body["contentType"],
                "content": None,
            }
        return (
            201,
            {
                "feedDocumentId": document_id,
                "url": f"{self.url}/s3/feed-documents/{document_id}",
            },
        )

    @route("PUT", "/s3/feed-documents/<document_id>", auth=False)
    def upload_feed_document(self, request, document_id):
        with self.store.lock:
            document = self.store.collection("documents").get(document_id)
            if document is None:
                raise HttpError(404, "not_found", "No such upload URL")
            document["content"] = request.body
        return Response(200)

    @route("POST", "/feeds/2021-06-30/feeds")
    def create_feed(self, request):
        body = request.json_object()
        for key in ("feedType", "marketplaceIds", "inputFeedDocumentId"):
            if not body.get(key):
                raise HttpError(400, "invalid", f"{key} is required")
        with self.store.lock:
            document = self.store.collection("documents").get(
                body["inputFeedDocumentId"]
            )
            if document is None or document["content"] is None:
                raise HttpError(400, "invalid", "The feed document was not uploaded")
            feed_id = self._next_id("5000")
            self.store.collection("feeds")[feed_id] = {
                "feedId": feed_id,
                "feedType": body["feedType"],
                "marketplaceIds": body["marketplaceIds"],
                "createdTime": format_time(self.now()),
                "processingStatus": "IN_QUEUE",
                "_document": body["inputFeedDocumentId"],
                "_polls": 0,
            }
        return 202, {"feedId": feed_id}

    @route("GET", "/feeds/2021-06-30/feeds/<feed_id>")
    def get_feed(self, request, feed_id):
        with self.store.lock:
            feed = self.store.collection("feeds").get(feed_id)
            if feed is None:
                raise HttpError(404, "not_found", f"Feed {feed_id} not found")
            feed["_polls"] += 1
            if feed["processingStatus"] == "IN_QUEUE":
                feed["processingStatus"] = "IN_PROGRESS"
                feed["processingStartTime"] = format_time(self.now())
            if (
                feed["processingStatus"] == "IN_PROGRESS"
                and feed["_polls"] >= self.feed_polls
            ):
                self._process_feed(feed)
            return {k: v for k, v in feed.items() if not k.startswith("_")}

    def _process_feed(self, feed):
        """Apply a JSON_LISTINGS_FEED (lock held) and write its report."""
        raw = self.store.collection("documents")[feed["_document"]]["content"]
        rejected = self.store.collection("rejected")
        inventory = self.store.collection("inventory")
        issues, accepted, invalid = [], 0, 0
        try:
            document = json.loads(raw)
            messages = document["messages"]
            seller = document["header"]["sellerId"]
        except (ValueError, KeyError, TypeError):
            feed["processingStatus"] = "FATAL"
            return
        for message in messages:
            sku = message.get("sku")
            if sku in rejected:
                invalid += 1
                issues.append(
                    {
                        "messageId": message.get("messageId"),
                        "sku": sku,
                        "code": "90220",
                        "severity": "ERROR",
                        "message": rejected[sku],
                    }
                )
                continue
            for patch in message.get("patches") or []:
                if patch.get("path") == "/attributes/fulfillment_availability":
                    for entry in patch.get("value") or []:
                        if entry.get("fulfillment_channel_code") == "DEFAULT":
                            inventory[sku] = int(entry.get("quantity") or 0)
            accepted += 1
        report = {
            "header": {"sellerId": seller, "version": "2.0", "feedId": feed["feedId"]},
            "issues": issues,
            "summary": {
                "errors": len(issues),
                "warnings": 0,
                "messagesProcessed": len(messages),
                "messagesAccepted": accepted,
                "messagesInvalid": invalid,
            },
        }
        result_id = self._next_id("amzn1.tortuga.4.na.result.")
        self.store.collection("results")[result_id] = gzip.compress(
            json.dumps(report).encode()
        )
        feed.update(
            processingStatus="DONE",
            processingEndTime=format_time(self.now()),
            resultFeedDocumentId=result_id,
        )

    @route("GET", "/feeds/2021-06-30/documents/<document_id>")
    def get_feed_document(self, request, document_id):
        with self.store.lock:
            if document_id not in self.store.collection("results"):
                raise HttpError(404, "not_found", f"Document {document_id} not found")
        return {
            "feedDocumentId": document_id,
            "url": f"{self.url}/s3/result-documents/{document_id}",
            "compressionAlgorithm": "GZIP",
        }

    @route("GET", "/s3/result-documents/<document_id>", auth=False)
    def download_result(self, request, document_id):
        with self.store.lock:
            content = self.store.collection("results").get(document_id)
        if content is None:
            raise HttpError(404, "not_found", "No such document")
        return Response(200, content, {"Content-Type": "application/octet-stream"})

    # === LISTINGS === #

    @route("GET", "/listings/2021-08-01/items/<seller_id>/<sku>")
    def get_listings_item(self, request, seller_id, sku):
        if seller_id != self.seller_id:
            raise HttpError(
                403, "Unauthorized", "Access to requested resource is denied."
            )
        with self.store.lock:
            inventory = self.store.collection("inventory")
            if sku not in inventory:
                raise HttpError(404, "not_found", f"SKU {sku} not found")
            quantity = inventory[sku]
        return {
            "sku": sku,
            "fulfillmentAvailability": [
                {"fulfillmentChannelCode": "DEFAULT", "quantity": quantity}
            ],
        }

    @route("PATCH", "/listings/2021-08-01/items/<seller_id>/<sku>")
    def patch_listings_item(self, request, seller_id, sku):
        body = request.json_object()
        if not body.get("productType") or not body.get("patches"):
            raise HttpError(400, "invalid", "productType and patches are required")
        with self.store.lock:
            for patch in body["patches"]:
                if patch.get("path") == "/attributes/fulfillment_availability":
                    for entry in patch.get("value") or []:
                        if entry.get("fulfillment_channel_code") == "DEFAULT":
                            self.store.collection("inventory")[sku] = int(
                                entry.get("quantity") or 0
                            )
        return {
            "sku": sku,
            "status": "ACCEPTED",
            "submissionId": uuid.uuid4().hex,
            "issues": [],
        }
