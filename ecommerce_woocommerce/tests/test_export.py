# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import tagged

from .common import WooCommerceCommon, make_product, make_variation

PRODUCTS_BATCH = "POST /wp-json/wc/v3/products/batch"
VARIATIONS_BATCH = "POST /wp-json/wc/v3/products/<product_id>/variations/batch"


@tagged("post_install", "-at_install")
class TestExport(WooCommerceCommon):
    def _seed_catalogue(self):
        self.sandbox.seed_products(
            [
                make_product(11, "TS-MUG-01", name="Mug", price="12.50", stock=0),
                make_product(
                    12, "", name="Cook book", price="30.00", global_unique_id=""
                ),
                make_product(13, "UNKNOWN-1", name="Not in Odoo", stock=1),
                make_product(20, "TS-TEE", name="Organic T-shirt", type="variable"),
            ]
        )
        self.sandbox.seed_variations(
            [
                make_variation(21, 20, "", stock=0, global_unique_id="5400000000027"),
                make_variation(22, 20, "TS-TEE-L", stock=0),
            ]
        )

    def _bindings(self):
        return self.env["ecommerce.product.binding"].search(
            [("account_id", "=", self.account.id)]
        )

    def test_01_catalog_import_binds_by_sku_and_barcode(self):
        self._seed_catalogue()
        self.account.import_products()
        bindings = {b.external_id: b for b in self._bindings()}
        self.assertEqual(bindings["11"].product_id, self.mug)
        self.assertEqual(bindings["21"].product_id, self.tee, "variation by barcode")
        self.assertEqual(bindings["21"].external_product_id, "20")
        self.assertNotIn("13", bindings)  # no SKU or barcode match, no creation
        self.assertTrue(bindings["11"].sync_stock)
        run = self.env["ecommerce.sync.job"].search(
            [("kind", "=", "products")], limit=1
        )
        self.assertEqual((run.fetched, run.created, run.skipped), (5, 2, 3))
        self.assertEqual(run.api_calls, 2, "products, then the variations of one")

    def test_02_catalog_import_can_create_missing_products(self):
        self._seed_catalogue()
        self.account.woocommerce_create_products = True
        self.account.import_products()
        binding = self._bindings().filtered(lambda b: b.external_id == "13")
        self.assertEqual(binding.product_id.default_code, "UNKNOWN-1")
        self.assertTrue(binding.product_id.is_storable)
        book = self._bindings().filtered(lambda b: b.external_id == "12")
        self.assertFalse(book.sync_stock, "WooCommerce does not manage its stock")

    def test_03_stock_1000_items_in_10_batch_calls(self):
        Product = self.env["product.product"]
        products = Product.create(
            [
                {
                    "name": f"Item {n}",
                    "default_code": f"BULK-{n:04d}",
                    "is_storable": True,
                }
                for n in range(1000)
            ]
        )
        self.sandbox.seed_products(
            [make_product(10000 + n, f"BULK-{n:04d}", stock=0) for n in range(1000)]
        )
        self.env["ecommerce.product.binding"].create(
            [
                {
                    "account_id": self.account.id,
                    "external_id": str(10000 + n),
                    "external_product_id": str(10000 + n),
                    "sku": f"BULK-{n:04d}",
                    "product_id": product.id,
                }
                for n, product in enumerate(products)
            ]
        )
        for product in products[:10]:
            self.set_stock(product, 7)
        self.account.export_stock(full=True)
        self.assertEqual(self.sandbox.call_count(route=PRODUCTS_BATCH), 10)
        stock = self.sandbox.stock()
        self.assertEqual(stock["BULK-0000"], 7)
        self.assertEqual(stock["BULK-0999"], 0)
        self.assertEqual(len(stock), 1000)
        # nothing changed: nothing sent
        self.account.export_stock(full=True)
        self.assertEqual(self.sandbox.call_count(route=PRODUCTS_BATCH), 10)

    def test_04_variations_through_their_parent_only_managed_stock(self):
        self._seed_catalogue()
        self.account.import_products()
        self.set_stock(self.mug, 5)
        self.set_stock(self.tee, 4)
        self.set_stock(self.book, 9)
        self.account.export_stock(full=True)
        self.assertEqual(self.sandbox.call_count(route=PRODUCTS_BATCH), 1)
        self.assertEqual(self.sandbox.call_count(route=VARIATIONS_BATCH), 1)
        self.assertEqual(self.sandbox.get_product(21)["stock_quantity"], 4)
        self.assertEqual(self.sandbox.get_product(11)["stock_quantity"], 5)
        book = self.sandbox.get_product(12)
        self.assertFalse(book["manage_stock"])
        self.assertIsNone(book["stock_quantity"])

    def test_05_tracking_completes_order_with_note_and_tracking_meta(self):
        doc = self.order_doc(501)
        order = self.import_docs(doc).sale_order_id
        picking = order.picking_ids
        self.set_stock(self.mug, 10)
        self.set_stock(self.tee, 10)
        picking.action_assign()
        picking.carrier_id = self.express
        self.deliver(picking, {self.mug: 2, self.tee: 1}, tracking="JJD0099")
        self.account.export_tracking(picking.id)
        stored = self.sandbox.get_order(501)
        self.assertEqual(stored["status"], "completed")
        (note,) = self.sandbox.notes(501)
        self.assertTrue(note["customer_note"])
        self.assertIn("DHL", note["note"])
        self.assertIn("JJD0099", note["note"])
        meta = {m["key"]: m["value"] for m in stored["meta_data"]}
        (item,) = meta["_wc_shipment_tracking_items"]
        self.assertEqual(
            (item["tracking_provider"], item["tracking_number"]), ("DHL", "JJD0099")
        )
        self.assertTrue(picking.ecommerce_fulfillment_ref.startswith("note-"))

    def test_06_partial_delivery_does_not_complete_and_no_extension(self):
        self.account.woocommerce_shipment_tracking = False
        doc = self.order_doc(502)
        order = self.import_docs(doc).sale_order_id
        picking = order.picking_ids
        self.set_stock(self.mug, 10)
        picking.action_assign()
        self.deliver(picking, {self.mug: 2}, tracking="TRK1")
        self.account.export_tracking(picking.id)
        stored = self.sandbox.get_order(502)
        self.assertEqual(stored["status"], "processing", "the T-shirt is still to ship")
        self.assertEqual(len(self.sandbox.notes(502)), 1)
        self.assertFalse(
            [m for m in stored["meta_data"] if m["key"].startswith("_wc_ship")]
        )

    def test_07_price_export_when_odoo_is_master(self):
        self._seed_catalogue()
        self.account.import_products()
        self.account.write({"owner_price": "odoo", "sync_prices": True})
        self.mug.list_price = 13.9
        self.tee.list_price = 27
        self.account.export_products(full=True)
        self.assertEqual(self.sandbox.get_product(11)["regular_price"], "13.90")
        self.assertEqual(self.sandbox.get_product(21)["regular_price"], "27.00")
        variation = "/wp-json/wc/v3/products/<product_id>/variations/<variation_id>"
        self.assertEqual(self.sandbox.call_count(route=f"PUT {variation}"), 1)

    def test_08_publish_products_when_odoo_is_master(self):
        self.account.owner_name = "odoo"
        polo = self.create_sized_template("Polo", 25.0)
        templates = polo | self.mug.product_tmpl_id
        self.account.publish_products(templates.ids)
        Binding = self.env["ecommerce.product.binding"]
        mug = Binding.search(
            [("account_id", "=", self.account.id), ("product_id", "=", self.mug.id)]
        )
        created = self.sandbox.get_product(int(mug.external_id))
        self.assertEqual(
            (created["name"], created["sku"], created["type"]),
            ("Ceramic mug", "TS-MUG-01", "simple"),
        )
        self.assertEqual(created["regular_price"], "12.50")
        self.assertTrue(created["manage_stock"])
        polos = Binding.search([("product_id", "in", polo.product_variant_ids.ids)])
        self.assertEqual(len(polos), 2)
        parent = self.sandbox.get_product(int(polos[0].external_product_id))
        self.assertEqual(parent["type"], "variable")
        self.assertEqual(sorted(parent["attributes"][0]["options"]), ["L", "S"])
        self.assertEqual(
            sorted(parent["variations"]), sorted(int(b.external_id) for b in polos)
        )
        self.set_stock(self.mug, 3)
        self.set_stock(polos[0].product_id, 4)
        self.account.export_stock()
        stock = self.sandbox.stock()
        self.assertEqual(
            (stock["TS-MUG-01"], stock[polos[0].sku], stock[polos[1].sku]), (3, 4, 0)
        )
        calls = self.sandbox.call_count(route="POST /wp-json/wc/v3/products")
        self.account.publish_products(templates.ids)
        self.assertEqual(
            self.sandbox.call_count(route="POST /wp-json/wc/v3/products"),
            calls,
            "a bound product is not created twice",
        )
