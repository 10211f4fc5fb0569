"""Scenario 3: crash. The Odoo worker running an order import is killed with
SIGKILL in the middle of the job; the server starts a new worker, queue_job
requeues the dead job and it finishes: no half-written order, no duplicate.
Then the whole server is killed the same way and started again."""

import time

from e2e import figures
from e2e.conftest import SOAK
from e2e.scenario import IMPORT_CRON, begin, e2e_orders, job_states, outcome, wait_for

ORDERS = 200 if SOAK else 20
SLOW_PAGE_SECONDS = (
    1.5  # each page of orders answers this late: the job runs long enough
)


def _kill_when_running(server, account_id, kill, since):
    """Start an import and ``kill(job_uuid)`` it once its first page of
    orders arrived, while it writes them.

    :return: the job's uuid
    """
    server.trigger_cron(IMPORT_CRON)
    started = wait_for(
        lambda: [
            uuid
            for uuid, state, *_ in job_states(
                server, account_id, "import_orders", since
            )
            if state == "started"
        ],
        timeout=60,
        step=0.1,
    )
    assert started, "the import job never started"
    time.sleep(SLOW_PAGE_SECONDS + 1.5)
    uuid = started[-1]
    [(state,)] = server.sql("SELECT state FROM queue_job WHERE uuid = %s", (uuid,))
    assert state == "started", f"the job ended before it could be killed: {state}"
    kill(uuid)
    return uuid


def _wait_requeued_and_done(server, uuid, timeout=180):
    """Wait until the killed job ran again to the end. queue_job's runner
    requeues jobs whose worker died once they are 10 s old; it looks at
    every wake-up, so it is woken every 2 s (otherwise it sleeps up to 60 s
    when the queue is idle)."""

    def done():
        [(state,)] = server.sql("SELECT state FROM queue_job WHERE uuid = %s", (uuid,))
        if state == "started":
            server.sql("SELECT pg_notify('queue_job', %s)", (uuid,))
        return state in ("done", "failed")

    assert wait_for(done, timeout=timeout, step=2), f"job {uuid} never finished"
    server.wait_jobs_done(timeout=timeout)
    [(state, retry)] = server.sql(
        "SELECT state, retry FROM queue_job WHERE uuid = %s", (uuid,)
    )
    return state, retry


def test_sigkill_mid_import_requeues_and_finishes(e2e):
    server = e2e.server
    account_id, shop, since, currency = begin(e2e, "crash")
    docs = e2e_orders(currency, range(ORDERS), f"K{e2e.run}", f"{e2e.run}-k", 20)
    shop.seed_orders(docs)
    shop.set_faults(
        slow_rate=1.0, slow_seconds=SLOW_PAGE_SECONDS, only_paths=["/api/orders"]
    )

    # 1. the worker process running the job
    killed_pids = []
    uuid = _kill_when_running(
        server,
        account_id,
        lambda u: killed_pids.append(server.kill_worker_running(u)),
        since,
    )
    assert server.process.poll() is None, "the server itself must survive"
    worker_state, worker_retry = _wait_requeued_and_done(server, uuid)
    after_worker = outcome(server, account_id, docs)

    # 2. the whole server (master, workers, job runner), then a restart
    more = e2e_orders(
        currency, range(ORDERS, 2 * ORDERS), f"K{e2e.run}", f"{e2e.run}-k", 20
    )
    shop.seed_orders(more)
    docs += more

    def kill_server(_uuid):
        server.kill_all()
        server.start()

    uuid2 = _kill_when_running(server, account_id, kill_server, since)
    server_state, server_retry = _wait_requeued_and_done(server, uuid2)
    shop.clear_faults()

    created, duplicated, lost, bad = outcome(server, account_id, docs)
    figures.record(
        "3 crash (SIGKILL)",
        deliveries=len(job_states(server, account_id, "import_orders", since)),
        faults=2,
        expected=len(docs),
        created=created,
        duplicated=duplicated,
        lost=lost,
        half_written=len(bad),
    )
    assert (worker_state, server_state) == ("done", "done")
    assert worker_retry >= 1 and server_retry >= 1, "the dead jobs were requeued"
    assert after_worker[1:3] == (0, 0), after_worker
    assert (created, duplicated, lost) == (len(docs), 0, 0)
    assert not bad, f"half-written orders: {bad}"
