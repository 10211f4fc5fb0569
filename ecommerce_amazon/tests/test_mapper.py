# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import copy
from decimal import Decimal

from odoo.tests import tagged

from odoo.addons.ecommerce_base.canonical import (
    Fulfillment,
    FulfillmentLine,
    StockLevel,
)
from odoo.addons.ecommerce_base.exceptions import EcommerceDataError

from ..tools.money import infer_rate
from .common import DE, UK, AmazonCommon, make_order, make_refund


@tagged("post_install", "-at_install")
class TestAmazonMapper(AmazonCommon):
    def test_01_official_sample_reads_everything_but_its_odd_tax(self):
        """The official searchOrders example: its 0.02 tax on 99.98 is no
        real rate, which gives a clear error; without it, everything maps."""
        raw = self.load_json("searchOrders_example.json")["orders"][0]
        with self.assertRaisesRegex(EcommerceDataError, "tax 0.02 on item price"):
            self.mapper().to_order(self.account, raw)
        for item in raw["orderItems"]:
            item["proceeds"]["breakdowns"] = [
                b for b in item["proceeds"]["breakdowns"] if b["type"] != "TAX"
            ]
        raw["proceeds"]["grandTotal"]["amount"] = "154.97"
        order = self.mapper().to_order(self.account, raw)
        self.assertEqual(order.external_id, "123-4567890-1234567")
        self.assertEqual(order.currency, "USD")
        self.assertEqual(order.marketplace_id, "ATVPDKIKX0DER")
        self.assertEqual(order.fulfillment_channel, "MFN")
        self.assertEqual(order.fulfillment_status, "fulfilled")
        # the 5.00 delivery tip is charged apart
        self.assertEqual(order.total, Decimal("149.97"))
        self.assertEqual(
            [(line.sku, line.quantity, line.unit_price) for line in order.lines],
            [
                ("ECHO-DOT-4-CHARCOAL", Decimal(2), Decimal("49.99")),
                ("FIRE-TV-4K-2021", Decimal(1), Decimal("49.99")),
            ],
        )
        self.assertEqual(order.customer.email, "buyer-email@marketplace.amazon.com")
        self.assertEqual(order.shipping_address.street2, "Suite 456")
        self.assertIsNone(order.billing_address)

    def test_02_currency_and_tax_convention_per_marketplace(self):
        de = self.mapper().to_order(
            self.account,
            make_order(
                "302-1",
                marketplace_id=DE,
                items=[
                    {
                        "sku": "TS-TEE-M",
                        "unit_price": "25.00",
                        "tax_rate": "19",
                        "shipping": "3.90",
                    }
                ],
            ),
        )
        uk = self.mapper().to_order(
            self.account,
            make_order(
                "202-1",
                marketplace_id=UK,
                items=[{"sku": "TS-BOOK", "unit_price": "30.00", "tax_rate": "20"}],
            ),
        )
        self.assertEqual((de.currency, de.prices_include_tax), ("EUR", True))
        self.assertEqual((uk.currency, uk.prices_include_tax), ("GBP", True))
        self.assertEqual(de.total, Decimal("28.90"))
        self.assertEqual(de.lines[0].taxes[0].rate, Decimal(19))
        self.assertEqual(de.shipping_lines[0].taxes[0].rate, Decimal(19))
        self.assertEqual(uk.lines[0].taxes[0].rate, Decimal(20))

    def test_03_promotion_and_shipping_tax(self):
        raw = make_order(
            "111-3",
            items=[
                {
                    "sku": "TS-MUG-01",
                    "quantity": 2,
                    "unit_price": "12.50",
                    "tax_rate": "10",
                    "shipping": "4.99",
                    "shipping_tax_rate": "5",
                    "promotion": "2.50",
                    "promotion_id": "SPRING10",
                    "shipping_discount": "1.00",
                }
            ],
        )
        order = self.mapper().to_order(self.account, raw)
        self.assertFalse(order.prices_include_tax)
        self.assertEqual(order.shipping_lines[0].price, Decimal("4.99"))
        self.assertEqual(order.shipping_lines[0].taxes[0].rate, Decimal(5))
        self.assertEqual(
            [(d.code, d.amount, d.taxes[0].rate) for d in order.discounts],
            [
                ("SPRING10", Decimal("2.50"), Decimal(10)),
                ("Amazon standard shipping discount", Decimal("1.00"), Decimal(5)),
            ],
        )
        # 25.00 + 2.50 tax + 4.99 + 0.25 tax - 2.50 - 0.25 tax - 1.00 - 0.05 tax
        self.assertEqual(order.total, Decimal("28.94"))

    def test_04_buyer_without_email(self):
        order = self.mapper().to_order(
            self.account, make_order("111-4", buyer_email=None)
        )
        self.assertEqual(order.customer.email, "")
        self.assertFalse(order.customer.external_id)
        self.assertEqual(order.shipping_address.city, "Canton")
        fba = self.mapper().to_order(
            self.account,
            make_order("111-5", buyer_email=None, address=False, fulfilled_by="AMAZON"),
        )
        self.assertEqual(fba.customer.external_id, "marketplace:ATVPDKIKX0DER")
        self.assertEqual(fba.customer.name, "Amazon customer (Amazon.com)")

    def test_05_afn_mfn_pending_cancelled(self):
        mapper = self.mapper()
        self.assertEqual(
            mapper.to_order(
                self.account, make_order("1", fulfilled_by="AMAZON")
            ).fulfillment_channel,
            "AFN",
        )
        self.assertEqual(
            mapper.to_order(self.account, make_order("2")).fulfillment_channel, "MFN"
        )
        pending = mapper.to_order(self.account, make_order("3", status="PENDING"))
        self.assertTrue(pending.pending)
        self.assertFalse(pending.lines)
        cancelled = mapper.to_order(self.account, make_order("4", status="CANCELLED"))
        self.assertTrue(cancelled.is_cancelled)

    def test_06_refund_events(self):
        raw = make_order("111-6")
        raw["refundEvents"] = [make_refund(raw, shipping=True)]
        order = self.mapper().to_order(self.account, raw)
        refund = order.refunds[0]
        # 25.00 + 2.50 tax + 4.99 shipping + 0.50 shipping tax
        self.assertEqual(refund.amount, Decimal("32.99"))
        self.assertEqual(refund.shipping_amount, Decimal("4.99"))
        self.assertEqual(refund.lines[0].line_external_id, "111-6-1")
        self.assertEqual(refund.lines[0].amount, Decimal("25.00"))
        self.assertEqual(order.financial_status, "refunded")
        again = self.mapper().to_order(self.account, copy.deepcopy(raw))
        self.assertEqual(again.refunds[0].external_id, refund.external_id)
        self.assertGreaterEqual(order.updated_at, refund.created_at)

    def test_07_stock_feed_message_and_shipment_confirmation(self):
        message = self.mapper().from_stock_level(
            self.account, StockLevel(sku="TS-MUG-01", quantity=7)
        )
        self.assertEqual(message["operationType"], "PATCH")
        self.assertEqual(
            message["patches"][0]["value"],
            [{"fulfillment_channel_code": "DEFAULT", "quantity": 7}],
        )
        fulfillment = Fulfillment(
            order_external_id="nope",
            lines=[FulfillmentLine("1", Decimal(1))],
            tracking_numbers=["1Z"],
            carrier="UPS",
        )
        with self.assertRaisesRegex(EcommerceDataError, "marketplace is unknown"):
            self.mapper().from_fulfillment(self.account, fulfillment)

    def test_08_tax_rate_inference(self):
        rates = [Decimal(r) for r in (5, 10, 19, 20, 21)]
        self.assertEqual(
            infer_rate(Decimal("25.00"), Decimal("2.50"), rates, False), 10
        )
        self.assertEqual(infer_rate(Decimal("25.00"), Decimal("3.99"), rates, True), 19)
        self.assertEqual(infer_rate(Decimal("10.00"), Decimal("0"), rates, False), 0)
        self.assertIsNone(infer_rate(Decimal("10.00"), Decimal("0.77"), rates, False))
        self.assertEqual(
            self.mapper().sensitive_keys(self.account)[:2], ("buyerName", "buyerEmail")
        )
