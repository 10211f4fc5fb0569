# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    ecommerce_account_id = fields.Many2one(
        "ecommerce.account",
        string="Sales channel",
        index=True,
        readonly=True,
        copy=False,
    )
    ecommerce_binding_ids = fields.One2many("ecommerce.order.binding", "sale_order_id")
    ecommerce_total_mismatch = fields.Boolean(
        compute="_compute_ecommerce_total_mismatch",
        compute_sudo=True,
        search="_search_ecommerce_total_mismatch",
        string="Total differs from platform",
    )

    def _prepare_confirmation_values(self):
        """Confirming an imported order keeps the platform's order date
        (Odoo would set it to the time of confirmation)."""
        values = super()._prepare_confirmation_values()
        if self and all(order.ecommerce_account_id for order in self):
            values.pop("date_order", None)
        return values

    def _compute_ecommerce_total_mismatch(self):
        for order in self:
            order.ecommerce_total_mismatch = any(
                order.ecommerce_binding_ids.mapped("total_mismatch")
            )

    def _search_ecommerce_total_mismatch(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            return NotImplemented
        positive = (operator == "=") == value
        mismatched = (
            self.env["ecommerce.order.binding"]
            .sudo()
            ._search([("total_mismatch", "=", True)])
            .select("sale_order_id")
        )
        return [("id", "in" if positive else "not in", mismatched)]


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    ecommerce_line_external_id = fields.Char(
        string="Platform line id", index="btree_not_null", copy=False, readonly=True
    )
