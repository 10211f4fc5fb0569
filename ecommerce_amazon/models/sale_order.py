# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    amazon_marketplace_id = fields.Char(
        string="Amazon marketplace",
        readonly=True,
        copy=False,
        help="Marketplace of the Amazon order; shipment confirmations need it.",
    )
    amazon_fulfillment_channel = fields.Selection(
        [("MFN", "Merchant (MFN)"), ("AFN", "Amazon (FBA)")],
        string="Fulfilled by",
        readonly=True,
        copy=False,
    )
