# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import json
import os
from datetime import datetime, timezone

from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from odoo.addons.ecommerce_base.exceptions import (
    EcommerceRateLimited,
    EcommerceRetryableError,
)
from odoo.addons.queue_job.tests.common import trap_jobs

from .common import EcommerceTestCommon, format_time, sign


@tagged("post_install", "-at_install")
class TestJobs(EcommerceTestCommon):
    def test_01_cron_only_enqueues_on_platform_channel(self):
        with trap_jobs() as trap:
            self.env["ecommerce.account"]._cron_import_orders()
            trap.assert_jobs_count(1, only=self.account.import_orders)
            trap.assert_enqueued_job(
                self.account.import_orders,
                kwargs={"trigger": "cron"},
                properties={
                    "channel": "root.ecommerce.testshop",
                    "identity_key": f"ecommerce:{self.account.id}:import_orders:",
                },
            )
        self.assertFalse(
            self.env["ecommerce.order.binding"].search(
                [("account_id", "=", self.account.id)]
            ),
            "the cron itself imported nothing",
        )

    def test_02_same_work_never_queued_twice(self):
        with trap_jobs() as trap:
            for _i in range(3):
                self.account.action_import_orders_now()
            trap.assert_jobs_count(1)

    @mute_logger("odoo.sql_db", "odoo.addons.ecommerce_base.models.ecommerce_sync_job")
    def test_03_rate_limit_becomes_retryable_with_retry_after(self):
        self.sandbox.set_faults(rate_429=1.0, retry_after=7, seed=1)
        with self.assertRaises(EcommerceRateLimited) as caught:
            self.account.import_orders()
        self.assertEqual(caught.exception.seconds, 7)

    @mute_logger("odoo.sql_db", "odoo.addons.ecommerce_base.models.ecommerce_sync_job")
    def test_04_server_error_is_retryable(self):
        self.sandbox.set_faults(rate_5xx=1.0, seed=1)
        with self.assertRaises(EcommerceRetryableError):
            self.account.import_orders()

    def test_05_import_products_binds_by_sku_and_barcode(self):
        self.sandbox.seed_products(
            [
                {
                    "id": "p-mug",
                    "sku": "TS-MUG-01",
                    "title": "Mug",
                    "price": "12.50",
                    "inventory_quantity": 3,
                },
                {
                    "id": "p-tee",
                    "sku": "",
                    "barcode": "5400000000027",
                    "title": "Tee",
                    "price": "25.00",
                    "inventory_quantity": 3,
                },
                {
                    "id": "p-none",
                    "sku": "NOPE",
                    "title": "Not in Odoo",
                    "price": "1.00",
                    "inventory_quantity": 3,
                },
            ]
        )
        self.account.import_products()
        bindings = self.env["ecommerce.product.binding"].search(
            [("account_id", "=", self.account.id)]
        )
        self.assertEqual(
            {b.external_id: b.product_id for b in bindings},
            {"p-mug": self.mug, "p-tee": self.tee},
        )
        run = self.env["ecommerce.sync.job"].search(
            [("kind", "=", "products")], limit=1
        )
        self.assertEqual((run.fetched, run.created, run.skipped), (3, 2, 1))

    def test_06_reconcile_repairs_stock_drift_and_missing_orders(self):
        binding = self.env["ecommerce.product.binding"].create(
            {
                "account_id": self.account.id,
                "external_id": "p-mug",
                "sku": "TS-MUG-01",
                "product_id": self.mug.id,
            }
        )
        self.sandbox.seed_products(
            [{"id": "p-mug", "sku": "TS-MUG-01", "inventory_quantity": 0}]
        )
        self.set_stock(self.mug, 4)
        self.account.export_stock(full=True)
        self.assertEqual(self.sandbox.inventory()["TS-MUG-01"], 4)
        self.sandbox.seed_products(
            [{"id": "p-mug", "sku": "TS-MUG-01", "inventory_quantity": 9}]
        )  # someone edited it there
        self.sandbox.seed_orders([self.order_doc("R1")])  # a webhook that never came
        self.account.reconcile()
        # the late order reserved 2 of the 4 mugs: 2 are free to sell
        self.assertEqual(self.sandbox.inventory()["TS-MUG-01"], 2)
        self.assertTrue(self.sale_order_of("R1"))
        run = self.env["ecommerce.sync.job"].search(
            [("kind", "=", "reconcile")], limit=1
        )
        self.assertIn("1 SKU(s) differed", run.summary)
        self.assertIn("R1", run.summary)
        self.assertEqual(binding.last_exported_qty, 2)

    def test_07_neutralized_database_never_talks_to_the_store(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "database.is_neutralized", True
        )
        calls = self.sandbox.call_count()
        with self.assertRaisesRegex(Exception, "neutralized"):
            self.account.import_orders()
        self.assertEqual(self.sandbox.call_count(), calls)

    def test_08_duplicated_database_does_not_sync(self):
        self.account.database_uuid = "another-database"
        with self.assertRaisesRegex(Exception, "another database"):
            self.account.export_stock(full=True)

    def test_10_test_connection_warns_about_tax_rounding(self):
        self.company.tax_calculation_rounding_method = "round_globally"
        self.account.action_test_connection()
        self.assertIn("Round per Line", self.account.state_message)
        self.company.tax_calculation_rounding_method = "round_per_line"
        self.account.action_test_connection()
        self.assertNotIn("Warning", self.account.state_message)
        self.assertIn("Test Shop", self.account.state_message)

    def test_09_credentials_from_environment(self):
        key = f"ECOMMERCE_{self.account.id}_ACCESS_TOKEN"
        os.environ[key] = "from-env"
        try:
            self.assertEqual(self.account._get_credential("access_token"), "from-env")
        finally:
            del os.environ[key]
        self.assertEqual(
            self.account._get_credential("access_token"), self.sandbox.token
        )


