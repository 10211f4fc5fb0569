# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class EcommercePartnerBinding(models.Model):
    """A platform buyer as an Odoo partner.

    ``external_id`` is the platform's customer id when it has one, else a
    stable key of the buyer (``email:...`` or ``address:<digest>``), so that
    buyers the platform gives no id still get exactly one partner.
    """

    _name = "ecommerce.partner.binding"
    _inherit = "ecommerce.binding"
    _description = "E-commerce Customer Binding"
    _rec_name = "partner_id"

    partner_id = fields.Many2one(
        "res.partner", required=True, ondelete="cascade", index=True
    )
