# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models
from odoo.tools import SQL


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
        compute="_compute_stock_export_pending",
        search="_search_stock_export_pending",
        help="Stock moved since the last export: the next delta export looks at it.",
    )
    product_export_pending = fields.Boolean(
        index=True,
        readonly=True,
        help="Name, description, price or image changed in Odoo since the last export.",
    )

    def _compute_stock_export_pending(self):
        pending = self.env["ecommerce.stock.change"]._pending_binding_ids(self.ids)
        for binding in self:
            binding.stock_export_pending = binding.id in pending

    def _search_stock_export_pending(self, operator, value):
        if operator != "in":
            return NotImplemented
        queued = SQL("SELECT binding_id FROM ecommerce_stock_change")
        return [("id", "any!" if True in value else "not any!", queued)]

    def _flag_stock_changed(self):
        """Queue these bindings for the next delta stock export (see
        ``ecommerce.stock.change``); returns the accounts concerned."""
        if not self:
            return set()
        return self.env["ecommerce.stock.change"]._record_bindings(self.ids)
