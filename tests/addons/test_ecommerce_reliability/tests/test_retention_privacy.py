# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Retention of stored payloads per account, privacy requests, isolation of
companies in the jobs themselves, credentials kept out of the database."""

import os
from datetime import timedelta
from unittest.mock import patch

from odoo import fields
from odoo.tests import tagged
from odoo.tools import config

from odoo.addons.test_ecommerce_base.tests.common import EcommerceTestCommon

from .common import figures


@tagged("post_install", "-at_install")
class TestRetention(EcommerceTestCommon):
    def _aged_error(self, account, external_id, days):
        error = self.env["ecommerce.error.log"]._log(
            account,
            "order",
            external_id,
            "Unknown SKU",
            payload={"sku": "X", "id": external_id},
        )
        error.last_seen_at = fields.Datetime.now() - timedelta(days=days)
        return error

    def _aged_job(self, account, key, days, state="done"):
        job = account._enqueue("import_order", key=key, external_id=key)
        record = job.db_record()
        self.env.cr.execute(
            "UPDATE queue_job SET state = %s, date_created = %s WHERE id = %s",
            (state, fields.Datetime.now() - timedelta(days=days), record.id),
        )
        record.invalidate_recordset()
        return record

    def test_01_purge_follows_each_accounts_period(self):
        short = self.account
        short.payload_retention_days = 7
        keep = self._create_account(
            "testshop", name="Keeps payloads", payload_retention_days=0
        )
        old_error = self._aged_error(short, "R1", 10)
        new_error = self._aged_error(short, "R2", 2)
        kept_error = self._aged_error(keep, "R3", 400)
        old_job = self._aged_job(short, "R1", 10)
        new_job = self._aged_job(short, "R2", 2)
        waiting_job = self._aged_job(short, "R4", 10, state="pending")
        kept_job = self._aged_job(keep, "R3", 400)
        cron = self.env.ref("ecommerce_base.cron_purge_payloads")
        self.assertIn("_cron_purge_payloads", cron.code)
        self.env["ecommerce.account"]._cron_purge_payloads()

        checks = {
            "old payload of a 7-day account blanked": not old_error.payload,
            "old error row itself kept": old_error.message == "Unknown SKU",
            "recent payload kept": bool(new_error.payload),
            "retention 0 keeps payloads": bool(kept_error.payload),
            "old finished job (its arguments) deleted": not old_job.exists(),
            "recent finished job kept": bool(new_job.exists()),
            "waiting job never purged": bool(waiting_job.exists()),
            "retention 0 keeps jobs": bool(kept_job.exists()),
        }
        failed = [label for label, ok in checks.items() if not ok]
        figures.record(
            "5d retention",
            access_run=len(checks),
            access_failed=len(failed),
            leaks=int(bool(old_error.payload)) + int(bool(old_job.exists())),
        )
        self.assertFalse(failed)


@tagged("post_install", "-at_install")
class TestPrivacyAndIsolation(EcommerceTestCommon):
    def test_01_privacy_request_keeps_invoices_lawful(self):
        doc = self.order_doc("PR1")
        self.import_docs(doc)
        order = self.sale_order_of("PR1")
        invoice = order.invoice_ids
        self.assertEqual(invoice.state, "posted")
        keys = ["name", "amount_total", "amount_tax", "invoice_date", "partner_id"]
        before = invoice.read(keys)[0]
        lines = invoice.invoice_line_ids.read(["name", "price_total", "tax_ids"])
        customer = order.partner_id
        customer.vat = "BE0477472701"
        self.account._anonymize_customer(customer)

        partners = customer | order.partner_invoice_id | order.partner_shipping_id
        left = [
            f"{partner.id}.{field}"
            for partner in partners
            for field in ("email", "phone", "street", "zip", "city")
            if partner[field]
        ] + [p.name for p in partners if "Jane" in p.name or "Doe" in p.name]
        after = invoice.read(keys)[0]
        after["partner_id"] = after["partner_id"][0]
        before["partner_id"] = before["partner_id"][0]
        figures.record(
            "5e privacy request",
            leaks=len(left),
            invoice_changed=int(after != before or invoice.state != "posted"),
        )
        self.assertFalse(left)
        self.assertEqual(invoice.state, "posted")
        self.assertEqual(after, before)
        self.assertEqual(
            invoice.invoice_line_ids.read(["name", "price_total", "tax_ids"]), lines
        )
        self.assertEqual(invoice.partner_id, customer, "the invoice keeps its customer")
        self.assertEqual(customer.vat, "BE0477472701", "tax id kept for the tax return")
        self.assertEqual(customer.country_id.code, "BE")
        self.assertNotIn("Jane", self.account.message_ids[:1].body or "")

    def test_02_jobs_of_company_a_never_touch_company_b(self):
        other = self.setup_other_company(name="Isolated Co B")["company"]
        b_partner = self.env["res.partner"].create(
            {
                "name": "Jane Doe (B)",
                "email": "jane.doe@example.com",
                "company_id": other.id,
            }
        )
        b_product = self.env["product.product"].create(
            {"name": "B-only mug", "default_code": "B-ONLY-SKU", "company_id": other.id}
        )
        b_stamp = b_partner.write_date
        doc = self.order_doc("MC1")
        doc["lines"].append(
            dict(doc["lines"][0], id="MC1-3", sku="B-ONLY-SKU", barcode=None)
        )
        self.import_docs(doc)
        errors = self.errors_of(self.account, "MC1")
        self.assertEqual(len(errors), 1, "company B's SKU is unknown to company A")
        doc["lines"].pop()
        self.sandbox.seed_orders([dict(doc, updated_at="2099-01-01T00:00:00Z")])
        self.account.import_orders()
        order = self.sale_order_of("MC1")
        self.assertEqual(order.company_id, self.company)
        self.assertNotEqual(order.partner_id, b_partner)
        self.assertNotIn(b_product, order.order_line.product_id)
        self.assertEqual(b_partner.write_date, b_stamp)
        self.assertEqual(b_partner.email, "jane.doe@example.com")


@tagged("post_install", "-at_install")
class TestCredentialsOutsideTheDatabase(EcommerceTestCommon):
    def test_01_config_file_then_environment(self):
        token = self.sandbox.token
        self.account.access_token = False
        key = f"ecommerce_{self.account.id}_access_token"
        # as if the admin wrote it in the [options] of the server's config file
        config._file_options[key] = token
        try:
            self.assertEqual(self.account._get_credential("access_token"), token)
            self.account.action_test_connection()  # really authenticates
            with patch.dict(os.environ, {key.upper(): "env-wins"}):
                self.assertEqual(
                    self.account._get_credential("access_token"), "env-wins"
                )
        finally:
            del config._file_options[key]
        self.assertEqual(self.account.state, "connected")
        self.env.flush_all()
        self.env.cr.execute(
            "SELECT access_token FROM ecommerce_account WHERE id = %s",
            (self.account.id,),
        )
        self.assertFalse(
            self.env.cr.fetchone()[0], "the secret never reached the database"
        )
        self.assertEqual(self.account._get_credential("access_token"), "")
