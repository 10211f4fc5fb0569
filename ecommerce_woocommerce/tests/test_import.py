# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import datetime, timedelta, timezone
from decimal import Decimal

from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.ecommerce_base.exceptions import EcommerceRetryableError

from .common import WooCommerceCommon, make_refund

ORDERS = "GET /wp-json/wc/v3/orders"
REFUNDS = "GET /wp-json/wc/v3/orders/<order_id>/refunds"
QUIET = (
    "odoo.sql_db",  # the failed sync's record, written apart, meets the test's account
    "odoo.addons.ecommerce_woocommerce.models.woocommerce_adapter",
    "odoo.addons.ecommerce_base.models.ecommerce_account_jobs",
    "odoo.addons.ecommerce_base.models.ecommerce_sync_job",
)


@tagged("post_install", "-at_install")
class TestImport(WooCommerceCommon):
    def _catalogue_orders(self, count, start=1):
        """``count`` varied, realistic orders: prices with and without tax,
        21 % and 6 % rates, quantities, percent and fixed coupons, fees,
        variations, several shipping methods, unicode names."""
        names = [("Jane", "Doe"), ("João", "Silva"), ("Zoë", "Müller"), ("Li", "Wei")]
        shipping = [
            {"method_id": "flat_rate:1", "method_title": "Flat rate", "cost": "4.95"},
            {"method_id": "free_shipping:2", "method_title": "Free", "cost": "0"},
            {"method_id": "local_pickup:3", "method_title": "Pick-up", "cost": "1.50"},
        ]
        docs = []
        base = datetime.now(timezone.utc) - timedelta(hours=1)
        for n in range(start, start + count):
            first, last = names[n % 4]
            coupons = []
            if n % 5 == 0:
                coupons = [{"code": "TEN", "percent": 10}]
            elif n % 7 == 0:
                coupons = [{"code": "FIVEOFF", "amount": "5.00"}]
            items = [
                {
                    "sku": "TS-MUG-01",
                    "name": "Mug",
                    "price": "12.50",
                    "quantity": 1 + n % 3,
                },
                {
                    "sku": "TS-TEE-M",
                    "name": "T-shirt – M",
                    "price": "19.99",
                    "quantity": 1 + n % 2,
                    "product_id": 20,
                    "variation_id": 21,
                },
            ]
            if n % 3 == 0:
                items.append(
                    {
                        "sku": "TS-BOOK",
                        "name": "Cook book",
                        "price": "9.99",
                        "quantity": 3,
                        "tax_rate": "6",
                    }
                )
            fees = (
                [{"name": "Gift wrap", "amount": "2.00", "tax_rate": "21"}]
                if n % 11 == 0
                else []
            )
            email = f"{first.lower()}.{n % 17}@example.com"
            docs.append(
                self.order_doc(
                    n,
                    items=items,
                    prices_include_tax=bool(n % 2),
                    coupons=coupons,
                    fees=fees,
                    shipping=[shipping[n % 3]],
                    billing={
                        "first_name": first,
                        "last_name": last,
                        "company": "",
                        "address_1": f"Rue {n % 17}",
                        "address_2": "",
                        "city": "Liège",
                        "state": "",
                        "postcode": "4000",
                        "country": "BE",
                        "email": email,
                        "phone": "",
                    },
                    customer_id=0 if n % 4 == 0 else 7000 + n % 17,
                    created=base + timedelta(seconds=n),
                )
            )
        return docs

    def test_01_test_connection_shows_currency_and_version(self):
        self.assertEqual(self.account.state, "connected")
        self.assertEqual(self.account.woocommerce_version, "9.4.2")
        self.assertEqual(self.account.woocommerce_currency, self.currency.name)
        self.assertTrue(self.account.woocommerce_shipment_tracking)
        self.assertIn("WooCommerce: 9.4.2", self.account.state_message)
        self.assertTrue(self.account.woocommerce_insecure, "the sandbox is plain http")
        self.assertIn("plain http", self.account.state_message)
        self.assertNotIn("cent", self.account.state_message)

    def test_01b_test_connection_warns_of_different_tax_rounding(self):
        self.company.tax_calculation_rounding_method = "round_globally"
        self.account.action_test_connection()
        self.assertIn("may differ by a cent", self.account.state_message)
        self.sandbox.round_at_subtotal = True
        self.account.action_test_connection()
        self.assertNotIn("may differ by a cent", self.account.state_message)

    def test_02_250_orders_over_3_pages_totals_equal(self):
        # volume test of the import itself: orders stay quotations; the
        # workflow and refunds to credit notes are tested on small sets
        # (test_04, test_07, test_10)
        self.account.auto_confirm = False
        self.account.payment_mapping_ids.confirm = "never"
        docs = self._catalogue_orders(250)
        self.sandbox.seed_orders(docs)
        self.account.import_orders()
        bindings = self.env["ecommerce.order.binding"].search(
            [("account_id", "=", self.account.id)]
        )
        self.assertEqual(len(bindings), 250)
        self.assertFalse(bindings.filtered("total_mismatch"))
        self.assertFalse(self.errors_of(self.account))
        by_id = {
            str(d["id"]): Decimal(self.sandbox.get_order(d["id"])["total"])
            for d in docs
        }
        for binding in bindings:
            self.assert_total(binding.sale_order_id, by_id[binding.external_id])
        self.assertEqual(self.api_calls(ORDERS), 3, "250 orders, 100 per page")
        self.assertEqual(set(bindings.sale_order_id.mapped("state")), {"draft"})
        partners = bindings.sale_order_id.partner_id
        self.assertIn("João Silva", partners.mapped("name"))
        # the next run asks only for orders modified since the cursor
        calls = self.api_calls(ORDERS)
        self.account.import_orders()
        self.assertEqual(self.api_calls(ORDERS), calls + 1)
        listings = [c for c in self.sandbox.calls() if c["route"] == ORDERS]
        query = listings[-1]["query"]
        self.assertEqual(query["dates_are_gmt"], "true")
        self.assertIn("modified_after", query)

    def test_03_tax_included_order_with_coupon_fee_and_variation(self):
        doc = self.order_doc(
            301,
            prices_include_tax=True,
            items=[
                {
                    "sku": "TS-TEE-M",
                    "price": "25.00",
                    "quantity": 3,
                    "product_id": 20,
                    "variation_id": 21,
                },
                {"sku": "TS-BOOK", "price": "9.99", "quantity": 1, "tax_rate": "6"},
            ],
            coupons=[{"code": "SUMMER", "percent": 15}],
            fees=[{"name": "Gift wrap", "amount": "2.00", "tax_rate": "21"}],
        )
        order = self.import_docs(doc).sale_order_id
        self.assert_total(order, doc["total"])
        tee = order.order_line.filtered(lambda line: line.product_id == self.tee)
        self.assertEqual((tee.price_unit, tee.discount), (25.0, 15.0))
        self.assertEqual(tee.tax_ids, self.taxes[21, True])
        fee = order.order_line.filtered(
            lambda line: line.product_id == self.fee_product
        )
        self.assertEqual((fee.name, fee.price_unit), ("Gift wrap", 2.42))
        binding = self.env["ecommerce.product.binding"].search(
            [("account_id", "=", self.account.id), ("product_id", "=", self.tee.id)]
        )
        self.assertEqual(
            (binding.external_id, binding.external_product_id), ("21", "20")
        )
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.invoice_ids.amount_total, float(doc["total"]))

    def test_04_bank_transfer_on_hold_then_processing_then_cancelled(self):
        doc = self.order_doc(302, status="on-hold", payment_method="bacs")
        order = self.import_docs(doc).sale_order_id
        self.assertEqual(order.state, "draft", "on-hold: awaiting the transfer")
        self.sandbox.touch_order(
            302, status="processing", date_paid="2026-01-01T10:00:00"
        )
        self.account.import_order("302")
        self.assertEqual(order.state, "sale")
        self.sandbox.touch_order(302, status="cancelled")
        self.account.import_order("302")
        self.assertEqual(order.state, "cancel")
        self.assertEqual(
            self.order_binding(self.account, "302").external_status, "cancelled"
        )

    @mute_logger(*QUIET)
    def test_05_missing_sku_is_logged_and_the_batch_goes_on(self):
        bad = self.order_doc(
            303, items=[{"sku": "", "name": "Mystery box", "price": "5.00"}]
        )
        good = self.order_doc(304)
        bindings = self.import_docs(bad, good)
        self.assertEqual(bindings.mapped("external_id"), ["304"])
        (error,) = self.errors_of(self.account, "303")
        self.assertIn("no Odoo product for 'Mystery box'", error.message)
        self.assertNotIn("jane.doe@example.com", error.payload or "")

    @mute_logger(*QUIET)
    def test_06_fee_without_fee_product_is_a_clear_error(self):
        self.account.woocommerce_fee_product_id = False
        doc = self.order_doc(305, fees=[{"name": "Express handling", "amount": "3.00"}])
        self.import_docs(doc)
        (error,) = self.errors_of(self.account, "305")
        self.assertIn("set a fee product on the account", error.message)

    @mute_logger(*QUIET)
    def test_07_flaky_store_imported_fully_once(self):
        # volume test: payment registration is covered by smaller tests and is
        # the slowest step of Odoo here (one growing reconciliation query per order)
        self.account.payment_mapping_ids.register_payment = False
        docs = [
            self.order_doc(400 + n, status="on-hold", payment_method="bacs")
            for n in range(140)
        ]
        docs += [self.order_doc(600 + n, status="completed") for n in range(10)]
        self.sandbox.seed_orders(docs)
        for doc in docs[140:]:
            line_id = doc["line_items"][0]["id"]
            refund = make_refund(doc, doc["id"] * 10, lines=[(line_id, 1)])
            self.sandbox.seed_refunds(doc["id"], [refund])
        self.sandbox.set_faults(rate_5xx=0.2, seed=7)
        self.account.import_orders()
        self.sandbox.clear_faults()
        failed = self.sandbox.call_count(status=503)
        self.assertGreaterEqual(failed, 3, "the store did fail, several times")
        bindings = self.env["ecommerce.order.binding"].search(
            [("account_id", "=", self.account.id)]
        )
        self.assertEqual(len(bindings), 150)
        self.assertEqual(len(bindings.sale_order_id), 150, "one sale order each")
        self.assertFalse(self.errors_of(self.account))
        credit_notes = bindings.sale_order_id.invoice_ids.filtered(
            lambda m: m.move_type == "out_refund"
        )
        self.assertEqual(len(credit_notes), 10)
        self.account.import_orders()  # nothing new: no duplicate
        self.assertEqual(
            self.env["sale.order"].search_count(
                [("ecommerce_account_id", "=", self.account.id)]
            ),
            150,
        )

    @mute_logger(*QUIET)
    def test_08_store_down_gives_retryable_error(self):
        self.sandbox.set_faults(down=True)
        with self.assertRaises(EcommerceRetryableError):
            self.account.import_orders()
        self.assertEqual(self.sandbox.call_count(route=ORDERS), 4, "1 call + 3 retries")

    @mute_logger(*QUIET)
    def test_09_wrong_keys_and_plain_permalinks_have_clear_messages(self):
        self.account.api_secret = "cs_wrong"
        with self.assertRaisesRegex(UserError, "refused the API keys"):
            self.account.action_test_connection()
        self.assertEqual(self.account.state, "error")
        self.account.api_secret = self.sandbox.consumer_secret
        self.sandbox.pretty_permalinks = False
        with self.assertRaisesRegex(UserError, "Settings > Permalinks"):
            self.account.action_test_connection()

    def test_10_refund_imported_later_becomes_a_credit_note(self):
        doc = self.order_doc(306, status="completed")
        order = self.import_docs(doc).sale_order_id
        self.assertEqual(
            order.invoice_ids.payment_state in ("paid", "in_payment"), True
        )
        refund = make_refund(
            doc, 3061, lines=[(doc["line_items"][1]["id"], 1)], shipping=True
        )
        self.sandbox.seed_refunds(306, [refund])
        self.account.import_order("306")
        credit = order.invoice_ids.filtered(lambda m: m.move_type == "out_refund")
        self.assertEqual(credit.state, "posted")
        self.assertEqual(credit.amount_total, float(refund["amount"]))
        self.account.import_order("306", force=True)
        self.assertEqual(
            len(order.invoice_ids.filtered(lambda m: m.move_type == "out_refund")), 1
        )
