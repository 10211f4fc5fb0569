# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class EcommerceShopifyLocation(models.Model):
    """A Shopify location of an account, mapped to the Odoo stock location
    whose quantities are published there."""

    _name = "ecommerce.shopify.location"
    _description = "Shopify Location"
    _order = "account_id, name"

    account_id = fields.Many2one(
        "ecommerce.account", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="account_id.company_id", store=True)
    external_id = fields.Char(
        required=True, help="Shopify's numeric id of the location."
    )
    name = fields.Char(required=True)
    active_on_shopify = fields.Boolean(default=True, readonly=True)
    stock_location_id = fields.Many2one(
        "stock.location",
        string="Odoo stock location",
        check_company=True,
        domain="[('usage', '=', 'internal'), ('company_id', '=', company_id)]",
        help="Its stock is published to this Shopify location; empty publishes "
        "nothing there.",
    )

    _account_external_uniq = models.Constraint(
        "UNIQUE (account_id, external_id)",
        "This Shopify location is already known on this account.",
    )
