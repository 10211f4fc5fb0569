# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class ProductProduct(models.Model):
    _inherit = "product.product"

    ecommerce_binding_ids = fields.One2many(
        "ecommerce.product.binding", "product_id", string="Sales channel listings"
    )
