"""Scenario 1: duplicates and races. Every order is delivered by five
webhooks and two overlapping cron imports at once, on two job workers:
exactly one ``sale.order`` per order and one partner per customer."""

import time

from e2e import figures
from e2e.conftest import SOAK
from e2e.scenario import (
    IMPORT_CRON,
    begin,
    e2e_orders,
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
    account_id, shop, since, currency = begin(e2e, "duplicates")
    docs = e2e_orders(currency, range(ORDERS), f"D{e2e.run}", f"{e2e.run}-", CUSTOMERS)
    shop.seed_orders(docs)
    # answers take 2 s (no error): the first import job still runs when the
    # second cron fires, so two imports really overlap
    shop.set_faults(slow_rate=1.0, slow_seconds=2, only_paths=["/api/orders"])
    url = e2e.webhook_url("duplicates")

    # two cron runs whose import jobs run at the same time on the two job
    # workers, then the 5 webhooks of every order while they run
    server.trigger_cron(IMPORT_CRON)
    more_runs, overlapped = _second_cron_while_first_runs(server, account_id, since)
    cron_runs = 1 + more_runs
    statuses = send_webhooks(shop, url, [d["id"] for d in docs], WEBHOOKS_PER_ORDER)
    server.wait_jobs_done(timeout=240)
    shop.clear_faults()

    created, duplicated, lost, bad = outcome(server, account_id, docs)
    emails = {d["customer"]["email"] for d in docs}
    partners = partners_per_customer(server, emails)
    imports = job_states(server, account_id, "import_orders", since)
    figures.record(
        "1 duplicates and races",
        deliveries=ORDERS * WEBHOOKS_PER_ORDER + cron_runs,
        faults=0,
        latency_seconds=2,
        expected=ORDERS,
        created=created,
        duplicated=duplicated,
        lost=lost,
        customers=len(emails),
        partner_duplicates=sum(max(0, n - 1) for n in partners.values()),
        crons_overlapped=overlapped,
    )
    assert statuses == {200: ORDERS * WEBHOOKS_PER_ORDER}
    assert (created, duplicated, lost) == (ORDERS, 0, 0)
    assert not bad, f"orders whose lines or total differ: {bad}"
    assert set(partners.values()) == {1}, partners
    assert len(imports) == CRON_RUNS, imports
    assert overlapped, "the two import jobs never ran at the same time"
    assert all(state == "done" for _u, state, *_ in imports), imports


def _second_cron_while_first_runs(server, account_id, since, timeout=120):
    """Run the import cron again as soon as the first import job runs, until
    both jobs are seen running at the same moment (while the first waits to
    be retried, the cron rightly queues nothing: the same work is never
    queued twice).

    :return: ``(more cron runs, whether both jobs were seen running at once)``
    """
    runs = 0
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        jobs = job_states(server, account_id, "import_orders", since)
        states = [state for _uuid, state, *_rest in jobs]
        if len(jobs) >= CRON_RUNS:
            if states[:2] == ["started", "started"]:
                return runs, True
            if states[0] in ("done", "failed"):
                return runs, False
        elif states and states[0] == "started":
            server.trigger_cron(IMPORT_CRON)
            runs += 1
            continue
        time.sleep(0.02)
    return runs, False
