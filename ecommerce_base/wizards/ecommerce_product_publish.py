# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import hashlib

from odoo import api, fields, models


class EcommerceProductPublish(models.TransientModel):
    """Publish Odoo products on channels: one job per account creates the
    products not sold there yet (Odoo is the catalog master)."""

    _name = "ecommerce.product.publish"
    _description = "Publish Products on E-commerce Channels"

    template_ids = fields.Many2many(
        "product.template", string="Products", required=True
    )
    account_ids = fields.Many2many(
        "ecommerce.account",
        string="Channels",
        required=True,
        domain="[('state', '=', 'connected')]",
    )
    unbound_count = fields.Integer(compute="_compute_unbound_count")

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if self.env.context.get("active_model") == "product.template":
            values["template_ids"] = [
                fields.Command.set(self.env.context.get("active_ids") or [])
            ]
        return values

    @api.depends("template_ids", "account_ids")
    def _compute_unbound_count(self):
        Binding = self.env["ecommerce.product.binding"]
        for wizard in self:
            bound = Binding.search(
                [
                    ("account_id", "in", wizard.account_ids.ids),
                    ("product_id", "in", wizard.template_ids.product_variant_ids.ids),
                ]
            ).product_id
            wizard.unbound_count = len(wizard.template_ids.product_variant_ids - bound)

    def action_publish(self):
        self.ensure_one()
        ids = sorted(self.template_ids.ids)
        key = hashlib.sha1(repr(ids).encode()).hexdigest()[:12]
        for account in self.account_ids:
            account._enqueue(
                "publish_products", key=key, template_ids=ids, trigger="manual"
            )
        return self.account_ids._notify_queued()
