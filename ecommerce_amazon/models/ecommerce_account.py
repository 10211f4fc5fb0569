# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..const import LATENESS_SECONDS, LWA_TOKEN_URL, MARKETPLACES, REGION_ENDPOINTS
from ..tools import throttle

MANAGER_GROUP = "ecommerce_base.group_ecommerce_manager"


class EcommerceAccount(models.Model):
    """An Amazon seller account: one SP-API region, its marketplaces, the
    LWA app credentials (``api_key`` = client id, ``api_secret`` = client
    secret, ``refresh_token`` = the seller's authorization) and the FBA
    warehouse."""

    _inherit = "ecommerce.account"

    platform = fields.Selection(
        selection_add=[("amazon", "Amazon (SP-API)")],
        ondelete={"amazon": "cascade"},
    )
    amazon_region = fields.Selection(
        [("na", "North America"), ("eu", "Europe"), ("fe", "Far East")],
        string="SP-API region",
        default="eu",
        help="Authorizations are per region; the region chooses the endpoint "
        "(sellingpartnerapi-na/eu/fe.amazon.com) unless an endpoint is given.",
    )
    amazon_seller_id = fields.Char(
        string="Seller ID", help="Merchant token, e.g. A3TH9S8BH6GOGM."
    )
    amazon_lwa_url = fields.Char(
        string="LWA token URL",
        default=LWA_TOKEN_URL,
        help="Login with Amazon token endpoint.",
    )
    amazon_token_expires_at = fields.Datetime(
        string="LWA access token valid until",
        readonly=True,
        copy=False,
        groups=MANAGER_GROUP,
    )
    amazon_marketplace_ids = fields.One2many(
        "ecommerce.amazon.marketplace", "account_id", string="Marketplaces"
    )
    amazon_fba_warehouse_id = fields.Many2one(
        "stock.warehouse",
        string="FBA warehouse",
        check_company=True,
        domain="[('company_id', '=', company_id)]",
        help="Virtual warehouse of the stock Amazon keeps: orders Amazon "
        "fulfils (AFN) are delivered from it, never from your own warehouse.",
    )
    amazon_feed_poll_interval = fields.Integer(
        string="Feed poll interval (seconds)",
        default=30,
        help="Wait between two checks of a stock feed Amazon is processing.",
    )
    amazon_feed_poll_max = fields.Integer(
        string="Feed checks before giving up",
        default=20,
        help="A feed still processing after this many checks is left to the "
        "next export.",
    )

    # === HELPERS === #

    def _amazon_endpoint(self):
        """The SP-API base URL: the account's explicit endpoint, else its region's."""
        self.ensure_one()
        return (self.base_url or REGION_ENDPOINTS[self.amazon_region or "eu"]).rstrip(
            "/"
        )

    def _amazon_marketplaces(self):
        """The active marketplaces of the account."""
        self.ensure_one()
        return self.amazon_marketplace_ids.filtered("active")

    def _amazon_reset_throttle(self):
        """Forget this account's rate-limit buckets (new credentials, tests)."""
        for account in self:
            throttle.forget((self.env.cr.dbname, account.id))

    def _orders_since(self):
        """Amazon only shows orders updated more than two minutes ago: the
        overlap window is at least that wide so nothing falls in between."""
        since = super()._orders_since()
        if self.platform != "amazon" or not since or not self.orders_cursor_at:
            return since
        latest = self.orders_cursor_at - timedelta(seconds=2 * LATENESS_SECONDS)
        return min(since, latest)

    # === ACTIONS === #

    def action_amazon_load_marketplaces(self):
        """Create or refresh the marketplace rows from the seller's
        marketplace participations on Amazon."""
        self.ensure_one()
        participations = self._adapter().fetch_marketplace_participations(self)
        Currency = self.env["res.currency"].with_context(active_test=False)
        known = {m.marketplace_id: m for m in self.amazon_marketplace_ids}
        missing_currencies = set()
        for entry in participations:
            market = entry.get("marketplace") or {}
            code = market.get("id")
            if not code:
                continue
            defaults = MARKETPLACES.get(code, ("", "", "", False))
            currency_code = market.get("defaultCurrencyCode") or defaults[1]
            currency = Currency.search([("name", "=", currency_code)], limit=1)
            if not currency:
                missing_currencies.add(currency_code)
                continue
            country = self.env["res.country"].search(
                [("code", "=", market.get("countryCode") or defaults[0])], limit=1
            )
            vals = {
                "name": market.get("name") or defaults[2] or code,
                "currency_id": currency.id,
                "country_id": country.id or False,
                "participating": bool(
                    (entry.get("participation") or {}).get("isParticipating")
                ),
            }
            if code in known:
                known[code].write(vals)
            else:
                self.env["ecommerce.amazon.marketplace"].create(
                    dict(
                        vals,
                        account_id=self.id,
                        marketplace_id=code,
                        prices_include_tax=defaults[3],
                    )
                )
        if missing_currencies:
            raise UserError(
                self.env._(
                    "Unknown currencies %(codes)s: install them, then load the "
                    "marketplaces again.",
                    codes=", ".join(sorted(missing_currencies)),
                )
            )
        return True

    @api.onchange("amazon_region")
    def _onchange_amazon_region(self):
        if self.platform == "amazon" and self.amazon_region:
            self.base_url = REGION_ENDPOINTS[self.amazon_region]
