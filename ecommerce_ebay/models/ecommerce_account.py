# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import datetime, time

from odoo import api, fields, models

from odoo.addons.ecommerce_base.models.ecommerce_account import MANAGER_GROUP

EBAY_HOSTS = {
    "production": "https://api.ebay.com",
    "sandbox": "https://api.sandbox.ebay.com",
}
# marketplace -> (Trading API site id, currency, prices include VAT)
EBAY_MARKETPLACES = {
    "EBAY_US": (0, "USD", False),
    "EBAY_CA": (2, "CAD", False),
    "EBAY_GB": (3, "GBP", True),
    "EBAY_AU": (15, "AUD", True),
    "EBAY_AT": (16, "EUR", True),
    "EBAY_FR": (71, "EUR", True),
    "EBAY_DE": (77, "EUR", True),
    "EBAY_IT": (101, "EUR", True),
    "EBAY_NL": (146, "EUR", True),
    "EBAY_ES": (186, "EUR", True),
    "EBAY_CH": (193, "CHF", True),
    "EBAY_IE": (205, "EUR", True),
    "EBAY_PL": (212, "PLN", True),
    "EBAY_BE": (123, "EUR", True),
}
DEFAULT_SCOPES = " ".join(
    f"https://api.ebay.com/oauth/api_scope/{scope}"
    for scope in ("sell.fulfillment", "sell.inventory")
)
DELETION_ROUTE = "/ecommerce/ebay/account_deletion"


class EcommerceAccount(models.Model):
    """eBay settings of an account.

    The App ID (client id), Cert ID (client secret) and the seller's refresh
    token live in the base credential fields ``api_key``, ``api_secret`` and
    ``refresh_token``; the user access token and its expiry are cached in
    ``access_token`` / ``ebay_token_expires_at``; the verification token of
    account-deletion notifications is ``webhook_secret``.
    """

    _inherit = "ecommerce.account"

    platform = fields.Selection(
        selection_add=[("ebay", "eBay")], ondelete={"ebay": "cascade"}
    )
    ebay_environment = fields.Selection(
        [("production", "Production"), ("sandbox", "Sandbox")],
        string="eBay environment",
        default="production",
        help="Which eBay answers: production (api.ebay.com) or eBay's own "
        "sandbox (api.sandbox.ebay.com). The Store URL field, when set, wins "
        "over both.",
    )
    ebay_marketplace_id = fields.Selection(
        [(code, code) for code in EBAY_MARKETPLACES],
        string="eBay marketplace",
        default="EBAY_US",
        help="Sent as X-EBAY-C-MARKETPLACE-ID; also gives the Trading API site.",
    )
    ebay_scopes = fields.Char(
        string="OAuth scopes",
        default=DEFAULT_SCOPES,
        help="Space-separated scopes asked when refreshing the access token; "
        "they must be among those the seller consented to.",
    )
    ebay_token_expires_at = fields.Datetime(
        string="eBay access token valid until",
        readonly=True,
        copy=False,
        groups=MANAGER_GROUP,
    )
    ebay_deletion_endpoint = fields.Char(
        string="Account-deletion endpoint",
        compute="_compute_ebay_deletion_endpoint",
        store=True,
        readonly=False,
        help="The exact URL registered in eBay's developer portal for "
        "marketplace account-deletion notifications (it is part of the "
        "challenge hash: no trailing-slash difference allowed).",
    )
    ebay_order_page_size = fields.Integer(
        string="Orders per page",
        default=100,
        help="limit of each getOrders call (1 to 200).",
    )
    ebay_amount_source = fields.Selection(
        [
            ("value", "Amount charged (value)"),
            ("converted_from", "Listing currency (convertedFromValue)"),
        ],
        string="Amounts in",
        default="value",
        help="When eBay converted an order's currency, which side becomes the "
        "Odoo order: the amount eBay reports (value/currency) or the amount "
        "before conversion (convertedFromValue/convertedFromCurrency).",
    )
    ebay_vat_rate = fields.Float(
        string="VAT included in prices (%)",
        help="On marketplaces where prices include VAT the seller owes "
        "(EBAY_DE, EBAY_GB...), the rate of that VAT: lines and shipping get "
        "the matching price-included tax. Empty: lines carry only the taxes "
        "eBay reports.",
    )
    ebay_daily_call_budget = fields.Integer(
        string="Daily API call budget",
        default=5000,
        help="The application's daily call limit (eBay: Trading 5,000, "
        "Fulfillment order 100,000, Inventory 2,000,000 by default); syncs "
        "stop and retry later once today's calls reach it.",
    )
    ebay_calls_today = fields.Integer(
        string="API calls today",
        compute="_compute_ebay_calls_today",
        help="Calls made by today's sync runs (UTC day).",
    )

    @api.depends("platform")
    def _compute_ebay_deletion_endpoint(self):
        base = self.env["ir.config_parameter"].sudo().get_param("web.base.url", "")
        for account in self:
            if account.platform == "ebay" and not account.ebay_deletion_endpoint:
                account.ebay_deletion_endpoint = (
                    f"{base}{DELETION_ROUTE}/{account.id}" if account.id else False
                )

    def _compute_ebay_calls_today(self):
        start = datetime.combine(fields.Date.today(), time.min)
        groups = (
            self.env["ecommerce.sync.job"]
            .sudo()
            ._read_group(
                [("account_id", "in", self.ids), ("date_start", ">=", start)],
                ["account_id"],
                ["api_calls:sum"],
            )
        )
        calls = {account.id: total for account, total in groups}
        for account in self:
            account.ebay_calls_today = calls.get(account.id, 0)

    def _ebay_api_root(self):
        """Root URL of the eBay APIs of this account (Store URL when set)."""
        self.ensure_one()
        return (
            self.base_url or EBAY_HOSTS[self.ebay_environment or "production"]
        ).rstrip("/")

    def _ebay_marketplace(self):
        """``(site id, currency, prices include VAT)`` of the account's marketplace."""
        self.ensure_one()
        return EBAY_MARKETPLACES.get(
            self.ebay_marketplace_id or "EBAY_US", EBAY_MARKETPLACES["EBAY_US"]
        )
