# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import base64
import hashlib
import hmac
import json

from odoo import api, models

from odoo.addons.ecommerce_base.canonical import WebhookEvent
from odoo.addons.ecommerce_base.exceptions import EcommerceDataError
from odoo.addons.ecommerce_base.tools.dates import parse_datetime

PAGE_SIZE = 50
ORDER_TOPICS = ("orders/create", "orders/updated")
WEBHOOK_MAX_AGE = 300  # testshop signs X-Shop-Triggered-At; 5 minutes of skew


class TestshopAdapter(models.AbstractModel):
    """Adapter of the test platform: plain ``requests`` through the base's
    HTTP seam, token header auth, opaque-cursor pagination."""

    _name = "ecommerce.testshop.adapter"
    _inherit = "ecommerce.adapter"
    _description = "Testshop Adapter"

    @api.model
    def _auth_headers(self, account):
        return {"X-Shop-Token": account._get_credential("access_token")}

    @api.model
    def _error_message(self, account, response):
        try:
            return response.json()["error"]["message"]
        except (ValueError, KeyError, TypeError):
            return super()._error_message(account, response)

    @api.model
    def expected_tax_rounding(self, account):
        return "round_per_line"

    @api.model
    def test_connection(self, account):
        shop = self._request(account, "GET", "/api/shop")["shop"]
        return {"shop": shop["name"], "currency": shop["currency"]}

    @api.model
    def _paginate(self, account, path, key, params):
        cursor = None
        while True:
            page_params = dict(params, limit=PAGE_SIZE)
            if cursor:
                page_params["cursor"] = cursor
            page = self._request(account, "GET", path, params=page_params)
            yield from page.get(key) or []
            cursor = page.get("next_cursor")
            if not cursor:
                return

    @api.model
    def fetch_orders(self, account, updated_since):
        params = {}
        if updated_since:
            params["updated_since"] = updated_since.strftime("%Y-%m-%dT%H:%M:%SZ")
        return self._paginate(account, "/api/orders", "orders", params)

    @api.model
    def fetch_order(self, account, external_id):
        return self._request(account, "GET", f"/api/orders/{external_id}")["order"]

    @api.model
    def fetch_products(self, account):
        return self._paginate(account, "/api/products", "products", {})

    @api.model
    def stock_batch_size(self, account):
        return 50

    @api.model
    def push_stock(self, account, raw_levels):
        answer = self._request(
            account, "POST", "/api/inventory/set", json={"items": raw_levels}
        )
        return {error["sku"]: error["message"] for error in answer.get("errors") or []}

    @api.model
    def fetch_stock(self, account, skus):
        if not skus:
            return {}
        answer = self._request(
            account, "GET", "/api/inventory", params={"skus": ",".join(skus)}
        )
        return {level["sku"]: level["quantity"] for level in answer.get("levels") or []}

    @api.model
    def create_fulfillment(self, account, order_external_id, raw_fulfillment):
        answer = self._request(
            account,
            "POST",
            f"/api/orders/{order_external_id}/fulfillments",
            json=raw_fulfillment,
        )
        return str(answer["fulfillment"]["id"])

    @api.model
    def update_product(self, account, binding, raw_product):
        if raw_product:
            self._request(
                account,
                "PUT",
                f"/api/products/{binding.external_id}",
                json={"product": raw_product},
            )

    @api.model
    def webhook_topics(self, account, url):
        hooks = self._request(account, "GET", "/api/webhooks").get("webhooks") or []
        return sorted({hook["topic"] for hook in hooks if hook.get("address") == url})

    @api.model
    def register_webhooks(self, account, url):
        existing = set(self.webhook_topics(account, url))
        for topic in ORDER_TOPICS:
            if topic not in existing:
                self._request(
                    account,
                    "POST",
                    "/api/webhooks",
                    json={"webhook": {"topic": topic, "address": url}},
                )
        return list(ORDER_TOPICS)

    @api.model
    def verify_webhook(self, account, headers, body):
        secret = account._get_credential("webhook_secret")
        if not secret:
            return False
        digest = hmac.new(secret.encode(), body, hashlib.sha256).digest()
        expected = base64.b64encode(digest).decode()
        return self._constant_time_equal(expected, headers.get("X-Shop-Hmac-Sha256"))

    @api.model
    def _timeout(self, account):
        """Seconds before a call times out; the system parameter
        ``test_ecommerce_base.timeout`` shortens it for fault tests."""
        value = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("test_ecommerce_base.timeout")
        )
        return float(value) if value else super()._timeout(account)

    @api.model
    def webhook_max_age(self, account):
        return WEBHOOK_MAX_AGE

    @api.model
    def webhook_sent_at(self, account, headers, body):
        try:
            return parse_datetime(headers.get("X-Shop-Triggered-At"))
        except EcommerceDataError:
            return None

    @api.model
    def parse_webhook(self, account, headers, body):
        topic = headers.get("X-Shop-Topic", "")
        if topic not in ORDER_TOPICS:
            return []
        order_id = json.loads(body).get("id")
        return [
            WebhookEvent(object_type="order", external_id=str(order_id), topic=topic)
        ]
