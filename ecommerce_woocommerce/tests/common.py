# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Shared set-up: the company of ``EcommerceCommon``, the WooCommerce sandbox
on loopback and a WooCommerce account connected to it (plain http, so every
call is OAuth 1.0a signed by the ``woocommerce`` package)."""

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

from sandbox.woocommerce import (  # noqa: E402
    WooCommerceSandbox,
    make_order,
    make_product,
    make_refund,
    make_variation,
    sign,
)

DATA_DIR = os.path.join(os.path.dirname(__file__), "data")

__all__ = [
    "WooCommerceCommon",
    "WooCommerceSandbox",
    "load_json",
    "make_order",
    "make_product",
    "make_refund",
    "make_variation",
    "sign",
]


def load_json(name):
    """A recorded WooCommerce payload from ``tests/data``."""
    with open(os.path.join(DATA_DIR, name), encoding="utf-8") as handle:
        return json.load(handle)


class WooCommerceCommon(EcommerceCommon):
    """A WooCommerce account on the sandbox: Stripe payments confirmed,
    invoiced and paid; bank transfers (``bacs``) left as quotations; a fee
    product."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # WooCommerce's default: taxes rounded per line (test connection warns
        # when the company rounds otherwise, see test_import)
        cls.company.tax_calculation_rounding_method = "round_per_line"
        cls.sandbox = WooCommerceSandbox(currency=cls.currency.name).start()
        cls.addClassCleanup(cls.sandbox.stop)
        cls.fee_product = cls.env["product.product"].create(
            {"name": "Fees", "type": "service", "invoice_policy": "order"}
        )
        cls.account = cls._create_account(
            "woocommerce",
            name="Woo shop",
            base_url=cls.sandbox.url,
            api_key=cls.sandbox.consumer_key,
            api_secret=cls.sandbox.consumer_secret,
            webhook_secret=cls.sandbox.webhook_secret,
            woocommerce_fee_product_id=cls.fee_product.id,
            woocommerce_retries=3,
            state="draft",
        )
        cls.account.payment_mapping_ids = [
            Command.create(
                {
                    "code": "stripe",
                    "confirm": "paid",
                    "create_invoice": True,
                    "register_payment": True,
                    "journal_id": cls.bank_journal.id,
                }
            ),
            Command.create({"code": "bacs", "confirm": "paid"}),
        ]
        cls.account.carrier_mapping_ids = [
            Command.create({"code": "local_pickup", "carrier_id": cls.express.id})
        ]
        cls.account.action_test_connection()

    def setUp(self):
        super().setUp()
        self.sandbox.reset()

    # === HELPERS === #

    def order_doc(self, order_id, **kwargs):
        """A WooCommerce order in the company currency."""
        kwargs.setdefault("currency", self.currency.name)
        return make_order(order_id, **kwargs)

    def api_calls(self, route):
        """Calls of one API route, e.g. ``GET /wp-json/wc/v3/orders``."""
        return self.sandbox.call_count(route=route)
