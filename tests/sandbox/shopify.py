"""Sandbox of the Shopify Admin GraphQL API (what the suite's Shopify adapter
calls), on a real GraphQL parser (``graphql-core``).

Wire format:

- ``POST /admin/api/<version>/graphql.json`` with ``X-Shopify-Access-Token``;
  body ``{"query", "variables", "operationName"}``; a wrong token gets 401
  ``{"errors": "[API] Invalid API key or access token ..."}``;
- every answer carries ``extensions.cost`` (requested and actual cost, and
  ``throttleStatus``: ``maximumAvailable``, ``currentlyAvailable``,
  ``restoreRate``); a query costing more than what is available is answered
  200 with ``{"errors": [{"message": "Throttled", "extensions": {"code":
  "THROTTLED"}}]}`` and no ``data``; more than 1,000 requested points gives
  ``MAX_COST_EXCEEDED``;
- business errors of mutations are ``userErrors`` in a 200 answer;
- injected 429s carry ``Retry-After`` and Shopify's REST-style body.

Root fields: ``shop``, ``locations``, ``orders`` (``query`` with
``updated_at:>=``/``>``/``<``, ``sortKey`` UPDATED_AT/CREATED_AT/ID),
``order``, ``products``, ``nodes``, ``webhookSubscriptions``; mutations
``inventorySetQuantities`` (250 quantities max, compare-and-set with
``changeFromQuantity``, ``@idempotent(key:)`` required from 2026-04),
``fulfillmentCreate`` (against fulfillment orders), ``productVariantsBulkUpdate``,
``productUpdate``, ``productSet``, ``webhookSubscriptionCreate``.

Seeding (``POST /_sandbox/seed``) takes Shopify REST documents, the format
of the official samples and of webhooks: ``{"orders": [...], "products":
[...], "locations": [...]}``. Webhooks are sent with
:meth:`ShopifySandbox.send_topic_webhook`, signed like Shopify
(``X-Shopify-Hmac-Sha256`` = base64 HMAC-SHA256 of the raw body).
"""

import base64
import copy
import hashlib
import hmac
import itertools
import json
import threading
import time
import uuid

from .core import HttpError, SandboxServer, json_response, route
from .registry import register
from .routing import dumps
from .shopify_documents import (
    gid,
    legacy_id,
    make_order,
    now_iso,
    order_to_graphql,
    product_to_graphql,
)
from .shopify_graphql import GraphQLError, Operation

__all__ = ["ShopifySandbox", "make_order", "sign"]

MAX_INPUT_ARRAY = 250
MAX_QUERY_COST = 1000
IDEMPOTENCY_REQUIRED_FROM = "2026-04"
ORDERS, REST_ORDERS, PRODUCTS, VARIANTS = (
    "orders",
    "rest_orders",
    "products",
    "variants",
)
LEVELS, LOCATIONS, FULFILLMENT_ORDERS = "levels", "locations", "fulfillment_orders"
FULFILLMENTS, WEBHOOKS, IDEMPOTENCY = "fulfillments", "webhooks", "idempotency"
DEFAULT_LOCATION = "655441491"
UNAUTHORIZED = (
    "[API] Invalid API key or access token (unrecognized login or wrong password)"
)


def sign(secret, body_bytes):
    """The ``X-Shopify-Hmac-Sha256`` of a webhook body."""
    key = secret.encode() if isinstance(secret, str) else secret
    return base64.b64encode(hmac.new(key, body_bytes, hashlib.sha256).digest()).decode()


class CostBucket:
    """Shopify's GraphQL leaky bucket, in points."""

    def __init__(self, maximum, restore_rate, clock=time.monotonic):
        self.maximum = float(maximum)
        self.restore_rate = float(restore_rate)
        self._clock = clock
        self._available = self.maximum
        self._last = clock()
        self._lock = threading.Lock()

    def available(self):
        with self._lock:
            now = self._clock()
            self._available = min(
                self.maximum, self._available + (now - self._last) * self.restore_rate
            )
            self._last = now
            return self._available

    def take(self, points):
        self.available()
        with self._lock:
            self._available -= points

    def status(self):
        return {
            "maximumAvailable": self.maximum,
            "currentlyAvailable": int(self.available()),
            "restoreRate": self.restore_rate,
        }


def _parse_search(text):
    """Terms of Shopify's search syntax that the sandbox understands:
    ``[(field, operator, value)]`` for ``field:>=value`` etc."""
    terms = []
    for token in (text or "").replace(" AND ", " ").split():
        field, sep, rest = token.partition(":")
        if not sep:
            continue
        operator = ""
        for candidate in (">=", "<=", ">", "<"):
            if rest.startswith(candidate):
                operator, rest = candidate, rest[len(candidate) :]
                break
        terms.append((field, operator or "=", rest.strip("'\"")))
    return terms