@tagged("post_install", "-at_install")
class TestWebhooks(EcommerceTestCommon, HttpCase):
    def _post(self, body, signature=None, topic="orders/updated", account_id=None):
        headers = {
            "Content-Type": "application/json",
            "X-Shop-Topic": topic,
            "X-Shop-Triggered-At": format_time(datetime.now(timezone.utc)),
        }
        if signature is not None:
            headers["X-Shop-Hmac-Sha256"] = signature
        return self.url_open(
            f"/ecommerce/webhook/{account_id or self.account.id}",
            data=body,
            headers=headers,
        )

    def _jobs(self):
        return (
            self.env["queue.job"]
            .sudo()
            .search(
                [
                    ("model_name", "=", "ecommerce.account"),
                    ("method_name", "=", "import_order"),
                ]
            )
        )

    def test_01_signed_webhooks_enqueue_one_job(self):
        body = json.dumps(self.order_doc("W1")).encode()
        for _i in range(5):
            response = self._post(body, sign(self.sandbox.webhook_secret, body))
            self.assertEqual(response.status_code, 200)
        jobs = self._jobs()
        self.assertEqual(len(jobs), 1, "five webhooks of one order: one job")
        self.assertEqual(jobs.channel, "root.ecommerce.testshop")
        self.assertEqual(jobs.kwargs, {"external_id": "W1", "trigger": "webhook"})

    @mute_logger("odoo.addons.ecommerce_base.controllers.webhook")
    def test_02_bad_missing_signature_and_unknown_account_get_401(self):
        body = json.dumps(self.order_doc("W2")).encode()
        self.assertEqual(self._post(body, "bm90IGEgc2lnbmF0dXJl").status_code, 401)
        self.assertEqual(self._post(body).status_code, 401)
        other = sign("wrong-secret", body)
        self.assertEqual(self._post(body, other).status_code, 401)
        good = sign(self.sandbox.webhook_secret, body)
        self.assertEqual(self._post(body, good, account_id=999999).status_code, 401)
        self.assertFalse(self._jobs())
        self.assertFalse(
            self.env["ecommerce.error.log"].search([("external_id", "=", "W2")])
        )

    def test_03_oversize_body_refused(self):
        body = b"{" + b" " * (3 * 1024 * 1024) + b"}"
        response = self._post(body, sign(self.sandbox.webhook_secret, body))
        self.assertEqual(response.status_code, 413)
        self.assertFalse(self._jobs())

    def test_04_webhook_job_imports_the_order(self):
        doc = self.order_doc("W3")
        self.sandbox.seed_orders([doc])
        self.account.import_order("W3")
        self.assert_total(self.sale_order_of("W3"), doc["total"])
