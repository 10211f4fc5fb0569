# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import base64
import hashlib
import hmac
import json
import logging
import re
import time

from odoo import api, models
from odoo.http import request

from odoo.addons.ecommerce_base.canonical import WebhookEvent
from odoo.addons.ecommerce_base.exceptions import (
    EcommerceDataError,
    EcommerceError,
    EcommerceRateLimited,
    EcommerceRetryableError,
)

from ..woocommerce_client import basic_auth, make_client, oauth1_auth, wc_url

_logger = logging.getLogger(__name__)

PER_PAGE = 100
BATCH_LIMIT = 100
RETRY_BACKOFF = 0.5  # seconds before the first in-process retry, doubled each time
MAX_BACKOFF = 8
MAX_INLINE_WAIT = 10  # a longer Retry-After postpones the job instead
ORDER_TOPICS = ("order.created", "order.updated", "order.deleted")
PRODUCT_TOPICS = ("product.updated",)
PING_RE = re.compile(rb"^webhook_id=\d+$")
TRACKING_PLUGIN = "woocommerce-shipment-tracking/"


class WooCommerceAdapter(models.AbstractModel):
    """WooCommerce REST API v3 (``/wp-json/wc/v3``) adapter.

    The ``woocommerce`` package (``woocommerce.API``) is the reference client
    of this API, but its ``get``/``post`` send the request themselves with
    ``requests`` and hand back the raw response: routing calls through them
    would bypass the base's HTTP seam (call counting, the neutralised-database
    guard, and the mapping of 429/5xx/timeouts to retryable errors and of
    401/404 to clear permanent ones). So the seam sends every request and the
    package provides what is WooCommerce's own: the client configuration
    (site URL, ``wp-json`` prefix, ``wc/v3`` version, timeout) and the OAuth
    1.0a signature of plain-http sites (``woocommerce.oauth.OAuth``), applied
    as a ``requests`` auth hook (see ``woocommerce_client``). Over https the
    keys go as HTTP Basic auth, or as query parameters where the server strips
    the Authorization header.

    Reads and idempotent writes are retried in-process a few times with a
    growing pause on timeouts, 429 and 5xx answers; what still fails goes up
    as the base's retryable error and queue_job postpones the job.
    """

    _name = "ecommerce.woocommerce.adapter"
    _inherit = "ecommerce.adapter"
    _description = "WooCommerce Adapter"

    # === HTTP SEAM === #

    @api.model
    def _request(self, account, method, path, *, retry=None, **kwargs):
        """Send one request through the base seam, trying reads and
        idempotent writes again on retryable failures.

        :param bool retry: whether the call may be repeated safely; by default
            GET and PUT may, POST and DELETE may not
        """
        if retry is None:
            retry = method in ("GET", "PUT")
        attempts = 1 + max(0, account.woocommerce_retries or 0) if retry else 1
        for attempt in range(attempts):
            try:
                return super()._request(account, method, path, **kwargs)
            except EcommerceRetryableError as exc:
                wait = self._retry_wait(exc, attempt)
                if attempt + 1 >= attempts or wait is None:
                    raise
                _logger.info(
                    "WooCommerce account %s: %s %s failed (%s), retry in %.1f s",
                    account.id,
                    method,
                    path,
                    type(exc).__name__,
                    wait,
                )
                time.sleep(wait)

    @api.model
    def _retry_wait(self, error, attempt):
        """Seconds to wait before retrying a call in-process, or ``None`` to
        leave the retry to queue_job (the store asked for a long pause)."""
        if isinstance(error, EcommerceRateLimited):
            if error.seconds and error.seconds > MAX_INLINE_WAIT:
                return None
            return error.seconds or RETRY_BACKOFF
        return min(RETRY_BACKOFF * 2**attempt, MAX_BACKOFF)

    @api.model
    def _client(self, account):
        """The ``woocommerce.API`` configuration of an account."""
        return make_client(
            account.base_url,
            account._get_credential("api_key"),
            account._get_credential("api_secret"),
            timeout=self._timeout(account),
            query_string_auth=account.woocommerce_query_string_auth,
        )

    @api.model
    def _build_url(self, account, path):
        """``<site>/wp-json/wc/v3/<path>``; a path starting with ``/wp-json/``
        (another plugin's namespace, e.g. Shipment Tracking) is taken as is."""
        return wc_url(self._client(account), path)

    @api.model
    def _auth(self, account):
        """HTTP Basic auth over https; the package's OAuth 1.0a signature over
        plain http; nothing when the keys travel in the query string."""
        client = self._client(account)
        if not client.is_ssl:
            return oauth1_auth(client)
        if client.query_string_auth:
            return None
        return basic_auth(client)

    @api.model
    def _auth_params(self, account, params):
        """Query parameters, plus the keys when the account sends them there."""
        client = self._client(account)
        if client.is_ssl and client.query_string_auth:
            return dict(
                params,
                consumer_key=client.consumer_key,
                consumer_secret=client.consumer_secret,
            )
        return params

    @api.model
    def _timeout(self, account):
        """The account's timeout (slow shared hosts need more than 30 s)."""
        return account.woocommerce_timeout or super()._timeout(account)

    @api.model
    def _error_message(self, account, response):
        """What the merchant must do about an error answer: WordPress's
        ``{"code", "message", "data": {"status"}}`` body, explained for the
        answers that have a known cause (wrong keys, plain permalinks)."""
        status = response.status_code
        try:
            body = response.json()
        except ValueError:
            body = None
        if not isinstance(body, dict):
            body = None
        code = (body or {}).get("code") or ""
        message = str((body or {}).get("message") or "")[:300]
        if status == 401:
            if code == "woocommerce_rest_cannot_view" or "missing" in message.lower():
                return self.env._(
                    "WooCommerce received no API keys (%(message)s). If the site is "
                    "https, its server may strip the Authorization header: tick "
                    "'Keys in the query string' on the account.",
                    message=message or code,
                )
            return self.env._(
                "WooCommerce refused the API keys (%(message)s): check the consumer "
                "key and secret (WooCommerce > Settings > Advanced > REST API) and "
                "that the key has Read/Write permission.",
                message=message or code,
            )
        if status == 403:
            return self.env._(
                "WooCommerce refused the request (%(message)s): give the API key "
                "Read/Write permission, for a user who can manage WooCommerce.",
                message=message or code,
            )
        if status == 404 and (body is None or code == "rest_no_route"):
            return self.env._(
                "No WooCommerce REST API at this address: check the site URL, that "
                "WooCommerce is active, and that WordPress permalinks are not 'Plain' "
                "(Settings > Permalinks)."
            )
        if body is None:
            return self.env._(
                "The web server answered HTTP %(status)s with a page instead of "
                "WooCommerce data (host overloaded, firewall or maintenance).",
                status=status,
            )
        return f"{message} ({code})" if code else message

    # === CONNECTION === #

    @api.model
    def test_connection(self, account):
        """Read the store's system status; remember its WooCommerce version,
        currency and whether the Shipment Tracking extension is active."""
        status = self._request(account, "GET", "system_status")
        environment = status.get("environment") or {}
        settings = status.get("settings") or {}
        plugins = [
            str(p.get("plugin") or "") for p in status.get("active_plugins") or []
        ]
        tracking = any(p.startswith(TRACKING_PLUGIN) for p in plugins)
        vals = {
            "woocommerce_version": environment.get("version") or "",
            "woocommerce_currency": settings.get("currency") or "",
            "woocommerce_shipment_tracking": tracking,
        }
        account.sudo().write(vals)
        info = {
            "WooCommerce": vals["woocommerce_version"],
            "currency": vals["woocommerce_currency"],
            "Shipment Tracking": "yes" if tracking else "no",
        }
        warnings = []
        if account.woocommerce_insecure:
            warnings.append(
                self.env._(
                    "the site is plain http: use https so data travels encrypted"
                )
            )
        rounding = self._rounding_warning(account)
        if rounding:
            warnings.append(rounding)
        if warnings:
            info["warning"] = "; ".join(warnings)
        return info

    @api.model
    def _rounding_warning(self, account):
        """A warning when WooCommerce and the company round taxes differently
        (WooCommerce per line unless "round tax at subtotal level" is on): the
        totals of orders with prices excluding tax would then differ by cents.
        Empty when they agree or the setting cannot be read."""
        try:
            setting = self._request(
                account, "GET", "settings/tax/woocommerce_tax_round_at_subtotal"
            )
        except EcommerceError:
            return ""
        shop = "round_globally" if setting.get("value") == "yes" else "round_per_line"
        odoo = account.company_id.tax_calculation_rounding_method
        if shop == odoo:
            return ""
        labels = {
            "round_per_line": self.env._("per line"),
            "round_globally": self.env._("globally"),
        }
        return self.env._(
            "WooCommerce rounds taxes %(shop)s but company %(company)s rounds them "
            "%(odoo)s: orders with prices excluding tax may differ by a cent; align "
            "the rounding method (Accounting settings or WooCommerce tax options)",
            shop=labels[shop],
            company=account.company_id.name,
            odoo=labels.get(odoo, odoo),
        )

    # === PAGINATION === #

    @api.model
    def _get_page(self, account, path, params, page):
        """One page of a collection: ``(items, total pages)`` read from
        ``X-WP-TotalPages``."""
        response = self._request(
            account,
            "GET",
            path,
            params=dict(params, page=page, per_page=PER_PAGE),
            expect_json=False,
        )
        try:
            items = response.json()
        except ValueError as exc:
            raise EcommerceRetryableError(
                f"GET {path}: the store answered with something not JSON"
            ) from exc
        if not isinstance(items, list):
            raise EcommerceDataError(f"GET {path}: expected a list, got {items!r:.80}")
        try:
            pages = int(response.headers.get("X-WP-TotalPages") or 1)
        except ValueError:
            pages = 1
        return items, pages

    @api.model
    def _paginate(self, account, path, params=None):
        """Every item of a collection, page after page (100 per page)."""
        page, pages = 1, 1
        while page <= pages:
            items, pages = self._get_page(account, path, params or {}, page)
            yield from items
            if not items:
                return
            page += 1

    # === ORDERS === #

    @api.model
    def fetch_orders(self, account, updated_since):
        """Orders modified after ``updated_since`` (UTC), oldest id first so
        that orders created while paging land on later pages; each order
        with refunds gets their detail under ``refund_details``."""
        params = {"orderby": "id", "order": "asc"}
        if updated_since:
            params["modified_after"] = updated_since.strftime("%Y-%m-%dT%H:%M:%S")
            params["dates_are_gmt"] = "true"
        for raw in self._paginate(account, "orders", params):
            yield self._with_refunds(account, raw)

    @api.model
    def fetch_order(self, account, external_id):
        """One order (with ``refund_details``)."""
        raw = self._request(account, "GET", f"orders/{int(external_id)}")
        return self._with_refunds(account, raw)

    @api.model
    def _with_refunds(self, account, raw):
        """Add the refunds endpoint's documents of an order that has refunds:
        the order only lists their ids and totals."""
        if isinstance(raw, dict) and raw.get("refunds") and raw.get("id"):
            raw["refund_details"] = list(
                self._paginate(account, f"orders/{int(raw['id'])}/refunds")
            )
        return raw

    # === PRODUCTS === #

    @api.model
    def fetch_products(self, account):
        """Products, each variable one with its variations under
        ``variation_details``."""
        for raw in self._paginate(
            account, "products", {"orderby": "id", "order": "asc"}
        ):
            if raw.get("type") == "variable":
                raw["variation_details"] = list(
                    self._paginate(
                        account,
                        f"products/{int(raw['id'])}/variations",
                        {"orderby": "id", "order": "asc"},
                    )
                )
            yield raw

    @api.model
    def update_product(self, account, binding, raw_product):
        """PUT the product, or the variation under its parent."""
        if not raw_product:
            return
        parent = binding.external_product_id
        if parent and parent != binding.external_id:
            path = f"products/{int(parent)}/variations/{int(binding.external_id)}"
        else:
            path = f"products/{int(binding.external_id)}"
        self._request(account, "PUT", path, json=raw_product)

    @api.model
    def create_product(self, account, raw_product):
        """Create the product, then its variations in batches of 100.

        :return: ``{sku: binding values}``
        """
        answer = self._request(account, "POST", "products", json=raw_product["product"])
        parent = str(answer["id"])
        if not raw_product["variations"]:
            return {
                answer.get("sku") or raw_product["product"].get("sku"): {
                    "external_id": parent,
                    "external_product_id": parent,
                }
            }
        created = {}
        variations = raw_product["variations"]
        for start in range(0, len(variations), BATCH_LIMIT):
            batch = self._request(
                account,
                "POST",
                f"products/{int(parent)}/variations/batch",
                json={"create": variations[start : start + BATCH_LIMIT]},
            )
            for item in batch.get("create") or []:
                if item.get("error"):
                    raise EcommerceDataError(
                        "WooCommerce refused a variation: "
                        f"{item['error'].get('message')}"
                    )
                created[item["sku"]] = {
                    "external_id": str(item["id"]),
                    "external_product_id": parent,
                }
        return created

    # === STOCK === #

    @api.model
    def stock_batch_size(self, account):
        """WooCommerce's default ``woocommerce_rest_batch_items_limit``."""
        return BATCH_LIMIT

    @api.model
    def push_stock(self, account, raw_levels):
        """Batch-update ``stock_quantity``: products through
        ``products/batch``, variations through their parent's
        ``variations/batch``, at most 100 items per call.

        :return: ``{item id: message}`` of the items the store refused
        """
        groups = {}
        for level in raw_levels:
            groups.setdefault(level.get("parent_id") or 0, []).append(level)
        refused = {}
        for parent, levels in groups.items():
            path = (
                f"products/{int(parent)}/variations/batch"
                if parent
                else "products/batch"
            )
            for start in range(0, len(levels), BATCH_LIMIT):
                chunk = levels[start : start + BATCH_LIMIT]
                update = [
                    {"id": int(level["id"]), "stock_quantity": level["stock_quantity"]}
                    for level in chunk
                ]
                # setting an absolute quantity twice is harmless: retry it
                answer = self._request(
                    account, "POST", path, json={"update": update}, retry=True
                )
                refused.update(self._batch_errors(answer, chunk))
        return refused

    @api.model
    def _batch_errors(self, answer, sent):
        """``{id: message}`` of the per-item errors of a batch answer; an item
        missing from the answer counts as refused too."""
        refused, seen = {}, set()
        for item in (answer or {}).get("update") or []:
            key = str(item.get("id"))
            seen.add(key)
            if item.get("error"):
                error = item["error"]
                refused[key] = f"{error.get('message')} ({error.get('code')})"
        for level in sent:
            if str(level["id"]) not in seen:
                refused.setdefault(str(level["id"]), "not in the store's answer")
        return refused

    @api.model
    def fetch_stock(self, account, skus):
        """``{sku: stock_quantity}`` of the products with these SKUs that
        manage their stock."""
        result = {}
        skus = [s for s in skus if s]
        for start in range(0, len(skus), PER_PAGE):
            chunk = skus[start : start + PER_PAGE]
            for raw in self._paginate(account, "products", {"sku": ",".join(chunk)}):
                if raw.get("manage_stock") is True and raw.get("sku"):
                    result[raw["sku"]] = int(raw.get("stock_quantity") or 0)
        return result

    # === TRACKING === #

    @api.model
    def create_fulfillment(self, account, order_external_id, raw_fulfillment):
        """Tell the store an order shipped: Shipment Tracking items (when the
        extension is active), a customer note with carrier and tracking
        numbers, then status ``completed`` when the whole order left.

        :return: the note's id (``note-<id>``)
        """
        order_id = int(order_external_id)
        if account.woocommerce_shipment_tracking:
            for item in raw_fulfillment.get("trackings") or []:
                self._request(
                    account,
                    "POST",
                    f"/wp-json/wc-shipment-tracking/v3/orders/{order_id}/"
                    "shipment-trackings",
                    json=item,
                )
        reference = "sent"
        if raw_fulfillment.get("note"):
            note = self._request(
                account,
                "POST",
                f"orders/{order_id}/notes",
                json={"note": raw_fulfillment["note"], "customer_note": True},
            )
            reference = f"note-{note.get('id')}"
        if raw_fulfillment.get("complete"):
            self._request(
                account, "PUT", f"orders/{order_id}", json={"status": "completed"}
            )
        return reference

    # === WEBHOOKS === #

    @api.model
    def _is_ping(self, headers, body):
        """The unsigned form post WooCommerce sends when a webhook is created
        (``webhook_id=<id>``). Odoo parses form posts before the controller
        reads the body, so an empty body is checked against the parsed form."""
        if headers.get("X-WC-Webhook-Topic") or headers.get("X-WC-Webhook-Signature"):
            return False
        if body.strip():
            return bool(PING_RE.match(body.strip()))
        form = request.httprequest.form if request else {}
        return list(form) == ["webhook_id"] and str(form["webhook_id"]).isdigit()

    @api.model
    def verify_webhook(self, account, headers, body):
        """``X-WC-Webhook-Signature`` = base64(HMAC-SHA256(secret, raw body)),
        compared in constant time; the creation ping (``webhook_id=<id>``,
        unsigned, asks for nothing) is let through so creation succeeds."""
        signature = headers.get("X-WC-Webhook-Signature")
        if not signature:
            return self._is_ping(headers, body)
        secret = account._get_credential("webhook_secret")
        if not secret:
            return False
        digest = hmac.new(secret.encode(), body, hashlib.sha256).digest()
        return self._constant_time_equal(base64.b64encode(digest).decode(), signature)

    @api.model
    def parse_webhook(self, account, headers, body):
        """Orders created/updated/deleted are (re-)imported (a deleted order
        reads as trashed or missing); a product update re-reads the catalog;
        the ping asks for nothing."""
        if self._is_ping(headers, body):
            return []
        topic = headers.get("X-WC-Webhook-Topic", "")
        resource = topic.partition(".")[0]
        if topic not in ORDER_TOPICS + PRODUCT_TOPICS:
            return []
        try:
            resource_id = json.loads(body).get("id")
        except (ValueError, AttributeError) as exc:
            raise EcommerceDataError(f"Webhook {topic}: the body is not JSON") from exc
        if not resource_id:
            raise EcommerceDataError(f"Webhook {topic}: no id in the body")
        return [
            WebhookEvent(
                object_type=resource, external_id=str(resource_id), topic=topic
            )
        ]

    @api.model
    def webhook_topics(self, account, url):
        """The active topics delivered to ``url`` (for the account's health
        panel)."""
        return sorted(
            {
                hook.get("topic")
                for hook in self._paginate(account, "webhooks")
                if hook.get("delivery_url") == url and hook.get("status") == "active"
            }
        )

    @api.model
    def register_webhooks(self, account, url):
        """Create the missing order and product webhooks to ``url`` (each
        creation makes WooCommerce ping ``url``, which must answer 200).

        :return: the topics registered to ``url``
        """
        wanted = ORDER_TOPICS + PRODUCT_TOPICS
        existing = {
            hook.get("topic")
            for hook in self._paginate(account, "webhooks")
            if hook.get("delivery_url") == url and hook.get("status") == "active"
        }
        secret = account._get_credential("webhook_secret")
        for topic in wanted:
            if topic in existing:
                continue
            self._request(
                account,
                "POST",
                "webhooks",
                json={
                    "name": f"Odoo: {topic}",
                    "topic": topic,
                    "delivery_url": url,
                    "secret": secret,
                    "status": "active",
                },
            )
            existing.add(topic)
        return [topic for topic in wanted if topic in existing]
