# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class AccountMove(models.Model):
    _inherit = "account.move"

    ecommerce_account_id = fields.Many2one(
        "ecommerce.account",
        string="Sales channel",
        index="btree_not_null",
        copy=False,
        readonly=True,
    )
    ecommerce_refund_external_id = fields.Char(
        string="Platform refund",
        copy=False,
        readonly=True,
        help="The platform refund this credit note books; each is imported once.",
    )

    _ecommerce_refund_uniq = models.UniqueIndex(
        "(ecommerce_account_id, ecommerce_refund_external_id) "
        "WHERE ecommerce_refund_external_id IS NOT NULL",
        "This platform refund already has a credit note.",
    )
