# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""What the dashboard shows of each account: figures of the day and week,
jobs waiting, open errors and the last successful run of each flow."""

from collections import defaultdict
from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models
from odoo.tools.misc import file_path

from .ecommerce_account import CREDENTIAL_FIELDS

GENERIC_LOGO = "/ecommerce_base/static/img/platform_generic.svg"

# Flows whose last successful run the dashboard shows, with the sync-job
# kinds that count as a run of that flow.
DASHBOARD_FLOWS = {
    "orders": ("orders", "reconcile"),
    "stock": ("stock",),
    "tracking": ("tracking",),
    "products": ("products",),
}
WAITING_JOB_STATES = ("wait_dependencies", "pending", "enqueued", "started")
ORDER_STATES_COUNTED = ("draft", "sent", "sale")


class EcommerceAccountDashboard(models.Model):
    _inherit = "ecommerce.account"

    logo_url = fields.Char(compute="_compute_logo_url")
    dashboard_currency_id = fields.Many2one(
        "res.currency", related="company_id.currency_id"
    )
    orders_today = fields.Integer(compute="_compute_dashboard_orders")
    orders_week = fields.Integer(
        string="Orders, last 7 days", compute="_compute_dashboard_orders"
    )
    revenue_week = fields.Monetary(
        string="Revenue, last 7 days",
        currency_field="dashboard_currency_id",
        compute="_compute_dashboard_orders",
        help="Total of the orders of the last 7 days (today included), in the "
        "company currency.",
    )
    jobs_waiting = fields.Integer(compute="_compute_jobs_waiting")
    last_orders_sync_at = fields.Datetime(
        string="Orders last synced", compute="_compute_last_syncs"
    )
    last_stock_sync_at = fields.Datetime(
        string="Stock last synced", compute="_compute_last_syncs"
    )
    last_tracking_sync_at = fields.Datetime(
        string="Tracking last synced", compute="_compute_last_syncs"
    )
    last_products_sync_at = fields.Datetime(
        string="Products last synced", compute="_compute_last_syncs"
    )

    # === LOGO === #

    def _platform_logo_url(self):
        """URL of the logo shown on this account's dashboard card.

        By convention it is ``static/description/logo.svg`` of the addon
        ``ecommerce_<platform>`` when that file exists, else a neutral shop
        logo; a platform addon named otherwise overrides this method.

        :rtype: str
        """
        self.ensure_one()
        path = f"ecommerce_{self.platform}/static/description/logo.svg"
        try:
            file_path(path)
        except (FileNotFoundError, ValueError):
            return GENERIC_LOGO
        return f"/{path}"

    def _compute_logo_url(self):
        for account in self:
            account.logo_url = (
                account._platform_logo_url() if account.platform else GENERIC_LOGO
            )

    # === SET-UP === #

    @api.model
    def _setup_credential_fields(self, platform):
        """Names of the connection fields the set-up wizard asks for on
        ``platform``, among ``base_url`` and the credential fields; platform
        addons override it to hide what they do not use. Platform-specific
        settings stay on the account form.

        :rtype: list of str
        """
        return ["base_url", *CREDENTIAL_FIELDS]

    # === FIGURES === #

    def _dashboard_period_starts(self):
        """UTC starts of the user's today and of the last 7 days."""
        tz = pytz.timezone(self.env.user.tz or "UTC")
        local_today = fields.Datetime.context_timestamp(
            self, fields.Datetime.now()
        ).date()
        week_start = local_today - timedelta(days=6)

        def utc(day):
            local = tz.localize(datetime.combine(day, time.min))
            return local.astimezone(pytz.utc).replace(tzinfo=None)

        return utc(local_today), utc(week_start)

    def _compute_dashboard_orders(self):
        today, week = self._dashboard_period_starts()
        counts_today, counts_week = defaultdict(int), defaultdict(int)
        revenue = defaultdict(float)
        if self.ids:
            SaleOrder = self.env["sale.order"].sudo()
            domain = [
                ("ecommerce_account_id", "in", self.ids),
                ("state", "in", ORDER_STATES_COUNTED),
            ]
            for account, currency, count, total in SaleOrder._read_group(
                [*domain, ("ecommerce_ordered_at", ">=", week)],
                ["ecommerce_account_id", "currency_id"],
                ["__count", "amount_total:sum"],
            ):
                company = account.company_id
                counts_week[account.id] += count
                revenue[account.id] += currency._convert(
                    total, company.currency_id, company, fields.Date.today()
                )
            for account, count in SaleOrder._read_group(
                [*domain, ("ecommerce_ordered_at", ">=", today)],
                ["ecommerce_account_id"],
                ["__count"],
            ):
                counts_today[account.id] = count
        for account in self:
            account.orders_today = counts_today[account.id]
            account.orders_week = counts_week[account.id]
            account.revenue_week = revenue[account.id]

    def _compute_jobs_waiting(self):
        waiting = defaultdict(int)
        if self.ids:
            groups = (
                self.env["queue.job"]
                .sudo()
                ._read_group(
                    [
                        ("identity_key", "=like", "ecommerce:%"),
                        ("state", "in", WAITING_JOB_STATES),
                    ],
                    ["identity_key"],
                    ["__count"],
                )
            )
            for key, count in groups:
                account_id = key.split(":")[1]
                if account_id.isdigit():
                    waiting[int(account_id)] += count
        for account in self:
            account.jobs_waiting = waiting[account.id]

    def _last_successful_runs(self):
        """``{(account id, flow): last end}`` of the runs that succeeded."""
        kinds = {kind: flow for flow, ks in DASHBOARD_FLOWS.items() for kind in ks}
        last = {}
        if not self.ids:
            return last
        groups = (
            self.env["ecommerce.sync.job"]
            .sudo()
            ._read_group(
                [
                    ("account_id", "in", self.ids),
                    ("kind", "in", list(kinds)),
                    ("state", "in", ("done", "partial")),
                ],
                ["account_id", "kind"],
                ["date_end:max"],
            )
        )
        for account, kind, date_end in groups:
            key = (account.id, kinds[kind])
            if date_end and (key not in last or date_end > last[key]):
                last[key] = date_end
        return last

    def _compute_last_syncs(self):
        last = self._last_successful_runs()
        for account in self:
            for flow in DASHBOARD_FLOWS:
                account[f"last_{flow}_sync_at"] = last.get((account.id, flow), False)

    # === ACTIONS === #

    def action_open_sale_orders(self):
        """The sale orders imported from this account."""
        self.ensure_one()
        graph = self.env.ref("ecommerce_base.ecommerce_sale_order_view_graph")
        pivot = self.env.ref("ecommerce_base.ecommerce_sale_order_view_pivot")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Orders of %(name)s", name=self.name),
            "res_model": "sale.order",
            "view_mode": "list,form,graph,pivot",
            "views": [
                (False, "list"),
                (False, "form"),
                (graph.id, "graph"),
                (pivot.id, "pivot"),
            ],
            "domain": [("ecommerce_account_id", "=", self.id)],
            "context": {"create": False},
        }

    def action_open_sync_jobs(self):
        self.ensure_one()
        return self._open_related("ecommerce.sync.job", self.env._("Sync Jobs"))
