# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models

FINANCIAL_STATUSES = [
    ("pending", "Pending"),
    ("authorized", "Authorized"),
    ("paid", "Paid"),
    ("partially_refunded", "Partially refunded"),
    ("refunded", "Refunded"),
    ("voided", "Voided"),
]
FULFILLMENT_STATUSES = [
    ("unfulfilled", "Unfulfilled"),
    ("partial", "Partially fulfilled"),
    ("fulfilled", "Fulfilled"),
]


class EcommerceOrderBinding(models.Model):
    """A platform order imported as a sale order, with the platform's statuses."""

    _name = "ecommerce.order.binding"
    _inherit = "ecommerce.binding"
    _description = "E-commerce Order Binding"
    _rec_name = "external_name"
    _order = "external_created_at desc, id desc"

    sale_order_id = fields.Many2one(
        "sale.order", required=True, ondelete="cascade", index=True
    )
    external_name = fields.Char(string="Platform number")
    external_created_at = fields.Datetime(string="Ordered on")
    external_status = fields.Selection(
        [("open", "Open"), ("cancelled", "Cancelled"), ("closed", "Closed")],
        default="open",
    )
    financial_status = fields.Selection(FINANCIAL_STATUSES, default="pending")
    fulfillment_status = fields.Selection(FULFILLMENT_STATUSES, default="unfulfilled")
    payment_method = fields.Char()
    platform_total = fields.Monetary(currency_field="currency_id")
    currency_id = fields.Many2one(related="sale_order_id.currency_id")
    amount_total = fields.Monetary(
        related="sale_order_id.amount_total", string="Odoo total"
    )
    total_mismatch = fields.Boolean(
        index=True,
        help="Odoo's total differs from the platform's: the order was not confirmed.",
    )
    state = fields.Selection(related="sale_order_id.state", string="Odoo status")
