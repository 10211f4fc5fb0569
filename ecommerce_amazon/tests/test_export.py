# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import json

from odoo.tests import tagged

from odoo.addons.queue_job.tests.common import trap_jobs

from .common import AmazonCommon, make_order

CREATE_FEED = "POST /feeds/2021-06-30/feeds"


@tagged("post_install", "-at_install")
class TestAmazonExport(AmazonCommon):
    def bind(self, count, product=None, prefix="AMZ-SKU-", **values):
        product = product or self.mug
        return self.env["ecommerce.product.binding"].create(
            [
                dict(
                    account_id=self.account.id,
                    external_id=f"{prefix}{index:05d}",
                    sku=f"{prefix}{index:05d}",
                    product_id=product.id,
                    **values,
                )
                for index in range(count)
            ]
        )

    def uploaded_messages(self):
        documents = self.sandbox.store.snapshot()["documents"]
        return [
            m for d in documents.values() for m in json.loads(d["content"])["messages"]
        ]

    def test_01_five_thousand_skus_in_one_feed(self):
        self.set_stock(self.mug, 42)
        bindings = self.bind(5000)
        self.account.export_stock(full=True)
        self.assertEqual(self.sandbox.call_count(route=CREATE_FEED), 1)
        self.assertEqual(
            self.sandbox.call_count(route="POST /feeds/2021-06-30/documents"), 1
        )
        messages = self.uploaded_messages()
        self.assertEqual(len(messages), 5000)
        self.assertEqual(messages[0]["messageId"], 1)
        inventory = self.sandbox.inventory()
        self.assertEqual(len(inventory), 5000)
        self.assertEqual(set(inventory.values()), {42})
        self.assertEqual(set(bindings.mapped("last_exported_qty")), {42})
        feed = self.sandbox.feeds()[0]
        self.assertEqual(feed["feedType"], "JSON_LISTINGS_FEED")
        self.assertEqual(feed["processingStatus"], "DONE")
        self.assertFalse(self.errors_of(self.account))

    def test_02_three_rejected_skus_give_three_error_rows(self):
        self.set_stock(self.mug, 5)
        bindings = self.bind(10)
        rejected = bindings[:3].mapped("sku")
        self.sandbox.reject_skus(
            {
                sku: "'[batteries_required]' is required but not supplied."
                for sku in rejected
            }
        )
        self.account.export_stock(full=True)
        errors = self.errors_of(self.account).filtered(
            lambda e: e.object_type == "stock"
        )
        self.assertEqual(len(errors), 3)
        self.assertEqual(sorted(errors.mapped("external_id")), sorted(rejected))
        self.assertIn("batteries_required", errors[0].message)
        self.assertEqual(len(self.sandbox.inventory()), 7)
        self.assertFalse(bindings[:3].filtered("stock_exported_at"))
        self.assertEqual(len(bindings[3:].filtered("stock_exported_at")), 7)

    def test_03_fba_offers_get_no_stock_from_odoo(self):
        self.set_stock(self.mug, 5)
        self.bind(2)
        self.bind(2, prefix="FBA-SKU-", amazon_fulfillment_channel="AFN")
        self.account.export_stock(full=True)
        self.assertEqual(
            sorted(self.sandbox.inventory()), ["AMZ-SKU-00000", "AMZ-SKU-00001"]
        )

    def test_04_shipment_confirmation_with_carrier_and_tracking(self):
        self.set_stock(self.mug, 10)
        self.import_docs(make_order("111-0000009-0000009"))
        sale_order = self.sale_order_of("111-0000009-0000009")
        self.assertEqual(sale_order.amazon_marketplace_id, "ATVPDKIKX0DER")
        picking = sale_order.picking_ids
        picking.carrier_id = self.express
        with trap_jobs() as trap:
            self.deliver(picking, {self.mug: 2}, "1Z999AA10123456784")
            trap.assert_jobs_count(1, only=self.account.export_tracking)
            trap.perform_enqueued_jobs()
        shipments = self.sandbox.shipments("111-0000009-0000009")
        self.assertEqual(len(shipments), 1)
        detail = shipments[0]["packageDetail"]
        self.assertEqual(shipments[0]["marketplaceId"], "ATVPDKIKX0DER")
        self.assertEqual(detail["carrierCode"], "DHL")
        self.assertEqual(detail["trackingNumber"], "1Z999AA10123456784")
        self.assertEqual(
            detail["orderItems"],
            [{"orderItemId": "111-0000009-0000009-1", "quantity": 2}],
        )
        self.assertEqual(
            self.sandbox.get_order("111-0000009-0000009")["fulfillment"][
                "fulfillmentStatus"
            ],
            "SHIPPED",
        )
        self.assertEqual(picking.ecommerce_fulfillment_ref, "1Z999AA10123456784")

    def test_05_fba_deliveries_are_never_confirmed(self):
        with trap_jobs() as trap:
            self.import_docs(make_order("111-0000010-0000010", fulfilled_by="AMAZON"))
            trap.assert_jobs_count(0, only=self.account.export_tracking)
        picking = self.sale_order_of("111-0000010-0000010").picking_ids
        self.assertEqual(picking.state, "done")
        self.assertEqual(picking.ecommerce_fulfillment_ref, "FBA")
        action, _ref = self.account._exporter().export_fulfillment(
            self.account, picking
        )
        self.assertEqual(action, "skipped")
        self.assertFalse(self.sandbox.shipments("111-0000010-0000010"))
