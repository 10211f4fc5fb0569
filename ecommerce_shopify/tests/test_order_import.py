# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import math
from decimal import Decimal

from odoo.tests import tagged

from odoo.addons.ecommerce_base.exceptions import EcommerceRetryableError

from .common import ShopifyCommon, make_order

BOOK = {"sku": "TS-BOOK", "title": "Cook book", "price": "30.00", "quantity": 1}
MUG = {"sku": "TS-MUG-01", "title": "Ceramic mug", "price": "12.50", "quantity": 2}
TEE = {"sku": "TS-TEE-M", "title": "Organic T-shirt", "price": "24.90", "quantity": 3}


def varied_order(order_id, currency):
    """One of five realistic Shopify orders, by ``order_id`` modulo 5."""
    kind = order_id % 5
    gateway = "shopify_payments" if order_id % 3 == 0 else "manual"
    common = {"currency": currency, "gateway": gateway}
    if kind == 0:  # taxes excluded, fixed order code spread over two rates
        return make_order(
            order_id,
            taxes_included=False,
            lines=[MUG, dict(BOOK, tax_rate="0.06"), TEE],
            discounts=[
                {"code": "SAVE7", "value_type": "fixed_amount", "value": "7.77"}
            ],
            **common,
        )
    if kind == 1:  # taxes included, 15% code on the order
        return make_order(
            order_id,
            lines=[MUG, TEE],
            discounts=[{"code": "SPRING15", "value_type": "percentage", "value": "15"}],
            **common,
        )
    if kind == 2:  # taxes included, manual discount on one line, express
        return make_order(
            order_id,
            lines=[MUG, TEE],
            discounts=[{"value_type": "fixed_amount", "value": "3.00", "lines": [1]}],
            shipping=[{"title": "Express", "code": "express", "price": "9.95"}],
            **common,
        )
    if kind == 3:  # taxes excluded, 10% on one line, two rates
        return make_order(
            order_id,
            taxes_included=False,
            lines=[TEE, dict(BOOK, tax_rate="0.06")],
            discounts=[{"value_type": "percentage", "value": "10", "lines": [0]}],
            **common,
        )
    return make_order(  # custom item without SKU, free shipping, unicode buyer
        order_id,
        lines=[
            MUG,
            {
                "sku": None,
                "title": "Emballage cadeau 🎁",
                "price": "2.50",
                "quantity": 1,
            },
        ],
        shipping=[{"title": "Free", "code": "free", "price": "0.00"}],
        first_name="Noël",
        last_name="Lefèvre",
        email="noel.lefevre@example.fr",
        **common,
    )


