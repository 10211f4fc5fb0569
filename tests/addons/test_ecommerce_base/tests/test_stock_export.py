# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import math

from odoo.tests import tagged

from odoo.addons.queue_job.tests.common import trap_jobs

from .common import EcommerceTestCommon


@tagged("post_install", "-at_install")
class TestStockExport(EcommerceTestCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Product = cls.env["product.product"]
        cls.many = Product.create(
            [
                {
                    "name": f"Item {i}",
                    "default_code": f"SKU-{i:03d}",
                    "is_storable": True,
                }
                for i in range(120)
            ]
        )
        cls.bindings = cls.env["ecommerce.product.binding"].create(
            [
                {
                    "account_id": cls.account.id,
                    "external_id": f"p{i}",
                    "sku": p.default_code,
                    "product_id": p.id,
                }
                for i, p in enumerate(cls.many)
            ]
        )

    def setUp(self):
        super().setUp()
        self.sandbox.seed_products(
            [
                {"id": f"p{i}", "sku": p.default_code, "inventory_quantity": 0}
                for i, p in enumerate(self.many)
            ]
        )
        for i, product in enumerate(self.many[:30]):
            self.set_stock(product, i + 1)

    def test_01_full_export_batched_to_platform_maximum(self):
        self.account.export_stock(full=True)
        pushes = self.sandbox.call_count(prefix="/api/inventory/set")
        self.assertEqual(pushes, math.ceil(120 / 50))
        inventory = self.sandbox.inventory()
        self.assertEqual(inventory["SKU-000"], 1)
        self.assertEqual(inventory["SKU-029"], 30)
        self.assertEqual(inventory["SKU-100"], 0)
        self.assertEqual(self.bindings[29].last_exported_qty, 30)

    def test_02_delta_sends_only_changed_skus(self):
        self.account.export_stock(full=True)
        before = self.sandbox.call_count(prefix="/api/inventory/set")
        with trap_jobs() as trap:
            self.set_stock(self.many[5], 4)
            picking_like_move = self.env["stock.move"].create(
                {
                    "product_id": self.many[7].id,
                    "product_uom_qty": 2,
                    "location_id": self.warehouse.lot_stock_id.id,
                    "location_dest_id": self.env.ref(
                        "stock.stock_location_customers"
                    ).id,
                }
            )
            picking_like_move._action_confirm()
            picking_like_move._action_assign()
            picking_like_move.quantity = 2
            picking_like_move.picked = True
            picking_like_move._action_done()
            trap.assert_jobs_count(1, only=self.account.export_stock)
        pending = self.bindings.filtered("stock_export_pending")
        self.assertEqual(pending.product_id, self.many[7])
        # an inventory adjustment through quants is not a move: a full export catches it
        self.account.export_stock(full=False)
        self.assertEqual(
            self.sandbox.call_count(prefix="/api/inventory/set") - before, 1
        )
        self.assertEqual(self.sandbox.inventory()["SKU-007"], 8 - 2)
        self.assertFalse(self.bindings.filtered("stock_export_pending"))
        run = self.env["ecommerce.sync.job"].search([("kind", "=", "stock")], limit=1)
        self.assertEqual((run.fetched, run.updated), (1, 1))

    def test_03_buffer_rules_never_below_zero(self):
        self.account.write({"stock_buffer_percent": 10, "stock_buffer_fixed": 2})
        exporter = self.env["ecommerce.exporter"]
        self.assertEqual(exporter._apply_stock_buffer(self.account, 30.0), 25)  # 27 - 2
        self.assertEqual(exporter._apply_stock_buffer(self.account, 1.0), 0)
        self.assertEqual(exporter._apply_stock_buffer(self.account, -5.0), 0)
        self.account.export_stock(full=True)
        self.assertEqual(self.sandbox.inventory()["SKU-029"], 25)
        self.assertEqual(self.sandbox.inventory()["SKU-000"], 0)

    def test_04_unchanged_quantities_not_sent_again(self):
        self.account.export_stock(full=True)
        before = self.sandbox.call_count(prefix="/api/inventory/set")
        self.account.export_stock(full=True)
        self.assertEqual(self.sandbox.call_count(prefix="/api/inventory/set"), before)
        run = self.env["ecommerce.sync.job"].search([("kind", "=", "stock")], limit=1)
        self.assertEqual((run.fetched, run.skipped, run.updated), (120, 120, 0))

    def test_05_refused_sku_logged_others_stored(self):
        self.sandbox.reset()
        self.sandbox.seed_products(
            [{"id": "p1", "sku": "SKU-001", "inventory_quantity": 0}]
        )
        self.account.export_stock(full=True)
        self.assertEqual(self.sandbox.inventory()["SKU-001"], 2)
        errors = self.env["ecommerce.error.log"].search(
            [("account_id", "=", self.account.id), ("object_type", "=", "stock")]
        )
        self.assertEqual(len(errors), 119)
        self.assertFalse(self.bindings[5].stock_exported_at)
        self.assertTrue(self.bindings[1].stock_exported_at)

    def test_06_platform_owned_stock_is_never_sent(self):
        self.account.owner_stock = "platform"
        self.account.export_stock(full=True)
        self.assertEqual(self.sandbox.call_count(prefix="/api/inventory/set"), 0)

    def test_07_stock_basis_on_hand_vs_free(self):
        self.set_stock(self.mug, 5)
        mug_binding = self.env["ecommerce.product.binding"].create(
            {
                "account_id": self.account.id,
                "external_id": "mug",
                "sku": "TS-MUG-01",
                "product_id": self.mug.id,
            }
        )
        self.sandbox.seed_products(
            [{"id": "mug", "sku": "TS-MUG-01", "inventory_quantity": 0}]
        )
        self.import_docs(
            self.order_doc(
                "S1",
                lines=[
                    {
                        "id": "l",
                        "sku": "TS-MUG-01",
                        "title": "Mug",
                        "quantity": 2,
                        "unit_price": "12.50",
                        "tax_rate": "21",
                    }
                ],
            )
        )  # confirmed: reserves 2
        exporter = self.env["ecommerce.exporter"]
        free = exporter._compute_stock_quantities(self.account, self.mug)[self.mug.id]
        self.account.stock_basis = "on_hand"
        on_hand = exporter._compute_stock_quantities(self.account, self.mug)[
            self.mug.id
        ]
        self.account.stock_basis = "forecast"
        forecast = exporter._compute_stock_quantities(self.account, self.mug)[
            self.mug.id
        ]
        self.assertEqual((free, on_hand, forecast), (3.0, 5.0, 3.0))
        self.assertTrue(mug_binding.stock_export_pending, "the reservation flagged it")
