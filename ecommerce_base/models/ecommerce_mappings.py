# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class EcommercePaymentMapping(models.Model):
    """What to do with an order paid by a given platform payment method."""

    _name = "ecommerce.payment.mapping"
    _description = "E-commerce Payment Method Workflow"
    _order = "account_id, sequence, id"

    account_id = fields.Many2one("ecommerce.account", required=True, ondelete="cascade")
    company_id = fields.Many2one(related="account_id.company_id", store=True)
    sequence = fields.Integer(default=10)
    code = fields.Char(
        required=True,
        help="Payment method or gateway as the platform names it (case ignored).",
    )
    confirm = fields.Selection(
        [("never", "Never"), ("paid", "When paid"), ("always", "Always")],
        default="paid",
        required=True,
        string="Confirm order",
    )
    create_invoice = fields.Boolean(
        help="Invoice and post once the order is confirmed and paid."
    )
    register_payment = fields.Boolean(
        help="Register the payment on the posted invoice."
    )
    journal_id = fields.Many2one(
        "account.journal",
        domain="[('type', 'in', ('bank', 'cash')), ('company_id', '=', company_id)]",
        help="Journal of registered payments.",
    )

    _account_code_uniq = models.Constraint(
        "UNIQUE (account_id, code)", "This payment method is already mapped."
    )


class EcommerceCarrierMapping(models.Model):
    """Shipping method of the platform <-> delivery carrier in Odoo."""

    _name = "ecommerce.carrier.mapping"
    _description = "E-commerce Shipping Method Mapping"

    account_id = fields.Many2one("ecommerce.account", required=True, ondelete="cascade")
    company_id = fields.Many2one(related="account_id.company_id", store=True)
    code = fields.Char(
        required=True, help="Shipping method code or title on the platform."
    )
    carrier_id = fields.Many2one("delivery.carrier", required=True)
    platform_carrier = fields.Char(
        help="Carrier name sent with tracking numbers (e.g. UPS, DHL Express)."
    )

    _account_code_uniq = models.Constraint(
        "UNIQUE (account_id, code)", "This shipping method is already mapped."
    )


class EcommerceTaxMapping(models.Model):
    """A platform tax rate -> the Odoo sale tax that books it."""

    _name = "ecommerce.tax.mapping"
    _description = "E-commerce Tax Mapping"

    account_id = fields.Many2one("ecommerce.account", required=True, ondelete="cascade")
    company_id = fields.Many2one(related="account_id.company_id", store=True)
    rate = fields.Float(required=True, digits=(16, 4), help="Rate in percent, e.g. 21.")
    price_include = fields.Boolean(help="For orders whose prices include tax.")
    tax_id = fields.Many2one(
        "account.tax",
        required=True,
        domain="[('type_tax_use', '=', 'sale'), ('company_id', '=', company_id)]",
    )
