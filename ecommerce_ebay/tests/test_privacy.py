# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import json

from odoo.tests import HttpCase, tagged

from .common import EbayCommon

KEY_CALL = "GET /commerce/notification/v1/public_key/<public_key_id>"


@tagged("post_install", "-at_install")
class TestEbayAccountDeletion(EbayCommon, HttpCase):
    def url(self):
        return f"{self.base_url()}/ecommerce/ebay/account_deletion/{self.account.id}"

    def _jobs(self):
        return (
            self.env["queue.job"]
            .sudo()
            .search([("method_name", "=", "ebay_anonymize_buyer")])
        )

    def _buyer(self, username, order_id):
        self.import_docs(self.order_doc(order_id, username=username))
        return self.sale_order_of(order_id).partner_id

    def test_01_challenge_answered_as_ebay_computes_it(self):
        response = self.url_open(
            f"/ecommerce/ebay/account_deletion/{self.account.id}"
            "?challenge_code=a8628072-3d33-45ee-9004-bee86830a22d"
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], "application/json")
        self.assertEqual(
            response.json(),
            {
                "challengeResponse": "a1d8c12dc8f31594e78e3f2c7032c34746144c28"
                "ffbdee1cd9cbd4fd2fc618c6"
            },
        )
        with self.allow_requests(all_requests=True):  # eBay calls, no test cookie
            ok, status, body = self.sandbox.challenge(
                self.url(),
                self.account.webhook_secret,
                self.account.ebay_deletion_endpoint,
            )
        self.assertTrue(ok, body)
        self.assertEqual(status, 200)
        missing = self.url_open(
            "/ecommerce/ebay/account_deletion/999999?challenge_code=x"
        )
        self.assertEqual(missing.status_code, 404)

    def test_02_sdk_signed_notification_anonymises_the_buyer(self):
        partner = self._buyer("test_user", "70-00001-00001")
        self.assertTrue(partner.email)
        vector = self.load_json(
            "ebay_marketplace_account_deletion_notification_sdk_test.json"
        )
        body = json.dumps(vector["body"], indent=2).encode()  # wire whitespace
        headers = {
            "Content-Type": "application/json",
            "X-EBAY-SIGNATURE": vector["x_ebay_signature_header"],
        }
        response = self.url_open(self.url(), data=body, headers=headers)
        self.assertEqual(response.status_code, 204)
        (job,) = self._jobs()
        self.assertEqual(job.channel, "root.ecommerce.ebay")
        self.assertEqual(job.kwargs, {"keys": ["test_user", "ma8vp1jySJC"]})
        self.assertEqual(self.sandbox.call_count(route=KEY_CALL), 1)
        # the key is cached: a second delivery does not fetch it again
        self.url_open(self.url(), data=body, headers=headers)
        self.assertEqual(self.sandbox.call_count(route=KEY_CALL), 1)
        self.assertEqual(len(self._jobs()), 1, "same notification: one job")
        self.account.ebay_anonymize_buyer(**job.kwargs)
        self.assertFalse(partner.email)
        self.assertNotIn("Zoë", partner.name)
        self.assertFalse(partner.street)
        order = self.sale_order_of("70-00001-00001")
        self.assertEqual(order.partner_id, partner, "the order stays")
        self.assertFalse(
            self.env["ecommerce.partner.binding"]._find(self.account, ["test_user"])
        )

    def test_03_sandbox_signed_notification_for_an_imported_buyer(self):
        partner = self._buyer("zoe_buyer_9", "71-00001-00001")
        with self.allow_requests(all_requests=True):
            status, _body = self.sandbox.send_account_deletion(
                self.url(), "zoe_buyer_9"
            )
        self.assertEqual(status, 204)
        (job,) = self._jobs()
        self.account.ebay_anonymize_buyer(**job.kwargs)
        self.assertFalse(partner.email)
        self.assertFalse(partner.phone)

    def test_04_notification_that_does_not_verify_changes_nothing(self):
        partner = self._buyer("test_user", "72-00001-00001")
        email = partner.email
        with self.allow_requests(all_requests=True):
            status, _body = self.sandbox.send_account_deletion(
                self.url(), "test_user", tamper=True
            )
        self.assertEqual(status, 412)
        vector = self.load_json(
            "ebay_marketplace_account_deletion_notification_sdk_test.json"
        )
        other_user = dict(vector["body"])
        other_user["notification"] = dict(
            vector["body"]["notification"], data={"username": "someone_else"}
        )
        for headers in (
            {"X-EBAY-SIGNATURE": vector["x_ebay_signature_header"]},
            {"X-EBAY-SIGNATURE": "bm90IGEgc2lnbmF0dXJl"},
            {},
        ):
            response = self.url_open(
                self.url(),
                data=json.dumps(other_user).encode(),
                headers={"Content-Type": "application/json", **headers},
            )
            self.assertEqual(response.status_code, 412)
        self.assertFalse(self._jobs())
        self.assertEqual(partner.email, email)
