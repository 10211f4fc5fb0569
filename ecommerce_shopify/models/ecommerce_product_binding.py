# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class EcommerceProductBinding(models.Model):
    _inherit = "ecommerce.product.binding"

    shopify_inventory_item_id = fields.Char(
        string="Shopify inventory item",
        readonly=True,
        help="Shopify keeps stock on the variant's inventory item: the stock "
        "export sends quantities to it.",
    )
