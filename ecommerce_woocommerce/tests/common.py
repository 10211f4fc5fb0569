# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Shared set-up: the company of ``EcommerceCommon``, the WooCommerce sandbox
on loopback and a WooCommerce account connected to it (plain http, so every
call is OAuth 1.0a signed by the ``woocommerce`` package)."""

from odoo.fields import Command

from odoo.addons.ecommerce_base.tests.common import EcommerceCommon

from sandbox.woocommerce import (
    WooCommerceSandbox,
    make_order,
    make_product,
    make_refund,
    make_variation,
    sign,
)

__all__ = [
    "WooCommerceCommon",
    "WooCommerceSandbox",
    "make_order",
    "make_product",
    "make_refund",
    "make_variation",
    "sign",
]


class WooCommerceCommon(EcommerceCommon):
    """A WooCommerce account on the sandbox: Stripe payments confirmed,
    invoiced and paid; bank transfers (``bacs``) left as quotations; a fee
    product."""

    # WooCommerce's default: taxes rounded per line (test connection warns
    # when the company rounds otherwise, see test_import)
    tax_rounding = "round_per_line"
    order_factory = staticmethod(make_order)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._start_sandbox(WooCommerceSandbox(currency=cls.currency.name))
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
            cls._paid_payment_mapping("stripe"),
            Command.create({"code": "bacs", "confirm": "paid"}),
        ]
        cls.account.carrier_mapping_ids = [
            Command.create({"code": "local_pickup", "carrier_id": cls.express.id})
        ]
        cls.account.action_test_connection()

    # === HELPERS === #

    def api_calls(self, route):
        """Calls of one API route, e.g. ``GET /wp-json/wc/v3/orders``."""
        return self.sandbox.call_count(route=route)
