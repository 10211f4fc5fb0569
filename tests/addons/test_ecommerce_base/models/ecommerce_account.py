# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models


class EcommerceAccount(models.Model):
    _inherit = "ecommerce.account"

    platform = fields.Selection(
        selection_add=[("testshop", "Testshop (test platform)")],
        ondelete={"testshop": "cascade"},
    )

    @api.model
    def _setup_credential_fields(self, platform):
        if platform == "testshop":
            return ["base_url", "access_token", "webhook_secret"]
        return super()._setup_credential_fields(platform)
