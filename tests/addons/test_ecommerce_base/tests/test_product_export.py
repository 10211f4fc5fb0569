# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import tagged

from odoo.addons.queue_job.tests.common import trap_jobs

from .common import EcommerceTestCommon


@tagged("post_install", "-at_install")
class TestProductExport(EcommerceTestCommon):
    def setUp(self):
        super().setUp()
        self.sandbox.seed_products(
            [
                {
                    "id": "p-mug",
                    "sku": "TS-MUG-01",
                    "title": "Mug (platform title)",
                    "description": "Platform text",
                    "price": "11.00",
                    "inventory_quantity": 0,
                },
            ]
        )
        self.binding = self.env["ecommerce.product.binding"].create(
            {
                "account_id": self.account.id,
                "external_id": "p-mug",
                "sku": "TS-MUG-01",
                "product_id": self.mug.id,
            }
        )

    def test_01_platform_owns_everything_by_default(self):
        self.mug.name = "Renamed in Odoo"
        self.account.export_products(full=True)
        product = self.sandbox.get_product("p-mug")
        self.assertEqual(product["title"], "Mug (platform title)")
        self.assertEqual(self.sandbox.call_count(prefix="/api/products/"), 0)

    def test_02_only_odoo_owned_fields_are_sent(self):
        self.account.write(
            {"owner_name": "odoo", "owner_price": "odoo", "sync_prices": True}
        )
        self.mug.write(
            {
                "name": "Stoneware mug",
                "list_price": 13.9,
                "description_sale": "Odoo text",
            }
        )
        self.account.export_products(full=True)
        product = self.sandbox.get_product("p-mug")
        self.assertEqual(product["title"], "Stoneware mug")
        self.assertEqual(product["price"], "13.90")
        self.assertEqual(product["description"], "Platform text", "platform-owned")

    def test_03_price_needs_price_sync_switched_on(self):
        self.account.write({"owner_price": "odoo", "sync_prices": False})
        self.mug.list_price = 99
        self.account.export_products(full=True)
        self.assertEqual(self.sandbox.get_product("p-mug")["price"], "11.00")

    def test_04_change_in_odoo_queues_a_debounced_export(self):
        self.account.write({"owner_name": "odoo"})
        with trap_jobs() as trap:
            self.mug.product_tmpl_id.name = "New name"
            self.tee.name = "Not bound: no export"
            trap.assert_jobs_count(1, only=self.account.export_products)
            self.assertTrue(trap.enqueued_jobs[0].eta)
        self.assertTrue(self.binding.product_export_pending)
        self.account.export_products()
        self.assertEqual(self.sandbox.get_product("p-mug")["title"], "New name")
        self.assertFalse(self.binding.product_export_pending)
