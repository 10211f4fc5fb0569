"""Benchmark 2: stock export of N bound SKUs, full then delta after 100
stock moves, with SQL queries and API calls counted."""

import math

from .fixtures import sku_of
from .measure import Meter

SET_ROUTE = "POST /api/inventory/set"


def _bind_all(env, account, products):
    """One binding per product (external id ``v<index>``), not yet published."""
    Binding = env["ecommerce.product.binding"]
    bound = set(Binding.search([("account_id", "=", account.id)]).product_id.ids)
    vals = [
        {
            "account_id": account.id,
            "external_id": f"v{index}",
            "product_id": product.id,
            "sku": product.default_code,
        }
        for index, product in enumerate(products)
        if product.id not in bound
    ]
    for start in range(0, len(vals), 2000):
        Binding.create(vals[start : start + 2000])
    env.flush_all()
    env.cr.execute(
        """UPDATE ecommerce_product_binding
              SET stock_exported_at = NULL, last_exported_qty = 0
            WHERE account_id = %s""",
        (account.id,),
    )
    env.cr.execute(
        "DELETE FROM ecommerce_stock_change WHERE account_id = %s", (account.id,)
    )
    env.invalidate_all()


def _export(env, account, full, commit):
    meter = Meter()
    with meter.measure(1):
        account.export_stock(trigger="manual", full=full)
        if commit:
            env.cr.commit()  # pylint: disable=invalid-commit
    run = env["ecommerce.sync.job"].search(
        [("account_id", "=", account.id), ("kind", "=", "stock")], limit=1
    )
    return meter, run


def _receive(env, products, quantity):
    """One incoming stock move of ``quantity`` per product, done."""
    warehouse = env["stock.warehouse"].search(
        [("company_id", "=", env.company.id)], limit=1
    )
    supplier = env.ref("stock.stock_location_suppliers")
    moves = env["stock.move"].create(
        [
            {
                "product_id": product.id,
                "product_uom_qty": quantity,
                "location_id": supplier.id,
                "location_dest_id": warehouse.lot_stock_id.id,
            }
            for product in products
        ]
    )
    moves._action_confirm()
    for move in moves:
        move.quantity = quantity
        move.picked = True
    moves._action_done()
    return moves


def run_stock(ctx, skus, moved=100):
    env, account, sandbox = ctx.env, ctx.account, ctx.sandbox
    products = ctx.products[:skus]
    _bind_all(env, account, products)
    sandbox.reset()
    sandbox.seed(
        products=[
            {"id": f"v{i}", "sku": sku_of(i), "inventory_quantity": 0}
            for i in range(len(products))
        ]
    )
    if ctx.commit:
        env.cr.commit()  # pylint: disable=invalid-commit
    batch = account._adapter().stock_batch_size(account)

    full, full_run = _export(env, account, True, ctx.commit)
    full_calls = sandbox.call_counts().get(SET_ROUTE, 0)

    again, again_run = _export(env, account, True, ctx.commit)
    again_calls = sandbox.call_counts().get(SET_ROUTE, 0) - full_calls

    step = max(1, len(products) // moved)
    changed = products[::step][:moved]
    _receive(env, changed, 3)
    if ctx.commit:
        env.cr.commit()  # pylint: disable=invalid-commit
    pending = env["ecommerce.product.binding"].search_count(
        [("account_id", "=", account.id), ("stock_export_pending", "=", True)]
    )
    before = sandbox.call_counts().get(SET_ROUTE, 0)
    delta, delta_run = _export(env, account, False, ctx.commit)
    delta_calls = sandbox.call_counts().get(SET_ROUTE, 0) - before

    published = sandbox.inventory([p.default_code for p in changed])
    odoo_qty = {
        p.default_code: int(p.with_context(warehouse_id=False).free_qty)
        for p in changed
    }
    return {
        "skus": len(products),
        "batch": batch,
        "full_s": full.seconds,
        "full_queries": full.queries,
        "full_calls": full_calls,
        "full_min_calls": math.ceil(len(products) / batch),
        "full_sent": full_run.updated,
        "again_s": again.seconds,
        "again_calls": again_calls,
        "moved": len(changed),
        "pending": pending,
        "delta_s": delta.seconds,
        "delta_queries": delta.queries,
        "delta_calls": delta_calls,
        "delta_min_calls": math.ceil(len(changed) / batch),
        "delta_sent": delta_run.updated,
        "delta_published_ok": published == odoo_qty,
    }
