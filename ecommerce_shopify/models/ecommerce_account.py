# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models

DEFAULT_API_VERSION = "2026-01"


class EcommerceAccount(models.Model):
    _inherit = "ecommerce.account"

    platform = fields.Selection(
        selection_add=[("shopify", "Shopify")],
        ondelete={"shopify": "cascade"},
    )
    shopify_api_version = fields.Char(
        string="Shopify API version",
        default=DEFAULT_API_VERSION,
        help="Admin API version (YYYY-MM), e.g. 2026-01. From 2026-04 on, stock "
        "updates always carry an idempotency key and a compare quantity.",
    )
    shopify_shop_name = fields.Char(readonly=True, copy=False)
    shopify_shop_currency = fields.Char(readonly=True, copy=False)
    shopify_money = fields.Selection(
        [
            ("shop", "Shop currency"),
            ("presentment", "Customer (presentment) currency"),
        ],
        string="Import amounts in",
        default="shop",
        required=True,
        help="Shopify gives every amount in the shop currency and in the "
        "currency the customer paid in. Accounting usually wants the shop "
        "currency.",
    )
    shopify_location_ids = fields.One2many(
        "ecommerce.shopify.location", "account_id", string="Shopify locations"
    )
    shopify_custom_item_product_id = fields.Many2one(
        "product.product",
        string="Custom item product",
        help="Product of the custom line items (no variant, no SKU) of Shopify "
        "orders; empty uses the fallback product.",
    )
    shopify_create_products = fields.Boolean(
        string="Create missing products (Shopify)",
        help="The catalog import creates an Odoo product for a Shopify variant "
        "whose SKU and barcode match no product.",
    )

    # === ACTIONS === #

    def action_test_connection(self):
        """Test the connection, remember the shop's name and currency and
        fetch its locations."""
        result = super().action_test_connection()
        for account in self.filtered(lambda a: a.platform == "shopify"):
            account.action_shopify_fetch_locations()
        return result

    def action_shopify_fetch_locations(self):
        """Read the shop's name, currency and locations; a new location is
        mapped to the warehouse's stock location when it is the shop's only one."""
        for account in self:
            if account.platform != "shopify":
                continue
            adapter = account._adapter()
            shop = adapter.fetch_shop(account)
            account.write(
                {
                    "shopify_shop_name": shop.get("name"),
                    "shopify_shop_currency": shop.get("currencyCode"),
                }
            )
            known = {loc.external_id: loc for loc in account.shopify_location_ids}
            remote = adapter.fetch_locations(account)
            for location in remote:
                vals = {
                    "name": location["name"],
                    "active_on_shopify": location["active"],
                }
                if location["id"] in known:
                    known[location["id"]].write(vals)
                    continue
                vals.update(account_id=account.id, external_id=location["id"])
                if len(remote) == 1 and account.warehouse_id:
                    vals["stock_location_id"] = account.warehouse_id.lot_stock_id.id
                self.env["ecommerce.shopify.location"].create(vals)
        return True

    def action_shopify_register_webhooks(self):
        """Subscribe the shop's webhooks to this account's webhook URL."""
        self.ensure_one()
        topics = self._adapter().register_webhooks(self, self.webhook_url)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Webhooks registered"),
                "message": ", ".join(topics),
                "type": "success",
            },
        }
