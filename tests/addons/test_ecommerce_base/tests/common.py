# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Shared set-up: a company with a chart of accounts, the testshop sandbox
running on loopback, and a testshop account pointing at it."""

import os
import sys
from decimal import Decimal

from odoo.fields import Command

from odoo.addons.account.tests.common import AccountTestInvoicingCommon

TESTS_DIR = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
if TESTS_DIR not in sys.path:
    sys.path.insert(0, TESTS_DIR)

from sandbox.testshop import (  # noqa: E402
    TestshopSandbox,
    make_order,
    order_total,
    sign,
)

__all__ = [
    "EcommerceTestCommon",
    "TestshopSandbox",
    "make_order",
    "order_total",
    "sign",
]


class EcommerceTestCommon(AccountTestInvoicingCommon):
    """Company, taxes, products, carrier and a connected testshop account."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(
            context=dict(
                cls.env.context, tracking_disable=True, queue_job__no_delay=False
            )
        )
        cls.env.user.group_ids |= (
            cls.env.ref("ecommerce_base.group_ecommerce_manager")
            | cls.env.ref("sales_team.group_sale_manager")
            | cls.env.ref("stock.group_stock_manager")
        )
        cls.sandbox = TestshopSandbox().start()
        cls.addClassCleanup(cls.sandbox.stop)
        cls.company = cls.env.company
        cls.currency = cls.company.currency_id
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.company.id)], limit=1
        )
        Tax = cls.env["account.tax"]
        tax_group = cls.company_data["default_tax_sale"].tax_group_id
        cls.tax_21_excl = Tax.create(
            {
                "name": "VAT 21% excl",
                "amount": 21,
                "type_tax_use": "sale",
                "price_include_override": "tax_excluded",
                "tax_group_id": tax_group.id,
            }
        )
        cls.tax_21_incl = Tax.create(
            {
                "name": "VAT 21% incl",
                "amount": 21,
                "type_tax_use": "sale",
                "price_include_override": "tax_included",
                "tax_group_id": tax_group.id,
            }
        )
        cls.tax_6_excl = Tax.create(
            {
                "name": "VAT 6% excl",
                "amount": 6,
                "type_tax_use": "sale",
                "price_include_override": "tax_excluded",
                "tax_group_id": tax_group.id,
            }
        )
        Product = cls.env["product.product"]
        cls.mug = Product.create(
            {
                "name": "Ceramic mug",
                "default_code": "TS-MUG-01",
                "barcode": "5400000000010",
                "is_storable": True,
                "list_price": 12.5,
                "invoice_policy": "order",
            }
        )
        cls.tee = Product.create(
            {
                "name": "Organic T-shirt (M)",
                "default_code": "TS-TEE-M",
                "barcode": "5400000000027",
                "is_storable": True,
                "list_price": 25,
                "invoice_policy": "order",
            }
        )
        cls.book = Product.create(
            {
                "name": "Cook book",
                "default_code": "TS-BOOK",
                "is_storable": True,
                "list_price": 30,
                "invoice_policy": "order",
            }
        )
        cls.discount_product = Product.create(
            {"name": "Platform discount", "type": "service", "invoice_policy": "order"}
        )
        cls.fallback_product = Product.create(
            {"name": "Unknown item", "type": "service", "invoice_policy": "order"}
        )
        shipping_product = Product.create(
            {"name": "Shipping", "type": "service", "invoice_policy": "order"}
        )
        cls.carrier = cls.env["delivery.carrier"].create(
            {
                "name": "Standard",
                "product_id": shipping_product.id,
                "delivery_type": "fixed",
            }
        )
        cls.express = cls.env["delivery.carrier"].create(
            {
                "name": "Express",
                "product_id": shipping_product.id,
                "delivery_type": "fixed",
            }
        )
        cls.bank_journal = cls.company_data["default_journal_bank"]
        cls.account = cls.env["ecommerce.account"].create(
            {
                "name": "Test shop",
                "platform": "testshop",
                "company_id": cls.company.id,
                "base_url": cls.sandbox.url,
                "access_token": cls.sandbox.token,
                "webhook_secret": cls.sandbox.webhook_secret,
                "warehouse_id": cls.warehouse.id,
                "default_carrier_id": cls.carrier.id,
                "discount_product_id": cls.discount_product.id,
                "fallback_product_id": cls.fallback_product.id,
                "carrier_mapping_ids": [
                    Command.create(
                        {
                            "code": "express",
                            "carrier_id": cls.express.id,
                            "platform_carrier": "DHL",
                        }
                    )
                ],
                "payment_mapping_ids": [
                    Command.create(
                        {
                            "code": "card",
                            "confirm": "paid",
                            "create_invoice": True,
                            "register_payment": True,
                            "journal_id": cls.bank_journal.id,
                        }
                    )
                ],
            }
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

    def import_docs(self, *documents):
        """Seed orders on the sandbox and run the import job as the cron would."""
        self.sandbox.seed_orders(list(documents))
        self.account.import_orders()
        return self.env["ecommerce.order.binding"].search(
            [
                ("account_id", "=", self.account.id),
                ("external_id", "in", [d["id"] for d in documents]),
            ]
        )

    def sale_order_of(self, external_id):
        binding = self.env["ecommerce.order.binding"].search(
            [("account_id", "=", self.account.id), ("external_id", "=", external_id)]
        )
        return binding.sale_order_id

    def assert_total(self, sale_order, document):
        """Odoo's total equals the platform's, to the cent, as Decimals."""
        odoo_total = Decimal(repr(sale_order.amount_total)).quantize(Decimal("0.01"))
        self.assertEqual(odoo_total, Decimal(document["total"]))

    def set_stock(self, product, quantity):
        self.env["stock.quant"]._update_available_quantity(
            product, self.warehouse.lot_stock_id, quantity
        )
