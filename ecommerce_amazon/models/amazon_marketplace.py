# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class AmazonMarketplace(models.Model):
    """A marketplace an Amazon seller account sells on, with its currency."""

    _name = "ecommerce.amazon.marketplace"
    _description = "Amazon Marketplace"
    _order = "sequence, name"

    account_id = fields.Many2one(
        "ecommerce.account", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(default=10)
    marketplace_id = fields.Char(
        string="Marketplace ID", required=True, help="e.g. ATVPDKIKX0DER (Amazon.com)"
    )
    name = fields.Char(required=True)
    country_id = fields.Many2one("res.country")
    currency_id = fields.Many2one("res.currency", required=True)
    prices_include_tax = fields.Boolean(
        help="Amazon shows prices with VAT included on this marketplace (Europe, "
        "UK, Japan); in the Americas sales tax comes on top."
    )
    active = fields.Boolean(
        default=True, help="Orders of inactive marketplaces are not imported."
    )
    participating = fields.Boolean(
        readonly=True, help="Amazon says the seller takes part in this marketplace."
    )

    _account_marketplace_uniq = models.Constraint(
        "UNIQUE (account_id, marketplace_id)",
        "This marketplace is already listed on the account.",
    )
