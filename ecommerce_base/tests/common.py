# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Test base for the connector addons: a company with a chart of accounts,
sale taxes of common rates (price included and excluded), storable products
with SKUs and barcodes, carriers, and helpers to check totals to the cent.

A platform addon's tests subclass :class:`EcommerceCommon`, start the
platform's sandbox with :meth:`_start_sandbox` and create their account with
:meth:`_create_account`.
"""

import json
import os
import sys
from decimal import Decimal

from odoo.fields import Command

from odoo.addons.account.tests.common import AccountTestInvoicingCommon

#: The repository's plain-Python test helpers (the ``sandbox`` package of
#: platform sandboxes, ``e2e``): importable once this module is.
TESTS_DIR = os.path.abspath(
    os.path.join(os.path.dirname(__file__), "..", "..", "tests")
)
if TESTS_DIR not in sys.path:
    sys.path.insert(0, TESTS_DIR)


class EcommerceCommon(AccountTestInvoicingCommon):
    #: A platform suite's settings: the tax rounding its platform uses, set on
    #: the company when given; its sandbox's ``make_order(order_id, ...)``
    #: (:meth:`order_doc`).
    tax_rounding = None
    order_factory = None
    #: the platform's sandbox, see :meth:`_start_sandbox`
    sandbox = None

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.env.user.group_ids |= (
            cls.env.ref("ecommerce_base.group_ecommerce_manager")
            | cls.env.ref("sales_team.group_sale_manager")
            | cls.env.ref("stock.group_stock_manager")
        )
        cls.company = cls.env.company
        cls.currency = cls.company.currency_id
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.company.id)], limit=1
        )
        cls.bank_journal = cls.company_data["default_journal_bank"]
        tax_group = cls.company_data["default_tax_sale"].tax_group_id
        cls.taxes = {}
        for rate in (21, 20, 19, 10, 6, 5):
            for included in (False, True):
                cls.taxes[rate, included] = cls.env["account.tax"].create(
                    {
                        "name": f"Sales tax {rate}% {'incl' if included else 'excl'}",
                        "amount": rate,
                        "type_tax_use": "sale",
                        "price_include_override": "tax_included"
                        if included
                        else "tax_excluded",
                        "tax_group_id": tax_group.id,
                    }
                )
        cls.tax_21_excl = cls.taxes[21, False]
        cls.tax_21_incl = cls.taxes[21, True]
        cls.tax_6_excl = cls.taxes[6, False]
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
        service = {"type": "service", "invoice_policy": "order"}
        cls.discount_product = Product.create({"name": "Platform discount", **service})
        cls.fallback_product = Product.create({"name": "Unknown item", **service})
        shipping_product = Product.create({"name": "Shipping", **service})
        Carrier = cls.env["delivery.carrier"]
        cls.carrier = Carrier.create(
            {
                "name": "Standard",
                "product_id": shipping_product.id,
                "delivery_type": "fixed",
            }
        )
        cls.express = Carrier.create(
            {
                "name": "Express",
                "product_id": shipping_product.id,
                "delivery_type": "fixed",
            }
        )
        if cls.tax_rounding:
            cls.company.tax_calculation_rounding_method = cls.tax_rounding

    def setUp(self):
        super().setUp()
        if self.sandbox is not None:
            self.sandbox.reset()

    @classmethod
    def _start_sandbox(cls, sandbox):
        """Start ``sandbox`` (a server of tests/sandbox) as the class's
        ``sandbox``: stopped after the class, emptied before each test."""
        cls.sandbox = sandbox.start()
        cls.addClassCleanup(cls.sandbox.stop)
        return cls.sandbox

    @classmethod
    def _paid_payment_mapping(cls, code):
        """A payment mapping command for platform payment method ``code``:
        orders confirmed, invoiced and paid into the bank journal."""
        return Command.create(
            {
                "code": code,
                "confirm": "paid",
                "create_invoice": True,
                "register_payment": True,
                "journal_id": cls.bank_journal.id,
            }
        )

    @classmethod
    def _create_account(cls, platform, **values):
        """A connected account of ``platform`` with the usual mappings: card
        payments confirmed, invoiced and paid; ``express`` shipping to the
        Express carrier (sent as DHL); a default carrier and discount product."""
        vals = {
            "name": f"Test {platform}",
            "platform": platform,
            "company_id": cls.company.id,
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
            "payment_mapping_ids": [cls._paid_payment_mapping("card")],
            "state": "connected",
        }
        vals.update(values)
        account = cls.env["ecommerce.account"].create(vals)
        account.database_uuid = (
            cls.env["ir.config_parameter"].sudo().get_param("database.uuid")
        )
        return account

    # === HELPERS === #

    @classmethod
    def load_json(cls, name):
        """The recorded platform payload ``name``: a JSON file of the ``data``
        folder beside the test class's module."""
        tests_folder = os.path.dirname(sys.modules[cls.__module__].__file__)
        path = os.path.join(tests_folder, "data", name)
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)

    def order_doc(self, order_id, *args, **kwargs):
        """A native order of the platform (its sandbox's ``order_factory``)
        in the company currency unless ``currency`` is given."""
        kwargs.setdefault("currency", self.currency.name)
        return self.order_factory(order_id, *args, **kwargs)

    def order_binding(self, account, external_id):
        return self.env["ecommerce.order.binding"].search(
            [("account_id", "=", account.id), ("external_id", "=", str(external_id))]
        )

    # Platform suites set ``cls.account`` on the sandbox of
    # :meth:`_start_sandbox` (it has ``seed_orders``) and use the two helpers
    # below.

    def import_docs(self, *documents):
        """Seed native orders on the sandbox and run the account's order import
        as the cron would; the bindings of those orders."""
        self.sandbox.seed_orders(list(documents))
        self.account.import_orders()
        mapper = self.account._mapper()
        return self.env["ecommerce.order.binding"].search(
            [
                ("account_id", "=", self.account.id),
                (
                    "external_id",
                    "in",
                    [mapper.order_external_id(self.account, d) for d in documents],
                ),
            ]
        )

    def sale_order_of(self, external_id):
        return self.order_binding(self.account, external_id).sale_order_id

    def assert_total(self, sale_order, expected):
        """Odoo's total equals the platform's (a string or Decimal), to the cent."""
        odoo_total = Decimal(repr(sale_order.amount_total)).quantize(Decimal("0.01"))
        self.assertEqual(odoo_total, Decimal(str(expected)))

    def create_sized_template(self, name, price, sizes=("S", "L"), **values):
        """A storable product template with one variant per size, whose
        internal references are ``<NAME>-<size>``."""
        size = self.env["product.attribute"].create(
            {"name": "Size", "value_ids": [Command.create({"name": s}) for s in sizes]}
        )
        template = self.env["product.template"].create(
            {
                "name": name,
                "is_storable": True,
                "list_price": price,
                "attribute_line_ids": [
                    Command.create(
                        {
                            "attribute_id": size.id,
                            "value_ids": [Command.set(size.value_ids.ids)],
                        }
                    )
                ],
                **values,
            }
        )
        for variant in template.product_variant_ids:
            value = variant.product_template_attribute_value_ids.name
            variant.default_code = f"{name.upper()}-{value}"
        return template

    def set_stock(self, product, quantity, location=None):
        self.env["stock.quant"]._update_available_quantity(
            product, location or self.warehouse.lot_stock_id, quantity
        )

    def deliver(self, picking, quantities, tracking=""):
        """Validate ``picking`` shipping ``{product: qty}``; the rest goes to a
        backorder. Returns the picking."""
        if tracking:
            picking.carrier_tracking_ref = tracking
        for move in picking.move_ids:
            move.quantity = quantities.get(move.product_id, 0)
            move.picked = True
        picking._action_done()
        return picking

    def errors_of(self, account, external_id=None):
        domain = [("account_id", "=", account.id)]
        if external_id is not None:
            domain.append(("external_id", "=", str(external_id)))
        return self.env["ecommerce.error.log"].search(domain)
