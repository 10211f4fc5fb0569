# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Credentials and tokens never show up in logs, error rows, sync runs, job
arguments, chatter or the errors shown to users, whatever goes wrong."""

from unittest.mock import patch

from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.ecommerce_base.models.ecommerce_account import CREDENTIAL_FIELDS
from odoo.addons.test_ecommerce_base.tests.common import EcommerceTestCommon

from .common import CaptureAllLogs, figures

CLOSED_PORT_URL = "http://127.0.0.1:9"


def _secrets_of(tag):
    return {field: f"{tag}-{field}-S3cr3t9f4c" for field in CREDENTIAL_FIELDS}


@tagged("post_install", "-at_install")
class TestNoSecretLeaks(EcommerceTestCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.leaks = []
        cls.places = 0

    @classmethod
    def tearDownClass(cls):
        figures.record(
            "5c secret leaks", leaks=len(cls.leaks), places_scanned=cls.places
        )
        super().tearDownClass()

    def _stored_texts(self, accounts):
        """Every text Odoo stored about these accounts' work."""
        texts = []
        errors = self.env["ecommerce.error.log"].search(
            [("account_id", "in", accounts.ids)]
        )
        for error in errors:
            texts += [error.message, error.detail or "", error.payload or ""]
        for run in self.env["ecommerce.sync.job"].search(
            [("account_id", "in", accounts.ids)]
        ):
            texts.append(str(run.read()[0]))
        jobs = (
            self.env["queue.job"]
            .sudo()
            .search([("model_name", "=", "ecommerce.account")])
        )
        for job in jobs:
            texts += [
                str(job.args),
                str(job.kwargs),
                job.name or "",
                job.exc_info or "",
            ]
            texts += [job.exc_message or "", job.result or "", str(job.records)]
        for account in accounts:
            texts += [account.state_message or ""]
            texts += account.message_ids.mapped(lambda m: str(m.body))
            texts += [str(v) for v in account.message_ids.tracking_value_ids.read()]
        return texts

    def _scan(self, where, texts, secrets):
        for text in texts:
            type(self).places += 1
            for field, secret in secrets.items():
                # a secret, or a long enough piece of it
                if secret in text or secret[-14:] in text:
                    self.leaks.append(f"{where}: {field} in {text[:200]!r}")

    def test_01_testshop_every_failure_path(self):
        secrets = _secrets_of("testshop")
        self.sandbox.token = secrets["access_token"]
        self.sandbox.webhook_secret = secrets["webhook_secret"]
        self.account.write(secrets)
        shown = []
        with CaptureAllLogs() as logs:
            # a bad record (error row with payload)
            doc = self.order_doc("LK1")
            doc["lines"][0]["sku"] = "NO-SUCH-SKU"
            doc["lines"][0]["barcode"] = None
            doc["note"] = f"token {secrets['access_token']} pasted by a customer"
            self.import_docs(doc)
            # a crashing record: a payload the mapper cannot even read
            self.sandbox.seed_orders(
                [{"id": "LK2", "lines": "not a list", "total": "x"}]
            )
            self.account.import_orders(force=True)
            # throttled, failing and unreachable platform
            for knobs in ({"rate_429": 1.0}, {"rate_5xx": 1.0}, {"down": True}):
                self.sandbox.set_faults(**knobs)
                try:
                    self.account.import_orders(force=True)
                except Exception as exc:
                    shown.append(str(exc))
            self.sandbox.clear_faults()
            # revoked credentials, seen by the user on "Test connection"
            self.sandbox.token = "rotated-on-the-platform"
            with self.assertRaises(UserError) as caught:
                self.account.action_test_connection()
            shown.append(str(caught.exception))
            try:
                self.account.import_order("LK1", trigger="manual")
            except Exception as exc:
                shown.append(str(exc))
            # jobs queued by every button and by a retry
            self.account.action_import_orders_now()
            self.account.action_export_stock_now()
            self.account.action_import_products_now()
            self.env["ecommerce.error.log"].search(
                [("account_id", "=", self.account.id)]
            ).action_retry()
        self.sandbox.token = "test-token"
        self.sandbox.webhook_secret = "test-webhook-secret"
        self._scan("logs", logs.lines, secrets)
        self._scan("shown to users", shown, secrets)
        self._scan("stored", self._stored_texts(self.account), secrets)
        self.assertTrue(logs.lines, "the failures above were logged")
        self.assertFalse(self.leaks, "\n".join(self.leaks))

    def test_02_every_platform_unreachable_or_refused(self):
        """Each platform's adapter, with its own credentials set, meets an
        endpoint that refuses connections."""
        platforms = {
            "shopify": {"shopify_api_version": "2026-04"},
            "woocommerce": {},
            "amazon": {
                "amazon_region": "eu",
                "amazon_lwa_url": f"{CLOSED_PORT_URL}/auth/o2/token",
            },
            "ebay": {"ebay_marketplace_id": "EBAY_US"},
        }
        accounts = self.env["ecommerce.account"]
        all_secrets = {}
        shown = []
        # adapters back off between their own retries: no need to wait here
        with CaptureAllLogs() as logs, patch("time.sleep"):
            for platform, extra in platforms.items():
                secrets = _secrets_of(platform)
                all_secrets.update({f"{platform}.{k}": v for k, v in secrets.items()})
                account = self._create_account(
                    platform,
                    name=f"Leak {platform}",
                    base_url=CLOSED_PORT_URL,
                    **secrets,
                    **extra,
                )
                accounts |= account
                with self.assertRaises(UserError) as caught:
                    account.action_test_connection()
                shown.append(str(caught.exception))
                for call in (
                    lambda a=account: a.import_orders(trigger="manual"),
                    lambda a=account: a.import_order("1", trigger="manual"),
                ):
                    try:
                        call()
                    except Exception as exc:
                        shown.append(str(exc))
        self._scan("logs", logs.lines, all_secrets)
        self._scan("shown to users", shown, all_secrets)
        self._scan("stored", self._stored_texts(accounts), all_secrets)
        self.assertEqual(len(shown), 3 * len(platforms), shown)
        self.assertFalse(self.leaks, "\n".join(self.leaks))
