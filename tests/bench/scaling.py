"""Benchmark 4: throughput of order import jobs run by an Odoo server with
the queue_job runner, with a channel capacity of 1 then 2 (two HTTP workers
either way), and partner matching checked for duplicates.

One ``import_order`` job per order, as webhooks queue them on a sale day;
buyers come back often (four orders each), so concurrent jobs race for the
same partner.
"""

import configparser
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import datetime, timezone

from .fixtures import order_document

ORDERS_PER_BUYER = 4
JOB_TIMEOUT = 3600


def _server_config(config, database, port, capacity, folder):
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(config)
    options = parser["options"]
    options.update(
        {
            "http_port": str(port),
            "http_interface": "127.0.0.1",
            "workers": "2",
            "max_cron_threads": "0",
            "db_name": database,
            "dbfilter": f"^{database}$",
            "list_db": "False",
            "limit_time_real": "600",
            "limit_time_cpu": "600",
            "logfile": os.path.join(folder, f"odoo-{capacity}.log"),
            "log_level": "warn",
        }
    )
    modules = options.get("server_wide_modules") or "base,web"
    if "queue_job" not in modules:
        options["server_wide_modules"] = modules + ",queue_job"
    if not parser.has_section("queue_job"):
        parser.add_section("queue_job")
    parser["queue_job"]["channels"] = f"root:{capacity}"
    path = os.path.join(folder, f"odoo-{capacity}.conf")
    with open(path, "w", encoding="utf-8") as out:
        parser.write(out)
    return path


def _start_server(conf, port):
    proc = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "odoo", "server", "-c", conf],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(240):
        try:
            with urllib.request.urlopen(  # noqa: S310
                f"http://127.0.0.1:{port}/web/health", timeout=5
            ):
                return proc
        except OSError:
            if proc.poll() is not None:
                break
            time.sleep(0.5)
    proc.terminate()
    raise RuntimeError(f"The Odoo server did not start (see {conf} logfile)")


def _stop_server(proc):
    proc.terminate()
    try:
        proc.wait(timeout=60)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def _one_run(env, ctx, capacity, orders, conf, port):
    account = ctx.account
    currency = env.company.currency_id.name
    prefix = f"s{capacity}x{int(time.time())}"
    buyers = max(1, orders // ORDERS_PER_BUYER)
    docs = [
        order_document(prefix, i, currency, buyer=i % buyers)
        for i in range(1, orders + 1)
    ]
    ctx.sandbox.reset()
    for start in range(0, len(docs), 1000):
        ctx.sandbox.seed(orders=docs[start : start + 1000])
    server = _start_server(conf, port)
    try:
        time.sleep(3)  # the runner starts a little after the workers
        started = datetime.now(timezone.utc).replace(tzinfo=None)
        for doc in docs:
            account._enqueue(
                "import_order",
                key=doc["id"],
                external_id=doc["id"],
                trigger="webhook",
            )
        env.cr.commit()  # pylint: disable=invalid-commit
        identities = [f"ecommerce:{account.id}:import_order:{d['id']}" for d in docs]
        deadline = time.monotonic() + JOB_TIMEOUT
        while True:
            env.cr.execute(
                """SELECT count(*) FILTER (WHERE state IN ('done', 'failed')),
                          count(*) FILTER (WHERE state = 'failed'),
                          max(date_done), coalesce(sum(retry), 0) - count(*)
                     FROM queue_job WHERE identity_key = ANY(%s)""",
                (identities,),
            )
            finished, failed, last_done, retries = env.cr.fetchone()
            env.cr.commit()  # pylint: disable=invalid-commit
            if finished >= len(docs) or time.monotonic() > deadline:
                break
            time.sleep(1)
    finally:
        _stop_server(server)
    seconds = (last_done - started).total_seconds() if last_done else 0.0
    env.invalidate_all()
    emails = list({doc["customer"]["email"] for doc in docs})
    env.cr.execute(
        """SELECT count(*) - count(DISTINCT lower(email)) FROM res_partner
            WHERE lower(email) = ANY(%s) AND parent_id IS NULL""",
        ([e.lower() for e in emails],),
    )
    duplicates = env.cr.fetchone()[0]
    env.cr.execute(
        """SELECT count(*) FROM ecommerce_order_binding
            WHERE account_id = %s AND external_id = ANY(%s)""",
        (account.id, [d["id"] for d in docs]),
    )
    bound = env.cr.fetchone()[0]
    return {
        "orders": orders,
        "buyers": buyers,
        "seconds": seconds,
        "rate": finished / seconds if seconds else 0.0,
        "finished": finished,
        "failed": failed,
        "retries": max(0, retries or 0),
        "bound": bound,
        "duplicates": duplicates,
    }


def run_scaling(ctx, config, database, port, orders):
    env = ctx.env
    runs = {}
    folder = tempfile.mkdtemp(prefix="ecommerce-bench-")  # kept: server logs
    for capacity in (1, 2):
        conf = _server_config(config, database, port, capacity, folder)
        runs[capacity] = _one_run(env, ctx, capacity, orders, conf, port)
    speedup = runs[2]["rate"] / runs[1]["rate"] if runs[1]["rate"] else None
    return {"runs": runs, "speedup": speedup, "logs": folder}
