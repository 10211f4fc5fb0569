# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class EcommerceProductBinding(models.Model):
    _inherit = "ecommerce.product.binding"

    amazon_fulfillment_channel = fields.Selection(
        [("MFN", "Merchant (MFN)"), ("AFN", "Amazon (FBA)")],
        string="Amazon offer fulfilled by",
        default="MFN",
        help="Only merchant-fulfilled offers get their stock from Odoo; Amazon "
        "counts the stock of FBA offers itself.",
    )
