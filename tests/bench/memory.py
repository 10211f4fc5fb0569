"""Benchmark 3: one import job of many orders, committing in batches; the
process's resident memory and throughput are sampled while it runs."""

import time
from datetime import timedelta

from odoo import SUPERUSER_ID, api, fields

from .fixtures import order_document
from .measure import RssSampler, rss_mb
from .orders import _commit, connector_import


def _progress_reader(env, account):
    """Orders fetched so far by the running import, read from the run that
    the job commits with each batch (another cursor)."""
    registry = env.registry
    # runs left "running" by an interrupted process are not this one
    since = fields.Datetime.now() - timedelta(seconds=1)

    def progress():
        with registry.cursor() as cr:
            other = api.Environment(cr, SUPERUSER_ID, {})
            run = other["ecommerce.sync.job"].search(
                [
                    ("account_id", "=", account.id),
                    ("kind", "=", "orders"),
                    ("state", "=", "running"),
                    ("date_start", ">=", since),
                ],
                limit=1,
            )
            return run.fetched if run else None

    return progress


def _set_confirmation(ctx, account, confirm):
    """Switch the account's order confirmation on (as the fixtures set it)
    or off, and commit: the import job reads it from its own transaction."""
    account.auto_confirm = confirm
    account.payment_mapping_ids.confirm = "paid" if confirm else "never"
    _commit(account.env, ctx.commit)


def run_memory(ctx, orders, confirm=True):
    env, account = ctx.env, ctx.account
    if not confirm:
        _set_confirmation(ctx, account, False)
    currency = env.company.currency_id.name
    prefix = f"m{int(time.time())}"
    docs = [order_document(prefix, i, currency) for i in range(1, orders + 1)]
    ctx.sandbox.reset()
    for start in range(0, len(docs), 1000):
        ctx.sandbox.seed(orders=docs[start : start + 1000])
    before = rss_mb()
    sampler = RssSampler(interval=1.0, progress=_progress_reader(env, account))
    started = time.perf_counter()
    try:
        with sampler:
            connector_import(env, account, ctx.sandbox, docs, ctx.commit, seeded=True)
    finally:
        if not confirm:
            _set_confirmation(ctx, account, True)
    seconds = time.perf_counter() - started
    tenth = max(1, orders // 10)
    # progress moves by whole batches: rates of the first and the last batch
    seen = [(moment, done) for moment, _rss, done in sampler.samples if done]
    rate_first = rate_last = None
    if seen:
        first_t, first_done = seen[0]
        last_done = seen[-1][1]
        last_t = next(moment for moment, done in seen if done == last_done)
        rate_first = first_done / first_t if first_t else None
        if orders > last_done and seconds > last_t:
            rate_last = (orders - last_done) / (seconds - last_t)
    return {
        "orders": orders,
        "confirmed": confirm,
        "seconds": seconds,
        "rate": orders / seconds,
        "rss_before": before,
        "rss_peak": sampler.peak,
        "growth": sampler.peak - before,
        "growth_after_first_tenth": sampler.peak - sampler.rss_at_progress(tenth),
        "rate_first_tenth": rate_first,
        "rate_last_tenth": rate_last,
    }
