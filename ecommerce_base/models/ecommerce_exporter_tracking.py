# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import re
from decimal import Decimal

from odoo import api, fields, models
from odoo.tools import float_is_zero

from ..canonical import Fulfillment, FulfillmentLine
from ..exceptions import EcommerceDataError


class EcommerceExporter(models.AbstractModel):
    _inherit = "ecommerce.exporter"

    # === TRACKING === #

    @api.model
    def export_fulfillment(self, account, picking):
        """Send a done delivery of a bound order as a fulfilment with its
        carrier and tracking numbers; a partial delivery gives a partial
        fulfilment. A picking is sent once.

        :return: ``(action, fulfilment external id)``
        """
        if picking.ecommerce_fulfillment_ref:
            return "skipped", picking.ecommerce_fulfillment_ref
        binding = picking.sale_id.ecommerce_binding_ids.filtered(
            lambda b: b.account_id == account
        )[:1]
        if not binding:
            return "skipped", False
        fulfillment = self._prepare_fulfillment(account, binding, picking)
        if not fulfillment.lines:
            raise EcommerceDataError(
                f"Delivery {picking.name} ships no line of platform order "
                f"{binding.external_name}"
            )
        raw = account._mapper().from_fulfillment(account, fulfillment)
        external_id = account._adapter().create_fulfillment(
            account, binding.external_id, raw
        )
        picking.write(
            {
                "ecommerce_fulfillment_ref": external_id or "sent",
                "ecommerce_fulfillment_date": fields.Datetime.now(),
            }
        )
        return "created", external_id

    @api.model
    def _prepare_fulfillment(self, account, binding, picking):
        """The :class:`Fulfillment` of a done picking: shipped quantity of
        each platform line, carrier as the platform knows it, tracking numbers.
        """
        quantities = {}
        for move in picking.move_ids.filtered(lambda m: m.state == "done"):
            line = move.sale_line_id
            if not line.ecommerce_line_external_id:
                continue
            qty = move.product_uom._compute_quantity(move.quantity, line.product_uom_id)
            if float_is_zero(qty, precision_rounding=line.product_uom_id.rounding):
                continue
            quantities[line.ecommerce_line_external_id] = (
                quantities.get(line.ecommerce_line_external_id, 0.0) + qty
            )
        carrier = picking.carrier_id
        mapping = account.carrier_mapping_ids.filtered(
            lambda m: m.carrier_id == carrier
        )[:1]
        return Fulfillment(
            order_external_id=binding.external_id,
            lines=[
                FulfillmentLine(line_external_id=k, quantity=self._to_decimal_qty(q))
                for k, q in quantities.items()
            ],
            tracking_numbers=self._tracking_numbers(picking),
            carrier=mapping.platform_carrier or carrier.name or "",
            carrier_code=mapping.code or "",
            tracking_url=(picking.carrier_tracking_url or "") if carrier else "",
        )

    @api.model
    def _tracking_numbers(self, picking):
        """Tracking numbers of a picking (several may be separated by commas,
        semicolons or spaces)."""
        ref = picking.carrier_tracking_ref or ""
        return [number for number in re.split(r"[,;\s]+", ref) if number]

    @api.model
    def _to_decimal_qty(self, quantity):
        """A float quantity as a normalised ``Decimal``."""
        return Decimal(repr(quantity)).normalize()
