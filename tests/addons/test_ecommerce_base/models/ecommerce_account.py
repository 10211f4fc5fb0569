# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class EcommerceAccount(models.Model):
    _inherit = "ecommerce.account"

    platform = fields.Selection(
        selection_add=[("testshop", "Testshop (test platform)")],
        ondelete={"testshop": "cascade"},
    )
