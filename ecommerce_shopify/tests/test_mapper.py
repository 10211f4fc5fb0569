# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from decimal import Decimal

from odoo.tests import tagged

from odoo.addons.ecommerce_base.exceptions import EcommerceDataError

from .common import ShopifyCommon, make_order, order_to_graphql

D = Decimal


@tagged("post_install", "-at_install")
class TestShopifyMapper(ShopifyCommon):
    """Shopify GraphQL orders (built from the official REST sample and from
    the sandbox factory) read into canonical records."""

    def to_order(self, rest, **account_values):
        if account_values:
            self.account.write(account_values)
        return self.account._mapper().to_order(self.account, order_to_graphql(rest))

    def test_01_official_sample_partial_refund_and_order_code(self):
        order = self.to_order(
            self.load_json("shopify_rest_order_get_2025-07.json")["order"]
        )
        self.assertEqual(order.external_id, "450789469")
        self.assertEqual(order.name, "#1001")
        self.assertEqual((order.currency, order.total), ("USD", D("598.94")))
        self.assertFalse(order.prices_include_tax)
        self.assertEqual(order.financial_status, "partially_refunded")
        self.assertEqual(order.payment_method, "bogus")
        self.assertEqual(order.customer.external_id, "207119551")
        self.assertEqual(order.customer.email, "bob.norman@mail.example.com")
        self.assertEqual(order.shipping_address.country_code, "US")
        self.assertEqual(order.shipping_address.state_code, "KY")
        self.assertEqual([line.sku for line in order.lines][0], "IPOD2008GREEN")
        self.assertTrue(all(line.taxes[0].rate == D(6) for line in order.lines))
        # TENOFF is an order-level code Shopify allocated across the three
        # lines; prices exclude tax, so it stays on the lines (tax per line)
        self.assertEqual(
            [line.discount_amount for line in order.lines],
            [D("3.34"), D("3.33"), D("3.33")],
        )
        self.assertEqual(order.discounts, [])
        refund = order.refunds[0]
        self.assertEqual(refund.external_id, "509562969")
        self.assertEqual(refund.amount, D("209.00"))
        self.assertEqual(refund.reason, "it broke during shipping")
        self.assertEqual(len(refund.lines), 2)
        self.assertEqual(refund.lines[0].line_external_id, "703073504")
        self.assertEqual(refund.lines[0].amount, D("195.66"))
        self.assertTrue(refund.lines[0].restock)  # legacy_restock

    def test_02_taxes_included_line_discount_and_custom_item(self):
        rest = make_order(
            2001,
            lines=[
                {
                    "sku": "TS-MUG-01",
                    "title": "Mug « Noël »",
                    "price": "12.50",
                    "quantity": 2,
                },
                {"sku": None, "title": "Gift wrapping", "price": "3.00", "quantity": 1},
            ],
            discounts=[{"value_type": "percentage", "value": "10", "lines": [0]}],
            first_name="Zoë",
            last_name="Ørsted",
        )
        order = self.to_order(rest)
        self.assertTrue(order.prices_include_tax)
        mug, wrap = order.lines
        self.assertEqual(mug.discount_amount, D("2.50"))
        self.assertEqual(mug.title, "Mug « Noël »")
        self.assertEqual(mug.taxes[0].rate, D(21))
        self.assertEqual((wrap.sku, wrap.variant_external_id), ("", ""))
        self.assertEqual(order.discounts, [])
        self.assertEqual(order.customer.name, "Zoë Ørsted")
        # 25.00 - 2.50 + 3.00 + 5.00 shipping, taxes included
        self.assertEqual(order.total, D("30.50"))
        self.assertEqual(order.shipping_lines[0].price, D("5.00"))
        self.assertEqual(order.shipping_lines[0].code, "standard")

    def test_02b_order_level_code_with_taxes_included(self):
        rest = make_order(
            2005,
            lines=[
                {"sku": "TS-MUG-01", "title": "Mug", "price": "12.50", "quantity": 2},
                {
                    "sku": "TS-BOOK",
                    "title": "Book",
                    "price": "30.00",
                    "quantity": 1,
                    "tax_rate": "0.06",
                },
            ],
            discounts=[
                {"code": "TENOFF", "value_type": "fixed_amount", "value": "10.00"}
            ],
        )
        order = self.to_order(rest)
        self.assertEqual(sum(line.discount_amount for line in order.lines), 0)
        by_rate = {d.taxes[0].rate: d for d in order.discounts}
        self.assertEqual(set(by_rate), {D(21), D(6)})
        self.assertEqual(sum(d.amount for d in order.discounts), D("10.00"))
        self.assertEqual(by_rate[D(6)].code, "TENOFF")
        self.assertEqual(order.total, D("50.00"))

    def test_03_presentment_money_setting(self):
        rest = make_order(
            2002, currency="EUR", presentment_currency="USD", presentment_rate="1.10"
        )
        shop = self.to_order(rest)
        self.assertEqual((shop.currency, shop.total), ("EUR", D("55.00")))
        buyer = self.to_order(rest, shopify_money="presentment")
        self.assertEqual(buyer.currency, "USD")
        self.assertEqual(buyer.lines[0].unit_price, D("13.75"))
        self.assertEqual(buyer.total, D("60.50"))

    def test_04_cancelled_and_partial_refund_with_shipping(self):
        rest = make_order(
            2003,
            taxes_included=False,
            refunds=[{"lines": [(0, 1, True)], "shipping": True}],
            cancelled=True,
        )
        order = self.to_order(rest)
        self.assertTrue(order.is_cancelled)
        self.assertEqual(order.financial_status, "partially_refunded")
        refund = order.refunds[0]
        self.assertEqual(refund.lines[0].quantity, D(1))
        self.assertEqual(refund.lines[0].amount, D("12.50"))  # net of tax
        self.assertEqual(refund.shipping_amount, D("5.00"))
        # 12.50 + 2.63 tax + 5.00 + 1.05 tax
        self.assertEqual(refund.amount, D("21.18"))

    def test_05_bad_payload_gives_clear_error(self):
        raw = order_to_graphql(make_order(2004))
        raw["totalPriceSet"]["shopMoney"]["amount"] = "12,50"
        with self.assertRaisesRegex(EcommerceDataError, "order total is not a number"):
            self.account._mapper().to_order(self.account, raw)
        with self.assertRaisesRegex(EcommerceDataError, "not an object"):
            self.account._mapper().to_order(self.account, ["nope"])

    def test_06_sensitive_keys_mask_personal_data(self):
        keys = self.account._mapper().sensitive_keys(self.account)
        for key in ("emailAddress", "address1", "phoneNumber", "first_name"):
            self.assertIn(key, keys)
