# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import EcommerceTestCommon


@tagged("post_install", "-at_install")
class TestSecurity(EcommerceTestCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.connector_user = new_test_user(
            cls.env,
            login="ec_user",
            groups="ecommerce_base.group_ecommerce_user",
            company_id=cls.company.id,
        )
        cls.connector_manager = new_test_user(
            cls.env,
            login="ec_manager",
            groups="ecommerce_base.group_ecommerce_manager",
            company_id=cls.company.id,
        )
        cls.internal_user = new_test_user(
            cls.env,
            login="ec_internal",
            groups="base.group_user",
            company_id=cls.company.id,
        )

    def test_01_connector_user_cannot_read_credentials(self):
        account = self.account.with_user(self.connector_user)
        self.assertEqual(account.name, "Test shop")
        for field in (
            "access_token",
            "webhook_secret",
            "api_key",
            "api_secret",
            "refresh_token",
        ):
            with self.assertRaises(AccessError):
                account.read([field])
        with self.assertRaises(AccessError):
            account.write({"name": "renamed"})

    def test_02_manager_reads_and_configures(self):
        account = self.account.with_user(self.connector_manager)
        self.assertEqual(account.access_token, self.sandbox.token)
        account.write({"stock_buffer_fixed": 3})
        self.assertEqual(self.account.stock_buffer_fixed, 3)

    def test_03_plain_internal_user_sees_nothing(self):
        with self.assertRaises(AccessError):
            self.account.with_user(self.internal_user).read(["name"])
        with self.assertRaises(AccessError):
            self.env["ecommerce.error.log"].with_user(self.internal_user).search([])

    def test_04_multi_company_isolation(self):
        other = self.setup_other_company(name="Other Co")["company"]
        other_account = self.env["ecommerce.account"].create(
            {"name": "Other shop", "platform": "testshop", "company_id": other.id}
        )
        visible = (
            self.env["ecommerce.account"].with_user(self.connector_manager).search([])
        )
        self.assertIn(self.account, visible)
        self.assertNotIn(other_account, visible)

    def test_05_error_payload_masks_personal_data(self):
        doc = self.order_doc("E1")
        doc["lines"][0]["sku"] = "UNKNOWN-SKU"
        doc["lines"][0]["barcode"] = None
        doc["note_token"] = "Bearer abcdefghijklmnop"
        self.import_docs(doc)
        error = self.env["ecommerce.error.log"].search([("external_id", "=", "E1")])
        self.assertEqual(len(error), 1)
        for secret in (
            "jane.doe@example.com",
            "Jane",
            "Doe",
            "Rue de la Loi",
            "470 12 34",
            "abcdefghijklmnop",
        ):
            self.assertNotIn(secret, error.payload)
            self.assertNotIn(secret, error.message)
        self.assertIn("UNKNOWN-SKU", error.payload, "non-personal data stays readable")
        self.assertIn("UNKNOWN-SKU", error.message)

    def test_06_error_occurrences_retry_and_ignore(self):
        doc = self.order_doc("E2", currency="XXQ")
        self.import_docs(doc)
        self.sandbox.seed_orders([dict(doc, updated_at="2099-01-01T00:00:00Z")])
        self.account.import_orders()
        error = self.env["ecommerce.error.log"].search([("external_id", "=", "E2")])
        self.assertEqual(error.occurrences, 2)
        # fixed on the platform, then retried from the error row
        self.sandbox.seed_orders(
            [dict(doc, currency=self.currency.name, updated_at="2099-01-02T00:00:00Z")]
        )
        error.with_user(self.connector_user).action_retry()
        self.assertEqual(error.state, "retrying")
        self.account.import_order("E2", trigger="retry")
        self.assertEqual(error.state, "resolved")
        self.assertTrue(self.sale_order_of("E2"))
        other = self.env["ecommerce.error.log"]._log(
            self.account, "order", "E3", "Broken"
        )
        other.with_user(self.connector_user).action_ignore()
        self.assertEqual(other.state, "ignored")
