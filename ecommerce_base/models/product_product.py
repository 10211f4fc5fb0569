# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models

from .product_template import EXPORTED_PRODUCT_FIELDS


class ProductProduct(models.Model):
    _inherit = "product.product"

    ecommerce_binding_ids = fields.One2many(
        "ecommerce.product.binding", "product_id", string="Sales channel listings"
    )

    def write(self, vals):
        result = super().write(vals)
        if EXPORTED_PRODUCT_FIELDS.intersection(vals):
            self._ecommerce_mark_product_changed()
        return result

    def _ecommerce_mark_product_changed(self):
        """Flag the bindings of these products for the next product-data
        export and queue it (debounced) on each account concerned."""
        if not self.ids:
            return
        self.env.cr.execute(
            """
            UPDATE ecommerce_product_binding SET product_export_pending = TRUE
             WHERE product_id = ANY(%s)
         RETURNING account_id
            """,
            (self.ids,),
        )
        account_ids = {row[0] for row in self.env.cr.fetchall()}
        if account_ids:
            self.env["ecommerce.product.binding"].invalidate_model(
                ["product_export_pending"]
            )
            self.env["ecommerce.account"].sudo().browse(account_ids).filtered(
                lambda a: a.state == "connected"
            )._schedule_product_export()
