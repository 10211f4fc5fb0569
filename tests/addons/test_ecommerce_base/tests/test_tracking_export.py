# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import tagged

from odoo.addons.queue_job.tests.common import trap_jobs

from .common import EcommerceTestCommon


@tagged("post_install", "-at_install")
class TestTrackingExport(EcommerceTestCommon):
    def test_01_partial_then_full_fulfilment(self):
        self.set_stock(self.mug, 10)
        self.set_stock(self.tee, 10)
        doc = self.order_doc(
            "T1",
            shipping=[
                {
                    "code": "express",
                    "title": "Express",
                    "price": "9.90",
                    "tax_rate": "21",
                }
            ],
        )
        self.sandbox.seed_orders([doc])
        self.account.import_orders()
        order = self.sale_order_of("T1")
        picking = order.picking_ids
        with trap_jobs() as trap:
            self.deliver(picking, {self.mug: 1, self.tee: 1}, "TRACK-1")
            trap.assert_jobs_count(1, only=self.account.export_tracking)
            trap.perform_enqueued_jobs()
        first = self.sandbox.fulfillments("T1")
        self.assertEqual(len(first), 1)
        self.assertEqual(first[0]["tracking_number"], "TRACK-1")
        self.assertEqual(first[0]["carrier"], "DHL")
        self.assertEqual(
            sorted((x["line_id"], x["quantity"]) for x in first[0]["lines"]),
            [("T1-1", 1), ("T1-2", 1)],
        )
        self.assertEqual(self.sandbox.get_order("T1")["fulfillment_status"], "partial")
        self.assertTrue(picking.ecommerce_fulfillment_ref)
        backorder = order.picking_ids - picking
        self.assertEqual(len(backorder), 1)
        with trap_jobs() as trap:
            self.deliver(backorder, {self.mug: 1}, "TRACK-2")
            trap.perform_enqueued_jobs()
        second = self.sandbox.fulfillments("T1")
        self.assertEqual(len(second), 2)
        self.assertEqual(second[1]["lines"], [{"line_id": "T1-1", "quantity": 1}])
        self.assertEqual(
            self.sandbox.get_order("T1")["fulfillment_status"], "fulfilled"
        )

    def test_02_exported_once(self):
        self.set_stock(self.mug, 10)
        self.set_stock(self.tee, 10)
        self.sandbox.seed_orders([self.order_doc("T2")])
        self.account.import_orders()
        picking = self.sale_order_of("T2").picking_ids
        with trap_jobs() as trap:
            self.deliver(picking, {self.mug: 2, self.tee: 1}, "ABC")
            trap.perform_enqueued_jobs()
        self.account.export_tracking(picking.id)  # a second run changes nothing
        self.assertEqual(len(self.sandbox.fulfillments("T2")), 1)