def _matches(document, terms):
    from .testshop import parse_time  # same ISO parsing rules

    for field, operator, value in terms:
        if field in ("updated_at", "created_at"):
            key = "updatedAt" if field == "updated_at" else "createdAt"
            mine, theirs = parse_time(document[key]), parse_time(value)
            ok = {
                ">=": mine >= theirs,
                ">": mine > theirs,
                "<=": mine <= theirs,
                "<": mine < theirs,
                "=": mine == theirs,
            }[operator]
            if not ok:
                return False
        elif field == "sku":
            skus = {v.get("sku") for v in document.get("variants") or []}
            if value not in skus:
                return False
    return True


@register("shopify")
class ShopifySandbox(SandboxServer):
    """The Shopify Admin GraphQL API, in-process or from the CLI.

    :param str token: the accepted ``X-Shopify-Access-Token``
    :param str api_secret: app secret keying the webhook HMAC
    :param str shop_name: answered by ``shop { name }``
    :param str currency: the shop currency
    :param float bucket_size: ``maximumAvailable`` points (Shopify standard:
        2,000; larger by default so tests meet it only when they mean to)
    :param float restore_rate: points restored per second
    :param bool throttle_http_429: answer THROTTLED with HTTP 429 instead of
        200 (both are reported by clients)
    """

    def __init__(
        self,
        port=0,
        host="127.0.0.1",
        verbose=False,
        *,
        token="shpat_test_token",
        api_secret="shpss_test_secret",
        shop_name="Léon's Test Shop",
        domain="test-shop.myshopify.com",
        currency="EUR",
        bucket_size=100000.0,
        restore_rate=10000.0,
        throttle_http_429=False,
    ):
        self.token = token
        self.api_secret = api_secret
        self.shop_name = shop_name
        self.domain = domain
        self.currency = currency
        self.throttle_http_429 = throttle_http_429
        self._bucket_defaults = (bucket_size, restore_rate)
        self.bucket = CostBucket(bucket_size, restore_rate)
        self.throttled = 0
        self.max_cost_seen = 0
        self._ids = itertools.count(900000001)
        super().__init__(port, host, verbose)
        self.on_reset()

    # === FRAMEWORK HOOKS === #

    def authenticate(self, request):
        given = (request.header("X-Shopify-Access-Token") or "").encode()
        if not hmac.compare_digest(given, self.token.encode()):
            raise HttpError(401, "unauthorized", UNAUTHORIZED)

    def error_body(self, status, code, message):
        return {"errors": message}

    def fault_response(self, kind, retry_after, request):
        if kind == "429":
            return json_response(
                {
                    "errors": "Exceeded 2 calls per second for api client. Reduce "
                    "request rates to resume uninterrupted service."
                },
                429,
                {"Retry-After": f"{float(retry_after):.1f}"},
            )
        return json_response({"errors": "Internal Server Error"}, 503)

    def on_reset(self):
        self.bucket = CostBucket(*self._bucket_defaults)
        self.throttled = 0
        self.max_cost_seen = 0
        with self.store.lock:
            self.store.collection(LOCATIONS)[DEFAULT_LOCATION] = {
                "__typename": "Location",
                "id": gid("Location", DEFAULT_LOCATION),
                "legacyResourceId": DEFAULT_LOCATION,
                "name": "Main warehouse",
                "isActive": True,
            }

    def banner(self):
        return [
            f"X-Shopify-Access-Token: {self.token}",
            f"app secret (webhooks): {self.api_secret}",
            f"GraphQL: {self.url}/admin/api/2026-01/graphql.json",
        ]

    @classmethod
    def demo_data(cls):
        products = [
            ("TS-MUG-01", "5400000000010", "Ceramic mug", "12.50"),
            ("TS-TEE-M", "5400000000027", "Organic T-shirt (M)", "25.00"),
            ("TS-BOOK", "", "Cook book", "30.00"),
        ]
        return {
            "products": [
                {
                    "id": 8000 + i,
                    "title": title,
                    "variants": [
                        {
                            "id": 9000 + i,
                            "sku": sku,
                            "barcode": barcode,
                            "price": price,
                            "inventory_quantity": 10,
                        }
                    ],
                }
                for i, (sku, barcode, title, price) in enumerate(products)
            ],
            "orders": [
                make_order(1001),
                make_order(1002, taxes_included=False),
                make_order(
                    1003,
                    discounts=[
                        {
                            "code": "TENOFF",
                            "value_type": "fixed_amount",
                            "value": "10.00",
                        }
                    ],
                ),
                make_order(1004, refunds=[{"lines": [(0, 1, True)]}]),
                make_order(1005, cancelled=True, financial_status="voided"),
            ],
        }

    def seed(self, payload):
        """Seed ``{"orders", "products", "locations"}`` REST documents."""
        if not isinstance(payload, dict):
            raise ValueError("Seed payload must be an object")
        unknown = sorted(set(payload) - {"orders", "products", "locations"})
        if unknown:
            raise ValueError(f"Unknown seed collection(s): {', '.join(unknown)}")
        for name in ("orders", "products", "locations"):
            documents = payload.get(name) or []
            if not isinstance(documents, list) or not all(
                isinstance(d, dict) and d.get("id") for d in documents
            ):
                raise ValueError(f"{name} must be a list of documents with an id")
        return {
            "locations": len(self.seed_locations(payload.get("locations") or [])),
            "products": len(self.seed_products(payload.get("products") or [])),
            "orders": len(self.seed_orders(payload.get("orders") or [])),
        }

    # === PYTHON API FOR TESTS === #

    def seed_locations(self, locations):
        with self.store.lock:
            for location in locations:
                lid = str(location["id"])
                self.store.collection(LOCATIONS)[lid] = {
                    "__typename": "Location",
                    "id": gid("Location", lid),
                    "legacyResourceId": lid,
                    "name": location.get("name") or f"Location {lid}",
                    "isActive": location.get("active", True),
                }
        return locations

    def seed_products(self, products):
        """Store REST products; each variant's ``inventory_quantity`` is its
        available quantity at the default location (or ``{location id: qty}``
        in ``inventory_levels``)."""
        with self.store.lock:
            for rest in products:
                node = product_to_graphql(rest)
                self.store.collection(PRODUCTS)[node["legacyResourceId"]] = node
                for variant, rest_variant in zip(
                    node["variants"], rest.get("variants") or [], strict=True
                ):
                    self.store.collection(VARIANTS)[variant["legacyResourceId"]] = node[
                        "legacyResourceId"
                    ]
                    levels = rest_variant.get("inventory_levels") or {
                        DEFAULT_LOCATION: rest_variant.get("inventory_quantity") or 0
                    }
                    item = variant["inventoryItem"]["legacyResourceId"]
                    self.store.collection(LEVELS)[item] = {
                        str(k): int(v) for k, v in levels.items()
                    }
        return products

    def seed_orders(self, orders):
        """Store REST orders (kept as given, for webhooks) and their GraphQL
        objects with one open fulfillment order at the default location."""
        with self.store.lock:
            variants = self._variant_index()
            for rest in orders:
                rest = copy.deepcopy(rest)
                order_id = str(rest["id"])
                rest.setdefault("updated_at", now_iso())
                rest.setdefault("created_at", rest["updated_at"])
                self.store.collection(REST_ORDERS)[order_id] = rest
                self.store.collection(ORDERS)[order_id] = order_to_graphql(
                    rest, variants
                )
                self.store.collection(FULFILLMENT_ORDERS)[order_id] = [
                    {
                        "__typename": "FulfillmentOrder",
                        "id": gid("FulfillmentOrder", int(order_id) * 10 + 1),
                        "status": "OPEN",
                        "assignedLocation": {
                            "location": {"id": gid("Location", DEFAULT_LOCATION)}
                        },
                        "lineItems": [
                            {
                                "__typename": "FulfillmentOrderLineItem",
                                "id": gid(
                                    "FulfillmentOrderLineItem", line["id"] * 10 + 1
                                ),
                                "totalQuantity": line["quantity"],
                                "remainingQuantity": line.get(
                                    "fulfillable_quantity", line["quantity"]
                                ),
                                "lineItem": {"id": gid("LineItem", line["id"])},
                            }
                            for line in rest.get("line_items") or []
                            if line.get("requires_shipping", True)
                        ],
                    }
                ]
        return orders

    def order(self, order_id):
        """The GraphQL object of an order (a copy), or None."""
        return self.store.get(ORDERS, str(order_id))

    def rest_order(self, order_id):
        return self.store.get(REST_ORDERS, str(order_id))

    def available(self, inventory_item_id, location_id=DEFAULT_LOCATION):
        """Available quantity of an inventory item at a location, or None."""
        with self.store.lock:
            levels = self.store.collection(LEVELS).get(legacy_id(inventory_item_id))
            return None if levels is None else levels.get(legacy_id(location_id))

    def set_available(self, inventory_item_id, quantity, location_id=DEFAULT_LOCATION):
        """Change a quantity as a sale or a merchant on Shopify would."""
        with self.store.lock:
            levels = self.store.collection(LEVELS)[legacy_id(inventory_item_id)]
            levels[legacy_id(location_id)] = quantity

    def fulfillments(self, order_id):
        return self.store.get(FULFILLMENTS, str(order_id), [])

    def webhook_subscriptions(self):
        return self.store.values(WEBHOOKS)

    def set_cost_limits(self, bucket_size, restore_rate):
        """Replace the cost bucket (full)."""
        self.bucket = CostBucket(bucket_size, restore_rate)

    def cancel_order(self, order_id, reason="customer"):
        """Cancel an order as the merchant would; returns the REST document."""
        with self.store.lock:
            rest = self.store.collection(REST_ORDERS)[str(order_id)]
            stamp = self._bump(rest)
            rest.update(cancelled_at=stamp, closed_at=stamp, cancel_reason=reason)
            self._rebuild(str(order_id))
            return copy.deepcopy(rest)

    def webhook_request(self, topic, payload, secret=None):
        """``(body bytes, headers)`` of a webhook as Shopify signs it; pass
        ``secret`` to sign with another key."""
        body = dumps(payload)
        headers = {
            "Content-Type": "application/json",
            "X-Shopify-Topic": topic,
            "X-Shopify-Hmac-Sha256": sign(secret or self.api_secret, body),
            "X-Shopify-Shop-Domain": self.domain,
            "X-Shopify-API-Version": "2026-01",
            "X-Shopify-Webhook-Id": str(uuid.uuid4()),
            "X-Shopify-Event-Id": str(uuid.uuid4()),
            "X-Shopify-Triggered-At": now_iso(),
        }
        return body, headers

    def send_topic_webhook(self, url, topic, payload, secret=None):
        """POST ``payload`` (a dict) signed like Shopify to a loopback ``url``;
        ``(status, body)``."""
        body, headers = self.webhook_request(topic, payload, secret)
        return self.send_webhook(url, body, headers)

    # === API === #

    @route("POST", "/admin/api/<version>/graphql.json")
    def api_graphql(self, request, version):
        try:
            payload = json.loads(request.body or b"{}")
        except ValueError:
            raise HttpError(400, "invalid", "Invalid JSON body") from None
        if not isinstance(payload, dict):
            raise HttpError(400, "invalid", "Body must be an object")
        try:
            operation = Operation(
                payload.get("query"),
                payload.get("variables"),
                payload.get("operationName"),
            )
        except GraphQLError as error:
            return {"errors": [error.as_dict()]}
        requested = operation.requested_cost()
        self.max_cost_seen = max(self.max_cost_seen, requested)
        cost = {"requestedQueryCost": requested}
        if requested > MAX_QUERY_COST:
            cost.update(actualQueryCost=None, throttleStatus=self.bucket.status())
            error = GraphQLError(
                f"Query cost is {requested}, which exceeds the single query max "
                f"cost limit ({MAX_QUERY_COST}).",
                "MAX_COST_EXCEEDED",
            )
            return {"errors": [error.as_dict()], "extensions": {"cost": cost}}
        if requested > self.bucket.available():
            self.throttled += 1
            cost.update(actualQueryCost=None, throttleStatus=self.bucket.status())
            body = {
                "errors": [
                    {
                        "message": "Throttled",
                        "extensions": {
                            "code": "THROTTLED",
                            "documentation": "https://shopify.dev/api/usage/rate-limits",
                        },
                    }
                ],
                "extensions": {"cost": cost},
            }
            return json_response(body, 429 if self.throttle_http_429 else 200)
        data, actual, errors = {}, 0, []
        with self.store.lock:
            for field in operation.root_fields():
                name = field.name.value
                key = field.alias.value if field.alias else name
                resolver = getattr(self, f"_{operation.kind}_{name}", None)
                if resolver is None:
                    root = "Mutation" if operation.kind == "mutation" else "QueryRoot"
                    errors.append(
                        {
                            "message": f"Field '{name}' doesn't exist on type '{root}'",
                            "extensions": {"code": "undefinedField"},
                        }
                    )
                    continue
                try:
                    value, spent = resolver(
                        operation, field, operation.arguments(field), version
                    )
                except GraphQLError as error:
                    errors.append(error.as_dict())
                    continue
                data[key] = value
                actual += spent
        actual = requested if operation.kind == "mutation" else min(actual, requested)
        self.bucket.take(actual)
        cost.update(actualQueryCost=actual, throttleStatus=self.bucket.status())
        body = {"data": data or None, "extensions": {"cost": cost}}
        if errors:
            body["errors"] = errors
        return body

    # === QUERIES === #

    def _query_shop(self, op, field, args, version):
        shop = {
            "__typename": "Shop",
            "id": gid("Shop", 548380009),
            "name": self.shop_name,
            "currencyCode": self.currency,
            "myshopifyDomain": self.domain,
            "ianaTimezone": "Europe/Brussels",
        }
        return op.project(shop, field.selection_set)

    def _query_locations(self, op, field, args, version):
        locations = self.store.values(LOCATIONS)
        if not args.get("includeInactive"):
            locations = [loc for loc in locations if loc["isActive"]]
        return op.connection(locations, args, field.selection_set)

    def _query_orders(self, op, field, args, version):
        terms = _parse_search(args.get("query"))
        orders = [
            self._order_view(o)
            for o in self.store.collection(ORDERS).values()
            if _matches(o, terms)
        ]
        sort = args.get("sortKey") or "ID"
        if sort not in ("ID", "UPDATED_AT", "CREATED_AT"):
            raise GraphQLError(f"Unsupported sortKey {sort}", "BAD_REQUEST")
        from .testshop import parse_time

        def key(order):
            number = int(order["legacyResourceId"])
            if sort == "ID":
                return [number]
            stamp = order["updatedAt" if sort == "UPDATED_AT" else "createdAt"]
            return [parse_time(stamp).isoformat(), number]

        orders.sort(key=key, reverse=bool(args.get("reverse")))
        return op.connection(orders, args, field.selection_set, key=key)

    def _query_order(self, op, field, args, version):
        order = self.store.collection(ORDERS).get(legacy_id(args.get("id", "")))
        return op.project(
            self._order_view(order) if order else None, field.selection_set
        )

    def _query_products(self, op, field, args, version):
        terms = _parse_search(args.get("query"))
        products = [
            p for p in self.store.collection(PRODUCTS).values() if _matches(p, terms)
        ]
        products.sort(key=lambda p: int(p["legacyResourceId"]))
        return op.connection(
            products,
            args,
            field.selection_set,
            key=lambda p: [int(p["legacyResourceId"])],
        )

    def _query_productVariants(self, op, field, args, version):
        products = self.store.collection(PRODUCTS)
        variants = []
        for product in sorted(
            products.values(), key=lambda p: int(p["legacyResourceId"])
        ):
            for variant in product["variants"]:
                view = dict(variant)
                view["product"] = {
                    key: product[key]
                    for key in (
                        "__typename",
                        "id",
                        "legacyResourceId",
                        "title",
                        "descriptionHtml",
                        "status",
                        "updatedAt",
                    )
                }
                variants.append(view)
        terms = _parse_search(args.get("query"))
        variants = [
            v
            for v in variants
            if all(f != "sku" or v.get("sku") == value for f, _o, value in terms)
        ]
        variants.sort(key=lambda v: int(v["legacyResourceId"]))
        return op.connection(
            variants,
            args,
            field.selection_set,
            key=lambda v: [int(v["legacyResourceId"])],
        )

    def _query_nodes(self, op, field, args, version):
        ids = args.get("ids") or []
        if len(ids) > MAX_INPUT_ARRAY:
            raise GraphQLError(f"ids: at most {MAX_INPUT_ARRAY} items", "BAD_REQUEST")
        nodes = [self._node(i) for i in ids]
        result, cost = op.project(nodes, field.selection_set)
        return result, cost

    def _query_webhookSubscriptions(self, op, field, args, version):
        return op.connection(self.store.values(WEBHOOKS), args, field.selection_set)

    # === MUTATIONS === #

    def _mutation_inventorySetQuantities(self, op, field, args, version):
        key = (op.directive_arguments(field, "idempotent") or {}).get("key")
        if version >= IDEMPOTENCY_REQUIRED_FROM and not key:
            raise GraphQLError(
                "The @idempotent directive is required for this mutation.",
                "BAD_REQUEST",
            )
        data = args.get("input") or {}
        quantities = data.get("quantities") or []
        if len(quantities) > MAX_INPUT_ARRAY:
            raise GraphQLError(
                f"The input array size of {len(quantities)} is greater than the "
                f"maximum allowed of {MAX_INPUT_ARRAY}.",
                "MAX_INPUT_SIZE_EXCEEDED",
            )
        fingerprint = json.dumps(data, sort_keys=True)
        if key:
            seen = self.store.collection(IDEMPOTENCY).get(key)
            if seen is not None:
                if seen["fingerprint"] != fingerprint:
                    return op.project(
                        self._user_errors(
                            "inventoryAdjustmentGroup",
                            [
                                (
                                    "IDEMPOTENCY_KEY_PARAMETER_MISMATCH",
                                    ["input"],
                                    "The idempotency key was used with other "
                                    "parameters.",
                                )
                            ],
                        ),
                        field.selection_set,
                    )[0], 10
                return op.project(seen["result"], field.selection_set)[0], 10
        errors = []
        if data.get("name") not in ("available", "on_hand"):
            errors.append(("INVALID_NAME", ["input", "name"], "Invalid name."))
        if not data.get("reason"):
            errors.append(("INVALID_REASON", ["input", "reason"], "Invalid reason."))
        levels = self.store.collection(LEVELS)
        for index, quantity in enumerate(quantities):
            error = self._check_quantity(index, quantity, levels, version)
            if error:
                errors.append(error)
        if errors:
            result = self._user_errors("inventoryAdjustmentGroup", errors)
        else:
            changes = []
            for quantity in quantities:
                item = legacy_id(quantity["inventoryItemId"])
                location = legacy_id(quantity["locationId"])
                before = levels[item][location]
                levels[item][location] = quantity["quantity"]
                changes.append(
                    {
                        "name": data["name"],
                        "delta": quantity["quantity"] - before,
                        "quantityAfterChange": quantity["quantity"],
                        "item": {"id": gid("InventoryItem", item)},
                        "location": {"id": gid("Location", location)},
                    }
                )
            result = {
                "inventoryAdjustmentGroup": {
                    "__typename": "InventoryAdjustmentGroup",
                    "id": gid("InventoryAdjustmentGroup", next(self._ids)),
                    "reason": data["reason"],
                    "referenceDocumentUri": data.get("referenceDocumentUri"),
                    "changes": changes,
                },
                "userErrors": [],
            }
        if key:
            self.store.collection(IDEMPOTENCY)[key] = {
                "fingerprint": fingerprint,
                "result": result,
            }
        return op.project(result, field.selection_set)[0], 10

    def _mutation_fulfillmentCreate(self, op, field, args, version):
        data = args.get("fulfillment") or {}
        groups = data.get("lineItemsByFulfillmentOrder") or []
        errors, plan = [], []
        order_id = None
        for group in groups:
            fo_id = group.get("fulfillmentOrderId")
            found = self._fulfillment_order(fo_id)
            if found is None:
                errors.append(
                    (
                        None,
                        ["fulfillment"],
                        f"Fulfillment order {fo_id} does not exist.",
                    )
                )
                continue
            order_id, fo = found
            if fo["status"] not in ("OPEN", "IN_PROGRESS"):
                errors.append(
                    (
                        None,
                        ["fulfillment"],
                        "The fulfillment order is not in an open state.",
                    )
                )
                continue
            lines = {line["id"]: line for line in fo["lineItems"]}
            wanted = group.get("fulfillmentOrderLineItems")
            if not wanted:
                wanted = [
                    {"id": i, "quantity": line["remainingQuantity"]}
                    for i, line in lines.items()
                    if line["remainingQuantity"]
                ]
            for item in wanted:
                line = lines.get(item.get("id"))
                if (
                    line is None
                    or not 0
                    < int(item.get("quantity") or 0)
                    <= line["remainingQuantity"]
                ):
                    errors.append(
                        (
                            None,
                            ["fulfillment"],
                            f"Invalid fulfillment order line item quantity "
                            f"requested for {item.get('id')}.",
                        )
                    )
                    continue
                plan.append((fo, line, int(item["quantity"])))
        if errors or not plan:
            result = self._user_errors(
                "fulfillment", errors or [(None, ["fulfillment"], "Nothing to fulfil.")]
            )
            return op.project(result, field.selection_set)[0], 10
        for fo, line, quantity in plan:
            line["remainingQuantity"] -= quantity
            if not any(li["remainingQuantity"] for li in fo["lineItems"]):
                fo["status"] = "CLOSED"
            else:
                fo["status"] = "IN_PROGRESS"
        tracking = data.get("trackingInfo") or {}
        numbers = tracking.get("numbers") or (
            [tracking["number"]] if tracking.get("number") else []
        )
        fulfillment = {
            "__typename": "Fulfillment",
            "id": gid("Fulfillment", next(self._ids)),
            "status": "SUCCESS",
            "createdAt": now_iso(),
            "trackingInfo": [
                {
                    "company": tracking.get("company"),
                    "number": number,
                    "url": tracking.get("url"),
                }
                for number in numbers
            ],
            "fulfillmentLineItems": [
                {"lineItem": {"id": line["lineItem"]["id"]}, "quantity": quantity}
                for _fo, line, quantity in plan
            ],
            "notifyCustomer": bool(data.get("notifyCustomer")),
        }
        self.store.collection(FULFILLMENTS).setdefault(order_id, []).append(fulfillment)
        self._after_fulfillment(order_id)
        result = {"fulfillment": fulfillment, "userErrors": []}
        return op.project(result, field.selection_set)[0], 10

    def _mutation_productVariantsBulkUpdate(self, op, field, args, version):
        product = self.store.collection(PRODUCTS).get(
            legacy_id(args.get("productId", ""))
        )
        if product is None:
            result = self._user_errors(
                "productVariants",
                [("PRODUCT_DOES_NOT_EXIST", ["productId"], "Product does not exist")],
            )
            return op.project(result, field.selection_set)[0], 10
        variants = {v["id"]: v for v in product["variants"]}
        inputs = args.get("variants") or []
        errors = [
            (
                "PRODUCT_VARIANT_DOES_NOT_EXIST",
                ["variants", str(i), "id"],
                "Product variant does not exist",
            )
            for i, v in enumerate(inputs)
            if v.get("id") not in variants
        ]
        if errors:
            result = self._user_errors("productVariants", errors)
            return op.project(result, field.selection_set)[0], 10
        updated = []
        for data in inputs:
            variant = variants[data["id"]]
            for name in ("price", "compareAtPrice", "barcode"):
                if name in data:
                    variant[name] = data[name]
            if "sku" in (data.get("inventoryItem") or {}):
                variant["sku"] = data["inventoryItem"]["sku"]
            variant["updatedAt"] = now_iso()
            updated.append(variant)
        product["updatedAt"] = now_iso()
        result = {"product": product, "productVariants": updated, "userErrors": []}
        return op.project(result, field.selection_set)[0], 10

    def _mutation_productUpdate(self, op, field, args, version):
        data = args.get("product") or args.get("input") or {}
        product = self.store.collection(PRODUCTS).get(legacy_id(data.get("id", "")))
        if product is None:
            result = self._user_errors(
                "product", [(None, ["id"], "Product does not exist")]
            )
            return op.project(result, field.selection_set)[0], 10
        for name in ("title", "descriptionHtml", "status"):
            if name in data:
                product[name] = data[name]
        for media in args.get("media") or []:
            product["media"].append(
                {
                    "__typename": "MediaImage",
                    "alt": media.get("alt"),
                    "src": media.get("originalSource"),
                }
            )
        product["updatedAt"] = now_iso()
        return op.project({"product": product, "userErrors": []}, field.selection_set)[
            0
        ], 10

    def _mutation_productSet(self, op, field, args, version):
        """Create (no ``id``) or replace a product with its variants."""
        data = args.get("input") or args.get("product") or {}
        products = self.store.collection(PRODUCTS)
        if data.get("id"):
            product = products.get(legacy_id(data["id"]))
            if product is None:
                result = self._user_errors(
                    "product",
                    [
                        (
                            "PRODUCT_DOES_NOT_EXIST",
                            ["input", "id"],
                            "Product does not exist",
                        )
                    ],
                )
                return op.project(result, field.selection_set)[0], 10
            product_id = product["legacyResourceId"]
            known = {v["sku"]: v for v in product["variants"]}
        else:
            product_id, known = str(next(self._ids)), {}
        variants = []
        for data_variant in data.get("variants") or []:
            sku = (data_variant.get("inventoryItem") or {}).get(
                "sku"
            ) or data_variant.get("sku")
            old = known.get(sku)
            variant_id = old["legacyResourceId"] if old else str(next(self._ids))
            item_id = (
                old["inventoryItem"]["legacyResourceId"]
                if old
                else str(next(self._ids))
            )
            variants.append(
                {
                    "id": int(variant_id),
                    "inventory_item_id": int(item_id),
                    "sku": sku,
                    "barcode": data_variant.get("barcode"),
                    "price": data_variant.get("price"),
                    "title": data_variant.get("title") or "Default Title",
                    "inventory_management": "shopify",
                }
            )
        rest = {
            "id": int(product_id),
            "title": data.get("title"),
            "body_html": data.get("descriptionHtml"),
            "updated_at": now_iso(),
            "variants": variants,
            "images": [
                {"src": f.get("originalSource"), "alt": f.get("alt")}
                for f in data.get("files") or []
            ],
        }
        self.seed_products([rest])
        result = {"product": products[product_id], "userErrors": []}
        return op.project(result, field.selection_set)[0], 10

    def _mutation_webhookSubscriptionCreate(self, op, field, args, version):
        topic = args.get("topic")
        data = args.get("webhookSubscription") or {}
        url = data.get("uri") or data.get("callbackUrl")
        if not topic or not url:
            result = self._user_errors(
                "webhookSubscription",
                [(None, ["webhookSubscription"], "Address can't be blank")],
            )
            return op.project(result, field.selection_set)[0], 10
        for existing in self.store.collection(WEBHOOKS).values():
            if existing["topic"] == topic and existing["uri"] == url:
                result = self._user_errors(
                    "webhookSubscription",
                    [
                        (
                            None,
                            ["webhookSubscription", "callbackUrl"],
                            "Address for this topic has already been taken",
                        )
                    ],
                )
                return op.project(result, field.selection_set)[0], 10
        subscription = {
            "__typename": "WebhookSubscription",
            "id": gid("WebhookSubscription", next(self._ids)),
            "topic": topic,
            "uri": url,
            "format": data.get("format") or "JSON",
            "endpoint": {"__typename": "WebhookHttpEndpoint", "callbackUrl": url},
        }
        self.store.collection(WEBHOOKS)[subscription["id"]] = subscription
        return op.project(
            {"webhookSubscription": subscription, "userErrors": []}, field.selection_set
        )[0], 10

    # === INTERNALS === #

    @staticmethod
    def _check_quantity(index, quantity, levels, version):
        """The user error of one ``inventorySetQuantities`` quantity, or None."""
        path = ["input", "quantities", str(index)]
        item = legacy_id(quantity.get("inventoryItemId", ""))
        location = legacy_id(quantity.get("locationId", ""))
        if (
            version >= IDEMPOTENCY_REQUIRED_FROM
            and "changeFromQuantity" not in quantity
        ):
            raise GraphQLError(
                f"input.quantities.{index}.changeFromQuantity is required "
                "(null skips the check)",
                "INVALID_VARIABLE",
            )
        if item not in levels:
            return (
                "INVALID_INVENTORY_ITEM",
                path + ["inventoryItemId"],
                "The specified inventory item could not be found.",
            )
        if location not in levels[item]:
            return (
                "ITEM_NOT_STOCKED_AT_LOCATION",
                path + ["locationId"],
                "The inventory item is not stocked at the location.",
            )
        if not isinstance(quantity.get("quantity"), int) or quantity["quantity"] < 0:
            return (
                "INVALID_QUANTITY_NEGATIVE",
                path + ["quantity"],
                "The quantity can't be negative.",
            )
        expected = quantity.get("changeFromQuantity")
        if expected is not None and expected != levels[item][location]:
            return (
                "CHANGE_FROM_QUANTITY_STALE",
                path + ["changeFromQuantity"],
                "The changeFromQuantity does not match the current quantity.",
            )
        return None

    @staticmethod
    def _user_errors(payload_field, errors):
        return {
            payload_field: None,
            "userErrors": [
                {"__typename": "UserError", "code": code, "field": path, "message": msg}
                for code, path, msg in errors
            ],
        }

    def _variant_index(self):
        variants = {}
        for product in self.store.collection(PRODUCTS).values():
            for variant in product["variants"]:
                variants[variant["legacyResourceId"]] = variant
        return variants

    def _order_view(self, order):
        """An order with its live fulfillment orders and fulfillments."""
        view = dict(order)
        order_id = order["legacyResourceId"]
        view["fulfillmentOrders"] = self.store.collection(FULFILLMENT_ORDERS).get(
            order_id, []
        )
        view["fulfillments"] = self.store.collection(FULFILLMENTS).get(order_id, [])
        return view

    def _node(self, global_id):
        kind, number = (
            str(global_id).split("/")[-2:] if "/" in str(global_id) else ("", "")
        )
        if kind == "Order":
            order = self.store.collection(ORDERS).get(number)
            return self._order_view(order) if order else None
        if kind == "Product":
            return self.store.collection(PRODUCTS).get(number)
        if kind == "ProductVariant":
            product = self.store.collection(PRODUCTS).get(
                self.store.collection(VARIANTS).get(number, "")
            )
            for variant in (product or {}).get("variants", []):
                if variant["legacyResourceId"] == number:
                    return variant
            return None
        if kind == "InventoryItem":
            levels = self.store.collection(LEVELS).get(number)
            if levels is None:
                return None
            return {
                "__typename": "InventoryItem",
                "id": gid("InventoryItem", number),
                "legacyResourceId": number,
                "inventoryLevels": [
                    {
                        "__typename": "InventoryLevel",
                        "location": {"id": gid("Location", location)},
                        "quantities": [
                            {"name": "available", "quantity": quantity},
                            {"name": "on_hand", "quantity": quantity},
                        ],
                    }
                    for location, quantity in levels.items()
                ],
            }
        return None

    def _fulfillment_order(self, global_id):
        for order_id, fos in self.store.collection(FULFILLMENT_ORDERS).items():
            for fo in fos:
                if fo["id"] == global_id:
                    return order_id, fo
        return None

    def _after_fulfillment(self, order_id):
        rest = self.store.collection(REST_ORDERS)[order_id]
        fos = self.store.collection(FULFILLMENT_ORDERS)[order_id]
        remaining = sum(li["remainingQuantity"] for fo in fos for li in fo["lineItems"])
        rest["fulfillment_status"] = "partial" if remaining else "fulfilled"
        self._bump(rest)
        self._rebuild(order_id)

    def _bump(self, rest):
        from .testshop import format_time, parse_time

        stamp = self.now()
        previous = parse_time(rest["updated_at"]) if rest.get("updated_at") else None
        if previous and stamp <= previous:
            from datetime import timedelta

            stamp = previous + timedelta(seconds=1)
        rest["updated_at"] = format_time(stamp)
        return rest["updated_at"]

    def _rebuild(self, order_id):
        rest = self.store.collection(REST_ORDERS)[order_id]
        self.store.collection(ORDERS)[order_id] = order_to_graphql(
            rest, self._variant_index()
        )
