# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models

# Odoo fields whose change is published where Odoo owns the product data
EXPORTED_PRODUCT_FIELDS = frozenset(
    {"name", "description_sale", "list_price", "lst_price", "image_1920"}
)


class ProductTemplate(models.Model):
    _inherit = "product.template"

    def write(self, vals):
        result = super().write(vals)
        if EXPORTED_PRODUCT_FIELDS.intersection(vals):
            self.product_variant_ids._ecommerce_mark_product_changed()
        return result
