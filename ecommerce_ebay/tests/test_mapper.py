# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from decimal import Decimal

from odoo.tests import tagged

from odoo.addons.ecommerce_base.canonical import Fulfillment, FulfillmentLine
from odoo.addons.ecommerce_base.exceptions import EcommerceDataError
from odoo.addons.ecommerce_ebay.records import EbayStockLevel

from .common import EbayCommon, make_order

D = Decimal


@tagged("post_install", "-at_install")
class TestEbayMapper(EbayCommon):
    def to_order(self, raw):
        return self.account._mapper().to_order(self.account, raw)

    def test_01_assembled_order_collect_and_remit_tax_kept_out(self):
        order = self.to_order(self.load_json("ebay_order_assembled_from_schema.json"))
        # pricingSummary.total: goods 52.48 - 4.00 promotion + 5.00 shipping;
        # the 3.88 of tax eBay collected and remitted is not the seller's.
        self.assertEqual(order.total, D("53.48"))
        self.assertEqual(order.currency, "USD")
        self.assertFalse(order.prices_include_tax)
        shirt, mug = order.lines
        self.assertEqual(
            (shirt.sku, shirt.quantity, shirt.unit_price, shirt.discount_amount),
            ("TSHIRT-BLU-M", D(2), D("19.99"), D("4.00")),
        )
        self.assertEqual(shirt.variant_external_id, "TSHIRT-BLU-M")
        self.assertEqual(shirt.taxes, [])
        # the legacy listing without SKU is keyed by its item id
        self.assertEqual(mug.sku, "")
        self.assertEqual(mug.variant_external_id, "256987654321")
        self.assertEqual(mug.product_external_id, "256987654321")
        self.assertEqual(order.discounts, [], "priceDiscount is the line promotion")
        (shipping,) = order.shipping_lines
        self.assertEqual((shipping.price, shipping.code), (D("5.00"), "USPSPriority"))
        lines_net = sum(line.net_amount for line in order.lines)
        self.assertEqual(lines_net + shipping.price, order.total)
        self.assertIn("3.88 USD of taxes", order.note)
        self.assertIn("the buyer paid 57.36 USD", order.note)
        self.assertIn("plain packaging", order.note)
        self.assertEqual(order.customer.external_id, "zoë_müller_42")
        self.assertEqual(order.customer.email, "a1b2c3d4e5f6@members.ebay.com")
        ship = order.shipping_address
        self.assertEqual(
            (ship.name, ship.street, ship.street2, ship.state_code, ship.country_code),
            ("Zoë Müller", "100 Congress Ave", "Suite 200", "TX", "US"),
        )
        self.assertEqual(order.payment_method, "EBAY")
        self.assertEqual(
            (order.status, order.financial_status, order.fulfillment_status),
            ("open", "paid", "unfulfilled"),
        )

    def test_02_tax_breakdown_total_is_brought_back_to_the_seller_total(self):
        lines = [
            {"sku": "TS-MUG-01", "quantity": 1, "unit_price": "20.00", "cr_tax": "1.65"}
        ]
        plain = self.to_order(make_order("B1", lines))
        breakdown_doc = make_order("B1", lines, tax_breakdown=True)
        self.assertEqual(breakdown_doc["pricingSummary"]["total"]["value"], "21.65")
        breakdown = self.to_order(breakdown_doc)
        self.assertEqual(plain.total, D("20.00"))
        self.assertEqual(breakdown.total, D("20.00"))
        self.assertEqual(breakdown.lines[0].taxes, [], "eBay's tax is not a line tax")

    def test_03_real_capture_cancelled_refunded_converted_currency(self):
        raw = self.load_json(
            "ebay_getOrders_cancelled_refunded_multicurrency_capture.json"
        )
        order = self.to_order(raw["orders"][0])
        self.assertEqual(
            (order.status, order.financial_status, order.fulfillment_status),
            ("cancelled", "refunded", "fulfilled"),
        )
        self.assertEqual((order.total, order.currency), (D("10.63"), "USD"))
        (refund,) = order.refunds
        self.assertEqual((refund.external_id, refund.amount), ("5244299502", D("1.53")))
        self.assertEqual(refund.lines, [], "the line refund gives no amount")
        # the capture has no name on the buyer: the user name stands in
        self.assertEqual(order.customer.external_id, "nfc21-consumer-01")
        self.assertEqual(order.customer.email, "")
        self.assertEqual(order.shipping_address.city, "Mülheim")
        self.account.ebay_amount_source = "converted_from"
        converted = self.to_order(raw["orders"][0])
        self.assertEqual((converted.total, converted.currency), (D("8.9"), "EUR"))
        self.assertEqual(converted.refunds[0].amount, D("1.28"))

    def test_04_missing_email_and_name_after_90_days(self):
        raw = make_order("OLD1", email=None)
        raw["buyer"].pop("buyerRegistrationAddress")
        ship_to = raw["fulfillmentStartInstructions"][0]["shippingStep"]["shipTo"]
        for key in ("fullName", "primaryPhone"):
            ship_to.pop(key)
        ship_to["contactAddress"] = {
            "city": "Austin",
            "stateOrProvince": "TX",
            "postalCode": "78701",
            "countryCode": "US",
        }
        order = self.to_order(raw)
        self.assertEqual(order.customer.external_id, "buyer_OLD1")
        self.assertEqual(order.customer.name, "buyer_OLD1")
        self.assertEqual(order.customer.email, "")
        self.assertIsNone(order.billing_address)
        self.assertEqual(order.shipping_address.street, "")

    def test_05_multi_quantity_line_whose_cost_does_not_divide(self):
        raw = make_order("Q1", [{"sku": "TS-BOOK", "quantity": 3, "unit_price": "1"}])
        raw["lineItems"][0]["lineItemCost"]["value"] = "10.00"
        raw["lineItems"][0]["total"]["value"] = "10.00"
        raw["pricingSummary"]["priceSubtotal"]["value"] = "10.00"
        raw["pricingSummary"]["total"]["value"] = "10.00"
        (line,) = self.to_order(raw).lines
        self.assertEqual(
            (line.unit_price, line.discount_amount), (D("3.34"), D("0.02"))
        )
        self.assertEqual(line.net_amount, D("10.00"))

    def test_06_partial_line_refund_and_order_level_discount(self):
        raw = make_order(
            "R1",
            [
                {
                    "sku": "TS-MUG-01",
                    "quantity": 2,
                    "unit_price": "12.50",
                    "discount": "2.50",
                },
                {"sku": "TS-TEE-M", "quantity": 1, "unit_price": "25.00"},
            ],
            refunds=[{"refund_id": "RF-1", "amount": "5.00", "line": 1}],
        )
        raw["pricingSummary"]["priceDiscount"]["value"] = "-5.50"  # 3.00 on the order
        raw["pricingSummary"]["total"]["value"] = "44.50"
        order = self.to_order(raw)
        self.assertEqual(order.financial_status, "partially_refunded")
        (refund,) = order.refunds
        self.assertEqual(refund.amount, D("5.00"))
        (line,) = refund.lines
        self.assertEqual(line.line_external_id, raw["lineItems"][1]["lineItemId"])
        self.assertEqual((line.quantity, line.amount), (D(0), D("5.00")))
        (discount,) = order.discounts
        self.assertEqual(discount.amount, D("3.00"))
        net = sum(x.net_amount for x in order.lines) - discount.amount
        self.assertEqual(net, order.total)

    def test_07_seller_collected_tax_becomes_a_rate(self):
        raw = make_order(
            "T1",
            [
                {
                    "sku": "TS-MUG-01",
                    "quantity": 2,
                    "unit_price": "12.50",
                    "seller_tax": "2.50",
                }
            ],
        )
        order = self.to_order(raw)
        self.assertEqual(order.total, D("27.50"))
        (tax,) = order.lines[0].taxes
        self.assertEqual((tax.rate, tax.amount), (D("10"), D("2.50")))

    def test_08_vat_marketplace_prices_include_vat(self):
        self.account.ebay_vat_rate = 19
        order = self.to_order(make_order("V1", currency="EUR", marketplace="EBAY_DE"))
        self.assertTrue(order.prices_include_tax)
        self.assertEqual(order.lines[0].taxes[0].rate, D("19"))
        self.assertEqual(order.shipping_lines[0].taxes[0].rate, D("19"))

    def test_09_unreadable_orders_give_clear_errors(self):
        raw = make_order("E1")
        del raw["pricingSummary"]["total"]
        with self.assertRaisesRegex(EcommerceDataError, "E1: no pricingSummary.total"):
            self.to_order(raw)
        raw = make_order("E2")
        raw["lineItems"][0]["quantity"] = 0
        with self.assertRaisesRegex(EcommerceDataError, "quantity 0"):
            self.to_order(raw)
        raw = make_order("E3")
        raw["lineItems"][0]["lineItemCost"]["value"] = "twelve"
        with self.assertRaisesRegex(EcommerceDataError, "not a number"):
            self.to_order(raw)

    def test_10_exports_shapes(self):
        mapper = self.account._mapper()
        inventory = mapper.from_stock_level(
            self.account,
            EbayStockLevel(
                sku="TS-MUG-01",
                quantity=7,
                offer_id="9001",
                price=D("12.5"),
                currency="USD",
            ),
        )
        self.assertEqual(
            inventory["request"],
            {
                "sku": "TS-MUG-01",
                "shipToLocationAvailability": {"quantity": 7},
                "offers": [
                    {
                        "offerId": "9001",
                        "availableQuantity": 7,
                        "price": {"value": "12.50", "currency": "USD"},
                    }
                ],
            },
        )
        trading = mapper.from_stock_level(
            self.account,
            EbayStockLevel(sku="", quantity=3, listing_api="trading", item_id="2569"),
        )
        self.assertEqual(
            trading,
            {"api": "trading", "status": {"ItemID": "2569", "SKU": "", "Quantity": 3}},
        )
        raw = mapper.from_fulfillment(
            self.account,
            Fulfillment(
                order_external_id="O1",
                lines=[FulfillmentLine("L1", D(2))],
                tracking_numbers=["9400111899560000000000", "SECOND"],
                carrier="USPS",
            ),
        )
        self.assertEqual(raw["lineItems"], [{"lineItemId": "L1", "quantity": 2}])
        self.assertEqual(raw["trackingNumber"], "9400111899560000000000")
        self.assertEqual(raw["shippingCarrierCode"], "USPS")
        self.assertIn("email", mapper.sensitive_keys(self.account))

    def test_11_inventory_items_are_variants_keyed_by_sku(self):
        self.sandbox.seed_inventory([{"sku": "TS-MUG-01", "quantity": 4}])
        self.account.import_products()
        binding = self.env["ecommerce.product.binding"].search(
            [("account_id", "=", self.account.id), ("external_id", "=", "TS-MUG-01")]
        )
        self.assertEqual(binding.product_id, self.mug)
        self.assertEqual(binding.ebay_listing_api, "inventory")
