# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import json

from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import WooCommerceCommon, sign


@tagged("post_install", "-at_install")
class TestWebhooks(WooCommerceCommon, HttpCase):
    def setUp(self):
        super().setUp()
        self.env["ir.config_parameter"].sudo().set_param(
            "web.base.url", self.base_url()
        )

    def _post(
        self,
        body,
        topic="order.updated",
        signature=None,
        content_type="application/json",
    ):
        headers = {"Content-Type": content_type}
        if topic:
            headers["X-WC-Webhook-Topic"] = topic
        if signature is not None:
            headers["X-WC-Webhook-Signature"] = signature
        return self.url_open(
            f"/ecommerce/webhook/{self.account.id}", data=body, headers=headers
        )

    def _jobs(self, method="import_order"):
        return (
            self.env["queue.job"]
            .sudo()
            .search(
                [("model_name", "=", "ecommerce.account"), ("method_name", "=", method)]
            )
        )

    def test_01_signature_vector(self):
        body = b'{"id":820982911946154508,"email":"jon@example.com"}'
        adapter = self.account._adapter()
        self.account.webhook_secret = "wc_test_secret"
        headers = {
            "X-WC-Webhook-Signature": "QGqYutfJ9tS61MXNcMK8kGIH4/oh/1jDz+MLsMESGSw="
        }
        self.assertTrue(adapter.verify_webhook(self.account, headers, body))
        self.assertFalse(adapter.verify_webhook(self.account, headers, body + b" "))

    def test_02_signed_order_webhooks_enqueue_one_import(self):
        body = json.dumps(self.order_doc(601)).encode()
        signature = sign(self.sandbox.webhook_secret, body)
        for topic in ("order.created", "order.updated", "order.updated"):
            self.assertEqual(self._post(body, topic, signature).status_code, 200)
        jobs = self._jobs()
        self.assertEqual(len(jobs), 1)
        self.assertEqual(jobs.channel, "root.ecommerce.woocommerce")
        self.assertEqual(jobs.kwargs, {"external_id": "601", "trigger": "webhook"})
        deleted = b'{"id":602}'
        self.assertEqual(
            self._post(
                deleted, "order.deleted", sign(self.sandbox.webhook_secret, deleted)
            ).status_code,
            200,
        )
        self.assertEqual(len(self._jobs()), 2)
        product = b'{"id":11,"sku":"TS-MUG-01"}'
        self._post(
            product, "product.updated", sign(self.sandbox.webhook_secret, product)
        )
        self.assertEqual(len(self._jobs("import_products")), 1)

    @mute_logger("odoo.addons.ecommerce_base.controllers.webhook")
    def test_03_wrong_or_missing_signature_gets_401(self):
        body = json.dumps(self.order_doc(603)).encode()
        self.assertEqual(
            self._post(body, signature=sign("wrong", body)).status_code, 401
        )
        self.assertEqual(self._post(body).status_code, 401)
        self.assertFalse(self._jobs())

    def test_04_creation_ping_answered_200_and_registration(self):
        ping = self._post(
            b"webhook_id=12",
            topic=None,
            content_type="application/x-www-form-urlencoded",
        )
        self.assertEqual(ping.status_code, 200)
        self.assertFalse(self._jobs())
        self.account.webhook_secret = False
        # the sandbox calls this test server back: it needs a session (the
        # server hosts several databases) and the test's request key
        self.authenticate(None, None)
        with self.allow_requests():
            self.sandbox.delivery_headers = {
                "Cookie": f"session_id={self.session.sid}; "
                f"test_request_key={self.http_request_key}"
            }
            self.env.flush_all()
            self.account.action_woocommerce_register_webhooks()
        hooks = self.sandbox.store.values("webhooks")
        self.assertEqual(
            sorted(h["topic"] for h in hooks),
            ["order.created", "order.deleted", "order.updated", "product.updated"],
        )
        secret = self.account._get_credential("webhook_secret")
        self.assertTrue(secret)
        self.assertEqual({h["_secret"] for h in hooks}, {secret})
        self.assertEqual(
            self.account.woocommerce_webhook_topics,
            "order.created, order.updated, order.deleted, product.updated",
        )
        self.account.action_check_webhooks()
        self.assertEqual(
            self.account.webhook_topics,
            "order.created, order.deleted, order.updated, product.updated",
        )
        # a real delivery from the store, signed with the new secret
        self.sandbox.seed_orders([self.order_doc(604)])
        self.env.flush_all()
        with self.allow_requests():
            self.sandbox.delivery_headers["Cookie"] = (
                f"session_id={self.session.sid}; "
                f"test_request_key={self.http_request_key}"
            )
            status, _body = self.sandbox.send_webhook_event(
                self.account.webhook_url, "order.updated", 604
            )
        self.assertEqual(status, 200)
        self.assertEqual(self._jobs().kwargs["external_id"], "604")
        # registering again creates nothing new
        self.account.action_woocommerce_register_webhooks()
        self.assertEqual(len(self.sandbox.store.values("webhooks")), 4)
