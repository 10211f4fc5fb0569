# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from decimal import Decimal

from odoo.fields import Command
from odoo.tests import tagged

from odoo.addons.queue_job.tests.common import trap_jobs

from .common import ShopifyCommon


@tagged("post_install", "-at_install")
class TestShopifyFulfillmentProducts(ShopifyCommon):
    def test_01_partial_then_complete_fulfilment_with_tracking(self):
        self.set_stock(self.mug, 10)
        self.set_stock(self.tee, 10)
        binding = self.import_docs(
            self.order_doc(
                9001,
                shipping=[{"title": "Express", "code": "express", "price": "9.95"}],
            )
        )
        sale_order = binding.sale_order_id
        picking = sale_order.picking_ids
        self.deliver(picking, {self.mug: 1}, tracking="1Z001985YW99744790")
        self.account.export_tracking(picking.id)
        shipped = self.sandbox.fulfillments(9001)
        self.assertEqual(len(shipped), 1)
        self.assertEqual(
            shipped[0]["trackingInfo"][0],
            {"company": "DHL", "number": "1Z001985YW99744790", "url": None},
        )
        self.assertEqual(shipped[0]["fulfillmentLineItems"][0]["quantity"], 1)
        self.assertEqual(self.sandbox.rest_order(9001)["fulfillment_status"], "partial")
        backorder = sale_order.picking_ids - picking
        self.deliver(backorder, {self.mug: 1, self.tee: 1}, tracking="1Z2, 1Z3")
        self.account.export_tracking(backorder.id)
        shipped = self.sandbox.fulfillments(9001)
        self.assertEqual(len(shipped), 2)
        self.assertEqual(
            [t["number"] for t in shipped[1]["trackingInfo"]], ["1Z2", "1Z3"]
        )
        self.assertEqual(
            self.sandbox.rest_order(9001)["fulfillment_status"], "fulfilled"
        )
        self.assertTrue(backorder.ecommerce_fulfillment_ref)

    def _seed_catalog(self):
        self.sandbox.seed_products(
            [
                {
                    "id": 632910392,
                    "title": "Ceramic mug",
                    "variants": [
                        {
                            "id": 808950810,
                            "inventory_item_id": 808950811,
                            "sku": "TS-MUG-01",
                            "price": "12.50",
                            "inventory_quantity": 3,
                        },
                        {
                            "id": 808950820,
                            "inventory_item_id": 808950821,
                            "sku": "",
                            "barcode": "5400000000027",
                            "price": "25.00",
                        },
                        {
                            "id": 808950830,
                            "inventory_item_id": 808950831,
                            "sku": "NEW-SKU-1",
                            "title": "Blue",
                            "price": "19.90",
                        },
                    ],
                }
            ]
        )

    def test_02_catalog_binds_by_sku_and_barcode_and_creates_missing(self):
        self._seed_catalog()
        self.account.import_products()
        Binding = self.env["ecommerce.product.binding"]
        bindings = Binding._find(self.account, ["808950810", "808950820", "808950830"])
        self.assertEqual(bindings["808950810"].product_id, self.mug)
        self.assertEqual(bindings["808950810"].shopify_inventory_item_id, "808950811")
        self.assertEqual(bindings["808950820"].product_id, self.tee)
        self.assertNotIn(
            "808950830", bindings, "not created unless the account says so"
        )
        self.account.shopify_create_products = True
        self.account.import_products()
        created = Binding._find(self.account, ["808950830"])["808950830"]
        self.assertEqual(created.product_id.default_code, "NEW-SKU-1")
        self.assertEqual(created.product_id.list_price, 19.9)

    def test_03_price_and_title_export_when_odoo_is_master(self):
        self._seed_catalog()
        self.account.import_products()
        self.account.write(
            {"sync_prices": True, "owner_price": "odoo", "owner_name": "odoo"}
        )
        self.mug.list_price = 13.90
        self.account.export_products(full=True)
        product = self.sandbox.store.get("products", "632910392")
        mug = next(v for v in product["variants"] if v["sku"] == "TS-MUG-01")
        self.assertEqual(Decimal(mug["price"]), Decimal("13.90"))
        self.assertEqual(product["title"], "Organic T-shirt (M)")  # last bound wins
        self.assertFalse(self.errors_of(self.account))

    def test_04_product_created_on_shopify(self):
        mapper = self.account._mapper()
        variant = self.env["ecommerce.exporter"]._prepare_product_variant(
            self.account,
            self.env["ecommerce.product.binding"].new(
                {"product_id": self.book.id, "sku": "TS-BOOK"}
            ),
            {"title", "price"},
        )
        variant.sku, variant.price = "TS-BOOK", Decimal("30.00")
        created = self.account._adapter().create_product(
            self.account,
            mapper.new_product(self.account, self.book.product_tmpl_id, [variant]),
        )
        values = created["TS-BOOK"]
        item_id = values["shopify_inventory_item_id"]
        stored = self.sandbox.store.get("products", values["external_product_id"])
        self.assertEqual(stored["title"], "Cook book")
        self.assertEqual(stored["variants"][0]["price"], "30.00")
        self.assertEqual(self.sandbox.available(item_id), 0)

    def test_05_webhooks_registered_once(self):
        url = "https://odoo.example.com/ecommerce/webhook/1"
        topics = self.account._adapter().register_webhooks(self.account, url)
        self.account._adapter().register_webhooks(self.account, url)
        subscriptions = self.sandbox.webhook_subscriptions()
        self.assertEqual(len(subscriptions), len(topics))
        self.assertIn("ORDERS_CREATE", {s["topic"] for s in subscriptions})
        adapter = self.account._adapter()
        self.assertEqual(adapter.webhook_topics(self.account, url), sorted(topics))
        self.assertEqual(adapter.webhook_topics(self.account, url + "/other"), [])

    def test_06_publish_products_from_odoo(self):
        polo = self.create_sized_template(
            "Polo", 25.0, description_sale="Organic cotton polo"
        )
        no_sku = self.env["product.template"].create({"name": "Gift card"})
        wizard = (
            self.env["ecommerce.product.publish"]
            .with_context(
                active_model="product.template", active_ids=(polo | no_sku).ids
            )
            .create({"account_ids": [Command.set(self.account.ids)]})
        )
        self.assertEqual(wizard.unbound_count, 3)
        with trap_jobs() as trap:
            wizard.action_publish()
            trap.assert_jobs_count(1, only=self.account.publish_products)
            trap.perform_enqueued_jobs()
        bindings = self.env["ecommerce.product.binding"].search(
            [
                ("account_id", "=", self.account.id),
                ("product_id", "in", polo.product_variant_ids.ids),
            ]
        )
        self.assertEqual(len(bindings), 2)
        self.assertTrue(all(bindings.mapped("shopify_inventory_item_id")))
        stored = self.sandbox.store.get("products", bindings[0].external_product_id)
        self.assertEqual(stored["title"], "Polo")
        self.assertEqual(
            sorted(v["sku"] for v in stored["variants"]), ["POLO-L", "POLO-S"]
        )
        self.assertEqual({v["price"] for v in stored["variants"]}, {"25.00"})
        (error,) = self.errors_of(self.account)
        self.assertIn("internal reference", error.message)
        run = self.env["ecommerce.sync.job"].search(
            [("account_id", "=", self.account.id)], order="id desc", limit=1
        )
        self.assertEqual((run.created, run.failed), (1, 1))
        # their stock follows with the next delta export
        self.set_stock(bindings[0].product_id, 4)
        self.account.export_stock()
        self.assertEqual(
            self.sandbox.available(bindings[0].shopify_inventory_item_id), 4
        )
        self.assertEqual(
            self.sandbox.available(bindings[1].shopify_inventory_item_id), 0
        )
