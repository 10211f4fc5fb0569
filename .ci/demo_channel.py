# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Create (or refresh) the demo channel of the built-in sandbox.

Run by ``.ci/demo`` inside ``odoo-bin shell`` (``env`` is given), with the
sandbox's URL in ``ECOMMERCE_DEMO_SANDBOX_URL``. Idempotent: running it again
reuses what exists. It creates what a merchant would configure by hand: the
sandbox's products with SKUs and stock, its tax rates, a pricelist in its
currency, a carrier and the payment workflow, then connects the account and
queues the first import and stock export.
"""

import os

from odoo.fields import Command

env = globals()["env"]  # given by odoo-bin shell

SANDBOX_URL = os.environ["ECOMMERCE_DEMO_SANDBOX_URL"]
TOKEN = os.environ.get("ECOMMERCE_DEMO_SANDBOX_TOKEN", "test-token")
SECRET = os.environ.get("ECOMMERCE_DEMO_SANDBOX_SECRET", "test-webhook-secret")
PRODUCTS = [  # sku, barcode, name, price, quantity on hand in Odoo
    ("TS-MUG-01", "5400000000010", "Ceramic mug", 12.5, 35),
    ("TS-TEE-M", "5400000000027", "Organic T-shirt (M)", 25.0, 10),
    ("TS-TEE-L", "5400000000034", "Organic T-shirt (L)", 25.0, 4),
    ("TS-CAP-01", "5400000000041", "Cap", 15.0, 0),
]


def ensure(model, domain, values):
    record = env[model].with_context(active_test=False).search(domain, limit=1)
    return record or env[model].create(values)


def main():
    company = env.company
    warehouse = env["stock.warehouse"].search(
        [("company_id", "=", company.id)], limit=1
    )
    eur = env.ref("base.EUR")
    eur.active = True
    pricelist = ensure(
        "product.pricelist",
        [("name", "=", "Sandbox EUR")],
        {"name": "Sandbox EUR", "currency_id": eur.id},
    )
    tax_group = env["account.tax.group"].search(
        [("company_id", "=", company.id)], limit=1
    )
    for included in (True, False):
        name = f"Sandbox VAT 21% {'incl' if included else 'excl'}"
        ensure(
            "account.tax",
            [("name", "=", name), ("company_id", "=", company.id)],
            {
                "name": name,
                "amount": 21,
                "type_tax_use": "sale",
                "company_id": company.id,
                "price_include_override": "tax_included"
                if included
                else "tax_excluded",
                "tax_group_id": tax_group.id,
            },
        )
    for sku, barcode, name, price, quantity in PRODUCTS:
        product = ensure(
            "product.product",
            [("default_code", "=", sku)],
            {
                "name": name,
                "default_code": sku,
                "barcode": barcode,
                "list_price": price,
                "is_storable": True,
                "invoice_policy": "order",
            },
        )
        if quantity and not product.qty_available:
            env["stock.quant"]._update_available_quantity(
                product, warehouse.lot_stock_id, quantity
            )
    service = {"type": "service", "invoice_policy": "order"}
    shipping = ensure(
        "product.product",
        [("name", "=", "Sandbox shipping")],
        {"name": "Sandbox shipping", **service},
    )
    discount = ensure(
        "product.product",
        [("name", "=", "Sandbox discount")],
        {"name": "Sandbox discount", **service},
    )
    carrier = ensure(
        "delivery.carrier",
        [("name", "=", "Sandbox standard")],
        {
            "name": "Sandbox standard",
            "product_id": shipping.id,
            "delivery_type": "fixed",
        },
    )
    journal = env["account.journal"].search(
        [("type", "=", "bank"), ("company_id", "=", company.id)], limit=1
    )
    account = (
        env["ecommerce.account"]
        .with_context(active_test=False)
        .search([("name", "=", "Demo shop (sandbox)")], limit=1)
    )
    values = {
        "name": "Demo shop (sandbox)",
        "platform": "testshop",
        "active": True,
        "company_id": company.id,
        "base_url": SANDBOX_URL,
        "access_token": TOKEN,
        "webhook_secret": SECRET,
        "warehouse_id": warehouse.id,
        "pricelist_id": pricelist.id,
        "default_carrier_id": carrier.id,
        "discount_product_id": discount.id,
        "order_import_interval": 1,
        "stock_export_interval": 5,
        "stock_export_delay": 10,
    }
    if not account:
        values["payment_mapping_ids"] = [
            Command.create(
                {
                    "code": "card",
                    "confirm": "paid",
                    "create_invoice": True,
                    "register_payment": bool(journal),
                    "journal_id": journal.id,
                }
            )
        ]
        account = env["ecommerce.account"].create(values)
    else:
        account.write(values)
    account.action_test_connection()
    account.action_import_products_now()
    account.action_import_orders_now()
    account.action_export_stock_now()
    env.cr.commit()
    print(f"demo channel ready: account {account.id} on {SANDBOX_URL}")


main()
