# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, models
from odoo.tools import float_compare


class WooCommerceExporter(models.AbstractModel):
    """Stock levels know their parent product (variations are updated through
    it) and fulfilments know whether they complete the order."""

    _name = "ecommerce.woocommerce.exporter"
    _inherit = "ecommerce.exporter"
    _description = "WooCommerce Exporter"

    @api.model
    def _prepare_stock_levels(self, account, bindings, quantities):
        """The base's levels with the parent product of variations, simple
        products first and variations grouped by parent, so that batches of
        100 need as few calls as possible.

        :return: list of ``(binding, StockLevel)``
        """
        result = super()._prepare_stock_levels(account, bindings, quantities)
        for binding, level in result:
            parent = binding.external_product_id or ""
            level.parent_external_id = "" if parent == binding.external_id else parent
        result.sort(key=lambda pair: (pair[1].parent_external_id, pair[0].id))
        return result

    @api.model
    def _prepare_fulfillment(self, account, binding, picking):
        """The base's fulfilment, and whether every good of the order has now
        left (WooCommerce then marks the order completed)."""
        fulfillment = super()._prepare_fulfillment(account, binding, picking)
        goods = picking.sale_id.order_line.filtered(
            lambda line: line.ecommerce_line_external_id
            and not line.is_delivery
            and line.product_id.type == "consu"
        )
        complete = all(
            float_compare(
                line.qty_delivered,
                line.product_uom_qty,
                precision_rounding=line.product_uom_id.rounding,
            )
            >= 0
            for line in goods
        )
        fulfillment.completes_order = complete
        return fulfillment
