# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import datetime, timedelta, timezone

from odoo import fields
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.ecommerce_base.exceptions import (
    EcommerceAuthError,
    EcommerceNotFound,
    EcommerceRateLimited,
)

from .common import EbayCommon, order_total

ORDERS = "GET /sell/fulfillment/v1/order"


@tagged("post_install", "-at_install")
class TestEbayImport(EbayCommon):
    def _two_hundred_orders(self):
        start = datetime.now(timezone.utc).replace(microsecond=0) - timedelta(hours=5)
        specs = [
            [
                {
                    "sku": "TS-MUG-01",
                    "quantity": 2,
                    "unit_price": "12.50",
                    "shipping": "4.95",
                }
            ],
            [
                {
                    "sku": "TS-TEE-M",
                    "quantity": 1,
                    "unit_price": "25.00",
                    "discount": "5.00",
                    "cr_tax": "1.65",
                },
                {
                    "sku": "TS-BOOK",
                    "quantity": 3,
                    "unit_price": "9.99",
                    "shipping": "3.50",
                },
            ],
            [
                {
                    "sku": "TS-BOOK",
                    "quantity": 1,
                    "unit_price": "30.00",
                    "seller_tax": "3.00",
                }
            ],
        ]
        docs = []
        for index in range(200):
            docs.append(
                self.order_doc(
                    f"12-{index:05d}-00001",
                    specs[index % 3],
                    username=f"buyer{index % 37}",
                    full_name=f"Buyer Number{index % 37}",
                    email=None if index % 5 == 0 else f"b{index % 37}@members.ebay.com",
                    created=start + timedelta(seconds=index),
                )
            )
        return docs

    def test_01_two_hundred_orders_over_four_pages_totals_equal(self):
        # volume test of the import itself: orders stay quotations, the
        # workflow is test_01b's (Odoo's confirmation costs grow inside one
        # long test transaction)
        self.account.auto_confirm = False
        self.account.payment_mapping_ids.confirm = "never"
        self.account.ebay_order_page_size = 50
        docs = self._two_hundred_orders()
        bindings = self.import_docs(*docs)
        self.assertEqual(len(bindings), 200)
        mismatches = bindings.filtered("total_mismatch")
        self.assertFalse(mismatches, self.errors_of(self.account).mapped("message"))
        for doc in docs:
            self.assert_total(self.sale_order_of(doc["orderId"]), order_total(doc))
        self.assertEqual(self.sandbox.call_count(route=ORDERS), 4)
        self.assertEqual(self.token_calls(), 1, "one token for the whole import")
        run = self.env["ecommerce.sync.job"].search(
            [("account_id", "=", self.account.id)], limit=1
        )
        self.assertEqual((run.created, run.failed, run.api_calls), (200, 0, 5))
        # buyers without email still get one partner per eBay user name
        partners = bindings.sale_order_id.partner_id
        self.assertEqual(len(partners), 37)
        # eBay-collected tax stays out: the mixed order is 20.00 + 29.97 + 3.50
        second = self.sale_order_of(docs[1]["orderId"])
        self.assertEqual(second.amount_total, 53.47)
        self.assertIn("1.65 USD of taxes", second.note)
        self.assertEqual(set(bindings.sale_order_id.mapped("state")), {"draft"})
        taxed = self.sale_order_of(docs[2]["orderId"])
        self.assertEqual(taxed.amount_tax, 3.0)

    def test_01b_order_with_ebay_collected_tax_confirmed_and_invoiced(self):
        doc = self._two_hundred_orders()[1]
        self.import_docs(doc)
        order = self.sale_order_of(doc["orderId"])
        self.assertEqual(order.amount_total, 53.47)
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.invoice_ids.state, "posted")
        self.assertEqual(order.invoice_ids.amount_total, 53.47)

    def test_02_next_import_asks_since_cursor_minus_overlap(self):
        self.import_docs(self.order_doc("20-00001-00001"))
        cursor = self.account.orders_cursor_at
        self.sandbox.call_log.clear()
        self.account.import_orders()
        (call,) = self.sandbox.calls(prefix="/sell/fulfillment/v1/order")
        since = cursor - timedelta(minutes=self.account.import_overlap_minutes)
        stamp = since.strftime("%Y-%m-%dT%H:%M:%S.000Z")
        self.assertEqual(call["query"]["filter"], f"lastmodifieddate:[{stamp}..]")
        self.assertEqual(call["query"]["limit"], "100")

    def test_03_no_sku_line_found_by_legacy_item_binding(self):
        self.env["ecommerce.product.binding"].create(
            {
                "account_id": self.account.id,
                "external_id": "256987654321",
                "external_product_id": "256987654321",
                "product_id": self.mug.id,
            }
        )
        doc = self.order_doc(
            "30-00001-00001",
            [
                {
                    "legacy_item_id": "256987654321",
                    "title": "Vintage mug",
                    "quantity": 1,
                    "unit_price": "12.50",
                    "cr_tax": "1.00",
                }
            ],
        )
        self.import_docs(doc)
        order = self.sale_order_of("30-00001-00001")
        self.assertEqual(
            order.order_line.filtered("product_id.is_storable").product_id, self.mug
        )
        self.assert_total(order, "12.50")

    def test_04_cancellation_seen_on_a_later_poll(self):
        self.import_docs(self.order_doc("40-00001-00001"))
        order = self.sale_order_of("40-00001-00001")
        self.assertEqual(order.state, "sale")
        self.sandbox.cancel_order("40-00001-00001")
        self.account.import_orders()
        errors = self.errors_of(self.account).mapped("message")
        self.assertEqual(order.state, "cancel", errors)
        credit = order.invoice_ids.filtered(lambda m: m.move_type == "out_refund")
        self.assertEqual(credit.ecommerce_refund_external_id, "CR-40-00001-00001")
        self.assertEqual(credit.amount_total, order.amount_total)
        self.assertEqual(
            self.order_binding(self.account, "40-00001-00001").external_status,
            "cancelled",
        )

    def test_05_partial_refund_becomes_a_credit_note(self):
        doc = self.order_doc(
            "50-00001-00001",
            [
                {"sku": "TS-MUG-01", "quantity": 2, "unit_price": "12.50"},
                {"sku": "TS-TEE-M", "quantity": 1, "unit_price": "25.00"},
            ],
        )
        self.import_docs(doc)
        order = self.sale_order_of("50-00001-00001")
        refunded = self.order_doc(
            "50-00001-00001",
            [
                {"sku": "TS-MUG-01", "quantity": 2, "unit_price": "12.50"},
                {"sku": "TS-TEE-M", "quantity": 1, "unit_price": "25.00"},
            ],
            refunds=[{"refund_id": "RF-501", "amount": "12.50", "line": 0}],
            modified=datetime.now(timezone.utc) + timedelta(minutes=1),
        )
        self.assertEqual(
            refunded["lineItems"][0]["lineItemId"], doc["lineItems"][0]["lineItemId"]
        )
        self.sandbox.seed_orders([refunded])
        self.account.import_orders()
        credit = order.invoice_ids.filtered(lambda m: m.move_type == "out_refund")
        self.assertEqual(len(credit), 1)
        self.assertEqual(credit.ecommerce_refund_external_id, "RF-501")
        self.assertEqual(credit.amount_total, 12.5)
        self.assertEqual(credit.state, "posted")
        self.account.import_orders(force=True)  # imported once, whatever the polls
        self.assertEqual(
            len(order.invoice_ids.filtered(lambda m: m.move_type == "out_refund")), 1
        )

    def test_06_rate_limits_are_retried_with_backoff(self):
        self.account.auto_confirm = False
        self.account.payment_mapping_ids.confirm = "never"
        self.account.ebay_order_page_size = 10
        docs = self._two_hundred_orders()[:40]
        self.sandbox.seed_orders(docs)
        self.sandbox.set_faults(rate_429=0.3, seed=7, only_paths=["/sell/"])
        self.account.import_orders()
        self.assertEqual(len(self.account.order_binding_ids), 40)
        self.assertGreater(self.sandbox.call_count(route=ORDERS, status=429), 0)
        self.sandbox.set_faults(rate_429=1.0)
        with self.assertRaisesRegex(EcommerceRateLimited, "2001: The request limit"):
            list(self.account._adapter().fetch_orders(self.account, None))

    def test_07_token_cached_then_renewed_when_refused(self):
        adapter = self.account._adapter()
        for _i in range(3):
            list(adapter.fetch_orders(self.account, None))
        self.assertEqual(self.token_calls(), 1)
        self.assertTrue(self.account.access_token)
        self.assertGreater(
            self.account.ebay_token_expires_at,
            fields.Datetime.now() + timedelta(minutes=100),
        )
        self.sandbox.expire_tokens()
        list(adapter.fetch_orders(self.account, None))
        self.assertEqual(self.token_calls(), 2, "refreshed once after eBay's 401")
        self.account.refresh_token = "revoked"
        self.sandbox.expire_tokens()
        self.env["ecommerce.ebay.adapter"]._ebay_tokens.clear()
        self.account.access_token = False
        with self.assertRaisesRegex(EcommerceAuthError, "invalid_grant"):
            list(adapter.fetch_orders(self.account, None))

    def test_08_errors_read_from_ebay_error_bodies(self):
        with self.assertRaisesRegex(EcommerceNotFound, "32100: Invalid Order Id: X-1"):
            self.account._adapter().fetch_order(self.account, "X-1")

    @mute_logger("odoo.addons.ecommerce_base.models.ecommerce_account_jobs")
    def test_09_bad_order_logged_and_batch_goes_on(self):
        bad = self.order_doc("90-00001-00001")
        bad["lineItems"][0]["lineItemCost"]["value"] = "n/a"
        good = self.order_doc("90-00002-00001")
        bindings = self.import_docs(bad, good)
        self.assertEqual(bindings.external_id, "90-00002-00001")
        (error,) = self.errors_of(self.account, "90-00001-00001")
        self.assertIn("not a number", error.message)
        self.assertNotIn("members.ebay.com", error.payload or "")

    def test_10_test_connection_and_daily_budget(self):
        self.sandbox.seed_orders([self.order_doc("99-00001-00001")])
        self.account.action_test_connection()
        self.assertEqual(self.account.state, "connected")
        self.assertIn("seller: odoo_test_seller", self.account.state_message)
        self.assertIn("marketplace: EBAY_US", self.account.state_message)
        self.account.import_orders()
        used = self.account.ebay_calls_today
        self.assertGreaterEqual(used, 1)
        self.account.ebay_daily_call_budget = used
        self.account.invalidate_recordset(["ebay_calls_today"])
        before = len(self.sandbox.calls())
        with self.assertRaisesRegex(EcommerceRateLimited, "budget of"):
            list(self.account._adapter().fetch_orders(self.account, None))
        self.assertEqual(len(self.sandbox.calls()), before, "no call past the budget")
