# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Shared set-up: the company of ``EcommerceCommon``, the eBay sandbox on
loopback and an eBay account pointing at it."""

import json
import os
import sys

from odoo.fields import Command

from odoo.addons.ecommerce_base.tests.common import EcommerceCommon

TESTS_DIR = os.path.abspath(
    os.path.join(os.path.dirname(__file__), "..", "..", "tests")
)
if TESTS_DIR not in sys.path:
    sys.path.insert(0, TESTS_DIR)

from sandbox.ebay import EbaySandbox, make_order, order_total  # noqa: E402

DATA_DIR = os.path.join(os.path.dirname(__file__), "data")
SDK_TOKEN = "71745723-d031-455c-bfa5-f90d11b4f20a"

__all__ = ["EbayCommon", "EbaySandbox", "load", "make_order", "order_total"]


def load(name):
    """A recorded eBay document of ``tests/data``."""
    with open(os.path.join(DATA_DIR, name), encoding="utf-8") as handle:
        return json.load(handle)


class EbayCommon(EcommerceCommon):
    """The shared company set-up plus a connected eBay account: eBay managed
    payments (``EBAY``) are confirmed, invoiced and paid; USPS Priority is
    the Express carrier."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sandbox = EbaySandbox().start()
        cls.addClassCleanup(cls.sandbox.stop)
        cls.account = cls._create_account(
            "ebay",
            name="eBay US",
            base_url=cls.sandbox.url,
            api_key=cls.sandbox.client_id,
            api_secret=cls.sandbox.client_secret,
            refresh_token=cls.sandbox.refresh_token,
            webhook_secret=SDK_TOKEN,
            ebay_marketplace_id="EBAY_US",
            ebay_deletion_endpoint="https://www.testendpoint.com/webhook",
            ebay_daily_call_budget=0,
        )
        cls.account.payment_mapping_ids = [
            Command.create(
                {
                    "code": "EBAY",
                    "confirm": "paid",
                    "create_invoice": True,
                    "register_payment": True,
                    "journal_id": cls.bank_journal.id,
                }
            )
        ]
        cls.account.carrier_mapping_ids = [
            Command.clear(),
            Command.create(
                {
                    "code": "USPSPriority",
                    "carrier_id": cls.express.id,
                    "platform_carrier": "USPS",
                }
            ),
        ]

    def setUp(self):
        super().setUp()
        self.sandbox.reset()
        self.env["ecommerce.ebay.adapter"]._ebay_tokens.clear()
        self.env["ecommerce.ebay.adapter"]._ebay_public_keys.clear()

    # === HELPERS === #

    def order_doc(self, order_id, lines=None, **options):
        options.setdefault("currency", self.currency.name)
        return make_order(order_id, lines, **options)

    def token_calls(self):
        return self.sandbox.call_count(route="POST /identity/v1/oauth2/token")
