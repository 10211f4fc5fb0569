# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Health of an account: are its webhooks registered and reaching Odoo, are
its syncs succeeding; and the alerts sent to its responsible person."""

import logging
from datetime import timedelta

import psycopg2

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..exceptions import EcommerceError

_logger = logging.getLogger(__name__)

ALERT_ACTIVITY_TYPE = "ecommerce_base.mail_activity_type_ecommerce_alert"
ALERT_TEMPLATE = "ecommerce_base.mail_template_ecommerce_alert"
# A registered webhook that brought nothing for this long looks broken.
WEBHOOK_SILENCE_HOURS = 24
# The controller stores the reception time at most this often per account, so
# a burst of webhooks does not make every request update the same row.
WEBHOOK_STAMP_SECONDS = 60


class EcommerceAccountHealth(models.Model):
    _inherit = "ecommerce.account"

    webhook_topics = fields.Char(
        string="Webhook topics registered",
        readonly=True,
        copy=False,
        help="Topics the platform sends to this database, as last checked or repaired.",
    )
    webhook_checked_at = fields.Datetime(
        string="Webhooks checked on", readonly=True, copy=False
    )
    webhook_last_received_at = fields.Datetime(
        string="Last webhook received",
        readonly=True,
        copy=False,
        help="When Odoo last accepted a correctly signed webhook of this account.",
    )
    webhook_health = fields.Selection(
        [
            ("ok", "Registered and reaching Odoo"),
            ("silent", "Registered, nothing received lately"),
            ("missing", "Not registered"),
            ("unknown", "Not checked"),
        ],
        compute="_compute_webhook_health",
    )
    alert_error_threshold = fields.Integer(
        string="Alert from open errors",
        default=10,
        help="The responsible person is alerted when this many errors are open "
        "(0: never).",
    )
    alert_missed_runs = fields.Integer(
        string="Alert after missed runs",
        default=3,
        help="The responsible person is alerted when a scheduled sync has not "
        "succeeded for this many intervals (0: never).",
    )
    alert_message = fields.Text(compute="_compute_alert_message")

    # === WEBHOOKS === #

    @api.depends("webhook_topics", "webhook_checked_at", "webhook_last_received_at")
    def _compute_webhook_health(self):
        silence = fields.Datetime.now() - timedelta(hours=WEBHOOK_SILENCE_HOURS)
        for account in self:
            if not account.webhook_checked_at:
                received = account.webhook_last_received_at
                account.webhook_health = (
                    "ok" if received and received >= silence else "unknown"
                )
            elif not account.webhook_topics:
                account.webhook_health = "missing"
            elif (account.webhook_last_received_at or account.webhook_checked_at) < (
                silence
            ):
                account.webhook_health = "silent"
            else:
                account.webhook_health = "ok"

    def _note_webhook_received(self):
        """Remember that a verified webhook of this account arrived (called by
        the webhook controller; at most one write a minute).

        Best effort, in a short transaction of its own that skips a locked
        row: a burst of webhooks, or a job holding the account row, must
        never make a webhook wait or fail with a serialization error.
        """
        self.ensure_one()
        try:
            with self.env.registry.cursor() as cr:
                cr.execute(
                    """
                    UPDATE ecommerce_account
                       SET webhook_last_received_at = now() AT TIME ZONE 'UTC'
                     WHERE id IN (
                        SELECT id FROM ecommerce_account
                         WHERE id = %s
                           AND (webhook_last_received_at IS NULL
                                OR webhook_last_received_at
                                   < now() AT TIME ZONE 'UTC'
                                     - make_interval(secs => %s))
                           FOR UPDATE SKIP LOCKED)
                    """,
                    (self.id, WEBHOOK_STAMP_SECONDS),
                )
        except psycopg2.Error as exc:
            _logger.info("Webhook time of account %s not stored: %s", self.id, exc)
        self.invalidate_recordset(["webhook_last_received_at"])

    def _store_webhook_topics(self, topics):
        self.sudo().write(
            {
                "webhook_topics": ", ".join(sorted(topics)) if topics else False,
                "webhook_checked_at": fields.Datetime.now(),
            }
        )

    def action_check_webhooks(self):
        """Ask the platform which webhooks point at this database."""
        for account in self:
            account._check_live_allowed()
            try:
                topics = account._adapter().webhook_topics(account, account.webhook_url)
            except EcommerceError as exc:
                raise UserError(
                    self.env._("Could not read the webhooks: %(error)s", error=exc)
                ) from exc
            if topics is None:
                raise UserError(
                    self.env._(
                        "This platform does not tell which webhooks exist; check "
                        "them in its admin and use Repair to register them."
                    )
                )
            account._store_webhook_topics(topics)
        return True

    def action_repair_webhooks(self):
        """(Re-)register the platform's webhooks to this database's URL."""
        for account in self:
            account._check_live_allowed()
            try:
                topics = account._adapter().register_webhooks(
                    account, account.webhook_url
                )
            except NotImplementedError as exc:
                raise UserError(
                    self.env._(
                        "This platform's webhooks cannot be registered from Odoo: "
                        "register %(url)s in its admin.",
                        url=account.webhook_url,
                    )
                ) from exc
            except EcommerceError as exc:
                raise UserError(
                    self.env._("Could not register the webhooks: %(error)s", error=exc)
                ) from exc
            account._store_webhook_topics(topics or [])
        return True

    # === ALERTS === #

    def _schedule_checks(self):
        """``[(label, interval field, last-success field, enabled)]`` of the
        scheduled flows whose silence raises an alert."""
        self.ensure_one()
        return [
            (
                self.env._("Order import"),
                self.order_import_interval,
                self.last_orders_sync_at,
                self.sync_orders,
            ),
            (
                self.env._("Stock export"),
                self.stock_export_interval,
                self.last_stock_sync_at,
                self.sync_stock and self.owner_stock == "odoo",
            ),
        ]

    def _alert_reasons(self):
        """Why this account needs its responsible person, in plain words."""
        self.ensure_one()
        reasons = []
        if self.alert_error_threshold and self.error_count >= (
            self.alert_error_threshold
        ):
            reasons.append(
                self.env._(
                    "%(count)s errors are open (alert from %(threshold)s).",
                    count=self.error_count,
                    threshold=self.alert_error_threshold,
                )
            )
        if self.state != "connected" or not self.alert_missed_runs:
            return reasons
        now = fields.Datetime.now()
        for label, interval, last, enabled in self._schedule_checks():
            if not enabled or not interval:
                continue
            allowed = timedelta(minutes=interval * self.alert_missed_runs)
            since = last or self.create_date
            if since and since + allowed < now:
                reasons.append(
                    self.env._(
                        "%(flow)s has not succeeded since %(since)s (scheduled every "
                        "%(interval)s minutes).",
                        flow=label,
                        since=fields.Datetime.to_string(last)
                        if last
                        else self.env._("the account was created"),
                        interval=interval,
                    )
                )
        return reasons

    def _compute_alert_message(self):
        for account in self:
            account.alert_message = "\n".join(account._alert_reasons()) or False

    def _send_alert(self, reasons):
        """Give the responsible person an activity and an e-mail, unless an
        alert activity is still open on the account."""
        self.ensure_one()
        activity_type = self.env.ref(ALERT_ACTIVITY_TYPE)
        if self.activity_ids.filtered(lambda a: a.activity_type_id == activity_type):
            return False
        user = self.user_id or self.env.ref("base.user_admin")
        self.activity_schedule(
            ALERT_ACTIVITY_TYPE,
            user_id=user.id,
            summary=self.env._("%(name)s needs attention", name=self.name),
            note="<br/>".join(reasons),
        )
        template = self.env.ref(ALERT_TEMPLATE, raise_if_not_found=False)
        if template and user.partner_id.email:
            template.send_mail(
                self.id,
                email_values={"recipient_ids": [(6, 0, user.partner_id.ids)]},
            )
        return True

    @api.model
    def _cron_check_health(self):
        """Cron: alert the responsible person of each account whose errors
        pile up or whose scheduled syncs stopped succeeding."""
        for account in self.search([("state", "!=", "draft")]):
            reasons = account._alert_reasons()
            if reasons:
                account._send_alert(reasons)
