# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, models


class AmazonExporter(models.AbstractModel):
    """Amazon's own part of the exports: stock of merchant-fulfilled offers
    only, and shipment confirmations of merchant-fulfilled orders only."""

    _name = "ecommerce.amazon.exporter"
    _inherit = "ecommerce.exporter"
    _description = "Amazon Exporter"

    @api.model
    def _prepare_stock_levels(self, account, bindings, quantities):
        """Levels of MFN offers only: Amazon counts FBA stock itself."""
        mfn = bindings.filtered(lambda b: b.amazon_fulfillment_channel != "AFN")
        return super()._prepare_stock_levels(account, mfn, quantities)

    @api.model
    def export_fulfillment(self, account, picking):
        """Orders fulfilled by Amazon are never confirmed back to it."""
        if picking.sale_id.amazon_fulfillment_channel == "AFN":
            return "skipped", False
        return super().export_fulfillment(account, picking)
