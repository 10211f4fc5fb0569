"""Scenario 1: duplicates and races. Every order is delivered by five
webhooks and two overlapping cron imports at once, on two job workers:
exactly one ``sale.order`` per order and one partner per customer."""

import threading
import time

from e2e import figures
from e2e.conftest import SOAK
from e2e.scenario import (
    IMPORT_CRON,
    company_currency,
    db_now,
    e2e_order,
    job_states,
    outcome,
    partners_per_customer,
    send_webhooks,
)

ORDERS, CUSTOMERS = (200, 40) if SOAK else (20, 8)
WEBHOOKS_PER_ORDER = 5
CRON_RUNS = 2


def test_five_webhooks_and_two_crons_give_one_order(e2e):
    server = e2e.server
    account_id, shop = e2e.activate("duplicates")
    since = db_now(server)
    currency = company_currency(server)
    docs = [
        e2e_order(f"D{e2e.run}{i:04d}", f"{e2e.run}-{i % CUSTOMERS}", currency)
        for i in range(ORDERS)
    ]
    shop.seed_orders(docs)
    url = e2e.webhook_url("duplicates")

    statuses = {}

    def deliver():
        statuses.update(send_webhooks(shop, url, [d["id"] for d in docs], 5))

    webhooks = threading.Thread(target=deliver)
    webhooks.start()
    server.trigger_cron(IMPORT_CRON)
    cron_runs = 1 + _second_cron_while_first_runs(server, account_id, since)
    webhooks.join()
    server.wait_jobs_done(timeout=240)

    created, duplicated, lost, bad = outcome(server, account_id, docs)
    emails = {d["customer"]["email"] for d in docs}
    partners = partners_per_customer(server, emails)
    imports = job_states(server, account_id, "import_orders", since)
    overlapping = len(imports) >= 2 and imports[1][2] < imports[0][3]
    figures.record(
        "1 duplicates and races",
        deliveries=ORDERS * WEBHOOKS_PER_ORDER + cron_runs,
        faults=0,
        expected=ORDERS,
        created=created,
        duplicated=duplicated,
        lost=lost,
        customers=len(emails),
        partner_duplicates=sum(max(0, n - 1) for n in partners.values()),
        crons_overlapped=overlapping,
    )
    assert statuses == {200: ORDERS * WEBHOOKS_PER_ORDER}
    assert (created, duplicated, lost) == (ORDERS, 0, 0)
    assert not bad, f"orders whose lines or total differ: {bad}"
    assert set(partners.values()) == {1}, partners
    assert len(imports) == CRON_RUNS, imports
    assert overlapping, imports
    assert all(state == "done" for _u, state, *_ in imports), imports


def _second_cron_while_first_runs(server, account_id, since, timeout=60):
    """Run the import cron again as soon as the first import job runs, until
    it queues a second job (while the first waits to be retried, the cron
    rightly queues nothing: the same work is never queued twice).

    :return: how many times the cron ran
    """
    runs = 0
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        jobs = job_states(server, account_id, "import_orders", since)
        if len(jobs) >= CRON_RUNS:
            break
        if jobs and jobs[0][1] == "started":
            server.trigger_cron(IMPORT_CRON)
            runs += 1
        else:
            time.sleep(0.05)
    return runs
