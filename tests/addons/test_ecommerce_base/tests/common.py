# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Shared set-up: a company with a chart of accounts, the testshop sandbox
running on loopback, and a testshop account pointing at it."""

from odoo.addons.ecommerce_base.tests.common import EcommerceCommon

from sandbox.testshop import (
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

    order_factory = staticmethod(make_order)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._start_sandbox(TestshopSandbox())
        cls.account = cls._create_account(
            "testshop",
            name="Test shop",
            base_url=cls.sandbox.url,
            access_token=cls.sandbox.token,
            webhook_secret=cls.sandbox.webhook_secret,
            state="draft",
        )
        cls.account.action_test_connection()
