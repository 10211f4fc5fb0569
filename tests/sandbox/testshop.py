"""Sandbox of "testshop", the suite's fictional, test-only platform.

Wire format (the testshop adapter of the suite is written against it):

- every ``/api/*`` call needs ``X-Shop-Token``; answers carry
  ``X-Shop-Api-Call-Limit: <used>/<bucket size>`` (leaky bucket);
- errors are ``{"error": {"code": str, "message": str}}``;
- ``GET /api/shop``, ``GET /api/orders`` (``updated_since``, ``limit``
  1..100, opaque ``cursor``), ``GET /api/orders/<id>``,
  ``GET /api/products``, ``GET /api/inventory?skus=a,b``,
  ``POST /api/inventory/set`` (50 items max),
  ``POST /api/orders/<id>/fulfillments`` (and ``GET`` of the same path);
- webhooks: the order document, signed ``X-Shop-Hmac-Sha256`` =
  base64(HMAC-SHA256(secret, raw body)); ``X-Shop-Triggered-At`` is when it
  was sent (receivers refuse deliveries more than 5 minutes off).

Test controls besides the framework's: ``POST /_sandbox/seed``
(``{"orders": [...], "products": [...]}``),
``POST /_sandbox/orders/<id>/cancel``, ``POST /_sandbox/webhooks/send``,
``POST /_sandbox/rate_limit``.
"""

import base64
import copy
import hashlib
import hmac
import itertools
import math
import uuid
from collections import Counter
from datetime import datetime, timedelta, timezone
from decimal import ROUND_HALF_UP, Decimal

from .core import HttpError, SandboxServer, json_response, route
from .paging import decode_cursor, encode_cursor, keyset_page, natural_key
from .ratelimit import LeakyBucket
from .registry import register
from .routing import dumps
from .webhooks import is_loopback_url

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 50
MAX_INVENTORY_ITEMS = 50
WEBHOOK_TOPICS = ("orders/create", "orders/updated")
CENT = Decimal("0.01")

# Store collections
ORDERS = "orders"
ORDER_KEYS = "order_keys"  # order id -> (updated_at datetime, natural id key)
PRODUCTS = "products"
INVENTORY = "inventory"  # sku -> quantity
SKU_INDEX = "sku_index"  # sku -> product id
FULFILLMENTS = "fulfillments"  # order id -> [fulfillment, ...]
WEBHOOKS = "webhooks"  # webhook id -> {"id", "topic", "address"}


# === PURE HELPERS === #


