"""Sandbox of a WooCommerce store: the REST API v3 under ``/wp-json/wc/v3``.

Wire format (see ``shared/api/woocommerce.md``):

- auth: over plain http, OAuth 1.0a one-legged in the query string
  (``oauth_consumer_key``, ``oauth_timestamp`` within 15 minutes, unique
  ``oauth_nonce``, ``oauth_signature_method`` HMAC-SHA1/SHA256,
  ``oauth_signature``); with ``ssl=True`` (the site behind a TLS proxy) HTTP
  Basic auth or ``consumer_key``/``consumer_secret`` query parameters;
  failures are 401 ``woocommerce_rest_authentication_error``;
- errors: ``{"code", "message", "data": {"status"}}``; unknown routes 404
  ``rest_no_route``; with ``pretty_permalinks=False`` every ``/wp-json`` URL
  is WordPress's HTML 404 page;
- collections: ``page``, ``per_page`` (1..100, else 400
  ``rest_invalid_param``), ``X-WP-Total``, ``X-WP-TotalPages``, ``Link``;
  orders filter on ``modified_after`` (site time unless ``dates_are_gmt``),
  ``status``, ``orderby`` (``date``, ``id``, ``modified``), ``order``;
- batches: ``products/batch`` and ``products/<id>/variations/batch`` take at
  most ``batch_limit`` (100) create+update+delete items, else 413; per-item
  errors come back inside the 200 answer; ``stock_quantity`` is ignored for
  products that do not manage stock (as WooCommerce core does);
- the Shipment Tracking extension (``shipment_tracking=True``) under
  ``/wp-json/wc-shipment-tracking/v3``: creating an item stores it in the
  order's ``_wc_shipment_tracking_items`` meta;
- webhooks: ``/webhooks`` create pings the delivery URL with the form body
  ``webhook_id=<id>`` (creation fails unless it answers 2xx/3xx);
  :meth:`WooCommerceSandbox.send_webhook_event` delivers a topic signed with
  ``X-WC-Webhook-Signature``.

Seeding: ``POST /_sandbox/seed`` with ``{"orders": [...], "products": [...],
"variations": [...], "refunds": {"<order id>": [...]}}`` (native documents;
variations carry ``parent_id``).
"""

import base64
import binascii
import copy
import hmac
import itertools
import math
import time
import uuid
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from urllib.parse import urlencode

from .core import HttpError, Response, SandboxServer, json_response, route
from .registry import register
from .routing import dumps
from .webhooks import is_loopback_url
from .woocommerce_factory import (
    make_order,
    make_product,
    make_refund,
    make_variation,
    money,
    oauth_signature,
    sign,
    stamp_pair,
)

__all__ = [
    "WooCommerceSandbox",
    "make_order",
    "make_product",
    "make_refund",
    "make_variation",
    "sign",
]

API = "/wp-json/wc/v3"
TRACKING_API = "/wp-json/wc-shipment-tracking/v3"
MAX_PER_PAGE = 100
OAUTH_WINDOW = 15 * 60
TOPICS = (
    "order.created",
    "order.updated",
    "order.deleted",
    "product.created",
    "product.updated",
    "product.deleted",
    "customer.created",
    "customer.updated",
)
TRACKING_PLUGIN = "woocommerce-shipment-tracking/woocommerce-shipment-tracking.php"

ORDERS, PRODUCTS, VARIATIONS = "orders", "products", "variations"
REFUNDS, NOTES, WEBHOOKS = "refunds", "notes", "webhooks"


def _parse_local(text):
    return datetime.fromisoformat(str(text).replace("Z", "")).replace(tzinfo=None)


