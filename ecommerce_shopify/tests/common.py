# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Shared set-up: the company of the base tests, the Shopify sandbox on
loopback and a Shopify account connected to it."""

from odoo.addons.ecommerce_base.tests.common import EcommerceCommon

from sandbox.shopify import ShopifySandbox, make_order, sign
from sandbox.shopify_documents import order_to_graphql

GRAPHQL = "POST /admin/api/<version>/graphql.json"

__all__ = [
    "GRAPHQL",
    "ShopifyCommon",
    "ShopifySandbox",
    "make_order",
    "order_to_graphql",
    "sign",
]


class ShopifyCommon(EcommerceCommon):
    """A Shopify account on the sandbox, connected (shop read, its single
    location mapped to the warehouse stock), selling with Shopify Payments."""

    # Shopify rounds tax per line (see readme/CONFIGURE.md)
    tax_rounding = "round_per_line"
    order_factory = staticmethod(make_order)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # discounted unit prices need 4 digits (see readme/CONFIGURE.md)
        cls.env.ref("product.decimal_price").digits = 4
        cls._start_sandbox(ShopifySandbox(currency=cls.currency.name))
        cls.account = cls._create_account(
            "shopify",
            name="Shopify test shop",
            base_url=cls.sandbox.url,
            access_token=cls.sandbox.token,
            api_secret=cls.sandbox.api_secret,
            shopify_api_version="2026-04",
            state="draft",
        )
        cls.account.payment_mapping_ids = [
            cls._paid_payment_mapping("shopify_payments")
        ]
        cls.account.action_test_connection()

    # === HELPERS === #

    def graphql_calls(self):
        return self.sandbox.call_count(route=GRAPHQL)
