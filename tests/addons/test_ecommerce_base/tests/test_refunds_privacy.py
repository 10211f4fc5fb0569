# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import tagged

from .common import EcommerceTestCommon

LATER = "2099-01-01T00:00:00Z"


@tagged("post_install", "-at_install")
class TestRefunds(EcommerceTestCommon):
    def _refund(self, doc, refunds, **changes):
        """The order as the platform shows it after ``refunds``."""
        return dict(
            doc, refunds=refunds, updated_at=changes.pop("updated_at", LATER), **changes
        )

    def test_01_partial_refund_with_restock_once(self):
        self.set_stock(self.mug, 10)
        self.set_stock(self.tee, 10)
        doc = self.order_doc("RF1")
        self.import_docs(doc)
        order = self.sale_order_of("RF1")
        self.deliver(order.picking_ids, {self.mug: 2, self.tee: 1}, "T-RF1")
        refund = {
            "id": "r1",
            "amount": "12.50",
            "reason": "Broken",
            "lines": [
                {"line_id": "RF1-1", "quantity": 1, "amount": "12.50", "restock": True}
            ],
        }
        refunded = self._refund(doc, [refund], financial_status="partially_refunded")
        self.import_docs(refunded)
        credit = order.invoice_ids.filtered(lambda m: m.move_type == "out_refund")
        self.assertEqual(len(credit), 1)
        self.assertEqual(credit.state, "posted")
        self.assertEqual(credit.amount_total, 12.5)
        self.assertEqual(credit.ecommerce_refund_external_id, "r1")
        mug_line = order.order_line.filtered(lambda line: line.product_id == self.mug)
        self.assertEqual(mug_line.qty_invoiced, 1.0, "2 invoiced, 1 credited")
        returns = order.picking_ids.filtered(
            lambda p: p.picking_type_code == "incoming"
        )
        self.assertEqual(returns.move_ids.product_id, self.mug)
        self.assertEqual(returns.move_ids.product_uom_qty, 1.0)
        self.assertNotEqual(returns.state, "done", "goods are not back yet")
        # the same refund seen again: nothing new
        self.import_docs(self._refund(doc, [refund], updated_at="2099-01-02T00:00:00Z"))
        self.assertEqual(
            len(order.invoice_ids.filtered(lambda m: m.move_type == "out_refund")), 1
        )

    def test_02_full_refund_with_shipping_then_cancel(self):
        doc = self.order_doc("RF2")
        self.import_docs(doc)
        order = self.sale_order_of("RF2")
        refund = {
            "id": "r2",
            "amount": "50.00",
            "shipping_amount": "5.00",
            "lines": [
                {"line_id": "RF2-1", "quantity": 2, "amount": "25.00"},
                {"line_id": "RF2-2", "quantity": 1, "amount": "20.00"},
            ],
        }
        self.import_docs(
            self._refund(doc, [refund], financial_status="refunded", status="cancelled")
        )
        credit = order.invoice_ids.filtered(lambda m: m.move_type == "out_refund")
        self.assertEqual(credit.amount_total, order.amount_total)
        self.assertEqual(credit.state, "posted")
        self.assertEqual(order.state, "cancel", "fully credited: Odoo can cancel it")

    def test_03_refund_of_uninvoiced_order_is_logged_order_kept(self):
        doc = self.order_doc("RF3", financial_status="pending")
        self.import_docs(doc)
        self.import_docs(self._refund(doc, [{"id": "r3", "amount": "5.00"}]))
        self.assertTrue(self.sale_order_of("RF3"))
        error = self.errors_of(self.account, "RF3")
        self.assertEqual(error.object_type, "refund")
        self.assertIn("no posted invoice", error.message)

    def test_04_refund_total_mismatch_stays_draft(self):
        doc = self.order_doc("RF4")
        self.import_docs(doc)
        refund = {
            "id": "r4",
            "amount": "13.00",
            "lines": [{"line_id": "RF4-1", "quantity": 1, "amount": "12.50"}],
        }
        self.import_docs(self._refund(doc, [refund]))
        credit = self.sale_order_of("RF4").invoice_ids.filtered(
            lambda m: m.move_type == "out_refund"
        )
        self.assertEqual(credit.state, "draft")
        self.assertIn(
            "differs from the refunded 13.00",
            self.errors_of(self.account, "RF4").message,
        )


@tagged("post_install", "-at_install")
class TestPrivacy(EcommerceTestCommon):
    def test_anonymise_customer_keeps_invoices(self):
        ship_to = {
            "name": "John Doe",
            "street": "Main Street 1",
            "city": "Ghent",
            "zip": "9000",
            "country_code": "BE",
            "phone": "+32 9 123 45 67",
        }
        doc = self.order_doc("P1", shipping_address=ship_to)
        self.import_docs(doc)
        order = self.sale_order_of("P1")
        customer = order.partner_id
        invoice = order.invoice_ids
        binding = self.env["ecommerce.partner.binding"]._find(self.account, ["cP1"])[
            "cP1"
        ]
        self.assertEqual(binding.partner_id, customer)
        self.account._anonymize_customer(customer)
        for partner in customer | order.partner_shipping_id:
            self.assertNotIn("Doe", partner.name)
            self.assertFalse(
                partner.email or partner.phone or partner.street or partner.zip
            )
            self.assertEqual(partner.country_id.code, "BE", "kept for tax reporting")
        self.assertTrue(binding.external_id.startswith("anonymised:"))
        self.assertEqual(invoice.partner_id, customer)
        self.assertEqual(invoice.state, "posted")
        self.assertEqual(invoice.amount_total, order.amount_total)
