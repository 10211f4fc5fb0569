"""Scenario 2: platform faults. While orders arrive (webhooks and polling)
and stock moves, the platform answers 30% of calls 429 with Retry-After,
10% 503, 5% later than the connector's timeout, and goes down completely
for a while (20 s here, 5 minutes with ``ECOMMERCE_SOAK=1``) before coming
back: every order is imported once, the import cursor resumes without a gap
and the published stock converges to Odoo's quantities."""

import math
import time

from e2e import figures
from e2e.conftest import PRODUCTS, REQUEST_TIMEOUT, SOAK
from e2e.scenario import (
    IMPORT_CRON,
    STOCK_CRON,
    begin,
    db_now,
    e2e_orders,
    faults_injected,
    outcome,
    send_webhooks,
)

ORDERS = 100 if SOAK else 20
DOWN_SECONDS = 300 if SOAK else 20
CONVERGE_SECONDS = 900 if SOAK else 240
FAULTS = {
    "rate_429": 0.3,
    "retry_after": 1,
    "rate_5xx": 0.1,
    "slow_rate": 0.05,
    "slow_seconds": REQUEST_TIMEOUT + 1,
    "seed": 20261123,
    "only_paths": ["/api/"],
}


def _published_vs_odoo(server, account_id, shop):
    """SKUs whose quantity on the platform differs from what Odoo has free
    to sell in the account's warehouse: ``{sku: (platform, odoo)}``."""
    [(warehouse_id,)] = server.sql(
        "SELECT warehouse_id FROM ecommerce_account WHERE id = %s", (account_id,)
    )
    skus = [sku for sku, *_ in PRODUCTS]
    products = server.call(
        "product.product",
        "search_read",
        [("default_code", "in", skus)],
        fields=["default_code", "free_qty"],
        context={"warehouse_id": warehouse_id},
    )
    odoo = {p["default_code"]: max(0, math.floor(p["free_qty"])) for p in products}
    platform = shop.inventory()
    return {
        sku: (platform.get(sku), odoo.get(sku))
        for sku in skus
        if platform.get(sku) != odoo.get(sku)
    }


def _bound_products(server, account_id):
    return server.sql(
        "SELECT count(*) FROM ecommerce_product_binding WHERE account_id = %s",
        (account_id,),
    )[0][0]


def test_faults_and_outage_lose_nothing(e2e):
    server = e2e.server
    account_id, shop, since, currency = begin(e2e, "faults")
    url = e2e.webhook_url("faults")
    shop.seed_products(
        [
            {"id": str(i + 1), "sku": sku, "title": name, "price": price}
            for i, (sku, name, price, _qty) in enumerate(PRODUCTS)
        ]
    )
    docs = e2e_orders(currency, range(ORDERS), f"F{e2e.run}", f"{e2e.run}-f", 10)
    first, second = docs[: ORDERS // 2], docs[ORDERS // 2 :]
    deliveries = 0

    def busy(method):
        return server.sql(
            "SELECT count(*) FROM queue_job WHERE method_name = %s "
            "AND identity_key LIKE %s AND state NOT IN ('done', 'failed', 'cancelled')",
            (method, f"ecommerce:{account_id}:%"),
        )[0][0]

    def cron(xmlid):
        """Run a cron, unless a job it would race with still waits or runs:
        the real schedules (10 and 30 minutes apart) rarely overlap a job;
        scenario 1 covers overlapping imports. Both jobs write the account
        (cursor, last export), so one would start its batch over."""
        nonlocal deliveries
        if not busy("import_orders") and not busy("export_stock"):
            server.trigger_cron(xmlid)
            deliveries += 1

    shop.set_faults(**FAULTS)
    server.call("ecommerce.account", "action_import_products_now", [account_id])
    deliveries += 1
    shop.seed_orders(first)
    deliveries += sum(send_webhooks(shop, url, [d["id"] for d in first], 1).values())
    cron(IMPORT_CRON)
    time.sleep(5)

    # the platform goes down; orders keep coming (webhooks reach Odoo, its
    # calls back to the platform fail) and the crons keep firing
    down_at = db_now(server)
    shop.set_faults(**FAULTS, down=True)
    shop.seed_orders(second)
    deliveries += sum(send_webhooks(shop, url, [d["id"] for d in second], 1).values())
    down_until = time.monotonic() + DOWN_SECONDS
    while time.monotonic() < down_until:
        cron(IMPORT_CRON)
        cron(STOCK_CRON)
        time.sleep(5)
    shop.set_faults(**FAULTS)

    # back, still throttled and flaky: the crons go on until all converged
    deadline = time.monotonic() + CONVERGE_SECONDS
    while True:
        created, duplicated, lost, bad = outcome(server, account_id, docs)
        mismatches = _published_vs_odoo(server, account_id, shop)
        bound = _bound_products(server, account_id)
        settled = not server.pending_jobs()
        if (not lost and bound == len(PRODUCTS) and not mismatches and settled) or (
            time.monotonic() > deadline
        ):
            break
        if bound < len(PRODUCTS):
            server.call("ecommerce.account", "action_import_products_now", [account_id])
            deliveries += 1
        # orders first; the stock is published once they are all in
        cron(IMPORT_CRON if lost else STOCK_CRON)
        time.sleep(5)
    injected = faults_injected(shop)
    shop.clear_faults()
    [(cursor,)] = server.sql(
        "SELECT orders_cursor_at FROM ecommerce_account WHERE id = %s", (account_id,)
    )
    failed_jobs = server.sql(
        "SELECT count(*) FROM queue_job "
        "WHERE state = 'failed' AND identity_key LIKE %s AND date_created >= %s",
        (f"ecommerce:{account_id}:%", since),
    )[0][0]
    figures.record(
        "2 platform faults",
        deliveries=deliveries,
        faults=injected,
        expected=ORDERS,
        created=created,
        duplicated=duplicated,
        lost=lost,
        stock_mismatches=len(mismatches),
        down_seconds=DOWN_SECONDS,
        jobs_given_up_then_polled=failed_jobs,
    )
    assert injected > 0
    assert (created, duplicated, lost) == (ORDERS, 0, 0)
    assert not bad, f"orders whose lines or total differ: {bad}"
    # no gap: the orders of the outage are all in (lost == 0) and the cursor
    # moved past the moment the platform went down
    assert cursor and cursor >= down_at, (cursor, down_at)
    assert bound == len(PRODUCTS)
    assert not mismatches, f"platform vs Odoo stock: {mismatches}"
