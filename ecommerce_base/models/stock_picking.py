# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    ecommerce_fulfillment_ref = fields.Char(
        string="Platform fulfilment",
        copy=False,
        readonly=True,
        help="Id of the fulfilment created on the platform for this delivery.",
    )
    ecommerce_fulfillment_date = fields.Datetime(copy=False, readonly=True)

    def _action_done(self):
        result = super()._action_done()
        self._ecommerce_enqueue_tracking()
        return result

    def write(self, vals):
        result = super().write(vals)
        if vals.get("carrier_tracking_ref"):
            # tracking numbers often arrive after validation (carrier label)
            self.filtered(lambda p: p.state == "done")._ecommerce_enqueue_tracking()
        return result

    def _ecommerce_enqueue_tracking(self):
        """Queue the fulfilment export of done outgoing deliveries of bound orders."""
        for picking in self:
            if (
                picking.state != "done"
                or picking.picking_type_code != "outgoing"
                or picking.ecommerce_fulfillment_ref
            ):
                continue
            for binding in picking.sudo().sale_id.ecommerce_binding_ids:
                account = binding.account_id
                if account.sync_tracking and account.state == "connected":
                    account._enqueue(
                        "export_tracking",
                        key=str(picking.id),
                        picking_id=picking.id,
                        trigger="cron",
                    )
