# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Shared set-up: the company of the base tests, the Shopify sandbox on
loopback and a Shopify account connected to it."""

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

from sandbox.shopify import ShopifySandbox, make_order, sign  # noqa: E402
from sandbox.shopify_documents import order_to_graphql  # noqa: E402

DATA_DIR = os.path.join(os.path.dirname(__file__), "data")
GRAPHQL = "POST /admin/api/<version>/graphql.json"

__all__ = [
    "GRAPHQL",
    "ShopifyCommon",
    "ShopifySandbox",
    "load_sample",
    "make_order",
    "order_to_graphql",
    "sign",
]


def load_sample(name):
    with open(os.path.join(DATA_DIR, name), encoding="utf-8") as sample:
        return json.load(sample)


class ShopifyCommon(EcommerceCommon):
    """A Shopify account on the sandbox, connected (shop read, its single
    location mapped to the warehouse stock), selling with Shopify Payments."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Shopify rounds tax per line; discounted unit prices need 4 digits
        # (see readme/CONFIGURE.md)
        cls.company.tax_calculation_rounding_method = "round_per_line"
        cls.env.ref("product.decimal_price").digits = 4
        cls.sandbox = ShopifySandbox(currency=cls.currency.name).start()
        cls.addClassCleanup(cls.sandbox.stop)
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
            Command.create(
                {
                    "code": "shopify_payments",
                    "confirm": "paid",
                    "create_invoice": True,
                    "register_payment": True,
                    "journal_id": cls.bank_journal.id,
                }
            )
        ]
        cls.account.action_test_connection()

    def setUp(self):
        super().setUp()
        self.sandbox.reset()

    # === HELPERS === #

    def order_doc(self, order_id, **kwargs):
        kwargs.setdefault("currency", self.currency.name)
        return make_order(order_id, **kwargs)

    def graphql_calls(self):
        return self.sandbox.call_count(route=GRAPHQL)
