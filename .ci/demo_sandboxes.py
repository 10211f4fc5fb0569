#!/usr/bin/env python3
# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Serve the demo stores: one sandbox per platform, seeded with a realistic shop.

Run by ``.ci/demo`` with the virtualenv's Python::

    python .ci/demo_sandboxes.py --port 8765 --channels .ci/logs/demo-channels.json

Each sandbox gets its own port, from ``--port`` up: testshop, shopify,
woocommerce, amazon, ebay. Every store sells the same catalogue (the SKUs of
:data:`CATALOGUE`, which ``.ci/demo_channel.py`` creates in Odoo) and holds a
few dozen orders spread over the last days, in the platform's own format,
plus a few deliberately broken ones (an unknown SKU, a total that does not add
up, a tax rate Odoo does not have, a buyer nobody can identify) that end up in
Odoo's error log. The orders are the same on every run (fixed random seed),
dated relative to now.

The JSON file written to ``--channels`` tells ``.ci/demo_channel.py`` each
sandbox's URL and credentials, and the catalogue. The process serves until
SIGINT or SIGTERM; each sandbox's calls are summed up on stdout every minute
(``--report-every``) so the demo log shows stock exports arriving.
"""

import argparse
import json
import os
import random
import signal
import sys
import threading
import time
from datetime import datetime, timedelta, timezone
from decimal import Decimal

sys.path.insert(
    0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests")
)

from sandbox import amazon, ebay, shopify_documents, woocommerce_factory  # noqa: E402
from sandbox.registry import get_platform  # noqa: E402

PLATFORMS = ("testshop", "shopify", "woocommerce", "amazon", "ebay")
#: sku, barcode, name, price (EUR, shop price with VAT), Odoo on hand, platform stock
CATALOGUE = [
    ("TS-MUG-01", "5400000000010", "Ceramic mug", "12.50", 160, 40),
    ("TS-TEE-M", "5400000000027", "Organic T-shirt (M)", "25.00", 120, 12),
    ("TS-TEE-L", "5400000000034", "Organic T-shirt (L)", "25.00", 30, 9),
    ("TS-CAP-01", "5400000000041", "Cap", "15.00", 0, 5),
    ("TS-BOOK", "5400000000058", "Cook book", "30.00", 90, 5),
    ("TS-BAG-01", "5400000000065", "Tote bag", "9.90", 200, 50),
    ("TS-BOTTLE", "5400000000072", "Water bottle", "18.00", 100, 20),
    ("TS-APRON", "5400000000089", "Linen apron", "22.00", 70, 10),
]
ORDERS_PER_STORE = 32
DAYS = 6
BUYERS = [
    ("Jane", "Doe"),
    ("Léon", "Dupont"),
    ("Zoë", "Müller"),
    ("Amir", "Haddad"),
    ("Mia", "Jensen"),
    ("Chen", "Wei"),
    ("Lucía", "García"),
    ("Tom", "O'Brien"),
    ("Anouk", "Peeters"),
    ("Olu", "Adeyemi"),
    ("Sofia", "Rossi"),
    ("Kenji", "Sato"),
]
#: credentials the sandboxes accept, given to their constructors and to Odoo
CREDENTIALS = {
    "testshop": {"token": "test-token", "webhook_secret": "test-webhook-secret"},
    "shopify": {"token": "shpat_demo_token", "api_secret": "shpss_demo_secret"},
    "woocommerce": {
        "consumer_key": "ck_0123456789abcdef0123456789abcdef01234567",
        "consumer_secret": "cs_76543210fedcba9876543210fedcba9876543210",
        "webhook_secret": "wc_demo_secret",
    },
    "amazon": {
        "client_id": "amzn1.application-oa2-client.demo",
        "client_secret": "demo-client-secret",
        "refresh_token": "Atzr|demo-refresh-token",
        "seller_id": "A3TH9S8BH6GOGM",
    },
    "ebay": {
        "client_id": "DemoApp-odoo-SBX-0123456789-abcdef01",
        "client_secret": "SBX-demo-0123-4567-89ab",
        "refresh_token": "v^1.1#i^1#r^1#p^3#f^0#t^demo-refresh-token",
    },
}


def _when(rng, now):
    """A moment in the last DAYS days, during shop hours, oldest first later."""
    return now - timedelta(days=rng.randint(0, DAYS - 1), minutes=rng.randint(5, 600))


def _basket(rng, skus=None):
    """1-3 distinct catalogue lines ``(sku, name, price, quantity)``."""
    chosen = rng.sample(CATALOGUE, rng.randint(1, 3))
    return [(c[0], c[2], c[3], rng.choice((1, 1, 1, 2, 3))) for c in chosen]


def _buyer(rng, number):
    first, last = BUYERS[number % len(BUYERS)]
    email = f"{first}.{last}".lower().replace("'", "").replace(" ", "")
    email = email.encode("ascii", "ignore").decode() + f"{number % 7}@example.com"
    return first, last, email


def lines_of(sku, quantity):
    """An order line of ``quantity`` catalogue items ``sku`` (Shopify and
    WooCommerce keys: title/name, price)."""
    item = next(c for c in CATALOGUE if c[0] == sku)
    return {
        "sku": sku,
        "title": item[2],
        "name": item[2],
        "price": item[3],
        "quantity": quantity,
    }


def _us_price(price):
    """EUR price to a round USD price."""
    return str((Decimal(price) * Decimal("1.10")).quantize(Decimal("0.01")))


# === STORES, IN EACH PLATFORM'S FORMAT === #


def shopify_store(rng, now):
    products = [
        {
            "id": 8000 + i,
            "title": name,
            "variants": [
                {
                    "id": 9000 + i,
                    "sku": sku,
                    "barcode": barcode,
                    "price": price,
                    "inventory_quantity": stock,
                }
            ],
        }
        for i, (sku, barcode, name, price, _qty, stock) in enumerate(CATALOGUE)
    ]
    variant = {c[0]: 9000 + i for i, c in enumerate(CATALOGUE)}
    orders = []
    for n in range(ORDERS_PER_STORE):
        first, last, email = _buyer(rng, n)
        moment = _when(rng, now).isoformat()
        lines = [
            {"sku": s, "title": t, "price": p, "quantity": q, "variant_id": variant[s]}
            for s, t, p, q in _basket(rng)
        ]
        options = {}
        if n % 5 == 3:
            options["discounts"] = [
                {"code": "WELCOME10", "value_type": "percentage", "value": "10"}
            ]
        if n % 9 == 4:
            options["refunds"] = [{"lines": [(0, 1, True)]}]
        orders.append(
            shopify_documents.make_order(
                5001 + n,
                lines=lines,
                taxes_included=n % 4 != 1,
                created_at=moment,
                updated_at=moment,
                first_name=first,
                last_name=last,
                email=email,
                cancelled=n == 7,
                financial_status="voided" if n == 7 else "paid",
                **options,
            )
        )
    # broken: an SKU Odoo does not know, and a total that does not add up
    orders.append(
        shopify_documents.make_order(
            5901,
            lines=[
                {
                    "sku": "TS-UNKNOWN-99",
                    "title": "Mystery box",
                    "price": "19.00",
                    "quantity": 1,
                }
            ],
            email="broken.sku@example.com",
        )
    )
    mug = [{**lines_of("TS-MUG-01", 2), "variant_id": variant["TS-MUG-01"]}]
    bad_total = shopify_documents.make_order(
        5902, lines=mug, email="broken.total@example.com"
    )
    bad_total["total_price"] = str(Decimal(bad_total["total_price"]) + Decimal("7.00"))
    bad_total["total_price_set"]["shop_money"]["amount"] = bad_total["total_price"]
    bad_total["total_price_set"]["presentment_money"]["amount"] = bad_total[
        "total_price"
    ]
    orders.append(bad_total)
    orders.append(
        shopify_documents.make_order(
            5903,
            lines=mug,
            email="broken.tax@example.com",
            tax_rate="0.07",
            taxes_included=False,
        )
    )
    return {"products": products, "orders": orders}


def woocommerce_store(rng, now):
    products = [
        woocommerce_factory.make_product(
            11 + i, sku, name=name, price=price, stock=stock
        )
        for i, (sku, _barcode, name, price, _qty, stock) in enumerate(CATALOGUE)
    ]
    product_id = {c[0]: 11 + i for i, c in enumerate(CATALOGUE)}
    orders = []
    for n in range(ORDERS_PER_STORE):
        first, last, email = _buyer(rng, n)
        items = [
            {
                "sku": s,
                "name": t,
                "price": p,
                "quantity": q,
                "product_id": product_id[s],
            }
            for s, t, p, q in _basket(rng)
        ]
        options = {}
        if n % 6 == 2:
            options["coupons"] = [{"code": "SAVE10", "percent": 10}]
        if n % 8 == 5:
            options.update(
                status="on-hold",
                payment_method="bacs",
                payment_method_title="Direct bank transfer",
            )
        orders.append(
            woocommerce_factory.make_order(
                7001 + n,
                items=items,
                prices_include_tax=n % 3 == 0,
                billing=woocommerce_factory.address(first, last, email),
                shipping_address=woocommerce_factory.address(first, last, email),
                created=_when(rng, now),
                status="cancelled" if n == 11 else options.pop("status", "processing"),
                **options,
            )
        )
    orders.append(
        woocommerce_factory.make_order(
            7901,
            items=[
                {
                    "sku": "TS-UNKNOWN-98",
                    "name": "Old stock item",
                    "price": "8.00",
                    "quantity": 2,
                    "product_id": 99,
                }
            ],
            billing=woocommerce_factory.address(
                "Broken", "Sku", "broken.sku@example.com"
            ),
        )
    )
    bad_total = woocommerce_factory.make_order(
        7902,
        items=[{**lines_of("TS-MUG-01", 2), "product_id": product_id["TS-MUG-01"]}],
        billing=woocommerce_factory.address(
            "Broken", "Total", "broken.total@example.com"
        ),
    )
    bad_total["total"] = str(Decimal(bad_total["total"]) + Decimal("3.33"))
    orders.append(bad_total)
    nobody = woocommerce_factory.address(
        "", "", "", address_1="", city="", postcode="", country="", phone=""
    )
    orders.append(
        woocommerce_factory.make_order(
            7903,
            items=[{**lines_of("TS-BAG-01", 1), "product_id": product_id["TS-BAG-01"]}],
            customer_id=0,  # a guest
            billing=nobody,
            shipping_address=dict(nobody),
        )
    )
    return {"products": products, "orders": orders}


AMAZON_MARKETS = [  # marketplace, tax rate, price of a EUR price
    ("ATVPDKIKX0DER", "10", _us_price),
    ("A1PA6795UKMFR9", "19", str),
    (
        "A1F83G8C2ARO7P",
        "20",
        lambda p: str((Decimal(p) * Decimal("0.85")).quantize(Decimal("0.01"))),
    ),
]


def amazon_store(rng, now):
    orders = []
    for n in range(ORDERS_PER_STORE):
        market, rate, price_of = AMAZON_MARKETS[n % len(AMAZON_MARKETS)]
        first, last, _email = _buyer(rng, n)
        items = [
            {
                "sku": s,
                "title": t,
                "quantity": q,
                "unit_price": price_of(p),
                "tax_rate": rate,
                "shipping": "3.99" if i == 0 else "0",
            }
            for i, (s, t, p, q) in enumerate(_basket(rng))
        ]
        moment = _when(rng, now)
        orders.append(
            amazon.make_order(
                f"{111 + n % 3 * 100}-{4000000 + n:07d}-{rng.randint(1, 9999999):07d}",
                marketplace_id=market,
                items=items,
                buyer_name=f"{first} {last}",
                buyer_email=f"{rng.randint(10**6, 10**7)}@marketplace.amazon.com",
                created=moment,
                updated=moment,
                status="PENDING" if n == 9 else "UNSHIPPED",
            )
        )
    orders.append(
        amazon.make_order(
            "111-4999901-0000001",
            items=[
                {
                    "sku": "TS-UNKNOWN-97",
                    "title": "Unlisted",
                    "quantity": 1,
                    "unit_price": "14.99",
                    "tax_rate": "10",
                }
            ],
        )
    )
    orders.append(
        amazon.make_order(
            "111-4999902-0000002",
            items=[
                {
                    "sku": "TS-MUG-01",
                    "title": "Ceramic mug",
                    "quantity": 1,
                    "unit_price": "13.75",
                    "tax_rate": "8.25",
                }
            ],
        )
    )
    listings = [{"sku": c[0], "quantity": c[5]} for c in CATALOGUE]
    return {"orders": orders, "listings": listings}


def ebay_store(rng, now):
    orders = []
    for n in range(ORDERS_PER_STORE):
        first, last, email = _buyer(rng, n)
        lines = [
            {
                "sku": s,
                "title": t,
                "quantity": q,
                "unit_price": _us_price(p),
                "shipping": "4.50" if i == 0 else "0",
                "cr_tax": str(
                    (Decimal(_us_price(p)) * q * Decimal("0.0825")).quantize(
                        Decimal("0.01")
                    )
                )
                if n % 2
                else "0",
                "legacy_item_id": f"2560000{i}{n:04d}",
            }
            for i, (s, t, p, q) in enumerate(_basket(rng))
        ]
        created = _when(rng, now)
        orders.append(
            ebay.make_order(
                f"{10 + n % 90:02d}-{11000 + n:05d}-{rng.randint(10000, 99999)}",
                lines=lines,
                username=f"{first}_{last}".lower().encode("ascii", "ignore").decode(),
                email=email,
                full_name=f"{first} {last}",
                created=created,
                modified=created,
                cancelled=n == 13,
            )
        )
    orders.append(
        ebay.make_order(
            "99-99901-00001",
            lines=[
                {
                    "sku": "TS-UNKNOWN-96",
                    "title": "Sold out listing",
                    "quantity": 1,
                    "unit_price": "9.99",
                }
            ],
        )
    )
    bad_total = ebay.make_order("99-99902-00002")
    total = bad_total["pricingSummary"]["total"]
    total["value"] = str(Decimal(total["value"]) + Decimal("5.00"))
    orders.append(bad_total)
    items = [
        {"sku": c[0], "quantity": c[5], "offers": [{"offerId": str(9100 + i)}]}
        for i, c in enumerate(CATALOGUE)
    ]
    return {"orders": orders, "inventory_items": items}


STORES = {
    "shopify": shopify_store,
    "woocommerce": woocommerce_store,
    "amazon": amazon_store,
    "ebay": ebay_store,
}


def build_sandbox(platform, port, rng, now):
    """The sandbox of ``platform`` on ``port``, seeded; returns (server, summary)."""
    cls = get_platform(platform)
    server = cls(port=port, **CREDENTIALS[platform])
    store = STORES.get(platform)
    payload = store(rng, now) if store else cls.demo_data()
    summary = server.seed(payload)
    return server, summary


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8765, help="first port")
    parser.add_argument("--channels", required=True, help="JSON file to write")
    parser.add_argument("--platforms", default=",".join(PLATFORMS))
    parser.add_argument("--report-every", type=float, default=60.0)
    args = parser.parse_args(argv)

    now = datetime.now(timezone.utc).replace(microsecond=0)
    rng = random.Random(20260101)
    servers, channels = {}, {}
    try:
        for offset, platform in enumerate(PLATFORMS):
            if platform not in args.platforms.split(","):
                continue
            server, summary = build_sandbox(platform, args.port + offset, rng, now)
            servers[platform] = server.start()
            channels[platform] = {"url": server.url, **CREDENTIALS[platform]}
            seeded = ", ".join(f"{v} {k}" for k, v in summary.items() if v)
            print(
                f"{platform} sandbox listening on {server.url} ({seeded})", flush=True
            )
    except OSError as error:
        print(
            f"Cannot start the sandboxes: {error} (set ECOMMERCE_SANDBOX_PORT)",
            flush=True,
        )
        for server in servers.values():
            server.stop()
        return 1
    catalogue = [
        dict(
            zip(
                ("sku", "barcode", "name", "price", "on_hand", "platform_stock"),
                c,
                strict=True,
            )
        )
        for c in CATALOGUE
    ]
    with open(args.channels, "w", encoding="utf-8") as out:
        json.dump({"catalogue": catalogue, "channels": channels}, out, indent=1)

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    last = {}
    while not stop.wait(args.report_every):
        for platform, server in servers.items():
            counts = server.call_counts()
            if counts != last.get(platform):
                last[platform] = counts
                detail = ", ".join(
                    f"{n} {route}" for route, n in sorted(counts.items())
                )
                print(
                    f"{time.strftime('%H:%M:%S')} {platform} calls: {detail}",
                    flush=True,
                )
    for server in servers.values():
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
