# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models


class StockMove(models.Model):
    _inherit = "stock.move"

    def write(self, vals):
        result = super().write(vals)
        if "state" in vals and not self.env.context.get("ecommerce_no_stock_trigger"):
            self._ecommerce_mark_stock_changed()
        return result

    def _ecommerce_mark_stock_changed(self):
        """Flag the bindings of moved products and queue one debounced delta
        export per account concerned (two queries, whatever the number of moves).

        Bindings already flagged are left alone: their export is queued, and
        a move goes through several states, each one written (an order
        confirmed and reserved writes its moves three times).
        """
        product_ids = list(set(self.product_id.ids))
        if not product_ids:
            return
        self.env.cr.execute(
            """
            UPDATE ecommerce_product_binding
               SET stock_export_pending = TRUE
             WHERE product_id = ANY(%s) AND sync_stock
               AND stock_export_pending IS NOT TRUE
         RETURNING account_id
            """,
            (product_ids,),
        )
        account_ids = {row[0] for row in self.env.cr.fetchall()}
        if account_ids:
            self.env["ecommerce.product.binding"].invalidate_model(
                ["stock_export_pending"]
            )
            self.env["ecommerce.account"].sudo().browse(account_ids).filtered(
                lambda a: a.state == "connected"
            )._schedule_stock_export()
