# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import UserError

from ..models.ecommerce_account import CREDENTIAL_FIELDS

STEPS = [
    ("platform", "Platform"),
    ("credentials", "Credentials"),
    ("connection", "Connection"),
    ("warehouse", "Warehouse"),
    ("mappings", "Payments and shipping"),
    ("schedules", "Schedules"),
    ("webhooks", "Webhooks"),
    ("done", "Done"),
]
STEP_ORDER = [step for step, _label in STEPS]


class EcommerceAccountSetupWizard(models.TransientModel):
    """Creates an account step by step: platform, credentials, connection
    test, warehouse, payment and carrier mappings, schedules, webhooks.

    Credentials stay on the wizard until the connection test passes (or the
    admin insists on saving them anyway); the account exists from then on and
    the later steps edit it directly.
    """

    _name = "ecommerce.account.setup.wizard"
    _description = "E-commerce Account Set-up"

    step = fields.Selection(STEPS, default="platform", required=True)
    account_id = fields.Many2one("ecommerce.account", readonly=True)
    platform = fields.Selection(selection="_selection_platform")
    name = fields.Char(string="Account name")
    company_id = fields.Many2one(
        "res.company", default=lambda self: self.env.company, required=True
    )
    base_url = fields.Char(string="Store URL / API endpoint")
    api_key = fields.Char()
    api_secret = fields.Char()
    access_token = fields.Char()
    refresh_token = fields.Char()
    webhook_secret = fields.Char()
    credential_fields = fields.Char(compute="_compute_credential_fields")
    need_base_url = fields.Boolean(compute="_compute_credential_fields")
    need_api_key = fields.Boolean(compute="_compute_credential_fields")
    need_api_secret = fields.Boolean(compute="_compute_credential_fields")
    need_access_token = fields.Boolean(compute="_compute_credential_fields")
    need_refresh_token = fields.Boolean(compute="_compute_credential_fields")
    need_webhook_secret = fields.Boolean(compute="_compute_credential_fields")
    connection_ok = fields.Boolean(readonly=True)
    connection_message = fields.Text(readonly=True)
    save_anyway = fields.Boolean(
        string="Save these credentials although the test failed",
        help="For a store that is not reachable from here yet; the account stays "
        "'not connected' and does not sync until a test passes.",
    )

    # the later steps edit the account itself
    warehouse_id = fields.Many2one(related="account_id.warehouse_id", readonly=False)
    stock_location_ids = fields.Many2many(
        related="account_id.stock_location_ids", readonly=False
    )
    stock_basis = fields.Selection(related="account_id.stock_basis", readonly=False)
    payment_mapping_ids = fields.One2many(
        related="account_id.payment_mapping_ids", readonly=False
    )
    carrier_mapping_ids = fields.One2many(
        related="account_id.carrier_mapping_ids", readonly=False
    )
    default_carrier_id = fields.Many2one(
        related="account_id.default_carrier_id", readonly=False
    )
    auto_confirm = fields.Boolean(related="account_id.auto_confirm", readonly=False)
    sync_orders = fields.Boolean(related="account_id.sync_orders", readonly=False)
    sync_stock = fields.Boolean(related="account_id.sync_stock", readonly=False)
    sync_tracking = fields.Boolean(related="account_id.sync_tracking", readonly=False)
    order_import_interval = fields.Integer(
        related="account_id.order_import_interval", readonly=False
    )
    stock_export_interval = fields.Integer(
        related="account_id.stock_export_interval", readonly=False
    )
    import_start_date = fields.Datetime(
        related="account_id.import_start_date", readonly=False
    )
    webhook_url = fields.Char(related="account_id.webhook_url")
    webhook_topics = fields.Char(related="account_id.webhook_topics")

    @api.model
    def _selection_platform(self):
        return (
            self.env["ecommerce.account"]
            ._fields["platform"]
            ._description_selection(self.env)
        )

    @api.depends("platform")
    def _compute_credential_fields(self):
        Account = self.env["ecommerce.account"]
        for wizard in self:
            names = Account._setup_credential_fields(wizard.platform)
            wizard.credential_fields = ",".join(names)
            for name in ("base_url", *CREDENTIAL_FIELDS):
                wizard[f"need_{name}"] = name in names

    # === NAVIGATION === #

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": self.env._("Connect a store"),
        }

    def _go(self, step):
        self.step = step
        return self._reopen()

    def action_back(self):
        self.ensure_one()
        index = STEP_ORDER.index(self.step)
        previous = STEP_ORDER[max(index - 1, 0)]
        if self.account_id and previous in ("platform", "credentials"):
            previous = "connection"
        return self._go(previous)

    def action_next(self):
        self.ensure_one()
        check = getattr(self, f"_leave_{self.step}", None)
        if check:
            check()
        return self._go(STEP_ORDER[STEP_ORDER.index(self.step) + 1])

    def _leave_platform(self):
        if not self.platform or not self.name:
            raise UserError(self.env._("Choose a platform and name the account."))
        duplicate = self.env["ecommerce.account"].search_count(
            [("name", "=", self.name), ("company_id", "=", self.company_id.id)]
        )
        if duplicate:
            raise UserError(
                self.env._("An account named %(name)s exists already.", name=self.name)
            )

    def _leave_connection(self):
        if self.account_id:
            return
        if not self.save_anyway:
            raise UserError(
                self.env._(
                    "The connection test did not pass: fix the credentials, or tick "
                    "'Save these credentials although the test failed'."
                )
            )
        self.account_id = self._create_account()

    # === ACCOUNT === #

    def _account_values(self):
        names = set(self.credential_fields.split(","))
        values = {
            "name": self.name,
            "platform": self.platform,
            "company_id": self.company_id.id,
        }
        for name in ("base_url", *CREDENTIAL_FIELDS):
            if name in names and self[name]:
                values[name] = self[name]
        return values

    def _create_account(self):
        account = self.env["ecommerce.account"].create(self._account_values())
        warehouse = self.env["stock.warehouse"].search(
            [("company_id", "=", self.company_id.id)], limit=1
        )
        if warehouse and not account.warehouse_id:
            account.warehouse_id = warehouse
        return account

    def action_test_connection(self):
        """Test the credentials on a provisional account: it is kept only when
        the platform answers."""
        self.ensure_one()
        message, ok = "", False
        try:
            with self.env.cr.savepoint():
                account = self.account_id
                if account:
                    account.write(self._account_values())
                else:
                    account = self._create_account()
                account.action_test_connection()
                message, ok = account.state_message, True
        except UserError as exc:
            message = str(exc)
        values = {"connection_ok": ok, "connection_message": message}
        if ok:
            values.update(account_id=account.id, save_anyway=False)
        self.write(values)
        return self._reopen()

    def action_register_webhooks(self):
        self.ensure_one()
        try:
            self.account_id.action_repair_webhooks()
        except UserError as exc:
            self.connection_message = str(exc)
        return self._reopen()

    def action_open_account(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "ecommerce.account",
            "res_id": self.account_id.id,
            "view_mode": "form",
            "target": "current",
        }

    def action_finish(self):
        """Close the wizard on the dashboard, with the first import queued."""
        self.ensure_one()
        account = self.account_id
        if account.state == "connected" and account.sync_orders:
            account.action_import_orders_now()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "ecommerce_base.ecommerce_dashboard_action"
        )
        action["target"] = "main"
        return action
