# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    ecommerce_ordered_at = fields.Datetime(
        string="Ordered on the channel",
        compute="_compute_ecommerce_ordered_at",
        store=True,
        index="btree_not_null",
        help="When the customer ordered on the sales channel; the dashboard and "
        "the order analysis count orders by this date (the order date moves "
        "to the confirmation time).",
    )

    @api.depends("ecommerce_binding_ids.external_created_at")
    def _compute_ecommerce_ordered_at(self):
        for order in self:
            dates = order.ecommerce_binding_ids.filtered("external_created_at").mapped(
                "external_created_at"
            )
            order.ecommerce_ordered_at = min(dates) if dates else False
