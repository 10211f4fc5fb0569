# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from dataclasses import dataclass

from odoo import api, models

from odoo.addons.ecommerce_base import canonical as c
from odoo.addons.ecommerce_base.tools.money import to_decimal

from .shopify_adapter_operations import legacy_id
from .shopify_mapper import to_datetime


@dataclass
class ShopifyProductVariant(c.ProductVariant):
    """A catalog variant with the inventory item Shopify keeps its stock on."""

    inventory_item_id: str = ""


class ShopifyMapper(models.AbstractModel):
    _inherit = "ecommerce.shopify.mapper"

    # === CATALOG === #

    @api.model
    def to_product_variants(self, account, raw):
        """A ``ProductVariant`` node (with its product) as a canonical variant."""
        product = raw.get("product") or {}
        return [
            ShopifyProductVariant(
                inventory_item_id=legacy_id((raw.get("inventoryItem") or {}).get("id")),
                external_id=legacy_id(raw["id"]),
                sku=str(raw.get("sku") or ""),
                barcode=str(raw.get("barcode") or ""),
                title=" - ".join(
                    t
                    for t in (product.get("title"), raw.get("title"))
                    if t and t != "Default Title"
                ),
                price=to_decimal(raw.get("price"), "price"),
                product_external_id=legacy_id(product.get("id")),
                updated_at=to_datetime(raw.get("updatedAt")),
            )
        ]

    # === STOCK === #

    @api.model
    def from_stock_level(self, account, level):
        """One ``inventorySetQuantities`` quantity; ``external_id`` is the
        inventory item. ``changeFromQuantity`` is what Odoo last published
        there (``None`` the first time: nothing to compare with)."""
        return {
            "key": self.stock_level_key(account, level),
            "inventoryItemId": level.external_id,
            "locationId": level.location_external_id,
            "quantity": level.quantity,
            "changeFromQuantity": level.previous_quantity,
        }

    @api.model
    def stock_level_key(self, account, level):
        """``<inventory item>@<location>``: one SKU has a level per location."""
        return f"{level.external_id}@{level.location_external_id}"

    # === FULFILMENT === #

    @api.model
    def from_fulfillment(self, account, fulfillment):
        """Shipped lines and ``trackingInfo`` (company as Shopify spells it,
        several numbers allowed)."""
        tracking = {}
        if fulfillment.tracking_numbers:
            tracking["numbers"] = list(fulfillment.tracking_numbers)
            tracking["number"] = fulfillment.tracking_numbers[0]
        if fulfillment.carrier:
            tracking["company"] = fulfillment.carrier
        if fulfillment.tracking_url:
            tracking["url"] = fulfillment.tracking_url
        return {
            "lines": [
                {"line_item_id": line.line_external_id, "quantity": int(line.quantity)}
                for line in fulfillment.lines
            ],
            "trackingInfo": tracking,
            "notifyCustomer": True,
        }

    # === PRODUCT DATA === #

    @api.model
    def from_product_variant(self, account, variant, fields):
        """Product fields (title, description, images) and variant fields
        (price) Odoo owns, as ``productUpdate`` / ``productVariantsBulkUpdate``
        inputs."""
        product, result = {}, {}
        if "title" in fields and variant.title:
            product["title"] = variant.title
        if "description" in fields:
            product["descriptionHtml"] = variant.description or ""
        if product:
            result["product"] = product
        if "image_urls" in fields and variant.image_urls:
            result["media"] = [
                {"originalSource": url, "mediaContentType": "IMAGE"}
                for url in variant.image_urls
            ]
        if "price" in fields and variant.price is not None:
            result["variant"] = {"price": str(variant.price)}
        return result

    @api.model
    def new_product(self, account, product_template, variants):
        """``productSet`` input creating a product with its variants.

        :param variants: list of canonical ``ProductVariant``
        """
        several = len(variants) > 1
        images = list(dict.fromkeys(url for v in variants for url in v.image_urls))
        return {
            "title": product_template.name,
            "descriptionHtml": product_template.description_sale or "",
            "files": [
                {"originalSource": url, "contentType": "IMAGE"} for url in images
            ],
            "productOptions": [
                {
                    "name": "Variant",
                    "values": [{"name": v.title or v.sku} for v in variants],
                }
            ]
            if several
            else [{"name": "Title", "values": [{"name": "Default Title"}]}],
            "variants": [
                {
                    "optionValues": [
                        {
                            "optionName": "Variant" if several else "Title",
                            "name": (v.title or v.sku) if several else "Default Title",
                        }
                    ],
                    "sku": v.sku,
                    "inventoryItem": {"sku": v.sku, "tracked": True},
                    "barcode": v.barcode or None,
                    "price": str(v.price) if v.price is not None else None,
                }
                for v in variants
            ],
        }
