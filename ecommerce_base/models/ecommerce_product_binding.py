# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class EcommerceProductBinding(models.Model):
    """A platform variant sold as an Odoo product; carries the stock export state."""

    _name = "ecommerce.product.binding"
    _inherit = "ecommerce.binding"
    _description = "E-commerce Product Binding"
    _rec_name = "sku"

    product_id = fields.Many2one(
        "product.product", required=True, ondelete="cascade", index=True
    )
    external_product_id = fields.Char(help="The platform's parent product id.")
    sku = fields.Char(index=True)
    sync_stock = fields.Boolean(default=True, help="Publish this product's stock.")
    last_exported_qty = fields.Integer(
        readonly=True, help="Quantity last published; empty when never published."
    )
    exported_location_qty = fields.Json(
        readonly=True,
        help="Quantity last published at each platform location "
        "({location id: quantity}), for platforms that stock per location; "
        "the last published quantity is then their sum.",
    )
    stock_exported_at = fields.Datetime(readonly=True)
    stock_export_pending = fields.Boolean(
        index=True,
        readonly=True,
        help="Stock moved since the last export: the next delta export looks at it.",
    )
    product_export_pending = fields.Boolean(
        index=True,
        readonly=True,
        help="Name, description, price or image changed in Odoo since the last export.",
    )