@register("woocommerce")
class WooCommerceSandbox(SandboxServer):
    """A WooCommerce store, in-process or from the CLI.

    :param str consumer_key: the accepted ``ck_...`` key
    :param str consumer_secret: its ``cs_...`` secret
    :param str webhook_secret: secret of webhooks created without one
    :param bool ssl: behave as a site behind TLS (accept Basic auth and
        query-string keys; plain http sites only take OAuth 1.0a)
    :param bool pretty_permalinks: False serves WordPress's HTML 404 on
        ``/wp-json`` (what a site with plain permalinks does)
    :param bool shipment_tracking: the Shipment Tracking extension is active
    :param int batch_limit: ``woocommerce_rest_batch_items_limit``
    :param int offset_hours: site timezone offset (dates without offset)
    :param bool round_at_subtotal: the shop's "round tax at subtotal level"
        setting (only reported: the factory rounds per line, the default)
    """

    def __init__(
        self,
        port=0,
        host="127.0.0.1",
        verbose=False,
        *,
        consumer_key="ck_0123456789abcdef0123456789abcdef01234567",
        consumer_secret="cs_76543210fedcba9876543210fedcba9876543210",
        webhook_secret="wc_test_secret",
        currency="EUR",
        wc_version="9.4.2",
        ssl=False,
        pretty_permalinks=True,
        shipment_tracking=True,
        batch_limit=100,
        offset_hours=2,
        round_at_subtotal=False,
    ):
        self.consumer_key = consumer_key
        self.consumer_secret = consumer_secret
        self.webhook_secret = webhook_secret
        self.currency = currency
        self.wc_version = wc_version
        self.ssl = ssl
        self.pretty_permalinks = pretty_permalinks
        self.shipment_tracking = shipment_tracking
        self.batch_limit = batch_limit
        self.offset_hours = offset_hours
        self.round_at_subtotal = round_at_subtotal
        #: extra headers of pings and deliveries (a receiver's session cookie)
        self.delivery_headers = {}
        self._defaults = (ssl, pretty_permalinks, shipment_tracking, batch_limit)
        self._ids = itertools.count(90000)
        self._nonces = set()
        super().__init__(port, host, verbose)

    # === FRAMEWORK HOOKS === #

    def error_body(self, status, code, message):
        code = {
            "not_found": "rest_no_route",
            "method_not_allowed": "rest_no_route",
            "invalid": "rest_invalid_param",
        }.get(code, code)
        return {"code": code, "message": message, "data": {"status": status}}

    def error_response(self, status, code, message, headers=None):
        if code == "wp_html_404":
            page = b"<!DOCTYPE html><html><body><h1>Page not found</h1></body></html>"
            return Response(404, page, headers, "text/html; charset=UTF-8")
        if code in ("method_not_allowed", "not_found") and status in (404, 405):
            status, message = (
                404,
                "No route was found matching the URL and request method",
            )
        return json_response(self.error_body(status, code, message), status, headers)

    def fault_response(self, kind, retry_after, request):
        if kind == "429":
            return self.error_response(
                429,
                "too_many_requests",
                "Too many requests",
                {"Retry-After": str(math.ceil(retry_after))},
            )
        # what a struggling host answers: its own HTML page, not WordPress JSON
        page = b"<html><head><title>503 Service Unavailable</title></head></html>"
        return Response(503, page, {}, "text/html")

    def authenticate(self, request):
        if not self.pretty_permalinks:
            raise HttpError(404, "wp_html_404", "Page not found")
        if self._basic_auth(request) or self._query_keys(request):
            return
        if request.arg("oauth_consumer_key") is not None:
            self._check_oauth(request)
            return
        raise HttpError(
            401, "woocommerce_rest_cannot_view", "Sorry, you cannot list resources."
        )

    def _auth_error(self, message):
        return HttpError(401, "woocommerce_rest_authentication_error", message)

    def _keys_match(self, key, secret):
        if not hmac.compare_digest(str(key).encode(), self.consumer_key.encode()):
            raise self._auth_error("Consumer key is invalid.")
        if not hmac.compare_digest(str(secret).encode(), self.consumer_secret.encode()):
            raise self._auth_error("Consumer secret is invalid.")
        return True

    def _basic_auth(self, request):
        header = request.header("Authorization") or ""
        if not header.lower().startswith("basic ") or not self.ssl:
            return False  # WordPress only reads Basic auth over https
        try:
            decoded = base64.b64decode(header[6:].strip()).decode()
        except (binascii.Error, UnicodeDecodeError):
            raise self._auth_error("Consumer key is invalid.") from None
        key, _sep, secret = decoded.partition(":")
        return self._keys_match(key, secret)

    def _query_keys(self, request):
        if request.arg("consumer_key") is None or not self.ssl:
            return False
        return self._keys_match(
            request.arg("consumer_key"), request.arg("consumer_secret")
        )

    def _check_oauth(self, request):
        params = {name: values[0] for name, values in request.query.items()}
        if not hmac.compare_digest(
            params.get("oauth_consumer_key", "").encode(), self.consumer_key.encode()
        ):
            raise self._auth_error("Consumer key is invalid.")
        for name in ("oauth_timestamp", "oauth_nonce", "oauth_signature"):
            if not params.get(name):
                raise self._auth_error(f"{name} parameter is missing.")
        method = params.get("oauth_signature_method", "")
        if method not in ("HMAC-SHA1", "HMAC-SHA256"):
            raise self._auth_error("Invalid signature - signature method is invalid.")
        try:
            timestamp = int(params["oauth_timestamp"])
        except ValueError:
            raise self._auth_error("Invalid timestamp.") from None
        if abs(time.time() - timestamp) > OAUTH_WINDOW:
            raise self._auth_error("Invalid timestamp.")
        expected = oauth_signature(
            request.method,
            self.url + request.path,
            params,
            self.consumer_secret,
            method,
        )
        if not hmac.compare_digest(
            expected.encode(), params["oauth_signature"].encode()
        ):
            raise self._auth_error(
                "Invalid signature - provided signature does not match."
            )
        nonce = (params["oauth_nonce"], timestamp)
        if nonce in self._nonces:
            raise self._auth_error("Invalid nonce - nonce has already been used.")
        self._nonces.add(nonce)

    def on_reset(self):
        (self.ssl, self.pretty_permalinks, self.shipment_tracking, self.batch_limit) = (
            self._defaults
        )
        self._ids = itertools.count(90000)
        self._nonces = set()

    def banner(self):
        return [
            f"consumer key: {self.consumer_key}",
            f"consumer secret: {self.consumer_secret}",
            f"webhook secret: {self.webhook_secret}",
            f"orders: {self.store.count(ORDERS)}",
            f"products: {self.store.count(PRODUCTS)}",
        ]

    @classmethod
    def demo_data(cls):
        products = [
            make_product(11, "TS-MUG-01", name="Ceramic mug", price="12.50", stock=40),
            make_product(12, "TS-BOOK", name="Cook book", price="30.00", stock=5),
            make_product(13, "", name="Gift card", price="25.00"),
            make_product(20, "TS-TEE", name="Organic T-shirt", type="variable"),
        ]
        variations = [
            make_variation(21, 20, "TS-TEE-M", price="25.00", stock=12),
            make_variation(22, 20, "TS-TEE-L", price="25.00", stock=0),
        ]
        first = make_order(1001)
        return {
            "products": products,
            "variations": variations,
            "orders": [
                first,
                make_order(1002, prices_include_tax=True),
                make_order(1003, status="on-hold", payment_method="bacs"),
                make_order(1004, coupons=[{"code": "SAVE10", "percent": 10}]),
                make_order(1005, status="cancelled"),
            ],
            "refunds": {
                "1001": [
                    make_refund(first, 801, lines=[(first["line_items"][0]["id"], 1)])
                ]
            },
        }

    def seed(self, payload):
        if not isinstance(payload, dict):
            raise ValueError("Seed payload must be an object")
        unknown = sorted(set(payload) - {ORDERS, PRODUCTS, VARIATIONS, REFUNDS})
        if unknown:
            raise ValueError(f"Unknown seed collection(s): {', '.join(unknown)}")
        for name in (ORDERS, PRODUCTS, VARIATIONS):
            documents = payload.get(name) or []
            if not isinstance(documents, list) or not all(
                isinstance(d, dict) and isinstance(d.get("id"), int) for d in documents
            ):
                raise ValueError(f"{name} must be a list of documents with integer ids")
        if any(not v.get("parent_id") for v in payload.get(VARIATIONS) or []):
            raise ValueError("Every variation needs its parent_id")
        refunds = payload.get(REFUNDS) or {}
        if not isinstance(refunds, dict):
            raise ValueError("refunds must map order ids to lists of refunds")
        self.seed_products(payload.get(PRODUCTS) or [])
        self.seed_variations(payload.get(VARIATIONS) or [])
        self.seed_orders(payload.get(ORDERS) or [])
        for order_id, documents in refunds.items():
            self.seed_refunds(order_id, documents)
        return {
            name: len(payload.get(name) or [])
            for name in (ORDERS, PRODUCTS, VARIATIONS, REFUNDS)
        }

    # === PYTHON API FOR TESTS === #

    def seed_orders(self, orders):
        """Store order documents as given; returns copies."""
        with self.store.lock:
            for order in orders:
                self.store.collection(ORDERS)[str(order["id"])] = copy.deepcopy(order)
        return copy.deepcopy(list(orders))

    def seed_products(self, products):
        with self.store.lock:
            for product in products:
                self.store.collection(PRODUCTS)[str(product["id"])] = copy.deepcopy(
                    product
                )

    def seed_variations(self, variations):
        with self.store.lock:
            for variation in variations:
                parent = self.store.collection(PRODUCTS).get(
                    str(variation["parent_id"])
                )
                if parent is not None and variation["id"] not in parent["variations"]:
                    parent["variations"].append(variation["id"])
                self.store.collection(VARIATIONS)[str(variation["id"])] = copy.deepcopy(
                    variation
                )

    def seed_refunds(self, order_id, refunds):
        """Add refunds to an order: its ``refunds`` summary follows, and a
        refund of the whole total makes it ``refunded``."""
        with self.store.lock:
            order = self.store.collection(ORDERS)[str(order_id)]
            known = self.store.collection(REFUNDS).setdefault(str(order_id), [])
            for refund in refunds:
                known.insert(0, copy.deepcopy(refund))
                order["refunds"].insert(
                    0,
                    {
                        "id": refund["id"],
                        "reason": refund.get("reason", ""),
                        "total": money(-Decimal(refund["amount"])),
                    },
                )
            refunded = sum(Decimal(r["amount"]) for r in known)
            if refunded >= Decimal(order["total"]):
                order["status"] = "refunded"
            self._touch(order)

    def get_order(self, order_id):
        return self.store.get(ORDERS, str(order_id))

    def get_product(self, product_id):
        return self.store.get(PRODUCTS, str(product_id)) or self.store.get(
            VARIATIONS, str(product_id)
        )

    def notes(self, order_id):
        return self.store.get(NOTES, str(order_id), [])

    def stock(self):
        """``{sku: stock_quantity}`` of managed products and variations."""
        with self.store.lock:
            return {
                doc["sku"]: doc["stock_quantity"]
                for name in (PRODUCTS, VARIATIONS)
                for doc in self.store.collection(name).values()
                if doc.get("manage_stock") is True and doc.get("sku")
            }

    def touch_order(self, order_id, **changes):
        """Change an order as the shop would (status...), bumping its dates."""
        with self.store.lock:
            order = self.store.collection(ORDERS)[str(order_id)]
            order.update(changes)
            self._touch(order)
            return copy.deepcopy(order)

    def webhook_headers(self, topic, body, webhook_id=1):
        resource, _dot, event = topic.partition(".")
        return {
            "Content-Type": "application/json",
            "User-Agent": f"WooCommerce/{self.wc_version} Hookshot (WordPress/6.7)",
            "X-WC-Webhook-Source": "https://shop.example.com/",
            "X-WC-Webhook-Topic": topic,
            "X-WC-Webhook-Resource": resource,
            "X-WC-Webhook-Event": event,
            "X-WC-Webhook-Signature": sign(self._webhook_secret(webhook_id), body),
            "X-WC-Webhook-ID": str(webhook_id),
            "X-WC-Webhook-Delivery-ID": uuid.uuid4().hex,
        }

    def send_webhook_event(self, url, topic, resource_id, webhook_id=None):
        """Deliver ``topic`` about an order or product to ``url`` as
        WooCommerce does: the resource's JSON (``{"id"}`` for deletions),
        signed with the webhook's secret. Returns ``(status, body)``."""
        if topic not in TOPICS:
            raise ValueError(f"Unknown topic {topic!r}")
        resource, _dot, event = topic.partition(".")
        if event == "deleted":
            payload = {"id": int(resource_id)}
        elif resource == "order":
            payload = self.get_order(resource_id)
        else:
            payload = self.get_product(resource_id)
        if payload is None:
            raise KeyError(resource_id)
        if webhook_id is None:
            hooks = [
                h
                for h in self.store.values(WEBHOOKS)
                if h["topic"] == topic and h["delivery_url"] == url
            ]
            webhook_id = hooks[0]["id"] if hooks else 1
        body = dumps(payload)
        headers = self.webhook_headers(topic, body, webhook_id)
        headers.update(self.delivery_headers)
        return self.send_webhook(url, body, headers)

    # === INTERNALS === #

    def _webhook_secret(self, webhook_id):
        hook = self.store.get(WEBHOOKS, str(webhook_id))
        return (hook or {}).get("_secret") or self.webhook_secret

    def _touch(self, document):
        """Bump ``date_modified`` (lock held), strictly forward."""
        moment = datetime.now(timezone.utc).replace(microsecond=0)
        previous = document.get("date_modified_gmt")
        if previous:
            last = _parse_local(previous).replace(tzinfo=timezone.utc)
            if moment <= last:
                moment = last + timedelta(seconds=1)
        document["date_modified"], document["date_modified_gmt"] = stamp_pair(
            moment, self.offset_hours
        )

    def _page(self, request, documents, path):
        """One page of ``documents`` with WordPress's pagination headers."""
        per_page = request.arg("per_page", "10")
        try:
            per_page = int(per_page)
        except ValueError:
            per_page = 0
        if not 1 <= per_page <= MAX_PER_PAGE:
            raise HttpError(
                400,
                "rest_invalid_param",
                "Invalid parameter(s): per_page",
            )
        page = request.int_arg("page", 1, 1)
        total = len(documents)
        pages = max(1, math.ceil(total / per_page)) if total else 0
        chunk = documents[(page - 1) * per_page : page * per_page]
        base = f"{self.url}{path}"
        query = {
            k: v[0] for k, v in request.query.items() if not k.startswith("oauth_")
        }
        links = []
        for rel, number in (("prev", page - 1), ("next", page + 1)):
            if 1 <= number <= pages:
                links.append(
                    f'<{base}?{urlencode(dict(query, page=number))}>; rel="{rel}"'
                )
        headers = {"X-WP-Total": str(total), "X-WP-TotalPages": str(pages)}
        if links:
            headers["Link"] = ", ".join(links)
        return json_response(chunk, 200, headers)

    def _modified_filter(self, request, documents):
        after = request.arg("modified_after")
        if not after:
            return documents
        gmt = (request.arg("dates_are_gmt") or "").lower() in ("1", "true")
        try:
            moment = _parse_local(after[:19])
        except ValueError:
            raise HttpError(
                400, "rest_invalid_param", "Invalid parameter(s): modified_after"
            ) from None
        key = "date_modified_gmt" if gmt else "date_modified"
        return [d for d in documents if _parse_local(d[key]) > moment]

    @staticmethod
    def _sorted(request, documents, default="date"):
        orderby = request.arg("orderby", default)
        keys = {
            "date": lambda d: (d.get("date_created_gmt") or "", d["id"]),
            "id": lambda d: d["id"],
            "modified": lambda d: (d.get("date_modified_gmt") or "", d["id"]),
        }
        if orderby not in keys:
            raise HttpError(400, "rest_invalid_param", "Invalid parameter(s): orderby")
        descending = request.arg("order", "desc") == "desc"
        return sorted(documents, key=keys[orderby], reverse=descending)

    def _order(self, order_id):
        order = self.store.collection(ORDERS).get(str(order_id))
        if order is None:
            raise HttpError(
                404, "woocommerce_rest_shop_order_invalid_id", "Invalid ID."
            )
        return order

    # === API: SYSTEM === #

    @route("GET", API + "/system_status")
    def api_system_status(self, request):
        plugins = [
            {
                "plugin": "woocommerce/woocommerce.php",
                "name": "WooCommerce",
                "version": self.wc_version,
            }
        ]
        if self.shipment_tracking:
            plugins.append(
                {
                    "plugin": TRACKING_PLUGIN,
                    "name": "WooCommerce Shipment Tracking",
                    "version": "2.6.0",
                }
            )
        return {
            "environment": {
                "home_url": "https://shop.example.com",
                "site_url": "https://shop.example.com",
                "version": self.wc_version,
                "wp_version": "6.7.1",
            },
            "settings": {
                "api_enabled": True,
                "currency": self.currency,
                "currency_symbol": "&euro;" if self.currency == "EUR" else "$",
                "number_of_decimals": 2,
            },
            "active_plugins": plugins,
        }

    @route("GET", API + "/settings/<group>/<option>")
    def api_setting(self, request, group, option):
        if (group, option) != ("tax", "woocommerce_tax_round_at_subtotal"):
            raise HttpError(404, "rest_setting_setting_invalid", "Invalid setting.")
        return {
            "id": option,
            "label": "Rounding",
            "description": "Round tax at subtotal level, instead of rounding per line.",
            "type": "checkbox",
            "default": "no",
            "value": "yes" if self.round_at_subtotal else "no",
        }

    # === API: ORDERS === #

    @route("GET", API + "/orders")
    def api_orders(self, request):
        with self.store.lock:
            orders = copy.deepcopy(list(self.store.collection(ORDERS).values()))
        statuses = {
            s
            for values in (request.query.get("status") or [])
            + (request.query.get("status[]") or [])
            for s in values.split(",")
            if s
        }
        if statuses and "any" not in statuses:
            orders = [o for o in orders if o["status"] in statuses]
        else:
            orders = [
                o for o in orders if o["status"] not in ("trash", "checkout-draft")
            ]
        orders = self._modified_filter(request, orders)
        return self._page(request, self._sorted(request, orders), API + "/orders")

    @route("GET", API + "/orders/<order_id>")
    def api_order(self, request, order_id):
        with self.store.lock:
            return copy.deepcopy(self._order(order_id))

    @route("PUT", API + "/orders/<order_id>")
    def api_update_order(self, request, order_id):
        data = request.json_object()
        with self.store.lock:
            order = self._order(order_id)
            if "status" in data:
                order["status"] = data["status"]
                if data["status"] == "completed":
                    local, gmt = stamp_pair(datetime.now(timezone.utc))
                    order["date_completed"], order["date_completed_gmt"] = local, gmt
            for meta in data.get("meta_data") or []:
                order["meta_data"] = [
                    m for m in order["meta_data"] if m["key"] != meta["key"]
                ] + [{"id": next(self._ids), **meta}]
            self._touch(order)
            return copy.deepcopy(order)

    @route("GET", API + "/orders/<order_id>/refunds")
    def api_refunds(self, request, order_id):
        with self.store.lock:
            self._order(order_id)
            refunds = self.store.get(REFUNDS, str(order_id), [])
        return self._page(request, refunds, f"{API}/orders/{order_id}/refunds")

    @route("POST", API + "/orders/<order_id>/notes")
    def api_add_note(self, request, order_id):
        data = request.json_object()
        if not data.get("note"):
            raise HttpError(
                400, "rest_missing_callback_param", "Missing parameter(s): note"
            )
        local, gmt = stamp_pair(datetime.now(timezone.utc))
        note = {
            "id": next(self._ids),
            "author": "WooCommerce",
            "date_created": local,
            "date_created_gmt": gmt,
            "note": data["note"],
            "customer_note": bool(data.get("customer_note")),
        }
        with self.store.lock:
            self._order(order_id)
            self.store.collection(NOTES).setdefault(str(order_id), []).append(note)
        return 201, note

    @route("GET", API + "/orders/<order_id>/notes")
    def api_notes(self, request, order_id):
        with self.store.lock:
            self._order(order_id)
        return self.notes(order_id)

    # === API: SHIPMENT TRACKING EXTENSION === #

    @route("POST", TRACKING_API + "/orders/<order_id>/shipment-trackings")
    def api_add_tracking(self, request, order_id):
        if not self.shipment_tracking:
            raise HttpError(404, "not_found", "No route")
        data = request.json_object()
        if not data.get("tracking_number"):
            raise HttpError(
                400,
                "rest_missing_callback_param",
                "Missing parameter(s): tracking_number",
            )
        item = {
            "tracking_provider": data.get("tracking_provider", ""),
            "custom_tracking_provider": data.get("custom_tracking_provider", ""),
            "custom_tracking_link": data.get("custom_tracking_link", ""),
            "tracking_number": data["tracking_number"],
            "date_shipped": data.get("date_shipped")
            or datetime.now(timezone.utc).strftime("%Y-%m-%d"),
            "tracking_id": uuid.uuid4().hex,
        }
        with self.store.lock:
            order = self._order(order_id)
            metas = [
                m
                for m in order["meta_data"]
                if m["key"] == "_wc_shipment_tracking_items"
            ]
            if not metas:
                metas = [
                    {
                        "id": next(self._ids),
                        "key": "_wc_shipment_tracking_items",
                        "value": [],
                    }
                ]
                order["meta_data"].append(metas[0])
            stored = dict(item)
            stored["date_shipped"] = int(
                datetime.fromisoformat(item["date_shipped"])
                .replace(tzinfo=timezone.utc)
                .timestamp()
            )
            metas[0]["value"].append(stored)
            self._touch(order)
        answer = dict(item, tracking_link="")
        if item["custom_tracking_link"]:
            answer["tracking_link"] = item["custom_tracking_link"].replace(
                "%1$s", item["tracking_number"]
            )
        location = (
            f"{self.url}{TRACKING_API}/orders/{order_id}/shipment-trackings/"
            f"{item['tracking_id']}"
        )
        return 201, answer, {"Location": location}

    @route("GET", TRACKING_API + "/orders/<order_id>/shipment-trackings")
    def api_trackings(self, request, order_id):
        if not self.shipment_tracking:
            raise HttpError(404, "not_found", "No route")
        with self.store.lock:
            order = self._order(order_id)
            for meta in order["meta_data"]:
                if meta["key"] == "_wc_shipment_tracking_items":
                    return copy.deepcopy(meta["value"])
        return []

    # === API: PRODUCTS === #

    @route("GET", API + "/products")
    def api_products(self, request):
        with self.store.lock:
            products = copy.deepcopy(list(self.store.collection(PRODUCTS).values()))
        sku = request.arg("sku")
        if sku:
            wanted = set(sku.split(","))
            products = [p for p in products if p["sku"] in wanted]
        products = self._modified_filter(request, products)
        return self._page(request, self._sorted(request, products), API + "/products")

    @route("GET", API + "/products/<product_id>")
    def api_product(self, request, product_id):
        product = self.store.get(PRODUCTS, product_id)
        if product is None:
            raise HttpError(404, "woocommerce_rest_product_invalid_id", "Invalid ID.")
        return product

    @route("GET", API + "/products/<product_id>/variations")
    def api_variations(self, request, product_id):
        with self.store.lock:
            variations = [
                copy.deepcopy(v)
                for v in self.store.collection(VARIATIONS).values()
                if str(v["parent_id"]) == product_id
            ]
        return self._page(
            request,
            self._sorted(request, variations),
            f"{API}/products/{product_id}/variations",
        )

    def _apply_product(self, document, data):
        """Write what WooCommerce lets a client write (lock held)."""
        if "manage_stock" in data:
            document["manage_stock"] = bool(data["manage_stock"])
        if "stock_quantity" in data and document.get("manage_stock") is True:
            quantity = data["stock_quantity"]
            if not isinstance(quantity, int) or isinstance(quantity, bool):
                raise HttpError(
                    400,
                    "rest_invalid_param",
                    "Invalid parameter(s): stock_quantity",
                )
            document["stock_quantity"] = quantity
            document["stock_status"] = "instock" if quantity > 0 else "outofstock"
        for key in ("name", "description", "short_description", "sku"):
            if key in data and (key != "name" or "type" in document):
                document[key] = data[key]
        for key in ("regular_price", "sale_price"):
            if key in data:
                try:
                    Decimal(str(data[key] or "0"))
                except ArithmeticError:
                    raise HttpError(
                        400, "rest_invalid_param", f"Invalid parameter(s): {key}"
                    ) from None
                document[key] = str(data[key])
                document["price"] = document["sale_price"] or document["regular_price"]
        if "images" in data:
            document["images"] = [
                {"id": next(self._ids), "src": image.get("src", "")}
                for image in data["images"]
            ]
        self._touch(document)

    def _batch(self, request, collection, parent_id=None):
        data = request.json_object()
        size = sum(len(data.get(k) or []) for k in ("create", "update", "delete"))
        if size > self.batch_limit:
            raise HttpError(
                413,
                "woocommerce_rest_request_entity_too_large",
                f"Unable to accept more than {self.batch_limit} items for this "
                "request.",
            )
        answer = {}
        with self.store.lock:
            documents = self.store.collection(collection)
            updated = []
            for item in data.get("update") or []:
                document = documents.get(str(item.get("id")))
                if document is None or (
                    parent_id is not None and str(document["parent_id"]) != parent_id
                ):
                    updated.append(
                        {
                            "id": item.get("id", 0),
                            "error": {
                                "code": "woocommerce_rest_product_invalid_id"
                                if parent_id is None
                                else "woocommerce_rest_product_variation_invalid_id",
                                "message": "Invalid ID.",
                                "data": {"status": 400},
                            },
                        }
                    )
                    continue
                try:
                    self._apply_product(document, item)
                except HttpError as error:
                    updated.append(
                        {
                            "id": item["id"],
                            "error": self.error_body(
                                error.status, error.code, error.message
                            ),
                        }
                    )
                    continue
                updated.append(copy.deepcopy(document))
            if "update" in data:
                answer["update"] = updated
            if "create" in data:
                answer["create"] = []
                for item in data["create"]:
                    document = make_product(next(self._ids), item.get("sku", ""))
                    if parent_id is not None:
                        document = make_variation(
                            document["id"], parent_id, item.get("sku", "")
                        )
                    document.update(
                        {k: v for k, v in item.items() if k not in ("stock_quantity",)}
                    )
                    self._apply_product(document, item)
                    documents[str(document["id"])] = document
                    if parent_id is not None:
                        parent = self.store.collection(PRODUCTS)[parent_id]
                        parent["variations"].append(document["id"])
                    answer["create"].append(copy.deepcopy(document))
            if "delete" in data:
                answer["delete"] = [
                    documents.pop(str(i), {"id": i}) for i in data["delete"]
                ]
        return answer

    @route("POST", API + "/products/batch")
    def api_products_batch(self, request):
        return self._batch(request, PRODUCTS)

    @route("POST", API + "/products/<product_id>/variations/batch")
    def api_variations_batch(self, request, product_id):
        if self.store.get(PRODUCTS, product_id) is None:
            raise HttpError(404, "woocommerce_rest_product_invalid_id", "Invalid ID.")
        return self._batch(request, VARIATIONS, product_id)

    @route("PUT", API + "/products/<product_id>")
    def api_update_product(self, request, product_id):
        with self.store.lock:
            document = self.store.collection(PRODUCTS).get(product_id)
            if document is None:
                raise HttpError(
                    404, "woocommerce_rest_product_invalid_id", "Invalid ID."
                )
            self._apply_product(document, request.json_object())
            return copy.deepcopy(document)

    @route("POST", API + "/products")
    def api_create_product(self, request):
        data = request.json_object()
        with self.store.lock:
            document = make_product(next(self._ids), data.get("sku", ""))
            document.update({k: v for k, v in data.items() if k != "stock_quantity"})
            self._apply_product(document, data)
            self.store.collection(PRODUCTS)[str(document["id"])] = document
            return 201, copy.deepcopy(document)

    @route("PUT", API + "/products/<product_id>/variations/<variation_id>")
    def api_update_variation(self, request, product_id, variation_id):
        with self.store.lock:
            document = self.store.collection(VARIATIONS).get(variation_id)
            if document is None or str(document["parent_id"]) != product_id:
                raise HttpError(
                    404, "woocommerce_rest_product_variation_invalid_id", "Invalid ID."
                )
            self._apply_product(document, request.json_object())
            return copy.deepcopy(document)

    # === API: WEBHOOKS === #

    @route("GET", API + "/webhooks")
    def api_webhooks(self, request):
        hooks = [
            {k: v for k, v in hook.items() if not k.startswith("_")}
            for hook in self.store.values(WEBHOOKS)
        ]
        return self._page(request, hooks, API + "/webhooks")

    @route("POST", API + "/webhooks")
    def api_create_webhook(self, request):
        data = request.json_object()
        topic = data.get("topic")
        if topic not in TOPICS:
            raise HttpError(400, "rest_invalid_param", "Invalid parameter(s): topic")
        url = data.get("delivery_url") or ""
        if not is_loopback_url(url):
            raise HttpError(
                400, "rest_invalid_param", "Invalid parameter(s): delivery_url"
            )
        hook_id = next(self._ids)
        status, _body = self.send_webhook(
            url,
            urlencode({"webhook_id": hook_id}).encode(),
            {
                "Content-Type": "application/x-www-form-urlencoded",
                **self.delivery_headers,
            },
        )
        if not 200 <= status <= 302:
            raise HttpError(
                400,
                "woocommerce_rest_webhook_delivery_url_error",
                f"Error: Delivery URL returned response code: {status}",
            )
        local, gmt = stamp_pair(datetime.now(timezone.utc))
        resource, _dot, event = topic.partition(".")
        hook = {
            "id": hook_id,
            "name": data.get("name") or topic,
            "status": data.get("status", "active"),
            "topic": topic,
            "resource": resource,
            "event": event,
            "hooks": [f"woocommerce_{event}_{resource}"],
            "delivery_url": url,
            "date_created": local,
            "date_created_gmt": gmt,
            "_secret": data.get("secret") or self.webhook_secret,
        }
        self.store.put(WEBHOOKS, str(hook_id), hook)
        return 201, {k: v for k, v in hook.items() if not k.startswith("_")}
