# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models
from odoo.tools.sql import create_index

# what identifies a person; country, VAT number and the link to invoices stay,
# as tax law requires them on issued invoices
PERSONAL_FIELDS = (
    "email",
    "phone",
    "street",
    "street2",
    "zip",
    "city",
    "website",
    "comment",
    "company_name",
    "function",
)


class ResPartner(models.Model):
    _inherit = "res.partner"

    # imports look buyers up by email for every order: without an index that
    # is a scan of all partners, slower with every customer a store gains
    email_normalized = fields.Char(index=True)

    def init(self):
        result = super().init()
        # buyers without a known email are matched by name (then address)
        create_index(
            self.env.cr,
            "res_partner_ecommerce_lower_name_index",
            self._table,
            ["lower(name)"],
            where="parent_id IS NULL",
        )
        return result

    def _ecommerce_anonymize(self):
        """Erase the personal data of these partners and their contacts,
        keeping the records (and so the invoices that point to them)."""
        partners = (self | self.child_ids).exists()
        for partner in partners:
            label = "Anonymised contact" if partner.parent_id else "Anonymised customer"
            partner.write(
                {
                    "name": f"{label} #{partner.id}",
                    **dict.fromkeys(PERSONAL_FIELDS, False),
                }
            )
        return partners
