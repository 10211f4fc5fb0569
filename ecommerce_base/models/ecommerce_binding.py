# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models


class EcommerceBinding(models.AbstractModel):
    """Link between an Odoo record and its counterpart on one account.

    Concrete bindings add a Many2one to the Odoo record. The pair
    ``(account_id, external_id)`` is unique at the database level: it is the
    last guard against duplicates when two jobs import the same object at once.
    """

    _name = "ecommerce.binding"
    _description = "E-commerce Binding (abstract)"

    account_id = fields.Many2one(
        "ecommerce.account", required=True, ondelete="restrict", index=True
    )
    platform = fields.Selection(related="account_id.platform")
    # precomputed: written by the INSERT, not by an UPDATE of every new binding
    company_id = fields.Many2one(
        related="account_id.company_id", store=True, index=True, precompute=True
    )
    external_id = fields.Char(required=True, index=True)
    sync_date = fields.Datetime(
        string="Last sync",
        help="When Odoo last exchanged this record with the platform.",
    )
    external_updated_at = fields.Datetime(
        string="Updated on platform",
        help="The platform's last change date of the record.",
    )

    _account_external_uniq = models.Constraint(
        "UNIQUE (account_id, external_id)",
        "This platform record is already bound on this account.",
    )

    @api.model
    def _find(self, account, external_ids):
        """Bindings of ``account`` by external id, as ``{external_id: binding}``."""
        if not external_ids:
            return {}
        bindings = self.search(
            [("account_id", "=", account.id), ("external_id", "in", list(external_ids))]
        )
        return {binding.external_id: binding for binding in bindings}