def sign(secret, body_bytes):
    """The ``X-Shop-Hmac-Sha256`` value of a webhook body."""
    key = secret.encode() if isinstance(secret, str) else secret
    digest = hmac.new(key, body_bytes, hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def format_time(moment):
    """ISO 8601 UTC with a ``Z`` suffix: ``2026-11-20T10:00:00Z``."""
    moment = moment.astimezone(timezone.utc)
    pattern = "%Y-%m-%dT%H:%M:%S.%fZ" if moment.microsecond else "%Y-%m-%dT%H:%M:%SZ"
    return moment.strftime(pattern)


def parse_time(text):
    """An aware UTC datetime from ISO 8601 text (naive means UTC)."""
    if not isinstance(text, str):
        raise ValueError(f"Not a timestamp: {text!r}")
    text = text.strip()
    if text[-1:] in ("Z", "z"):  # Python 3.10's fromisoformat lacks "Z"
        text = text[:-1] + "+00:00"
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        # "+00:00" arrives as " 00:00" when the client forgot to encode "+".
        moment = datetime.fromisoformat(text.replace(" ", "+"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)


def _decimal(value):
    return Decimal(0) if value in (None, "") else Decimal(str(value))


def _tax(amount, rate):
    return (amount * _decimal(rate) / 100).quantize(CENT, ROUND_HALF_UP)


def order_total(order):
    """The total testshop computes for an order, as a Decimal.

    ``sum(quantity * unit_price - discount)`` over lines (``discount`` is the
    line's total discount) ``+ sum(shipping price) - sum(order discounts)``.
    When ``prices_include_tax`` is false, add the tax of each line and each
    shipping line: ``round((net) * tax_rate / 100, 2)``, rounding half up;
    order-level discounts are not taxed then.
    """
    total = tax = Decimal(0)
    for line in order.get("lines") or []:
        net = _decimal(line.get("quantity")) * _decimal(line.get("unit_price"))
        net -= _decimal(line.get("discount"))
        total += net
        tax += _tax(net, line.get("tax_rate"))
    for shipping in order.get("shipping") or []:
        price = _decimal(shipping.get("price"))
        total += price
        tax += _tax(price, shipping.get("tax_rate"))
    total -= sum((_decimal(d.get("amount")) for d in order.get("discounts") or []), 0)
    if not order.get("prices_include_tax", True):
        total += tax
    return total.quantize(CENT, ROUND_HALF_UP)


def _address(name):
    return {
        "name": name,
        "company": None,
        "street": "Rue de la Loi 16",
        "street2": None,
        "city": "Brussels",
        "zip": "1000",
        "country_code": "BE",
        "state_code": None,
        "phone": "+32 470 12 34 56",
        "email": "jane.doe@example.com",
    }


def make_order(order_id, **overrides):
    """A valid, realistic order document; keys in ``overrides`` replace the
    defaults. ``total`` is computed with :func:`order_total` unless given.

    Default: paid, unfulfilled, Belgian customer, prices tax-included at 21%,
    two lines (SKUs ``TS-MUG-01`` x2 at 12.50 and ``TS-TEE-M`` x1 at 25.00
    with 5.00 off) and 5.00 standard shipping: total 50.00.
    """
    order_id = str(order_id)
    stamp = format_time(datetime.now(timezone.utc).replace(microsecond=0))
    order = {
        "id": order_id,
        "number": f"#{order_id}",
        "created_at": stamp,
        "updated_at": stamp,
        "currency": "EUR",
        "status": "open",
        "financial_status": "paid",
        "fulfillment_status": "unfulfilled",
        "prices_include_tax": True,
        "customer": {
            "id": f"c{order_id}",
            "email": "jane.doe@example.com",
            "first_name": "Jane",
            "last_name": "Doe",
            "phone": "+32 470 12 34 56",
        },
        "billing_address": _address("Jane Doe"),
        "shipping_address": _address("Jane Doe"),
        "lines": [
            {
                "id": f"{order_id}-1",
                "sku": "TS-MUG-01",
                "barcode": "5400000000010",
                "title": "Ceramic mug",
                "quantity": 2,
                "unit_price": "12.50",
                "discount": "0.00",
                "tax_rate": "21.0",
            },
            {
                "id": f"{order_id}-2",
                "sku": "TS-TEE-M",
                "barcode": "5400000000027",
                "title": "Organic T-shirt (M)",
                "quantity": 1,
                "unit_price": "25.00",
                "discount": "5.00",
                "tax_rate": "21.0",
            },
        ],
        "shipping": [
            {
                "code": "standard",
                "title": "Standard shipping",
                "price": "5.00",
                "tax_rate": "21.0",
            }
        ],
        "discounts": [],
        "payment_method": "card",
    }
    order.update(copy.deepcopy(overrides))
    if "total" not in overrides:
        order["total"] = str(order_total(order))
    return order


def _is_int(value):
    return isinstance(value, int) and not isinstance(value, bool)


def _check_documents(documents, kind):
    if not isinstance(documents, list):
        raise ValueError(f"{kind}s must be a list")
    for document in documents:
        if not isinstance(document, dict) or document.get("id") in (None, ""):
            raise ValueError(f"Every {kind} needs an id")
        if document.get("updated_at"):
            parse_time(document["updated_at"])
        quantity = document.get("inventory_quantity")
        if quantity is not None and not _is_int(quantity):
            raise ValueError(f"{kind} {document['id']}: inventory_quantity not int")


# === SERVER === #


@register("testshop")
class TestshopSandbox(SandboxServer):
    """The testshop platform, in-process or from the CLI.

    :param int port: 0 (default) for a free port
    :param str token: the only accepted ``X-Shop-Token``
    :param str webhook_secret: key of the webhook HMAC
    :param str shop_name: answered by ``GET /api/shop``
    :param str currency: answered by ``GET /api/shop``
    :param int bucket_size: leaky-bucket size (40 on the "real" platform;
        1000 by default so tests do not hit it unless they mean to)
    :param float leak_rate: calls drained per second

    In tests::

        server = TestshopSandbox().start()
        server.seed_orders([make_order("1001")])
        ...  # point the adapter at server.url with token server.token
        server.stop()
    """

    def __init__(
        self,
        port=0,
        host="127.0.0.1",
        verbose=False,
        *,
        token="test-token",
        webhook_secret="test-webhook-secret",
        shop_name="Test Shop",
        currency="EUR",
        bucket_size=1000,
        leak_rate=2.0,
    ):
        self.token = str(token)
        self.webhook_secret = str(webhook_secret)
        self.shop_name = str(shop_name)
        self.currency = str(currency)
        self._rate_limit_defaults = (bucket_size, leak_rate)
        self.bucket = LeakyBucket(bucket_size, leak_rate)
        self._fulfillment_ids = itertools.count(1)
        super().__init__(port, host, verbose)

    # === FRAMEWORK HOOKS === #

    def authenticate(self, request):
        given = (request.header("X-Shop-Token") or "").encode()
        if not hmac.compare_digest(given, self.token.encode()):
            raise HttpError(401, "unauthorized", "Invalid or missing access token")

    def before_request(self, request):
        if request.path.startswith("/api/"):
            accepted, wait = self.bucket.acquire()
            if not accepted:
                raise HttpError(
                    429,
                    "rate_limited",
                    f"Exceeded {self.bucket.size} calls; retry later",
                    {"Retry-After": str(max(1, math.ceil(wait)))},
                )
        return None

    def after_request(self, request, response):
        if request.path.startswith("/api/"):
            used = f"{self.bucket.used()}/{self.bucket.size}"
            response.headers["X-Shop-Api-Call-Limit"] = used

    def on_reset(self):
        self.bucket = LeakyBucket(*self._rate_limit_defaults)
        self._fulfillment_ids = itertools.count(1)

    def banner(self):
        return [
            f"X-Shop-Token: {self.token}",
            f"webhook secret: {self.webhook_secret}",
            (
                f"orders: {self.store.count(ORDERS)}, "
                f"products: {self.store.count(PRODUCTS)}"
            ),
        ]

    @classmethod
    def demo_data(cls):
        products = [
            ("1", "TS-MUG-01", "5400000000010", "Ceramic mug", "12.50", 40),
            ("2", "TS-TEE-M", "5400000000027", "Organic T-shirt (M)", "25.00", 12),
            ("3", "TS-TEE-L", "5400000000034", "Organic T-shirt (L)", "25.00", 0),
            ("4", "TS-CAP-01", "5400000000041", "Cap", "15.00", 7),
        ]
        keys = ("id", "sku", "barcode", "title", "price", "inventory_quantity")
        pending = {"financial_status": "pending", "payment_method": "bank_transfer"}
        return {
            "products": [dict(zip(keys, values, strict=True)) for values in products],
            "orders": [
                make_order("1001"),
                make_order("1002", prices_include_tax=False),
                make_order("1003", **pending),
                make_order("1004", status="cancelled", financial_status="refunded"),
                make_order(
                    "1005",
                    customer=None,
                    discounts=[{"code": "SAVE5", "amount": "5.00"}],
                ),
            ],
        }

    def seed(self, payload):
        """Seed ``{"orders": [...], "products": [...]}`` (both optional)."""
        if not isinstance(payload, dict):
            raise ValueError("Seed payload must be an object")
        unknown = sorted(set(payload) - {"orders", "products"})
        if unknown:
            raise ValueError(f"Unknown seed collection(s): {', '.join(unknown)}")
        orders = payload.get("orders") or []
        products = payload.get("products") or []
        _check_documents(orders, "order")
        _check_documents(products, "product")
        return {
            "products": len(self.seed_products(products)),
            "orders": len(self.seed_orders(orders)),
        }

    # === PYTHON API FOR TESTS === #

    def seed_orders(self, orders):
        """Store order documents as given (only ``id`` is required).

        ``created_at`` and ``updated_at`` are filled when absent; re-seeding
        an id replaces the order (keeping its ``created_at`` if none is
        given), bumps its ``updated_at`` and forgets its fulfillments.
        Returns copies of the stored documents.
        """
        _check_documents(orders, "order")
        stored = []
        with self.store.lock:
            known = self.store.collection(ORDERS)
            for order in orders:
                document = copy.deepcopy(order)
                order_id = str(document["id"])
                previous = known.get(order_id) or {}
                if not document.get("created_at"):
                    created = previous.get("created_at")
                    document["created_at"] = created or format_time(self.now())
                if not document.get("updated_at"):
                    document["updated_at"] = self._bumped(previous.get("updated_at"))
                self.store.collection(FULFILLMENTS).pop(order_id, None)
                self._save_order(document)
                stored.append(copy.deepcopy(document))
        return stored

    def seed_products(self, products):
        """Store product documents; their ``inventory_quantity`` (when given)
        sets the inventory of their SKU. Returns copies of what was stored."""
        _check_documents(products, "product")
        stored = []
        with self.store.lock:
            known = self.store.collection(PRODUCTS)
            index = self.store.collection(SKU_INDEX)
            inventory = self.store.collection(INVENTORY)
            for product in products:
                document = copy.deepcopy(product)
                product_id = str(document["id"])
                previous = known.get(product_id) or {}
                if not document.get("updated_at"):
                    document["updated_at"] = self._bumped(previous.get("updated_at"))
                old_sku = previous.get("sku")
                renamed = old_sku and old_sku != document.get("sku")
                if renamed and index.get(old_sku) == product_id:
                    del index[old_sku]
                    inventory.pop(old_sku, None)
                sku = document.get("sku")
                if sku:
                    index[sku] = product_id
                    quantity = document.get("inventory_quantity")
                    if quantity is not None or sku not in inventory:
                        inventory[sku] = quantity or 0
                known[product_id] = document
                stored.append(copy.deepcopy(document))
        return stored

    def get_order(self, order_id):
        """A copy of an order, or None."""
        return self.store.get(ORDERS, str(order_id))

    def get_product(self, product_id):
        """A copy of a product, or None."""
        return self.store.get(PRODUCTS, str(product_id))

    def fulfillments(self, order_id):
        """Copies of the fulfillments created for an order."""
        return self.store.get(FULFILLMENTS, str(order_id), [])

    def inventory(self):
        """``{sku: quantity}``."""
        with self.store.lock:
            return dict(self.store.collection(INVENTORY))

    def cancel_order(self, order_id):
        """Mark an order cancelled and bump its ``updated_at``; KeyError if
        unknown. Returns a copy of the order."""
        with self.store.lock:
            order = self.store.collection(ORDERS)[str(order_id)]
            order["status"] = "cancelled"
            self._touch(order)
            return copy.deepcopy(order)

    def set_rate_limit(self, bucket_size=None, leak_rate=None):
        """Replace the leaky bucket (emptied); None keeps the current value."""
        self.bucket = LeakyBucket(
            bucket_size or self.bucket.size, leak_rate or self.bucket.leak_rate
        )
        return {"bucket_size": self.bucket.size, "leak_rate": self.bucket.leak_rate}

    def send_order_webhook(
        self, url, order_id, topic="orders/updated", webhook_id=None
    ):
        """POST the order document, signed, to a loopback ``url``.

        Returns ``(status, body bytes)`` of the receiver. KeyError for an
        unknown order, ValueError for a bad topic or a non-loopback URL,
        OSError when the receiver cannot be reached. Pass ``webhook_id`` to
        replay a delivery (same ``X-Shop-Webhook-Id``).
        """
        if topic not in WEBHOOK_TOPICS:
            raise ValueError(f"Unknown topic {topic!r}; known: {WEBHOOK_TOPICS}")
        order = self.get_order(order_id)
        if order is None:
            raise KeyError(order_id)
        body = dumps(order)
        headers = {
            "Content-Type": "application/json",
            "X-Shop-Topic": topic,
            "X-Shop-Webhook-Id": webhook_id or str(uuid.uuid4()),
            "X-Shop-Triggered-At": format_time(self.now()),
            "X-Shop-Hmac-Sha256": sign(self.webhook_secret, body),
        }
        return self.send_webhook(url, body, headers)

    # === INTERNALS === #

    def _bumped(self, previous):
        """Now, or one second after ``previous`` if the clock has not moved
        past it: every change gives a strictly newer ``updated_at``."""
        moment = self.now()
        if previous:
            try:
                last = parse_time(previous).replace(microsecond=0)
            except ValueError:
                last = None
            if last is not None and moment <= last:
                moment = last + timedelta(seconds=1)
        return format_time(moment)

    def _save_order(self, order):
        """Store a document (lock held) and index its pagination key."""
        order_id = str(order["id"])
        key = (parse_time(order["updated_at"]), natural_key(order_id))
        self.store.collection(ORDERS)[order_id] = order
        self.store.collection(ORDER_KEYS)[order_id] = key

    def _touch(self, order):
        order["updated_at"] = self._bumped(order.get("updated_at"))
        self._save_order(order)

    def _order(self, order_id):
        order = self.store.collection(ORDERS).get(order_id)
        if order is None:
            raise HttpError(404, "not_found", f"Order {order_id} not found")
        return order

    @staticmethod
    def _cursor(request, size):
        raw = request.arg("cursor")
        if not raw:
            return None
        try:
            values = decode_cursor(raw)
            if len(values) != size:
                raise ValueError("Invalid cursor")
            return values
        except (TypeError, ValueError):
            raise HttpError(400, "invalid", "Invalid cursor") from None

    def _remaining(self, order):
        """``{line id: quantity not fulfilled yet}`` (lock held)."""
        done = Counter()
        recorded = self.store.collection(FULFILLMENTS).get(str(order["id"]), [])
        for fulfillment in recorded:
            for line in fulfillment["lines"]:
                done[line["line_id"]] += line["quantity"]
        # A seeded "fulfilled" order without our records has nothing left.
        closed = not recorded and order.get("fulfillment_status") == "fulfilled"
        remaining = {}
        for line in order.get("lines") or []:
            if not isinstance(line, dict) or line.get("id") is None:
                continue
            try:
                quantity = int(line.get("quantity") or 0)
            except (TypeError, ValueError):
                quantity = 0
            line_id = str(line["id"])
            remaining[line_id] = 0 if closed else max(0, quantity - done[line_id])
        return remaining

    # === API: SHOP, ORDERS, PRODUCTS === #

    @route("GET", "/api/shop")
    def api_shop(self, request):
        return {"shop": {"name": self.shop_name, "currency": self.currency}}

    @route("GET", "/api/orders")
    def api_list_orders(self, request):
        limit = request.int_arg("limit", DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE)
        since = None
        if request.arg("updated_since"):
            try:
                since = parse_time(request.arg("updated_since"))
            except ValueError:
                raise HttpError(
                    400, "invalid", "updated_since must be an ISO 8601 timestamp"
                ) from None
        after = self._cursor(request, 2)
        if after is not None:
            try:
                after = (parse_time(after[0]), natural_key(after[1]))
            except ValueError:
                raise HttpError(400, "invalid", "Invalid cursor") from None
        with self.store.lock:
            keyed = [
                (key, order_id)
                for order_id, key in self.store.collection(ORDER_KEYS).items()
                if since is None or key[0] >= since
            ]
            ids, last, more = keyset_page(keyed, limit, after)
            orders = [copy.deepcopy(self.store.collection(ORDERS)[i]) for i in ids]
        cursor = encode_cursor([format_time(last[0]), ids[-1]]) if more else None
        return {"orders": orders, "next_cursor": cursor}

    @route("GET", "/api/orders/<order_id>")
    def api_get_order(self, request, order_id):
        with self.store.lock:
            return {"order": copy.deepcopy(self._order(order_id))}

    @route("GET", "/api/products")
    def api_list_products(self, request):
        limit = request.int_arg("limit", DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE)
        after = self._cursor(request, 1)
        if after is not None:
            after = natural_key(after[0])
        with self.store.lock:
            products = self.store.collection(PRODUCTS)
            keyed = [(natural_key(pid), pid) for pid in products]
            ids, _last, more = keyset_page(keyed, limit, after)
            inventory = self.store.collection(INVENTORY)
            page = []
            for product_id in ids:
                product = copy.deepcopy(products[product_id])
                if product.get("sku") in inventory:
                    product["inventory_quantity"] = inventory[product["sku"]]
                page.append(product)
        cursor = encode_cursor([ids[-1]]) if more else None
        return {"products": page, "next_cursor": cursor}

    @route("PUT", "/api/products/<product_id>")
    def api_update_product(self, request, product_id):
        """Update the editable fields of a product (title, description, price)."""
        changes = request.json_object().get("product")
        if not isinstance(changes, dict):
            raise HttpError(400, "invalid", "product must be an object")
        unknown = set(changes) - {"title", "description", "price"}
        if unknown:
            raise HttpError(400, "invalid", f"fields not editable: {sorted(unknown)}")
        with self.store.lock:
            products = self.store.collection(PRODUCTS)
            if product_id not in products:
                raise HttpError(404, "not_found", f"Product {product_id} not found")
            products[product_id].update(changes)
            products[product_id]["updated_at"] = format_time(self.now())
            return {"product": copy.deepcopy(products[product_id])}

    # === API: INVENTORY === #

    @route("GET", "/api/inventory")
    def api_get_inventory(self, request):
        """Levels of the listed SKUs (unknown ones left out), or of all."""
        wanted = [sku.strip() for sku in (request.arg("skus") or "").split(",")]
        wanted = list(dict.fromkeys(sku for sku in wanted if sku))
        with self.store.lock:
            inventory = dict(self.store.collection(INVENTORY))
        skus = wanted or sorted(inventory)
        levels = [{"sku": s, "quantity": inventory[s]} for s in skus if s in inventory]
        return {"levels": levels}

    @route("POST", "/api/inventory/set")
    def api_set_inventory(self, request):
        items = request.json_object().get("items")
        if not isinstance(items, list):
            raise HttpError(400, "invalid", "items must be a list")
        if len(items) > MAX_INVENTORY_ITEMS:
            raise HttpError(
                400,
                "invalid",
                f"At most {MAX_INVENTORY_ITEMS} items per call, got {len(items)}",
            )
        for item in items:
            if not (
                isinstance(item, dict)
                and isinstance(item.get("sku"), str)
                and _is_int(item.get("quantity"))
            ):
                raise HttpError(
                    400,
                    "invalid",
                    "Each item needs a sku (string) and a quantity (integer)",
                )
        updated, errors = 0, []
        with self.store.lock:
            inventory = self.store.collection(INVENTORY)
            index = self.store.collection(SKU_INDEX)
            products = self.store.collection(PRODUCTS)
            for item in items:
                sku = item["sku"]
                if sku not in inventory:
                    errors.append({"sku": sku, "message": f"Unknown SKU {sku}"})
                    continue
                inventory[sku] = item["quantity"]
                updated += 1
                product = products.get(index.get(sku))
                if product is not None:
                    product["inventory_quantity"] = item["quantity"]
                    product["updated_at"] = self._bumped(product.get("updated_at"))
        return {"updated": updated, "errors": errors}

    # === API: FULFILMENT === #

    @route("GET", "/api/orders/<order_id>/fulfillments")
    def api_list_fulfillments(self, request, order_id):
        with self.store.lock:
            self._order(order_id)
            found = self.store.collection(FULFILLMENTS).get(order_id, [])
            return {"fulfillments": copy.deepcopy(found)}

    @staticmethod
    def _fulfillment_request(payload):
        """``(requested {line id: quantity}, tracking, carrier)`` or 400."""
        lines = payload.get("lines")
        if not isinstance(lines, list) or not lines:
            raise HttpError(400, "invalid", "lines must be a non-empty list")
        requested = {}
        for line in lines:
            if not (
                isinstance(line, dict)
                and isinstance(line.get("line_id"), str)
                and _is_int(line.get("quantity"))
                and line["quantity"] > 0
            ):
                raise HttpError(
                    400,
                    "invalid",
                    "Each line needs a line_id (string) and a quantity (integer > 0)",
                )
            requested[line["line_id"]] = requested.get(line["line_id"], 0)
            requested[line["line_id"]] += line["quantity"]
        for field in ("tracking_number", "carrier"):
            if payload.get(field) is not None and not isinstance(payload[field], str):
                raise HttpError(400, "invalid", f"{field} must be a string")
        return requested, payload.get("tracking_number"), payload.get("carrier")

    @route("POST", "/api/orders/<order_id>/fulfillments")
    def api_create_fulfillment(self, request, order_id):
        requested, tracking, carrier = self._fulfillment_request(request.json_object())
        with self.store.lock:
            order = self._order(order_id)
            if order.get("status") == "cancelled":
                raise HttpError(400, "invalid", f"Order {order_id} is cancelled")
            remaining = self._remaining(order)
            for line_id, quantity in requested.items():
                if line_id not in remaining:
                    raise HttpError(400, "invalid", f"Order has no line {line_id}")
                if quantity > remaining[line_id]:
                    raise HttpError(
                        400,
                        "invalid",
                        f"Line {line_id}: {quantity} requested but only "
                        f"{remaining[line_id]} left to fulfil",
                    )
            fulfillment = {
                "id": str(next(self._fulfillment_ids)),
                "order_id": order_id,
                "lines": [{"line_id": i, "quantity": q} for i, q in requested.items()],
                "tracking_number": tracking,
                "carrier": carrier,
                "created_at": format_time(self.now()),
            }
            self.store.collection(FULFILLMENTS).setdefault(order_id, []).append(
                fulfillment
            )
            left = sum(remaining.values()) - sum(requested.values())
            order["fulfillment_status"] = "fulfilled" if left <= 0 else "partial"
            self._touch(order)
            return json_response({"fulfillment": copy.deepcopy(fulfillment)}, 201)

    # === WEBHOOK SUBSCRIPTIONS === #

    def webhooks(self):
        """Copies of the webhook subscriptions, oldest first."""
        with self.store.lock:
            hooks = list(self.store.collection(WEBHOOKS).values())
        return sorted(copy.deepcopy(hooks), key=lambda hook: hook["id"])

    @route("GET", "/api/webhooks")
    def api_list_webhooks(self, request):
        return {"webhooks": self.webhooks()}

    @route("POST", "/api/webhooks")
    def api_create_webhook(self, request):
        """``{"webhook": {"topic", "address"}}``; one subscription per topic
        and address."""
        hook = request.json_object().get("webhook")
        if not isinstance(hook, dict):
            raise HttpError(400, "invalid", "Body must be {'webhook': {...}}")
        topic, address = hook.get("topic"), hook.get("address")
        if topic not in WEBHOOK_TOPICS:
            raise HttpError(400, "invalid", f"topic must be one of {WEBHOOK_TOPICS}")
        if not isinstance(address, str) or not address.startswith(
            ("http://", "https://")
        ):
            raise HttpError(400, "invalid", "address must be an http(s) URL")
        with self.store.lock:
            hooks = self.store.collection(WEBHOOKS)
            for existing in hooks.values():
                if existing["topic"] == topic and existing["address"] == address:
                    raise HttpError(422, "taken", "This webhook exists already")
            created = {"id": len(hooks) + 1, "topic": topic, "address": address}
            hooks[str(created["id"])] = created
        return json_response({"webhook": copy.deepcopy(created)}, 201)

    # === TEST CONTROLS === #

    @route("POST", "/_sandbox/orders/<order_id>/cancel")
    def sandbox_cancel_order(self, request, order_id):
        try:
            return {"order": self.cancel_order(order_id)}
        except KeyError:
            raise HttpError(404, "not_found", f"Order {order_id} not found") from None

    @route("POST", "/_sandbox/rate_limit")
    def sandbox_rate_limit(self, request):
        """``{"bucket_size": int, "leak_rate": number}`` (either optional)."""
        payload = request.json_object()
        size, rate = payload.get("bucket_size"), payload.get("leak_rate")
        bad_size = size is not None and (not _is_int(size) or size < 1)
        bad_rate = rate is not None and (
            not isinstance(rate, (int, float)) or isinstance(rate, bool) or rate <= 0
        )
        if bad_size or bad_rate:
            raise HttpError(400, "invalid", "bucket_size >= 1, leak_rate > 0")
        return self.set_rate_limit(size, rate)

    @route("POST", "/_sandbox/webhooks/send")
    def sandbox_send_webhook(self, request):
        """Deliver a webhook; the answer has the receiver's status and
        ``{"status", "body", "webhook_id", "topic"}``."""
        payload = request.json_object()
        url, topic = payload.get("url"), payload.get("topic")
        order_id = str(payload.get("order_id"))
        if not isinstance(url, str) or not is_loopback_url(url):
            raise HttpError(400, "invalid", "url must be a loopback http(s) URL")
        if topic not in WEBHOOK_TOPICS:
            raise HttpError(400, "invalid", f"topic must be one of {WEBHOOK_TOPICS}")
        webhook_id = payload.get("webhook_id") or str(uuid.uuid4())
        try:
            status, body = self.send_order_webhook(url, order_id, topic, webhook_id)
        except KeyError:
            raise HttpError(404, "not_found", f"Order {order_id} not found") from None
        except OSError as error:
            raise HttpError(
                502, "webhook_failed", f"Receiver unreachable: {error}"
            ) from None
        answer = {
            "status": status,
            "body": body.decode("utf-8", "replace"),
            "webhook_id": webhook_id,
            "topic": topic,
        }
        return json_response(answer, status)
