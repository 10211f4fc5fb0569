"""Benchmark 3: one import job of many orders, committing in batches; the
process's resident memory and throughput are sampled while it runs."""

import time

from odoo import SUPERUSER_ID, api

from .fixtures import order_document
from .measure import RssSampler, rss_mb
from .orders import connector_import


def _progress_reader(env, account):
    """Orders fetched so far by the running import, read from the run that
    the job commits with each batch (another cursor)."""
    registry = env.registry

    def progress():
        with registry.cursor() as cr:
            other = api.Environment(cr, SUPERUSER_ID, {})
            run = other["ecommerce.sync.job"].search(
                [
                    ("account_id", "=", account.id),
                    ("kind", "=", "orders"),
                    ("state", "=", "running"),
                ],
                limit=1,
            )
            return run.fetched if run else None

    return progress


def run_memory(ctx, orders):
    env, account = ctx.env, ctx.account
    currency = env.company.currency_id.name
    prefix = f"m{int(time.time())}"
    docs = [order_document(prefix, i, currency) for i in range(1, orders + 1)]
    ctx.sandbox.reset()
    for start in range(0, len(docs), 1000):
        ctx.sandbox.seed(orders=docs[start : start + 1000])
    before = rss_mb()
    sampler = RssSampler(interval=1.0, progress=_progress_reader(env, account))
    started = time.perf_counter()
    with sampler:
        connector_import(env, account, ctx.sandbox, docs, ctx.commit, seeded=True)
    seconds = time.perf_counter() - started
    tenth = max(1, orders // 10)
    first = sampler.time_at_progress(tenth)
    last = sampler.time_at_progress(orders - tenth)
    rate_first = rate_last = None
    if first and last and last[1] > first[1]:
        rate_first = first[1] / first[0] if first[0] else None
        tail_t = seconds - last[0]
        rate_last = (orders - last[1]) / tail_t if tail_t > 0 else None
    return {
        "orders": orders,
        "seconds": seconds,
        "rate": orders / seconds,
        "rss_before": before,
        "rss_peak": sampler.peak,
        "growth": sampler.peak - before,
        "growth_after_first_tenth": sampler.peak - sampler.rss_at_progress(tenth),
        "rate_first_tenth": rate_first,
        "rate_last_tenth": rate_last,
    }