@tagged("post_install", "-at_install")
class TestShopifyOrderImport(ShopifyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.custom_product = cls.env["product.product"].create(
            {
                "name": "Custom Shopify item",
                "type": "service",
                "invoice_policy": "order",
            }
        )
        cls.account.shopify_custom_item_product_id = cls.custom_product

    def test_01_three_hundred_orders_over_pages_totals_equal(self):
        # volume test of the import itself: orders stay quotations, the
        # confirm/invoice/pay workflow is test_01b's (Odoo's own confirmation
        # costs grow inside one long test transaction)
        self.account.auto_confirm = False
        self.account.payment_mapping_ids.confirm = "never"
        documents = [varied_order(5000 + i, self.currency.name) for i in range(300)]
        self.sandbox.seed_orders(documents)
        self.account.import_orders()
        bindings = self.env["ecommerce.order.binding"].search(
            [("account_id", "=", self.account.id)]
        )
        self.assertEqual(len(bindings), 300)
        self.assertFalse(
            bindings.filtered("total_mismatch"),
            self.errors_of(self.account).mapped("message")[:3],
        )
        self.assertFalse(self.errors_of(self.account))
        pages = math.ceil(300 / 7)
        self.assertEqual(self.graphql_calls(), pages)
        self.assertLessEqual(self.sandbox.max_cost_seen, 1000)
        by_id = {b.external_id: b for b in bindings}
        for document in documents:
            sale_order = by_id[str(document["id"])].sale_order_id
            self.assert_total(sale_order, document["total_price"])
        self.assertEqual(set(bindings.sale_order_id.mapped("state")), {"draft"})
        custom = by_id["5004"].sale_order_id.order_line.filtered(
            lambda line: line.product_id == self.custom_product
        )
        self.assertEqual(custom.name, "Emballage cadeau 🎁")
        self.assertIn("Noël Lefèvre", by_id["5004"].sale_order_id.partner_id.name)
        # a second run re-reads the overlap window and duplicates nothing
        self.account.import_orders()
        self.assertEqual(
            len(
                self.env["ecommerce.order.binding"].search(
                    [("account_id", "=", self.account.id)]
                )
            ),
            300,
        )

    def test_01b_workflow_per_gateway(self):
        documents = [varied_order(5100 + i, self.currency.name) for i in range(6)]
        bindings = self.import_docs(*documents)
        self.assertEqual(len(bindings), 6)
        self.assertFalse(bindings.filtered("total_mismatch"))
        by_id = {b.external_id: b for b in bindings}
        for document in documents:
            self.assert_total(
                by_id[str(document["id"])].sale_order_id, document["total_price"]
            )
        card = by_id["5100"].sale_order_id  # 5100 % 3 == 0: Shopify Payments
        self.assertEqual(card.state, "sale")
        self.assertEqual(card.invoice_ids.state, "posted")
        self.assertIn(card.invoice_ids.payment_state, ("paid", "in_payment"))
        manual = by_id["5101"].sale_order_id  # manual gateway: confirmed only
        self.assertEqual(manual.state, "sale")
        self.assertFalse(manual.invoice_ids)

    def test_02_cancellation_and_refund_after_import(self):
        document = self.order_doc(6001)
        binding = self.import_docs(document)
        sale_order = binding.sale_order_id
        self.assertEqual(sale_order.state, "sale")
        self.assert_total(sale_order, "55.00")
        refunded = self.order_doc(
            6001, refunds=[{"lines": [(0, 1, True)]}], updated_at="2099-01-01T00:00:00Z"
        )
        self.import_docs(refunded)
        credit_notes = sale_order.invoice_ids.filtered(
            lambda m: m.move_type == "out_refund"
        )
        self.assertEqual(len(credit_notes), 1)
        self.assertEqual(
            Decimal(str(credit_notes.amount_total)).quantize(Decimal("0.01")),
            Decimal(refunded["refunds"][0]["transactions"][0]["amount"]),
        )
        self.assertEqual(binding.financial_status, "partially_refunded")
        # imported again: the refund is not booked twice
        self.account.import_orders(force=True)
        self.assertEqual(
            len(sale_order.invoice_ids.filtered(lambda m: m.move_type == "out_refund")),
            1,
        )

    def test_03_cancelled_on_shopify(self):
        document = self.order_doc(6002, gateway="manual", financial_status="pending")
        binding = self.import_docs(document)
        self.assertEqual(binding.sale_order_id.state, "draft")
        self.sandbox.cancel_order(6002)
        self.account.import_orders()
        self.assertEqual(binding.sale_order_id.state, "cancel")
        self.assertEqual(binding.external_status, "cancelled")

    def test_04_presentment_currency_import(self):
        usd = self.env.ref("base.USD")
        usd.active = True
        self.env["product.pricelist"].create({"name": "USD", "currency_id": usd.id})
        self.account.shopify_money = "presentment"
        document = self.order_doc(
            6003, presentment_currency="USD", presentment_rate="1.10"
        )
        binding = self.import_docs(document)
        sale_order = binding.sale_order_id
        self.assertEqual(sale_order.currency_id, usd)
        self.assert_total(
            sale_order, document["total_price_set"]["presentment_money"]["amount"]
        )
        self.assertFalse(binding.total_mismatch)

    def test_05_thirty_percent_throttled_run_imports_every_order_once(self):
        # volume test: payment registration is covered by smaller tests and is
        # the slowest step of Odoo here (one growing reconciliation query per order)
        self.account.payment_mapping_ids.register_payment = False
        documents = [varied_order(7000 + i, self.currency.name) for i in range(35)]
        self.sandbox.seed_orders(documents)
        self.sandbox.set_faults(rate_429=0.3, rate_5xx=0.05, retry_after=0.1, seed=7)
        runs = 0
        while True:
            runs += 1
            try:
                with self.env.cr.savepoint():
                    self.account.import_orders()
                break
            except EcommerceRetryableError:
                # what queue_job does: the job runs again later
                self.assertLess(runs, 10)
        self.sandbox.clear_faults()
        faulted = [c for c in self.sandbox.calls() if c["fault"] in ("429", "5xx")]
        self.assertTrue(faulted, "the fault knobs should have hit some calls")
        bindings = self.env["ecommerce.order.binding"].search(
            [("account_id", "=", self.account.id)]
        )
        self.assertEqual(len(bindings), 35)
        self.assertEqual(
            len(bindings.sale_order_id), 35, "each order imported exactly once"
        )
        self.assertFalse(
            bindings.filtered("total_mismatch"),
            self.errors_of(self.account).mapped("message")[:3],
        )

    def test_06_cost_throttle_waits_instead_of_running_dry(self):
        documents = [varied_order(8000 + i, self.currency.name) for i in range(21)]
        self.sandbox.seed_orders(documents)
        # a bucket that holds barely one page: the adapter must wait for it
        self.sandbox.set_cost_limits(1000, 2000)
        self.account.import_orders()
        self.assertEqual(self.sandbox.throttled, 0)
        self.assertEqual(
            self.env["ecommerce.order.binding"].search_count(
                [("account_id", "=", self.account.id)]
            ),
            21,
        )

    def test_07_custom_item_without_product_is_a_clear_error(self):
        self.account.write(
            {"shopify_custom_item_product_id": False, "fallback_product_id": False}
        )
        document = varied_order(6009, self.currency.name)  # kind 4: custom item
        self.import_docs(document)
        error = self.errors_of(self.account, "6009")
        self.assertIn("custom item", error.message)
        self.assertFalse(self.order_binding(self.account, "6009"))

    def test_08_more_lines_than_a_page(self):
        lines = [dict(MUG, quantity=1, price=f"{10 + i}.00") for i in range(12)]
        document = self.order_doc(6010, lines=lines)
        binding = self.import_docs(document)
        self.assertEqual(
            len(
                binding.sale_order_id.order_line.filtered(
                    lambda line: line.product_id == self.mug
                )
            ),
            12,
        )
        self.assert_total(binding.sale_order_id, document["total_price"])
        self.assertGreater(self.graphql_calls(), 1, "lines beyond the first page")
