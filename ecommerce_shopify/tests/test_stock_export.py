# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import tagged

from odoo.addons.queue_job.tests.common import trap_jobs

from .common import ShopifyCommon


@tagged("post_install", "-at_install")
class TestShopifyStockExport(ShopifyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.location = cls.account.shopify_location_ids
        cls.products = cls.env["product.product"].create(
            [
                {
                    "name": f"Variant {i}",
                    "default_code": f"SH-{i:04d}",
                    "is_storable": True,
                }
                for i in range(1000)
            ]
        )
        cls.bindings = cls.env["ecommerce.product.binding"].create(
            [
                {
                    "account_id": cls.account.id,
                    "external_id": str(100000 + i),
                    "external_product_id": str(200000 + i),
                    "sku": p.default_code,
                    "product_id": p.id,
                    "shopify_inventory_item_id": str(300000 + i),
                }
                for i, p in enumerate(cls.products)
            ]
        )

    def setUp(self):
        super().setUp()
        self.sandbox.seed_products(
            [
                {
                    "id": 200000 + i,
                    "title": p.name,
                    "variants": [
                        {
                            "id": 100000 + i,
                            "inventory_item_id": 300000 + i,
                            "sku": p.default_code,
                            "inventory_quantity": 0,
                        }
                    ],
                }
                for i, p in enumerate(self.products)
            ]
        )
        for i, product in enumerate(self.products[:40]):
            self.set_stock(product, i + 1)

    def test_01_location_fetched_and_mapped(self):
        self.assertEqual(self.location.external_id, "655441491")
        self.assertEqual(self.location.name, "Main warehouse")
        self.assertEqual(self.location.stock_location_id, self.warehouse.lot_stock_id)
        self.assertEqual(self.account.shopify_shop_name, "Léon's Test Shop")
        self.assertEqual(self.account.shopify_shop_currency, self.currency.name)
        self.assertIn("Léon's Test Shop", self.account.state_message)

    def test_02_thousand_variants_in_four_calls(self):
        self.account.export_stock(full=True)
        self.assertLessEqual(self.graphql_calls(), 4)
        self.assertEqual(self.graphql_calls(), 4)
        self.assertEqual(self.sandbox.available(300000), 1)
        self.assertEqual(self.sandbox.available(300039), 40)
        self.assertEqual(self.sandbox.available(300999), 0)
        self.assertEqual(self.bindings[39].last_exported_qty, 40)
        self.assertFalse(self.errors_of(self.account))

    def test_03_change_on_shopify_is_reread_not_overwritten(self):
        self.account.export_stock(full=True)
        # a sale on Shopify takes 2 of item 5 (published: 6) meanwhile
        self.sandbox.set_available(300005, 4)
        self.set_stock(self.products[5], 10)  # Odoo now has 16
        self.set_stock(self.products[6], 3)  # Odoo now has 10
        with trap_jobs() as trap:
            self.account.export_stock(full=True)
        self.assertEqual(self.sandbox.available(300005), 4, "not overwritten blindly")
        self.assertEqual(self.sandbox.available(300006), 10, "the others went on")
        self.assertEqual(self.bindings[5].last_exported_qty, 4, "re-read from Shopify")
        error = self.errors_of(self.account, "SH-0005")
        self.assertIn("changed on Shopify meanwhile (now 4", error.message)
        trap.assert_jobs_count(1, only=self.account.export_stock)
        # the follow-up export sends Odoo's quantity against the re-read one
        self.account.export_stock(full=True)
        self.assertEqual(self.sandbox.available(300005), 16)
        self.assertFalse(
            self.errors_of(self.account, "SH-0005").filtered(
                lambda e: e.state in ("new", "retrying")
            )
        )

    def test_04_bindings_without_inventory_item_are_resolved(self):
        self.bindings[:3].shopify_inventory_item_id = False
        self.account.export_stock(full=True)
        self.assertEqual(self.bindings[2].shopify_inventory_item_id, "300002")
        self.assertEqual(self.sandbox.available(300002), 3)

    def test_05_compare_and_set_per_location(self):
        shop_floor = self.env["stock.location"].create(
            {
                "name": "Shop floor",
                "usage": "internal",
                "location_id": self.warehouse.view_location_id.id,
            }
        )
        self.sandbox.seed_locations([{"id": 777001, "name": "Shop floor"}])
        self.env["ecommerce.shopify.location"].create(
            {
                "account_id": self.account.id,
                "external_id": "777001",
                "name": "Shop floor",
                "stock_location_id": shop_floor.id,
            }
        )
        main = self.location.external_id
        products, bindings = self.products[:2], self.bindings[:2]
        (self.bindings - bindings).sync_stock = False
        self.sandbox.seed_products(
            [
                {
                    "id": 200000 + i,
                    "title": p.name,
                    "variants": [
                        {
                            "id": 100000 + i,
                            "inventory_item_id": 300000 + i,
                            "sku": p.default_code,
                            "inventory_levels": {main: 0, "777001": 0},
                        }
                    ],
                }
                for i, p in enumerate(products)
            ]
        )
        self.set_stock(products[0], 5, location=shop_floor)
        self.set_stock(products[1], 7, location=shop_floor)
        self.account.export_stock(full=True)
        self.assertEqual(self.sandbox.available(300000), 1)
        self.assertEqual(self.sandbox.available(300000, 777001), 5)
        self.assertEqual(bindings[0].exported_location_qty, {main: 1, "777001": 5})
        self.assertEqual(bindings[0].last_exported_qty, 6)
        # the shop floor sells 2 of item 0 meanwhile; Odoo receives 3 there
        self.sandbox.set_available(300000, 3, location_id=777001)
        self.set_stock(products[0], 3, location=shop_floor)  # Odoo: 8 there
        self.set_stock(products[1], 1)  # Odoo: 3 at the main location
        with trap_jobs() as trap:
            self.account.export_stock(full=True)
        self.assertEqual(self.sandbox.available(300000, 777001), 3, "not overwritten")
        self.assertEqual(self.sandbox.available(300000), 1, "other location intact")
        self.assertEqual(self.sandbox.available(300001), 3, "the others went on")
        self.assertEqual(bindings[0].exported_location_qty, {main: 1, "777001": 3})
        trap.assert_jobs_count(1, only=self.account.export_stock)
        # the follow-up export compares against the re-read quantity and sets
        calls = self.graphql_calls()
        self.account.export_stock(full=True)
        self.assertEqual(self.sandbox.available(300000, 777001), 8)
        self.assertEqual(bindings[0].exported_location_qty, {main: 1, "777001": 8})
        self.assertEqual(self.graphql_calls(), calls + 1, "only the changed level")
