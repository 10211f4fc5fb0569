# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import os
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import config

from ..exceptions import EcommerceConfigError

MANAGER_GROUP = "ecommerce_base.group_ecommerce_manager"
OWNER_SELECTION = [("odoo", "Odoo"), ("platform", "Platform")]
CREDENTIAL_FIELDS = (
    "api_key",
    "api_secret",
    "access_token",
    "refresh_token",
    "webhook_secret",
)


class EcommerceAccount(models.Model):
    """One connected store or seller account on a sales channel."""

    _name = "ecommerce.account"
    _description = "E-commerce Account"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "sequence, name"

    name = fields.Char(required=True, tracking=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True, tracking=True)
    platform = fields.Selection(
        selection=[],
        required=True,
        tracking=True,
        help="Each platform addon adds its value here.",
    )
    state = fields.Selection(
        [("draft", "Not connected"), ("connected", "Connected"), ("error", "Error")],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
    )
    state_message = fields.Char(readonly=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        default=lambda self: self.env.user,
        help="Gets an activity when errors pile up or a sync stops succeeding.",
    )
    base_url = fields.Char(
        string="Store URL / API endpoint",
        help="Where the platform's API answers (shop domain, site URL, region).",
    )

    # Credentials: only connector managers read them; adapters use sudo().
    api_key = fields.Char(groups=MANAGER_GROUP, copy=False)
    api_secret = fields.Char(groups=MANAGER_GROUP, copy=False)
    access_token = fields.Char(groups=MANAGER_GROUP, copy=False)
    refresh_token = fields.Char(groups=MANAGER_GROUP, copy=False)
    webhook_secret = fields.Char(groups=MANAGER_GROUP, copy=False)
    database_uuid = fields.Char(
        readonly=True,
        copy=False,
        help="Database the account was connected from: a copy of the database "
        "(another uuid) never talks to the live store until reconnected.",
    )

    # Orders
    warehouse_id = fields.Many2one(
        "stock.warehouse",
        check_company=True,
        domain="[('company_id', '=', company_id)]",
    )
    team_id = fields.Many2one("crm.team", string="Sales Team", check_company=True)
    pricelist_id = fields.Many2one(
        "product.pricelist",
        check_company=True,
        help="Pricelist of imported orders; orders in another currency use a "
        "pricelist of that currency when one exists.",
    )
    fiscal_position_id = fields.Many2one(
        "account.fiscal.position",
        check_company=True,
        help="Forced on imported orders; empty lets Odoo choose by address.",
    )
    default_carrier_id = fields.Many2one(
        "delivery.carrier",
        help="Carrier for shipping lines with no carrier mapping.",
    )
    discount_product_id = fields.Many2one(
        "product.product",
        help="Product of the lines that carry order-level discounts.",
    )
    fallback_product_id = fields.Many2one(
        "product.product",
        help="Product used for lines whose SKU matches nothing in Odoo.",
    )
    use_fallback_product = fields.Boolean(
        help="When set, unmatched lines use the fallback product instead of "
        "sending the order to the error log.",
    )
    auto_confirm = fields.Boolean(
        default=True,
        help="Confirm paid orders whose payment method has no mapping.",
    )
    payment_mapping_ids = fields.One2many("ecommerce.payment.mapping", "account_id")
    carrier_mapping_ids = fields.One2many("ecommerce.carrier.mapping", "account_id")
    tax_mapping_ids = fields.One2many("ecommerce.tax.mapping", "account_id")

    # Sync switches and schedules
    sync_orders = fields.Boolean(default=True)
    sync_stock = fields.Boolean(default=True)
    sync_tracking = fields.Boolean(default=True)
    sync_prices = fields.Boolean()
    import_start_date = fields.Datetime(
        help="Orders updated before this date are never imported."
    )
    orders_cursor_at = fields.Datetime(
        string="Orders imported up to",
        copy=False,
        help="Next import asks for orders updated since this time minus the overlap.",
    )
    import_overlap_minutes = fields.Integer(
        default=10,
        help="The next import starts this much before the cursor, so nothing is "
        "missed at page or clock edges; already imported orders are skipped.",
    )
    order_import_interval = fields.Integer(
        string="Import orders every (minutes)", default=10
    )
    stock_export_interval = fields.Integer(
        string="Export stock every (minutes)", default=30
    )
    last_order_import_at = fields.Datetime(readonly=True, copy=False)
    last_stock_export_at = fields.Datetime(readonly=True, copy=False)
    reconcile_days = fields.Integer(
        default=3,
        help="The daily reconciliation re-reads orders changed this many days back.",
    )
    payload_retention_days = fields.Integer(
        default=30,
        help="Platform payloads kept in the error log and the arguments of "
        "finished jobs are deleted after this many days; 0 keeps them.",
    )

    # Stock
    stock_location_ids = fields.Many2many(
        "stock.location",
        string="Stock locations",
        check_company=True,
        domain="[('usage', '=', 'internal'), ('company_id', '=', company_id)]",
        help="Locations whose stock is published; empty means the warehouse's stock.",
    )
    stock_basis = fields.Selection(
        [
            ("free", "Free to use (on hand - reserved)"),
            ("on_hand", "On hand"),
            ("forecast", "Forecasted"),
        ],
        default="free",
        required=True,
    )
    stock_buffer_percent = fields.Float(
        help="Share of the quantity held back, e.g. 10 publishes 90% (rounded down)."
    )
    stock_buffer_fixed = fields.Integer(help="Units held back after the percentage.")
    stock_export_delay = fields.Integer(
        default=60,
        help="Seconds to wait after a stock move before exporting, so bursts of "
        "moves give one export.",
    )

    # Which side owns each product field
    owner_name = fields.Selection(OWNER_SELECTION, default="platform", required=True)
    owner_description = fields.Selection(
        OWNER_SELECTION, default="platform", required=True
    )
    owner_price = fields.Selection(OWNER_SELECTION, default="platform", required=True)
    owner_images = fields.Selection(OWNER_SELECTION, default="platform", required=True)
    owner_stock = fields.Selection(OWNER_SELECTION, default="odoo", required=True)

    # Counters for the backend
    order_binding_ids = fields.One2many("ecommerce.order.binding", "account_id")
    product_binding_ids = fields.One2many("ecommerce.product.binding", "account_id")
    order_count = fields.Integer(compute="_compute_counts")
    product_count = fields.Integer(compute="_compute_counts")
    error_count = fields.Integer(compute="_compute_counts")
    webhook_url = fields.Char(compute="_compute_webhook_url")

    _name_company_uniq = models.Constraint(
        "UNIQUE (name, company_id)", "An account with this name already exists."
    )

    # === COMPUTE METHODS === #

    def _compute_counts(self):
        def count_by_account(model, domain=()):
            groups = self.env[model]._read_group(
                [("account_id", "in", self.ids), *domain], ["account_id"], ["__count"]
            )
            return {account.id: count for account, count in groups}

        orders = count_by_account("ecommerce.order.binding")
        products = count_by_account("ecommerce.product.binding")
        errors = count_by_account(
            "ecommerce.error.log", [("state", "in", ("new", "retrying"))]
        )
        for account in self:
            account.order_count = orders.get(account.id, 0)
            account.product_count = products.get(account.id, 0)
            account.error_count = errors.get(account.id, 0)

    @api.depends("platform")
    def _compute_webhook_url(self):
        base = self.env["ir.config_parameter"].sudo().get_param("web.base.url", "")
        for account in self:
            account.webhook_url = (
                f"{base}/ecommerce/webhook/{account.id}" if account.id else ""
            )

    # === COMPONENTS === #

    def _component(self, role):
        """The ``role`` component (adapter, mapper, importer, exporter) of this
        account's platform: ``ecommerce.<platform>.<role>`` when the platform
        addon defines it, else the base ``ecommerce.<role>``."""
        self.ensure_one()
        name = f"ecommerce.{self.platform}.{role}"
        if name not in self.env:
            name = f"ecommerce.{role}"
        return self.env[name]

    def _adapter(self):
        return self._component("adapter")

    def _mapper(self):
        return self._component("mapper")

    def _importer(self):
        return self._component("importer")

    def _exporter(self):
        return self._component("exporter")

    # === CREDENTIALS AND SAFETY === #

    def _get_credential(self, name):
        """Secret ``name`` for this account: from the server configuration
        (``ecommerce_<account id>_<name>`` in the config file) or the
        environment (``ECOMMERCE_<ID>_<NAME>``) when set there, so admins can
        keep secrets out of the database and its backups; else the field."""
        self.ensure_one()
        if name not in CREDENTIAL_FIELDS:
            raise ValueError(name)
        key = f"ecommerce_{self.id}_{name}"
        value = os.environ.get(key.upper()) or config.get(key)
        return value or self.sudo()[name] or ""

    def _check_live_allowed(self):
        """Refuse to talk to the store from a neutralized or duplicated database.

        :raises EcommerceConfigError: when this database must not reach live stores.
        """
        self.ensure_one()
        params = self.env["ir.config_parameter"].sudo()
        if params.get_param("database.is_neutralized"):
            raise EcommerceConfigError(
                self.env._(
                    "This database is neutralized: e-commerce accounts do not sync."
                )
            )
        uuid = params.get_param("database.uuid")
        if self.database_uuid and uuid and self.database_uuid != uuid:
            raise EcommerceConfigError(
                self.env._(
                    "Account %(name)s was connected from another database: this "
                    "copy does not sync until you test the connection again.",
                    name=self.name,
                )
            )
        if not self.active:
            raise EcommerceConfigError(
                self.env._("Account %(name)s is archived.", name=self.name)
            )

    # === PRIVACY === #

    def _anonymize_customer(self, partner):
        """Erase a customer's personal data on the platform's request (GDPR
        redaction, marketplace account deletion): the partner and its contacts
        are anonymised, orders and invoices stay, and the request is noted on
        the account without naming the person.

        :param partner: the ``res.partner`` of the customer
        :return: the anonymised partners
        """
        self.ensure_one()
        anonymised = partner.sudo()._ecommerce_anonymize()
        # the keys of buyers without a platform id are emails or user names
        for binding in (
            self.env["ecommerce.partner.binding"]
            .sudo()
            .search([("partner_id", "in", anonymised.ids)])
        ):
            binding.external_id = f"anonymised:{binding.id}"
        self.message_post(
            body=self.env._(
                "Customer #%(id)s anonymised at the platform's request "
                "(%(count)s records).",
                id=partner.id,
                count=len(anonymised),
            )
        )
        return anonymised

    # === RETENTION === #

    @api.model
    def _cron_purge_payloads(self):
        """Cron (daily): forget stored platform data older than each
        account's ``payload_retention_days``. Housekeeping inside Odoo only,
        no platform call, so it runs in the cron itself."""
        for account in self.with_context(active_test=False).search(
            [("payload_retention_days", ">", 0)]
        ):
            account._purge_payloads()

    def _purge_payloads(self):
        """Blank the payloads and technical details of this account's error
        rows, and delete its finished jobs (their arguments), older than the
        retention period.

        :return: ``(error rows blanked, jobs deleted)``
        """
        self.ensure_one()
        limit = fields.Datetime.now() - timedelta(days=self.payload_retention_days)
        errors = (
            self.env["ecommerce.error.log"]
            .sudo()
            .search(
                [
                    ("account_id", "=", self.id),
                    ("last_seen_at", "<", limit),
                    "|",
                    ("payload", "!=", False),
                    ("detail", "!=", False),
                ]
            )
        )
        errors.write({"payload": False, "detail": False})
        jobs = (
            self.env["queue.job"]
            .sudo()
            .search(
                [
                    ("identity_key", "=like", f"ecommerce:{self.id}:%"),
                    ("state", "in", ("done", "cancelled", "failed")),
                    ("date_created", "<", limit),
                ]
            )
        )
        count = len(jobs)
        jobs.unlink()
        return len(errors), count

    # === ACTIONS === #

    def action_test_connection(self):
        self.ensure_one()
        self.database_uuid = (
            self.env["ir.config_parameter"].sudo().get_param("database.uuid")
        )
        try:
            info = self._adapter().test_connection(self)
        except Exception as exc:  # shown to the admin, never swallowed silently
            self.write({"state": "error", "state_message": str(exc)[:500]})
            raise UserError(
                self.env._("Connection failed: %(error)s", error=exc)
            ) from exc
        message = ", ".join(f"{k}: {v}" for k, v in (info or {}).items())
        warning = self._tax_rounding_warning()
        if warning:
            message = f"{message}. {warning}"
        self.write({"state": "connected", "state_message": message})
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Connection works"),
                "message": message,
                "type": "success",
                "sticky": False,
            },
        }

    def action_import_orders_now(self):
        for account in self:
            account._enqueue("import_orders", trigger="manual")
        return self._notify_queued()

    def action_export_stock_now(self):
        for account in self:
            account._enqueue("export_stock", trigger="manual", full=True)
        return self._notify_queued()

    def action_export_products_now(self):
        for account in self:
            account._enqueue("export_products", trigger="manual", full=True)
        return self._notify_queued()

    def action_import_products_now(self):
        for account in self:
            account._enqueue("import_products", trigger="manual")
        return self._notify_queued()

    def action_reconcile_now(self):
        for account in self:
            account._enqueue("reconcile", trigger="manual")
        return self._notify_queued()

    def _tax_rounding_warning(self):
        """A warning when the company rounds taxes unlike the platform."""
        self.ensure_one()
        expected = self._adapter().expected_tax_rounding(self)
        company = self.company_id
        if not expected or company.tax_calculation_rounding_method == expected:
            return ""
        label = dict(company._fields["tax_calculation_rounding_method"].selection)[
            expected
        ]
        return self.env._(
            "Warning: the platform rounds taxes '%(expected)s' but company %(company)s "
            "does not; set it in Accounting settings or some totals will differ by "
            "a cent and wait for review",
            expected=label,
            company=company.name,
        )

    def _notify_queued(self):
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Queued"),
                "message": self.env._(
                    "The sync runs in the background; see Sync Jobs."
                ),
                "type": "info",
            },
        }

    def _open_related(self, model, name, **context):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": name,
            "res_model": model,
            "view_mode": "list,form",
            "domain": [("account_id", "=", self.id)],
            "context": {"default_account_id": self.id, **context},
        }

    def action_open_orders(self):
        return self._open_related("ecommerce.order.binding", self.env._("Orders"))

    def action_open_products(self):
        return self._open_related("ecommerce.product.binding", self.env._("Products"))

    def action_open_errors(self):
        return self._open_related(
            "ecommerce.error.log", self.env._("Errors"), search_default_open=1
        )
