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
        """Queue the bindings of moved products (``ecommerce.stock.change``)
        and one debounced delta export per account concerned.

        A move goes through several states, each one written (an order
        confirmed and reserved writes its moves three times): a transaction
        queues a binding once, and schedules the export only then.
        """
        product_ids = set(self.product_id.ids)
        if not product_ids:
            return
        account_ids = self.env["ecommerce.stock.change"]._record_products(product_ids)
        if account_ids:
            self.env["ecommerce.account"].sudo().browse(account_ids).filtered(
                lambda a: a.state == "connected"
            )._schedule_stock_export()
