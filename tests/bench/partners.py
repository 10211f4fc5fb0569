"""Benchmark 5: finding a buyer among a growing customer base.

Every imported order of a new buyer looks for an existing partner by email,
then by name and address, before creating one. The same look-ups are timed
on the database as it is (the baseline), then after adding many partners,
with the connector's indexes and without them (dropped inside a savepoint,
so the database keeps them).
"""

import time

from .fixtures import order_document

INDEXES = (
    "res_partner__email_normalized_index",
    "res_partner_ecommerce_lower_name_index",
)


def _add_partners(env, count):
    """Insert ``count`` buyers as plain SQL copies of one partner (an ORM
    create of 100,000 partners would take longer than everything else)."""
    cr = env.cr
    cr.execute(
        """
        SELECT id FROM res_partner
         WHERE parent_id IS NULL AND active AND is_company IS NOT TRUE
         ORDER BY id LIMIT 1
        """
    )
    (model_id,) = cr.fetchone()
    cr.execute(
        """
        SELECT string_agg(quote_ident(column_name), ', ')
          FROM information_schema.columns
         WHERE table_name = 'res_partner'
           AND column_name NOT IN ('id', 'name', 'email', 'email_normalized',
                                   'street', 'complete_name')
        """
    )
    (columns,) = cr.fetchone()
    cr.execute(
        f"""
        INSERT INTO res_partner (name, complete_name, email, email_normalized,
                                 street, {columns})
        SELECT 'Bench base ' || g, 'Bench base ' || g,
               'base-' || g || '@example.com', 'base-' || g || '@example.com',
               'Base street ' || g, {columns}
          FROM res_partner, generate_series(1, %s) g
         WHERE res_partner.id = %s
        RETURNING id
        """,  # noqa: S608 (column names read from the catalog)
        (count, model_id),
    )
    ids = [row[0] for row in cr.fetchall()]
    cr.execute("ANALYZE res_partner")
    return ids


def _time_lookups(env, account, prefix, count):
    """Milliseconds per customer look-up of ``count`` buyers Odoo never saw."""
    mapper, importer = account._mapper(), env["ecommerce.importer"]
    currency = env.company.currency_id.name
    orders = [
        mapper.to_order(account, order_document(prefix, i, currency, buyer=i))
        for i in range(1, count + 1)
    ]
    started = time.perf_counter()
    for order in orders:
        found = importer._search_customer(account, order, order.billing_address)
        assert not found, f"{order.number}: a new buyer matched {found.name}"
    return 1000 * (time.perf_counter() - started) / count


class _Restore(Exception):
    """Leaves the savepoint that dropped the indexes, restoring them."""


def _time_without_indexes(env, account, prefix, count):
    """:func:`_time_lookups` as it would be without the connector's indexes."""
    try:
        with env.cr.savepoint(flush=False):
            for index in INDEXES:
                env.cr.execute(f'DROP INDEX "{index}"')
            env.cr.execute("ANALYZE res_partner")
            elapsed = _time_lookups(env, account, prefix, count)
            raise _Restore
    except _Restore:
        return elapsed


def run_partners(ctx, partners, lookups=200):
    env, account = ctx.env, ctx.account
    stamp = int(time.time())
    env.cr.execute("SELECT count(*) FROM res_partner")
    (before,) = env.cr.fetchone()
    baseline_ms = _time_lookups(env, account, f"p{stamp}a", lookups)
    ids = _add_partners(env, partners)
    env.cr.commit()  # pylint: disable=invalid-commit
    try:
        indexed_ms = _time_lookups(env, account, f"p{stamp}b", lookups)
        unindexed_ms = _time_without_indexes(env, account, f"p{stamp}c", lookups)
    finally:
        env.cr.execute("DELETE FROM res_partner WHERE id = ANY(%s)", (ids,))
        env.cr.commit()  # pylint: disable=invalid-commit
    return {
        "partners_before": before,
        "partners_added": partners,
        "lookups": lookups,
        "baseline_ms": baseline_ms,
        "indexed_ms": indexed_ms,
        "unindexed_ms": unindexed_ms,
        "ratio": indexed_ms / baseline_ms if baseline_ms else 0.0,
    }
