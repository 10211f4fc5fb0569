# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import datetime, timedelta, timezone
from unittest.mock import patch

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import HttpCase, tagged

from odoo.addons.queue_job import delay as queue_job_delay
from odoo.addons.queue_job.tests.common import trap_jobs

from .common import EcommerceTestCommon, format_time, sign


@tagged("post_install", "-at_install")
class TestDashboard(EcommerceTestCommon):
    def test_01_card_figures(self):
        self.import_docs(*(self.order_doc(ref) for ref in ("D1", "D2", "D3")))
        now = fields.Datetime.now()
        self.order_binding(self.account, "D2").external_created_at = now - timedelta(
            days=8
        )
        self.order_binding(self.account, "D3").external_created_at = now - timedelta(
            days=3
        )
        self.account.invalidate_recordset()
        self.assertEqual(self.account.orders_today, 1)
        self.assertEqual(self.account.orders_week, 2)
        self.assertEqual(
            self.account.revenue_week,
            self.sale_order_of("D1").amount_total
            + self.sale_order_of("D3").amount_total,
        )
        run = self.env["ecommerce.sync.job"].search(
            [("account_id", "=", self.account.id), ("kind", "=", "orders")], limit=1
        )
        self.assertEqual(self.account.last_orders_sync_at, run.date_end)
        self.assertFalse(self.account.last_stock_sync_at)

    def test_02_jobs_waiting_counts_this_accounts_jobs(self):
        other = self._create_account(
            "testshop", name="Other shop", base_url=self.sandbox.url
        )
        self.account.action_import_orders_now()
        self.account.action_export_stock_now()
        other.action_import_orders_now()
        accounts = self.account | other
        accounts.invalidate_recordset()
        self.assertEqual(accounts.mapped("jobs_waiting"), [2, 1])

    def test_03_figures_batched_for_many_cards(self):
        """The cards' figures cost the same queries for 2 accounts or 6."""
        fields_read = [
            "orders_today",
            "orders_week",
            "revenue_week",
            "jobs_waiting",
            "error_count",
            "last_orders_sync_at",
            "last_stock_sync_at",
        ]
        accounts = self.account
        queries = []
        for count in (2, 2, 6):  # the first read warms the caches
            while len(accounts) < count:
                accounts |= self._create_account(
                    "testshop", name=f"Shop {len(accounts)}", base_url="http://x"
                )
            accounts.invalidate_recordset()
            self.env.flush_all()
            before = self.env.cr.sql_log_count
            accounts.read(fields_read)
            queries.append(self.env.cr.sql_log_count - before)
        self.assertEqual(queries[1], queries[2])

    def test_04_logo_by_convention_else_generic(self):
        self.assertEqual(
            self.account.logo_url, "/ecommerce_base/static/img/platform_generic.svg"
        )


@tagged("post_install", "-at_install")
class TestSetupWizard(EcommerceTestCommon):
    def _wizard(self, token):
        wizard = self.env["ecommerce.account.setup.wizard"].create(
            {"platform": "testshop", "name": "Wizard shop"}
        )
        wizard.action_next()
        self.assertEqual(wizard.step, "credentials")
        self.assertTrue(wizard.need_access_token)
        self.assertFalse(wizard.need_api_key, "testshop uses no API key")
        wizard.write(
            {
                "base_url": self.sandbox.url,
                "access_token": token,
                "webhook_secret": self.sandbox.webhook_secret,
            }
        )
        wizard.action_next()
        return wizard

    def _accounts(self):
        return self.env["ecommerce.account"].search([("name", "=", "Wizard shop")])

    def test_01_failing_credentials_are_not_saved_unless_insisted(self):
        wizard = self._wizard("wrong-token")
        wizard.action_test_connection()
        self.assertFalse(wizard.connection_ok)
        self.assertIn("Connection failed", wizard.connection_message)
        self.assertFalse(self._accounts(), "nothing saved after a failed test")
        with self.assertRaisesRegex(UserError, "did not pass"):
            wizard.action_next()
        wizard.save_anyway = True
        wizard.action_next()
        account = self._accounts()
        self.assertEqual(account.state, "draft")
        self.assertEqual(account._get_credential("access_token"), "wrong-token")

    def test_02_full_setup_then_first_import(self):
        wizard = self._wizard(self.sandbox.token)
        wizard.action_test_connection()
        self.assertTrue(wizard.connection_ok, wizard.connection_message)
        account = wizard.account_id
        self.assertEqual(account.state, "connected")
        self.assertEqual(account.warehouse_id, self.warehouse)
        for step in ("warehouse", "mappings", "schedules", "webhooks"):
            wizard.action_next()
            self.assertEqual(wizard.step, step)
        wizard.write(
            {
                "payment_mapping_ids": [
                    fields.Command.create({"code": "card", "confirm": "paid"})
                ],
                "default_carrier_id": self.carrier.id,
            }
        )
        self.assertEqual(account.payment_mapping_ids.code, "card")
        wizard.action_register_webhooks()
        self.assertEqual(account.webhook_topics, "orders/create, orders/updated")
        self.assertEqual(
            {hook["address"] for hook in self.sandbox.webhooks()}, {account.webhook_url}
        )
        wizard.action_next()
        with trap_jobs() as trap:
            wizard.action_finish()
            trap.assert_enqueued_job(
                account.import_orders, kwargs={"trigger": "manual"}
            )


