# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import secrets
from urllib.parse import urlsplit

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class EcommerceAccount(models.Model):
    _inherit = "ecommerce.account"

    platform = fields.Selection(
        selection_add=[("woocommerce", "WooCommerce")],
        ondelete={"woocommerce": "cascade"},
    )
    woocommerce_timeout = fields.Integer(
        string="Timeout (seconds)",
        default=30,
        help="How long to wait for the store to answer a call. Slow shared hosts "
        "may need more; a call that times out is retried.",
    )
    woocommerce_retries = fields.Integer(
        string="Retries per call",
        default=3,
        help="Times a read or an idempotent write is tried again at once (with a "
        "growing pause) after a timeout, a 429 or a 5xx answer, before the job "
        "itself is postponed.",
    )
    woocommerce_query_string_auth = fields.Boolean(
        string="Keys in the query string",
        help="For https sites whose web server strips the Authorization header "
        "(WooCommerce then answers 'Consumer key is missing'): send the keys as "
        "query parameters instead of HTTP Basic auth.",
    )
    woocommerce_insecure = fields.Boolean(
        compute="_compute_woocommerce_insecure",
        help="The site is plain http: requests are signed with OAuth 1.0a but "
        "their content travels unencrypted.",
    )
    woocommerce_version = fields.Char(string="WooCommerce version", readonly=True)
    woocommerce_currency = fields.Char(string="Store currency", readonly=True)
    woocommerce_shipment_tracking = fields.Boolean(
        string="Shipment Tracking extension",
        help="Set by Test connection when the store runs the WooCommerce Shipment "
        "Tracking extension: tracking numbers are then also stored as tracking "
        "items (_wc_shipment_tracking_items) shown to the customer.",
    )
    woocommerce_fee_product_id = fields.Many2one(
        "product.product",
        string="Fee product",
        help="Product of the order lines made from WooCommerce fee lines "
        "(gift wrapping, payment surcharges...).",
    )
    woocommerce_create_products = fields.Boolean(
        string="Create missing products (WooCommerce)",
        help="The catalog import creates an Odoo product for a WooCommerce "
        "product or variation whose SKU and barcode match no Odoo product.",
    )
    woocommerce_webhook_topics = fields.Char(
        string="Registered webhooks", readonly=True, copy=False
    )

    @api.depends("platform", "base_url")
    def _compute_woocommerce_insecure(self):
        for account in self:
            account.woocommerce_insecure = account.platform == "woocommerce" and (
                (account.base_url or "").strip().lower().startswith("http://")
            )

    @api.constrains("platform", "base_url")
    def _check_woocommerce_base_url(self):
        for account in self.filtered(lambda a: a.platform == "woocommerce"):
            if not account.base_url:
                continue
            parts = urlsplit(account.base_url.strip())
            if parts.scheme not in ("http", "https") or not parts.netloc:
                raise ValidationError(
                    self.env._(
                        "The site URL of %(name)s must start with https:// (or "
                        "http://), e.g. https://shop.example.com",
                        name=account.name,
                    )
                )

    def action_woocommerce_register_webhooks(self):
        """Create the store's webhooks (orders and products) pointing to this
        database, with a new webhook secret when none is set."""
        self.ensure_one()
        if self.platform != "woocommerce":
            raise UserError(self.env._("This account is not a WooCommerce store."))
        if not self._get_credential("webhook_secret"):
            self.sudo().webhook_secret = secrets.token_urlsafe(32)
        topics = self._adapter().register_webhooks(self, self.webhook_url)
        self.woocommerce_webhook_topics = ", ".join(topics)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Webhooks registered"),
                "message": self.woocommerce_webhook_topics,
                "type": "success",
                "sticky": False,
            },
        }
