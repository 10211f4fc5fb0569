# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import dataclasses

from odoo import api, models

from odoo.addons.ecommerce_base.exceptions import EcommerceDataError
from odoo.addons.ecommerce_base.tools.money import quantize


class ShopifyImporter(models.AbstractModel):
    """What Shopify adds to the generic import: custom line items (no
    variant, no SKU) and the catalog's inventory items and missing products."""

    _name = "ecommerce.shopify.importer"
    _inherit = "ecommerce.importer"
    _description = "Shopify Importer"

    @api.model
    def _match_products(self, account, order):
        """Custom items (sold without a variant or SKU) get the account's
        custom item product, else its fallback product; the other lines are
        matched the generic way.

        :raises EcommerceDataError: for a custom item when neither product is set
        """
        custom = [
            line
            for line in order.lines
            if not line.variant_external_id and not line.sku and not line.barcode
        ]
        if not custom:
            return super()._match_products(account, order)
        product = account.shopify_custom_item_product_id or account.fallback_product_id
        if not product:
            raise EcommerceDataError(
                f"Order {order.name}: custom item "
                f"{custom[0].title or custom[0].external_id!r} has no SKU; set a "
                "custom item product (or a fallback product) on the account"
            )
        others = [line for line in order.lines if line not in custom]
        result = {line.external_id: product for line in custom}
        if others:
            result.update(
                super()._match_products(
                    account, dataclasses.replace(order, lines=others)
                )
            )
        return result

    @api.model
    def _exact_discount_percent(self, line):
        """Only a percentage that is exact itself (10% of 25.00), not one that
        merely rounds back to the amount (3.00 of 74.70 is 4.016%): Odoo
        computes the line from the percentage, and with prices including tax
        a rounded one can move the total by a cent."""
        gross = line.gross_amount
        if not gross or not line.discount_amount:
            return None
        percent = line.discount_amount * 100 / gross
        if percent != quantize(percent, 2) or percent > 100:
            return None
        return quantize(percent, 2)

    @api.model
    def _prepare_line_vals(self, account, order, line, product, tax_cache):
        """With prices excluding tax, Shopify computes each line's tax on its
        discounted amount: a discount that is no exact percentage is folded
        into the unit price when the Product Price precision holds that price
        exactly (23.51 for 2 units is 11.755), instead of a separate discount
        line whose tax would be rounded apart."""
        result = super()._prepare_line_vals(account, order, line, product, tax_cache)
        if order.prices_include_tax or len(result) < 2 or not line.quantity:
            return result
        digits = self.env["decimal.precision"].precision_get("Product Price")
        net_unit = line.net_amount / line.quantity
        if net_unit != quantize(net_unit, digits):
            return result
        vals = result[0]
        vals["price_unit"] = float(net_unit)
        vals["name"] = self.env._(
            "%(name)s (discount of %(amount)s included)",
            name=vals["name"],
            amount=line.discount_amount,
        )
        return [vals]

    @api.model
    def bind_variant(self, account, variant):
        """Bind a catalog variant by SKU or barcode and remember its inventory
        item; when the account creates missing products, an unmatched variant
        with a SKU becomes a new storable product."""
        action, binding = super().bind_variant(account, variant)
        if action == "skipped" and account.shopify_create_products and variant.sku:
            product = self.env["product.product"].create(
                {
                    "name": variant.title or variant.sku,
                    "default_code": variant.sku,
                    "barcode": variant.barcode or False,
                    "list_price": float(variant.price or 0),
                    "is_storable": True,
                    "company_id": account.company_id.id,
                }
            )
            binding = self.env["ecommerce.product.binding"].create(
                {
                    "account_id": account.id,
                    "external_id": variant.external_id,
                    "product_id": product.id,
                    "sku": variant.sku,
                    "external_product_id": variant.product_external_id or False,
                    "external_updated_at": variant.updated_at,
                }
            )
            action = "created"
        item = getattr(variant, "inventory_item_id", "")
        if binding and item and binding.shopify_inventory_item_id != item:
            binding.shopify_inventory_item_id = item
        return action, binding
