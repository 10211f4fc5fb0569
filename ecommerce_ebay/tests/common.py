# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Shared set-up: the company of ``EcommerceCommon``, the eBay sandbox on
loopback and an eBay account pointing at it."""

from odoo.fields import Command

from odoo.addons.ecommerce_base.tests.common import EcommerceCommon

from sandbox.ebay import EbaySandbox, make_order, order_total

SDK_TOKEN = "71745723-d031-455c-bfa5-f90d11b4f20a"

__all__ = ["EbayCommon", "EbaySandbox", "make_order", "order_total"]


class EbayCommon(EcommerceCommon):
    """The shared company set-up plus a connected eBay account: eBay managed
    payments (``EBAY``) are confirmed, invoiced and paid; USPS Priority is
    the Express carrier."""

    order_factory = staticmethod(make_order)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._start_sandbox(EbaySandbox())
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
        cls.account.payment_mapping_ids = [cls._paid_payment_mapping("EBAY")]
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
        self.env["ecommerce.ebay.adapter"]._ebay_tokens.clear()
        self.env["ecommerce.ebay.adapter"]._ebay_public_keys.clear()

    # === HELPERS === #

    def token_calls(self):
        return self.sandbox.call_count(route="POST /identity/v1/oauth2/token")
