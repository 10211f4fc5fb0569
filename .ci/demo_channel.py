# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Create (or refresh) the demo channels, one per sandbox.

Run by ``.ci/demo`` inside ``odoo-bin shell`` (``env`` is given), with the
JSON file written by ``.ci/demo_sandboxes.py`` in ``ECOMMERCE_DEMO_CHANNELS``
(each sandbox's URL and credentials, and the catalogue the stores sell).
Idempotent: running it again reuses what exists and only refreshes the
accounts' URLs and credentials. It creates what a merchant would configure by
hand: the company's tax rounding, the catalogue's products with SKUs and
stock, the tax rates the stores charge, pricelists in their currencies, a
carrier, the payment workflows and one account per platform, then connects
each account and queues its first imports and stock export.
"""

import json
import os
from datetime import timedelta

from odoo import SUPERUSER_ID, fields
from odoo.fields import Command

env = globals()["env"]  # given by odoo-bin shell

CHANNELS = os.environ["ECOMMERCE_DEMO_CHANNELS"]
#: sale taxes the demo stores charge: rate, price included
TAXES = [(21, True), (21, False), (10, False), (19, True), (20, True)]
#: payment method code of each platform's paid orders
PAYMENT_CODES = {
    "testshop": "card",
    "shopify": "shopify_payments",
    "woocommerce": "stripe",
    "amazon": "amazon",
    "ebay": "EBAY",
}
ACCOUNT_NAMES = {
    "testshop": "Demo shop (sandbox)",
    "shopify": "Shopify demo store",
    "woocommerce": "WooCommerce demo store",
    "amazon": "Amazon demo seller",
    "ebay": "eBay demo seller",
}
#: the first import starts with the orders of the last hours
RECENT_HOURS = 24
HISTORY_PRIORITY = 20  # queue_job's default is 10; lower runs first
AMAZON_MARKETPLACES = [  # id, name, currency, prices include tax
    ("ATVPDKIKX0DER", "Amazon.com", "USD", False),
    ("A1PA6795UKMFR9", "Amazon.de", "EUR", True),
    ("A1F83G8C2ARO7P", "Amazon.co.uk", "GBP", True),
]


def ensure(model, domain, values):
    record = env[model].with_context(active_test=False).search(domain, limit=1)
    return record or env[model].create(values)


def setup_company(company):
    """What exact totals need: taxes rounded per line, as every platform
    does, and 4-digit unit prices (tax-excluded prices computed from
    tax-included ones, discounted unit prices)."""
    company.tax_calculation_rounding_method = "round_per_line"
    precision = env.ref("product.decimal_price")
    if precision.digits < 4:
        precision.digits = 4
    tax_group = env["account.tax.group"].search(
        [("company_id", "=", company.id)], limit=1
    )
    for rate, included in TAXES:
        name = f"Demo VAT {rate}% {'incl' if included else 'excl'}"
        ensure(
            "account.tax",
            [("name", "=", name), ("company_id", "=", company.id)],
            {
                "name": name,
                "amount": rate,
                "type_tax_use": "sale",
                "company_id": company.id,
                "price_include_override": "tax_included"
                if included
                else "tax_excluded",
                "tax_group_id": tax_group.id,
            },
        )
    pricelists = {}
    for code in ("EUR", "USD", "GBP"):
        currency = env.ref(f"base.{code}")
        currency.active = True
        pricelists[code] = ensure(
            "product.pricelist",
            [("name", "=", f"Demo {code}")],
            {"name": f"Demo {code}", "currency_id": currency.id},
        )
    return pricelists


def setup_products(catalogue, warehouse):
    for item in catalogue:
        product = ensure(
            "product.product",
            [("default_code", "=", item["sku"])],
            {
                "name": item["name"],
                "default_code": item["sku"],
                "barcode": item["barcode"],
                "list_price": float(item["price"]),
                "is_storable": True,
                "invoice_policy": "order",
            },
        )
        if item["on_hand"] and not product.qty_available:
            env["stock.quant"]._update_available_quantity(
                product, warehouse.lot_stock_id, item["on_hand"]
            )
    service = {"type": "service", "invoice_policy": "order"}
    products = {
        key: ensure("product.product", [("name", "=", name)], {"name": name, **service})
        for key, name in (
            ("shipping", "Demo shipping"),
            ("discount", "Demo discount"),
            ("fee", "Demo fees"),
        )
    }
    products["carrier"] = ensure(
        "delivery.carrier",
        [("name", "=", "Demo standard")],
        {
            "name": "Demo standard",
            "product_id": products["shipping"].id,
            "delivery_type": "fixed",
        },
    )
    return products


def platform_values(platform, channel, company, pricelists):
    """Fields of each platform's account: the sandbox's credentials, set as
    the platform addon's tests set them (see <addon>/tests/common.py)."""
    if platform == "testshop":
        return {
            "access_token": channel["token"],
            "webhook_secret": channel["webhook_secret"],
            "pricelist_id": pricelists["EUR"].id,
        }
    if platform == "shopify":
        return {
            "access_token": channel["token"],
            "api_secret": channel["api_secret"],
            "pricelist_id": pricelists["EUR"].id,
        }
    if platform == "woocommerce":
        return {
            "api_key": channel["consumer_key"],
            "api_secret": channel["consumer_secret"],
            "webhook_secret": channel["webhook_secret"],
            "pricelist_id": pricelists["EUR"].id,
        }
    if platform == "amazon":
        fba = ensure(
            "stock.warehouse",
            [("code", "=", "FBA"), ("company_id", "=", company.id)],
            {"name": "Amazon FBA", "code": "FBA", "company_id": company.id},
        )
        return {
            "amazon_region": "eu",
            "amazon_seller_id": channel["seller_id"],
            "amazon_lwa_url": f"{channel['url']}/auth/o2/token",
            "api_key": channel["client_id"],
            "api_secret": channel["client_secret"],
            "refresh_token": channel["refresh_token"],
            "amazon_fba_warehouse_id": fba.id,
            "amazon_feed_poll_interval": 5,
            "pricelist_id": pricelists["USD"].id,
        }
    if platform == "ebay":
        return {
            "api_key": channel["client_id"],
            "api_secret": channel["client_secret"],
            "refresh_token": channel["refresh_token"],
            "ebay_marketplace_id": "EBAY_US",
            "pricelist_id": pricelists["USD"].id,
        }
    raise ValueError(f"No demo account for platform {platform!r}")


def first_values(platform, journal, products):
    """One2many values set only when the account is created."""
    payment = {
        "code": PAYMENT_CODES[platform],
        "confirm": "paid",
        "create_invoice": True,
        "register_payment": bool(journal),
        "journal_id": journal.id,
    }
    values = {"payment_mapping_ids": [Command.create(payment)]}
    if platform == "woocommerce":
        # bank transfers stay quotations until the money is there
        values["payment_mapping_ids"].append(
            Command.create({"code": "bacs", "confirm": "paid"})
        )
        values["woocommerce_fee_product_id"] = products["fee"].id
    if platform == "amazon":
        values["amazon_marketplace_ids"] = [
            Command.create(
                {
                    "marketplace_id": marketplace,
                    "name": name,
                    "currency_id": env.ref(f"base.{code}").id,
                    "prices_include_tax": included,
                }
            )
            for marketplace, name, code, included in AMAZON_MARKETPLACES
        ]
    return values


def bind_skus(account, catalogue):
    """Offers of a platform without a catalogue read (Amazon: listings are
    keyed by seller SKU), bound by SKU so that their stock is published."""
    Binding = env["ecommerce.product.binding"]
    for item in catalogue:
        product = env["product.product"].search(
            [("default_code", "=", item["sku"])], limit=1
        )
        domain = [("account_id", "=", account.id), ("external_id", "=", item["sku"])]
        if product and not Binding.search_count(domain):
            Binding.create(
                {
                    "account_id": account.id,
                    "external_id": item["sku"],
                    "sku": item["sku"],
                    "product_id": product.id,
                }
            )


def setup_account(
    platform, channel, company, warehouse, pricelists, products, catalogue
):
    journal = env["account.journal"].search(
        [("type", "=", "bank"), ("company_id", "=", company.id)], limit=1
    )
    name = ACCOUNT_NAMES[platform]
    account = (
        env["ecommerce.account"]
        .with_context(active_test=False)
        .search([("name", "=", name)], limit=1)
    )
    values = {
        "name": name,
        "platform": platform,
        "active": True,
        "company_id": company.id,
        "base_url": channel["url"],
        "warehouse_id": warehouse.id,
        "default_carrier_id": products["carrier"].id,
        "discount_product_id": products["discount"].id,
        "order_import_interval": 1,
        "stock_export_interval": 5,
        "stock_export_delay": 10,
        **platform_values(platform, channel, company, pricelists),
    }
    created = not account
    if created:
        values["import_start_date"] = fields.Datetime.now() - timedelta(days=10)
        values.update(first_values(platform, journal, products))
        account = env["ecommerce.account"].create(values)
    else:
        account.write(values)
    try:
        account.action_test_connection()
    except Exception as error:  # noqa: BLE001 -- shown, the other channels go on
        print(f"  {name}: connection test failed: {error}")
        return account
    if platform == "amazon":
        bind_skus(account, catalogue)
    elif created:
        account.action_import_products_now()
    account.action_export_stock_now()
    if created:
        # First the last day, a small job whose orders show within a minute,
        # then the history (each job commits its orders at its end).
        now = fields.Datetime.now()
        account._enqueue(
            "import_orders",
            key="demo-recent",
            trigger="manual",
            since=now - timedelta(hours=RECENT_HOURS),
        )
    else:
        # queued once: a job with the same identity waiting already is reused
        account.action_import_orders_now()
    return account


def queue_history(account):
    """The first import of the orders older than the recent ones, at a lower
    priority than the stock exports the recent orders queue."""
    account.with_user(SUPERUSER_ID).with_delay(
        channel=account._job_channel(),
        identity_key=f"ecommerce:{account.id}:import_orders:demo-history",
        description=f"{account.name}: import orders history",
        priority=HISTORY_PRIORITY,
    ).import_orders(trigger="manual", since=account.import_start_date)


def main():
    with open(CHANNELS, encoding="utf-8") as channels_file:
        demo = json.load(channels_file)
    company = env.company
    warehouse = env["stock.warehouse"].search(
        [("company_id", "=", company.id)], limit=1
    )
    pricelists = setup_company(company)
    products = setup_products(demo["catalogue"], warehouse)
    env.cr.commit()
    new_accounts = []
    for platform, channel in demo["channels"].items():
        existed = bool(
            env["ecommerce.account"]
            .with_context(active_test=False)
            .search_count([("name", "=", ACCOUNT_NAMES[platform])])
        )
        account = setup_account(
            platform,
            channel,
            company,
            warehouse,
            pricelists,
            products,
            demo["catalogue"],
        )
        if not existed and account.state == "connected":
            new_accounts.append(account)
        env.cr.commit()
        print(
            f"  {account.name}: {account.state}, {channel['url']} "
            f"({account.order_count} orders so far)"
        )
    for account in new_accounts:
        queue_history(account)
    env.cr.commit()


main()
