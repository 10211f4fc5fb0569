# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from decimal import Decimal

from odoo.tests import tagged

from odoo.addons.ecommerce_base.tools.lookups import lookups_cached

from .common import EcommerceTestCommon, order_total


@tagged("post_install", "-at_install")
class TestOrderImport(EcommerceTestCommon):
    def test_01_tax_included_order_totals_and_workflow(self):
        doc = self.order_doc("1001")
        binding = self.import_docs(doc)
        self.assertEqual(len(binding), 1)
        order = binding.sale_order_id
        self.assert_total(order, doc["total"])
        self.assertEqual(order.client_order_ref, "#1001")
        self.assertEqual(order.warehouse_id, self.warehouse)
        self.assertEqual(order.carrier_id, self.carrier)
        product_lines = order.order_line.filtered(lambda line: not line.is_delivery)
        self.assertEqual(product_lines.product_id, self.mug | self.tee)
        tee_line = product_lines.filtered(lambda line: line.product_id == self.tee)
        # 5.00 off 25.00 is exactly 20 %: kept as Odoo's line discount
        self.assertEqual(tee_line.discount, 20.0)
        self.assertEqual(tee_line.tax_ids, self.tax_21_incl)
        delivery = order.order_line.filtered("is_delivery")
        self.assertEqual(delivery.price_unit, 5.0)
        self.assertEqual(delivery.tax_ids, self.tax_21_incl)
        # card payments: confirm, invoice, register payment
        self.assertEqual(order.state, "sale")
        invoice = order.invoice_ids
        self.assertEqual(invoice.state, "posted")
        self.assertEqual(invoice.amount_total, order.amount_total)
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        self.assertFalse(binding.total_mismatch)

    def test_01b_confirmed_order_keeps_the_platform_date(self):
        doc = self.order_doc("1011", created_at="2026-01-05T09:30:00Z")
        order = self.import_docs(doc).sale_order_id
        self.assertEqual(order.state, "sale")
        self.assertEqual(str(order.date_order), "2026-01-05 09:30:00")

    def test_02_tax_excluded_mixed_rates(self):
        doc = self.order_doc(
            "1002",
            prices_include_tax=False,
            lines=[
                {
                    "id": "a",
                    "sku": "TS-BOOK",
                    "title": "Cook book",
                    "quantity": 3,
                    "unit_price": "99.99",
                    "discount": "10.00",
                    "tax_rate": "6",
                },
                {
                    "id": "b",
                    "sku": "TS-MUG-01",
                    "title": "Mug",
                    "quantity": 2,
                    "unit_price": "12.50",
                    "discount": "0",
                    "tax_rate": "21",
                },
            ],
            shipping=[
                {
                    "code": "standard",
                    "title": "Standard",
                    "price": "4.95",
                    "tax_rate": "21",
                }
            ],
        )
        # independent figure: book 299.97 - 10.00 = 289.97, tax 17.40;
        # mug 25.00, tax 5.25; shipping 4.95, tax 1.04
        # -> 289.97 + 25.00 + 4.95 + 17.40 + 5.25 + 1.04 = 343.61
        self.assertEqual(Decimal(doc["total"]), Decimal("343.61"))
        order = self.import_docs(doc).sale_order_id
        self.assert_total(order, doc["total"])
        book_lines = order.order_line.filtered(
            lambda line: line.tax_ids == self.tax_6_excl
        )
        # 10.00 off 299.97 is no percentage with two decimals (3.33 % gives 9.99):
        # a separate discount line keeps the cent
        self.assertEqual(sorted(book_lines.mapped("price_unit")), [-10.0, 99.99])
        self.assertEqual(order.amount_tax, 23.69)

    def test_03_order_level_discount_spread_over_tax_rates(self):
        doc = self.order_doc(
            "1003",
            lines=[
                {
                    "id": "a",
                    "sku": "TS-BOOK",
                    "title": "Cook book",
                    "quantity": 1,
                    "unit_price": "30.00",
                    "tax_rate": "21",
                },
                {
                    "id": "b",
                    "sku": "TS-MUG-01",
                    "title": "Mug",
                    "quantity": 1,
                    "unit_price": "10.00",
                    "tax_rate": "21",
                },
            ],
            discounts=[{"code": "SAVE5", "amount": "5.00"}],
        )
        order = self.import_docs(doc).sale_order_id
        self.assert_total(order, doc["total"])
        discount = order.order_line.filtered(
            lambda line: line.product_id == self.discount_product
        )
        self.assertEqual(discount.price_unit, -5.0)
        self.assertEqual(discount.name, "SAVE5")

    def test_04_shipping_method_mapped_to_carrier(self):
        doc = self.order_doc(
            "1004",
            shipping=[
                {
                    "code": "express",
                    "title": "Express 24h",
                    "price": "9.90",
                    "tax_rate": "21",
                }
            ],
        )
        order = self.import_docs(doc).sale_order_id
        self.assertEqual(order.carrier_id, self.express)
        self.assert_total(order, doc["total"])

    def test_05_partner_dedup_email_and_customer_id(self):
        first = self.order_doc("2001")
        second = self.order_doc("2002")  # same person, another platform customer id
        second["customer"]["id"] = "other-id"
        third = self.order_doc("2003", customer=None)  # guest checkout, same email
        third["billing_address"]["email"] = "JANE.DOE@example.com"
        bindings = self.import_docs(first, second, third)
        partners = bindings.sale_order_id.partner_id
        self.assertEqual(len(partners), 1, "one partner for one person")
        self.assertEqual(
            self.env["res.partner"].search_count(
                [("email", "=ilike", "jane.doe@example.com")]
            ),
            1,
        )
        # the same address as the customer's own: no extra contact
        self.assertEqual(bindings.sale_order_id.partner_shipping_id, partners)

    def test_06_delivery_contact_created_once(self):
        ship_to = {
            "name": "John Doe",
            "street": "Main Street 1",
            "city": "Ghent",
            "zip": "9000",
            "country_code": "BE",
        }
        docs = [
            self.order_doc(str(3000 + i), shipping_address=ship_to) for i in range(3)
        ]
        orders = self.import_docs(*docs).sale_order_id
        delivery = orders.partner_shipping_id
        self.assertEqual(len(delivery), 1)
        self.assertEqual(delivery.type, "delivery")
        self.assertEqual(delivery.parent_id, orders.partner_id)
        self.assertEqual(delivery.country_id.code, "BE")

    def test_07_partner_without_email_by_name_and_address(self):
        partner = self.env["res.partner"].create(
            {
                "name": "Ann Smith",
                "street": "Elm Road 5",
                "zip": "1000",
                "city": "Brussels",
                "country_id": self.env.ref("base.be").id,
            }
        )
        address = {
            "name": "Ann Smith",
            "street": "Elm Road 5",
            "zip": "1000",
            "city": "Brussels",
            "country_code": "BE",
        }
        doc = self.order_doc(
            "2101", customer=None, billing_address=address, shipping_address=address
        )
        order = self.import_docs(doc).sale_order_id
        self.assertEqual(order.partner_id, partner)

    def test_08_product_by_barcode_and_unknown_sku(self):
        good = self.order_doc(
            "4001",
            lines=[
                {
                    "id": "x",
                    "sku": "NOT-IN-ODOO",
                    "barcode": "5400000000027",
                    "title": "Tee",
                    "quantity": 1,
                    "unit_price": "25.00",
                    "tax_rate": "21",
                }
            ],
        )
        bad = self.order_doc(
            "4002",
            lines=[
                {
                    "id": "y",
                    "sku": "GHOST",
                    "title": "Ghost item",
                    "quantity": 1,
                    "unit_price": "5.00",
                    "tax_rate": "21",
                }
            ],
        )
        bindings = self.import_docs(good, bad)
        self.assertEqual(bindings.mapped("external_id"), ["4001"])
        self.assertEqual(
            bindings.sale_order_id.order_line.filtered(
                lambda line: not line.is_delivery
            ).product_id,
            self.tee,
        )
        error = self.env["ecommerce.error.log"].search(
            [("account_id", "=", self.account.id), ("external_id", "=", "4002")]
        )
        self.assertEqual(len(error), 1)
        self.assertIn("GHOST", error.message)
        self.assertIn("no Odoo product", error.message)

    def test_09_fallback_product_when_enabled(self):
        self.account.use_fallback_product = True
        doc = self.order_doc(
            "4003",
            lines=[
                {
                    "id": "y",
                    "sku": "GHOST",
                    "title": "Ghost item",
                    "quantity": 1,
                    "unit_price": "5.00",
                    "tax_rate": "21",
                }
            ],
        )
        order = self.import_docs(doc).sale_order_id
        line = order.order_line.filtered(lambda line: not line.is_delivery)
        self.assertEqual(line.product_id, self.fallback_product)
        self.assertEqual(line.name, "Ghost item")

    def test_10_reimport_is_idempotent_and_updates_status(self):
        doc = self.order_doc("5001", financial_status="pending")
        self.import_docs(doc)
        self.account.import_orders()  # same data again: skipped
        order = self.sale_order_of("5001")
        self.assertEqual(len(order), 1)
        self.assertEqual(order.state, "draft", "pending payment: not confirmed")
        self.assertEqual(
            self.env["sale.order"].search_count([("client_order_ref", "=", "#5001")]), 1
        )
        runs = self.env["ecommerce.sync.job"].search(
            [("account_id", "=", self.account.id), ("kind", "=", "orders")], limit=1
        )
        self.assertEqual((runs.fetched, runs.skipped, runs.created), (1, 1, 0))
        # paid later: the re-import confirms and invoices
        paid = dict(doc, financial_status="paid", updated_at="2099-01-01T00:00:00Z")
        self.import_docs(paid)
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.invoice_ids.state, "posted")

    def test_11_platform_cancellation(self):
        doc = self.order_doc("5002", financial_status="pending")
        self.import_docs(doc)
        order = self.sale_order_of("5002")
        self.import_docs(
            dict(doc, status="cancelled", updated_at="2099-01-01T00:00:00Z")
        )
        self.assertEqual(order.state, "cancel")
        self.assertEqual(
            self.sale_order_of("5002").ecommerce_binding_ids.external_status,
            "cancelled",
        )

    def test_12_cancellation_after_delivery_goes_to_error_log(self):
        self.set_stock(self.mug, 10)
        self.set_stock(self.tee, 10)
        doc = self.order_doc("5003")
        self.import_docs(doc)
        order = self.sale_order_of("5003")
        picking = order.picking_ids
        picking.move_ids.quantity = 0
        for move in picking.move_ids:
            move.quantity = move.product_uom_qty
        picking.button_validate()
        self.assertEqual(picking.state, "done")
        self.import_docs(
            dict(doc, status="cancelled", updated_at="2099-01-01T00:00:00Z")
        )
        self.assertEqual(order.state, "sale")
        error = self.env["ecommerce.error.log"].search([("external_id", "=", "5003")])
        self.assertIn("already delivered", error.message)

    def test_13_total_mismatch_flags_and_does_not_confirm(self):
        doc = self.order_doc("6001")
        doc["total"] = str(order_total(doc) + Decimal("0.01"))
        binding = self.import_docs(doc)
        self.assertTrue(binding.total_mismatch)
        self.assertTrue(binding.sale_order_id.ecommerce_total_mismatch)
        self.assertEqual(binding.sale_order_id.state, "draft")
        error = self.env["ecommerce.error.log"].search([("external_id", "=", "6001")])
        self.assertIn("differs from the platform total", error.message)
        self.assertIn("0.01", error.message)
        self.assertEqual(error.state, "new")  # still to be looked at

    def test_14_one_bad_order_in_a_batch_of_50(self):
        docs = [self.order_doc(str(7000 + i)) for i in range(50)]
        docs[17]["lines"][0]["quantity"] = "two"
        bindings = self.import_docs(*docs)
        self.assertEqual(len(bindings), 49)
        self.assertNotIn("7017", bindings.mapped("external_id"))
        errors = self.env["ecommerce.error.log"].search(
            [("account_id", "=", self.account.id), ("state", "=", "new")]
        )
        self.assertEqual(errors.mapped("external_id"), ["7017"])
        self.assertIn("quantity is not a number", errors.message)
        run = self.env["ecommerce.sync.job"].search(
            [("account_id", "=", self.account.id)], limit=1
        )
        self.assertEqual(
            (run.fetched, run.created, run.failed, run.state), (50, 49, 1, "partial")
        )
        for binding in bindings[:5]:
            self.assertFalse(binding.total_mismatch)

    def test_15_unknown_currency(self):
        doc = self.order_doc("8001", currency="XXQ")
        self.assertFalse(self.import_docs(doc))
        error = self.env["ecommerce.error.log"].search([("external_id", "=", "8001")])
        self.assertIn("unknown currency", error.message)

    def test_15b_reference_data_looked_up_once_per_run(self):
        importer = self.env["ecommerce.importer"]
        importer._country("BE")
        with self.assertQueryCount(1):  # outside an import run: every time
            importer._country("BE")
        with lookups_cached(self.env):
            belgium = importer._country("BE")
            with self.assertQueryCount(0):
                self.assertEqual(importer._country("be"), belgium)
        # a currency fixed between two runs is seen by the next run
        chf = self.env.ref("base.CHF")
        chf.active = False
        self.assertFalse(self.import_docs(self.order_doc("8002", currency="CHF")))
        chf.active = True
        self.env["product.pricelist"].create({"name": "CHF", "currency_id": chf.id})
        self.sandbox.seed_orders([self.order_doc("8003", currency="CHF")])
        self.account.import_orders(force=True)
        self.assertEqual(self.sale_order_of("8003").currency_id, chf)

    def test_16_cursor_and_overlap_window(self):
        self.import_docs(self.order_doc("9001"))
        cursor = self.account.orders_cursor_at
        self.assertTrue(cursor)
        since = self.account._orders_since()
        self.assertEqual((cursor - since).total_seconds(), 600)
        calls = self.sandbox.calls(prefix="/api/orders")
        self.assertTrue(calls)
