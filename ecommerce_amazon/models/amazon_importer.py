# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import logging

from odoo import api, models

from odoo.addons.ecommerce_base.exceptions import EcommerceConfigError

_logger = logging.getLogger(__name__)

FBA_REF = "FBA"


class AmazonImporter(models.AbstractModel):
    """What is Amazon's own in the order import: pending orders wait, the
    marketplace is kept on the order, and orders Amazon fulfils (AFN) come
    from the FBA warehouse and are delivered there by the connector, since
    Amazon ships them."""

    _name = "ecommerce.amazon.importer"
    _inherit = "ecommerce.importer"
    _description = "Amazon Importer"

    @api.model
    def import_order(self, account, order, force=False):
        """Skip orders Amazon still holds as pending: they have no prices
        yet and are imported when they move on."""
        if getattr(order, "pending", False):
            _logger.info(
                "Amazon order %s of account %s is pending: imported later",
                order.external_id,
                account.id,
            )
            return "skipped", self.env["sale.order"]
        return super().import_order(account, order, force=force)

    @api.model
    def _prepare_order_vals(
        self, account, order, customer, invoice, delivery, currency
    ):
        """Keep the marketplace and the fulfilment channel on the order, and
        route AFN orders to the FBA warehouse, MFN ones to the account's.

        :raises EcommerceConfigError: for an AFN order when the account has
            no FBA warehouse
        """
        vals = super()._prepare_order_vals(
            account, order, customer, invoice, delivery, currency
        )
        channel = order.fulfillment_channel or "MFN"
        vals.update(
            amazon_marketplace_id=getattr(order, "marketplace_id", "") or False,
            amazon_fulfillment_channel=channel,
        )
        if channel == "AFN":
            if not account.amazon_fba_warehouse_id:
                raise EcommerceConfigError(
                    f"Order {order.name} is fulfilled by Amazon (FBA) but the "
                    "account has no FBA warehouse: set one"
                )
            vals["warehouse_id"] = account.amazon_fba_warehouse_id.id
        return vals

    @api.model
    def _apply_workflow(self, account, binding, order):
        """After the usual workflow, deliver the FBA order's picking at once:
        Amazon ships it, so nothing waits in Odoo to be shipped by hand and
        no shipment is confirmed back to Amazon."""
        result = super()._apply_workflow(account, binding, order)
        sale_order = binding.sale_order_id
        if (
            sale_order.amazon_fulfillment_channel == "AFN"
            and sale_order.state == "sale"
        ):
            self._amazon_deliver_fba(sale_order)
        return result

    @api.model
    def _amazon_deliver_fba(self, sale_order):
        """Validate the open deliveries of an FBA order with their full
        quantities, marked as already known to Amazon."""
        pickings = sale_order.picking_ids.filtered(
            lambda p: p.picking_type_code == "outgoing"
            and p.state not in ("done", "cancel")
        )
        if not pickings:
            return
        pickings.write({"ecommerce_fulfillment_ref": FBA_REF})
        for move in pickings.move_ids.filtered(
            lambda m: m.state not in ("done", "cancel")
        ):
            move.quantity = move.product_uom_qty
            move.picked = True
        pickings.with_context(ecommerce_no_stock_trigger=True)._action_done()
