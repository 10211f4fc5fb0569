# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Shared set-up: a company with a chart of accounts, the testshop sandbox
running on loopback, and a testshop account pointing at it."""

import os
import sys

from odoo.addons.ecommerce_base.tests.common import EcommerceCommon

TESTS_DIR = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
if TESTS_DIR not in sys.path:
    sys.path.insert(0, TESTS_DIR)

from sandbox.testshop import (  # noqa: E402
    TestshopSandbox,
    format_time,
    make_order,
    order_total,
    sign,
)

__all__ = [
    "EcommerceTestCommon",
    "TestshopSandbox",
    "format_time",
    "make_order",
    "order_total",
    "sign",
]


class EcommerceTestCommon(EcommerceCommon):
    """The shared company set-up plus a connected testshop account."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sandbox = TestshopSandbox().start()
        cls.addClassCleanup(cls.sandbox.stop)
        cls.account = cls._create_account(
            "testshop",
            name="Test shop",
            base_url=cls.sandbox.url,
            access_token=cls.sandbox.token,
            webhook_secret=cls.sandbox.webhook_secret,
            state="draft",
        )
        cls.account.action_test_connection()

    def setUp(self):
        super().setUp()
        self.sandbox.reset()

    # === HELPERS === #

    def order_doc(self, order_id, **overrides):
        """A valid testshop order in the company currency."""
        overrides.setdefault("currency", self.currency.name)
        return make_order(order_id, **overrides)