@tagged("post_install", "-at_install")
class TestHealthAndAlerts(EcommerceTestCommon, HttpCase):
    def test_01_repair_and_check_webhooks(self):
        self.assertEqual(self.account.webhook_health, "unknown")
        self.account.action_check_webhooks()
        self.assertEqual(self.account.webhook_health, "missing")
        self.account.action_repair_webhooks()
        self.account.action_repair_webhooks()  # idempotent
        self.assertEqual(len(self.sandbox.webhooks()), 2)
        self.account.action_check_webhooks()
        self.assertEqual(self.account.webhook_topics, "orders/create, orders/updated")
        self.assertEqual(self.account.webhook_health, "ok")

    def test_02_accepted_webhook_is_stamped(self):
        self.sandbox.seed_orders([self.order_doc("H1")])
        body = b'{"id": "H1"}'
        headers = {
            "X-Shop-Topic": "orders/updated",
            "Content-Type": "application/json",
            "X-Shop-Triggered-At": format_time(datetime.now(timezone.utc)),
        }
        self.url_open(
            f"/ecommerce/webhook/{self.account.id}", data=body, headers=headers
        )
        self.account.invalidate_recordset()
        self.assertFalse(self.account.webhook_last_received_at, "unsigned: not stamped")
        headers["X-Shop-Hmac-Sha256"] = sign(self.sandbox.webhook_secret, body)
        response = self.url_open(
            f"/ecommerce/webhook/{self.account.id}", data=body, headers=headers
        )
        self.assertEqual(response.status_code, 200)
        self.account.invalidate_recordset()
        self.assertTrue(self.account.webhook_last_received_at)

    def _alerts(self):
        activity_type = self.env.ref(
            "ecommerce_base.mail_activity_type_ecommerce_alert"
        )
        return self.account.activity_ids.filtered(
            lambda a: a.activity_type_id == activity_type
        )

    def _alert_mails(self):
        return self.env["mail.mail"].search(
            [("model", "=", "ecommerce.account"), ("res_id", "=", self.account.id)]
        )

    def test_03_errors_piling_up_alert_once(self):
        self.account.user_id.email = "owner@example.com"
        self.account.alert_error_threshold = 3
        self.env["ecommerce.account"]._cron_check_health()
        self.assertFalse(self._alerts(), "no errors, no alert")
        for number in range(3):
            self.env["ecommerce.error.log"]._log(
                self.account, "order", f"E{number}", ValueError("bad order")
            )
        self.account.invalidate_recordset()
        self.env["ecommerce.account"]._cron_check_health()
        self.env["ecommerce.account"]._cron_check_health()
        alert = self._alerts()
        self.assertEqual(len(alert), 1, "one open alert, not one per cron run")
        self.assertEqual(alert.user_id, self.account.user_id)
        self.assertIn("3 errors are open", str(alert.note))
        mail = self._alert_mails()
        self.assertEqual(len(mail), 1)
        self.assertIn("3 errors are open", mail.body_html)
        self.assertEqual(mail.recipient_ids, self.account.user_id.partner_id)
        alert.action_done()
        self.env["ecommerce.account"]._cron_check_health()
        self.assertEqual(len(self._alerts()), 1, "still failing: a new alert")

    def test_04_stalled_sync_alerts(self):
        self.account.write({"order_import_interval": 10, "alert_missed_runs": 3})
        self.account.import_orders()
        self.account.invalidate_recordset()
        self.assertFalse(self.account._alert_reasons(), "just synced")
        self.env["ecommerce.sync.job"].search(
            [("account_id", "=", self.account.id)]
        ).write({"date_end": fields.Datetime.now() - timedelta(minutes=31)})
        self.account.invalidate_recordset()
        reasons = self.account._alert_reasons()
        self.assertEqual(len(reasons), 1)
        self.assertIn("Order import has not succeeded", reasons[0])


@tagged("post_install", "-at_install")
class TestDashboardTour(EcommerceTestCommon, HttpCase):
    """The browser tour: dashboard, set-up assistant, first import, one order."""

    def test_dashboard_tour(self):
        admin = self.env.ref("base.user_admin")
        admin.write(
            {
                "company_ids": [fields.Command.link(self.company.id)],
                "company_id": self.company.id,
                "group_ids": [
                    fields.Command.link(
                        self.env.ref("sales_team.group_sale_manager").id
                    )
                ],
            }
        )
        params = self.env["ir.config_parameter"].sudo()
        params.set_param("test_ecommerce_base.tour_base_url", self.sandbox.url)
        params.set_param("test_ecommerce_base.tour_token", self.sandbox.token)
        params.set_param(
            "test_ecommerce_base.tour_webhook_secret", self.sandbox.webhook_secret
        )
        self.sandbox.seed_orders(
            [self.order_doc(f"T100{n}", shipping=[]) for n in (1, 2, 3)]
        )
        # the jobs the tour queues run at once, in the request that queues them
        with patch.object(queue_job_delay, "must_run_without_delay", return_value=True):
            self.start_tour(
                "/odoo/ecommerce-dashboard", "ecommerce_dashboard_tour", login="admin"
            )
        account = self.env["ecommerce.account"].search([("name", "=", "Tour shop")])
        self.assertEqual(account.state, "connected")
        self.assertEqual(len(account.order_binding_ids), 3)
