# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import tagged

from odoo.addons.queue_job.tests.common import trap_jobs

from .common import EbayCommon

BULK = "POST /sell/inventory/v1/bulk_update_price_quantity"
TRADING = "POST /ws/api.dll"


@tagged("post_install", "-at_install")
class TestEbayStockExport(EbayCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.many = cls.env["product.product"].create(
            [
                {
                    "name": f"Item {i}",
                    "default_code": f"EB-{i:04d}",
                    "is_storable": True,
                }
                for i in range(1000)
            ]
        )
        cls.bindings = cls.env["ecommerce.product.binding"].create(
            [
                {
                    "account_id": cls.account.id,
                    "external_id": p.default_code,
                    "sku": p.default_code,
                    "product_id": p.id,
                }
                for p in cls.many
            ]
        )

    def setUp(self):
        super().setUp()
        self.sandbox.seed_inventory(
            [{"sku": p.default_code, "quantity": 0} for p in self.many]
        )
        for i, product in enumerate(self.many[:20]):
            self.set_stock(product, i + 1)

    def test_01_thousand_skus_in_forty_calls(self):
        self.assertEqual(set(self.bindings.mapped("ebay_listing_api")), {"inventory"})
        self.account.export_stock(full=True)
        self.assertEqual(self.sandbox.call_count(route=BULK), 40)
        self.assertLessEqual(len(self.sandbox.calls()), 41)  # + one token call
        inventory = self.sandbox.inventory()
        self.assertEqual(inventory["EB-0000"], 1)
        self.assertEqual(inventory["EB-0019"], 20)
        self.assertEqual(inventory["EB-0999"], 0)
        self.assertEqual(self.bindings[19].last_exported_qty, 20)
        self.account.export_stock(full=True)  # nothing changed: nothing sent
        self.assertEqual(self.sandbox.call_count(route=BULK), 40)

    def test_02_refused_sku_logged_others_accepted(self):
        self.sandbox.store.delete("inventory_items", "EB-0003")
        self.account.export_stock(full=True)
        (error,) = self.errors_of(self.account, "EB-0003")
        self.assertIn("25702", error.message)
        self.assertEqual(self.sandbox.inventory()["EB-0004"], 5)
        self.assertFalse(self.bindings[3].stock_exported_at)

    def test_03_price_sent_with_the_offer(self):
        self.account.write({"sync_prices": True, "owner_price": "odoo"})
        binding = self.bindings[0]
        binding.ebay_offer_id = "7001"
        self.many[0].lst_price = 19.99
        self.sandbox.seed_inventory(
            [{"sku": "EB-0000", "quantity": 0, "offers": [{"offerId": "7001"}]}]
        )
        self.account.export_stock(full=True)
        offer = self.sandbox.offer("EB-0000", "7001")
        self.assertEqual(offer["availableQuantity"], 1)
        self.assertEqual(
            offer["price"], {"value": "19.99", "currency": self.currency.name}
        )


@tagged("post_install", "-at_install")
class TestEbayTradingStock(EbayCommon):
    def test_01_listings_outside_inventory_api_revised_four_at_a_time(self):
        products = self.env["product.product"].create(
            [{"name": f"Old {i}", "is_storable": True} for i in range(6)]
        )
        bindings = self.env["ecommerce.product.binding"].create(
            [
                {
                    "account_id": self.account.id,
                    "external_id": f"25600000000{i}",
                    "external_product_id": f"25600000000{i}",
                    "product_id": p.id,
                }
                for i, p in enumerate(products)
            ]
        )
        self.assertEqual(set(bindings.mapped("ebay_listing_api")), {"trading"})
        self.sandbox.seed_listings(
            [{"ItemID": f"25600000000{i}", "Quantity": 9} for i in range(5)]
        )
        for i, product in enumerate(products):
            self.set_stock(product, i + 2)
        self.account.export_stock(full=True)
        self.assertEqual(self.sandbox.call_count(route=TRADING), 2)
        self.assertEqual(self.sandbox.listing("256000000000")["Quantity"], 2)
        self.assertEqual(self.sandbox.listing("256000000004")["Quantity"], 6)
        (error,) = self.errors_of(self.account)
        self.assertIn("17:", error.message, "unknown listing refused alone")
        self.assertFalse(bindings[5].stock_exported_at)
        self.assertTrue(bindings[4].stock_exported_at)
        call = self.sandbox.calls(prefix="/ws/")[0]
        self.assertEqual(call["status"], 200)


@tagged("post_install", "-at_install")
class TestEbayFulfillment(EbayCommon):
    def test_01_partial_then_full_shipping_fulfilment(self):
        self.set_stock(self.mug, 10)
        self.set_stock(self.tee, 10)
        doc = self.order_doc(
            "60-00001-00001",
            [
                {
                    "sku": "TS-MUG-01",
                    "quantity": 2,
                    "unit_price": "12.50",
                    "shipping": "5.00",
                },
                {"sku": "TS-TEE-M", "quantity": 1, "unit_price": "25.00"},
            ],
        )
        self.import_docs(doc)
        order = self.sale_order_of("60-00001-00001")
        self.assertEqual(order.carrier_id, self.express)
        picking = order.picking_ids
        with trap_jobs() as trap:
            self.deliver(picking, {self.mug: 1, self.tee: 1}, "9400111899560000000001")
            trap.assert_jobs_count(1, only=self.account.export_tracking)
            trap.perform_enqueued_jobs()
        mug_line, tee_line = (x["lineItemId"] for x in doc["lineItems"])
        (first,) = self.sandbox.fulfillments("60-00001-00001")
        self.assertEqual(first["shipmentTrackingNumber"], "9400111899560000000001")
        self.assertEqual(first["shippingCarrierCode"], "USPS")
        self.assertEqual(
            sorted((x["lineItemId"], x["quantity"]) for x in first["lineItems"]),
            sorted([(mug_line, 1), (tee_line, 1)]),
        )
        self.assertEqual(picking.ecommerce_fulfillment_ref, "9400111899560000000001")
        ebay_order = self.sandbox.get_order("60-00001-00001")
        self.assertEqual(ebay_order["orderFulfillmentStatus"], "IN_PROGRESS")
        backorder = order.picking_ids - picking
        with trap_jobs() as trap:
            self.deliver(backorder, {self.mug: 1}, "9400111899560000000002")
            trap.perform_enqueued_jobs()
        second = self.sandbox.fulfillments("60-00001-00001")[1]
        self.assertEqual(second["lineItems"], [{"lineItemId": mug_line, "quantity": 1}])
        ebay_order = self.sandbox.get_order("60-00001-00001")
        self.assertEqual(ebay_order["orderFulfillmentStatus"], "FULFILLED")
        self.assertEqual(len(ebay_order["fulfillmentHrefs"]), 2)
