# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import base64
import hashlib
import hmac

from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import ShopifyCommon, sign


@tagged("post_install", "-at_install")
class TestShopifyWebhooks(ShopifyCommon, HttpCase):
    """Webhooks signed by the sandbox like Shopify, posted to Odoo's endpoint."""

    def _send(self, topic, payload, secret=None):
        """Post a webhook built and signed by the sandbox through the test
        client (HttpCase serves the test transaction to it only)."""
        body, headers = self.sandbox.webhook_request(topic, payload, secret)
        response = self.url_open(
            f"/ecommerce/webhook/{self.account.id}", data=body, headers=headers
        )
        return response.status_code, response.content

    def _jobs(self, method):
        return (
            self.env["queue.job"]
            .sudo()
            .search(
                [("model_name", "=", "ecommerce.account"), ("method_name", "=", method)]
            )
        )

    def test_01_signature_is_base64_hmac_of_raw_body(self):
        # the documented test vector
        body = b'{"id":820982911946154508,"email":"jon@example.com"}'
        self.assertEqual(
            sign("shpss_test_secret", body),
            "LnwdZPLBbdjkBwPD/lDL1/rYEGby/GHPtL1aAH6Dxjc=",
        )
        adapter = self.account._adapter()
        headers = {"X-Shopify-Hmac-Sha256": sign(self.sandbox.api_secret, body)}
        self.assertTrue(adapter.verify_webhook(self.account, headers, body))
        self.assertFalse(adapter.verify_webhook(self.account, headers, body + b" "))
        self.assertFalse(adapter.verify_webhook(self.account, {}, body))
        # rotation: the previous secret is accepted from the webhook secret field
        self.account.webhook_secret = "shpss_old_secret"
        digest = hmac.new(b"shpss_old_secret", body, hashlib.sha256).digest()
        old = {"Shopify-Hmac-Sha256": base64.b64encode(digest).decode()}
        self.assertTrue(adapter.verify_webhook(self.account, old, body))

    def test_02_order_topics_enqueue_one_import(self):
        document = self.order_doc(9101)
        for topic in ("orders/create", "orders/updated", "orders/cancelled"):
            status, _body = self._send(topic, document)
            self.assertEqual(status, 200)
        status, _body = self._send("refunds/create", {"id": 1, "order_id": 9101})
        self.assertEqual(status, 200)
        jobs = self._jobs("import_order")
        self.assertEqual(len(jobs), 1, "four webhooks of one order: one job")
        self.assertEqual(jobs.channel, "root.ecommerce.shopify")
        self.assertEqual(jobs.kwargs, {"external_id": "9101", "trigger": "webhook"})
        self.sandbox.seed_orders([document])
        self.account.import_order("9101")
        self.assert_total(self.sale_order_of("9101"), document["total_price"])

    @mute_logger("odoo.addons.ecommerce_base.controllers.webhook")
    def test_03_wrong_hmac_gets_401_and_nothing_stored(self):
        document = self.order_doc(9102)
        status, _body = self._send("orders/create", document, secret="not-the-secret")
        self.assertEqual(status, 401)
        status, _body = self._send(
            "customers/redact", {"customer": {"id": 1}}, secret="wrong"
        )
        self.assertEqual(status, 401)
        self.assertFalse(self._jobs("import_order"))
        self.assertFalse(self._jobs("shopify_privacy_request"))

    def test_04_customers_redact_anonymises(self):
        document = self.order_doc(9103, first_name="Amélie", last_name="Poulain")
        binding = self.import_docs(document)
        partner = binding.sale_order_id.partner_id
        customer_id = str(document["customer"]["id"])
        self.assertEqual(partner.email, "jane.doe@example.com")
        payload = {
            "shop_id": 548380009,
            "shop_domain": self.sandbox.domain,
            "customer": {"id": int(customer_id), "email": "jane.doe@example.com"},
            "orders_to_redact": [9103],
        }
        status, _body = self._send("customers/redact", payload)
        self.assertEqual(status, 200)
        job = self._jobs("shopify_privacy_request")
        self.assertEqual(
            job.kwargs, {"topic": "customers/redact", "external_id": customer_id}
        )
        result = self.account.shopify_privacy_request(**job.kwargs)
        self.assertIn("anonymised", result)
        self.assertFalse(partner.email)
        self.assertNotIn("Amélie", partner.name)
        self.assertFalse(binding.sale_order_id.partner_shipping_id.street)
        self.assertEqual(binding.sale_order_id.partner_id, partner, "order kept")

    def test_05_data_request_and_uninstall(self):
        document = self.order_doc(9104)
        self.import_docs(document)
        customer_id = str(document["customer"]["id"])
        result = self.account.shopify_privacy_request(
            "customers/data_request", customer_id
        )
        self.assertIn("posted", result)
        note = self.account.message_ids[:1]
        self.assertIn("jane.doe@example.com", note.body)
        self.assertIn("#9104", note.body)
        status, _body = self._send("app/uninstalled", {"id": 548380009})
        self.assertEqual(status, 200)
        job = self._jobs("shopify_privacy_request")
        self.account.shopify_privacy_request(**job.kwargs)
        self.assertEqual(self.account.state, "error")
