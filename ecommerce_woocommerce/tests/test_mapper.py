# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from decimal import Decimal

from odoo.tests import tagged

from odoo.addons.ecommerce_base.exceptions import EcommerceDataError

from .common import WooCommerceCommon, make_order, make_refund


@tagged("post_install", "-at_install")
class TestMapper(WooCommerceCommon):
    def setUp(self):
        super().setUp()
        self.mapper = self.account._mapper()

    def test_01_reference_order_727_tax_exclusive_without_rate_percent(self):
        order = self.mapper.to_order(self.account, self.load_json("order_727.json"))
        self.assertEqual(order.external_id, "727")
        self.assertEqual(order.total, Decimal("29.35"))
        self.assertEqual(order.currency, "USD")
        self.assertFalse(order.prices_include_tax)
        self.assertEqual((order.status, order.financial_status), ("open", "paid"))
        # dates are read from the _gmt twins
        self.assertEqual(str(order.updated_at), "2017-03-22 19:28:08")
        first, second = order.lines
        self.assertEqual((first.sku, first.quantity, first.unit_price), ("", 2, 3))
        self.assertEqual(first.variant_external_id, "93")
        # HTML entity decoded; the variation, not the parent, is the variant
        self.assertEqual(second.title, "Ship Your Idea – Color: Black, Size: M Test")
        self.assertEqual(second.sku, "Bar3")
        self.assertEqual(second.variant_external_id, "23")
        self.assertEqual(second.product_external_id, "22")
        # an old core sends no rate_percent: 7.5 % reproduces every tax amount
        self.assertEqual([t.rate for t in second.taxes], [Decimal("7.5")])
        self.assertEqual(order.customer.external_id, "")  # guest
        self.assertEqual(order.customer.email, "john.doe@example.com")
        self.assertEqual(order.shipping_address.state_code, "CA")
        (shipping,) = order.shipping_lines
        self.assertEqual(
            (shipping.code, shipping.price), ("flat_rate", Decimal("10.00"))
        )
        self.assertEqual(order.payment_method, "bacs")

    def test_02_unicode_customer_and_refund_summary(self):
        raw = self.load_json("orders_list.json")[1]
        order = self.mapper.to_order(self.account, raw)
        self.assertEqual(order.billing_address.name, "João Silva")
        self.assertEqual(order.billing_address.city, "Rio de Janeiro")
        self.assertEqual(order.customer.external_id, "26")
        self.assertEqual(
            (order.status, order.financial_status), ("closed", "partially_refunded")
        )
        self.assertEqual(
            [(r.external_id, r.amount) for r in order.refunds],
            [("726", Decimal("10.00")), ("724", Decimal("9.00"))],
        )
        self.assertEqual(order.shipping_lines[0].code, "flat_rate")

    def test_03_prices_include_tax_coupon_stays_a_line_discount(self):
        raw = make_order(
            11,
            prices_include_tax=True,
            items=[{"sku": "TS-TEE-M", "price": "25.00", "quantity": 3}],
            coupons=[{"code": "SUMMER", "percent": 15}],
        )
        order = self.mapper.to_order(self.account, raw)
        (line,) = order.lines
        # unit price as the shop shows it (tax included), 15 % of 75.00 off
        self.assertEqual(line.unit_price, Decimal("25.00"))
        self.assertEqual(line.discount_amount, Decimal("11.25"))
        self.assertEqual(line.taxes[0].rate, Decimal("21"))
        self.assertIn("Coupons: SUMMER", order.note)
        self.assertEqual(order.shipping_lines[0].price, Decimal("6.05"))
        gross = line.net_amount + order.shipping_lines[0].price
        self.assertEqual(gross, order.total)

    def test_04_prices_exclude_tax_coupon_folded_when_exact(self):
        raw = make_order(
            12,
            items=[
                {"sku": "TS-BOOK", "price": "9.99", "quantity": 3, "tax_rate": "6"},
                {"sku": "TS-MUG-01", "price": "3.33", "quantity": 3},
            ],
            coupons=[{"code": "TEN", "percent": 10}],
        )
        order = self.mapper.to_order(self.account, raw)
        book, mug = order.lines
        # 29.97 - 3.00 = 26.97 = 3 x 8.99: the price WooCommerce taxed
        self.assertEqual((book.unit_price, book.discount_amount), (Decimal("8.99"), 0))
        # 9.99 - 1.00 = 8.99 is no unit price to the cent: the discount stays
        self.assertEqual((mug.unit_price, mug.discount_amount), (Decimal("3.33"), 1))

    def test_05_fee_lines_and_negative_fee(self):
        raw = make_order(
            13,
            fees=[
                {"name": "Gift wrap", "amount": "2.50", "tax_rate": "21"},
                {"name": "Loyalty rebate", "amount": "-4.00"},
            ],
        )
        order = self.mapper.to_order(self.account, raw)
        fee = order.lines[-1]
        self.assertEqual(
            (fee.external_id[:4], fee.title, fee.unit_price),
            ("fee-", "Gift wrap", Decimal("2.50")),
        )
        (discount,) = order.discounts
        self.assertEqual(
            (discount.amount, discount.code), (Decimal("4.00"), "Loyalty rebate")
        )
        self.assertEqual([t.rate for t in discount.taxes], [0])

    def test_06_statuses(self):
        expected = {
            "pending": ("open", "pending"),
            "on-hold": ("open", "pending"),
            "processing": ("open", "paid"),
            "completed": ("closed", "paid"),
            "cancelled": ("cancelled", "voided"),
            "refunded": ("closed", "refunded"),
            "failed": ("cancelled", "voided"),
            "wc-shipped-by-plugin": ("open", "paid"),
        }
        for status, (state, financial) in expected.items():
            raw = make_order(14, status=status)
            if status.startswith("wc-"):  # a plugin's status, after payment
                raw["date_paid_gmt"] = raw["date_created_gmt"]
                raw["date_paid"] = raw["date_created"]
            order = self.mapper.to_order(self.account, raw)
            self.assertEqual(
                (order.status, order.financial_status), (state, financial), status
            )

    def test_07_refund_details_lines_and_shipping(self):
        raw = make_order(15, prices_include_tax=True)
        line = raw["line_items"][0]
        refund = make_refund(
            raw, 150, lines=[(line["id"], 1)], shipping=True, reason="Broken"
        )
        raw["refunds"] = [
            {"id": 150, "reason": "Broken", "total": "-" + refund["amount"]}
        ]
        raw["refund_details"] = [refund]
        order = self.mapper.to_order(self.account, raw)
        (canonical,) = order.refunds
        self.assertEqual(canonical.reason, "Broken")
        self.assertEqual(canonical.amount, Decimal(refund["amount"]))
        (refund_line,) = canonical.lines
        self.assertEqual(refund_line.line_external_id, str(line["id"]))
        self.assertEqual(refund_line.quantity, 1)
        # prices include tax: the refunded line amount includes its tax
        self.assertEqual(refund_line.amount, Decimal("12.50"))
        self.assertEqual(canonical.shipping_amount, Decimal("6.05"))
        self.assertEqual(canonical.amount, Decimal("18.55"))

    def test_08_bad_payloads_give_clear_errors(self):
        with self.assertRaisesRegex(EcommerceDataError, "no total"):
            self.mapper.to_order(self.account, dict(make_order(16), total=""))
        raw = make_order(17)
        raw["line_items"][0]["taxes"][0]["id"] = 999
        with self.assertRaisesRegex(EcommerceDataError, "unknown tax rate 999"):
            self.mapper.to_order(self.account, raw)
        with self.assertRaisesRegex(EcommerceDataError, "not a number"):
            self.mapper.to_order(self.account, dict(make_order(18), total="12,50"))

    def test_09_product_variants_and_stock_shapes(self):
        from .common import make_product, make_variation

        parent = make_product(20, "TEE", name="Organic T-shirt", type="variable")
        parent["variation_details"] = [
            make_variation(21, 20, "TS-TEE-M", stock=3),
            dict(make_variation(22, 20, "TS-TEE-L"), manage_stock="parent"),
        ]
        medium, large = self.mapper.to_product_variants(self.account, parent)
        self.assertEqual((medium.external_id, medium.product_external_id), ("21", "20"))
        self.assertEqual(medium.title, "Organic T-shirt - M")
        self.assertTrue(medium.manage_stock)
        self.assertFalse(large.manage_stock)
        simple = make_product(30, "TS-BOOK", price="30.00", global_unique_id="978000")
        (book,) = self.mapper.to_product_variants(self.account, simple)
        self.assertEqual((book.barcode, book.price), ("978000", Decimal("30.00")))
        grouped = make_product(40, "", type="grouped")
        self.assertEqual(self.mapper.to_product_variants(self.account, grouped), [])

    def test_10_sensitive_keys_mask_addresses(self):
        from odoo.addons.ecommerce_base.tools.masking import mask_payload

        masked = mask_payload(
            self.load_json("order_727.json"), self.mapper.sensitive_keys(self.account)
        )
        self.assertNotIn("969 Market", str(masked))
        self.assertNotIn("john.doe@example.com", str(masked))
        self.assertEqual(masked["total"], "29.35")
