"""Benchmark 1: order import through the connector versus the same orders
created and confirmed directly with the ORM, in alternating rounds."""

import cProfile
import io
import pstats
import time

from odoo.fields import Command

from .fixtures import ORDER_POOL, order_document
from .measure import Meter

COMMIT_EVERY = 50  # the importer's batch size (IMPORT_COMMIT_EVERY)


def _commit(env, commit):
    if commit:
        env.cr.commit()  # pylint: disable=invalid-commit
        env.invalidate_all()
    else:
        env.flush_all()


class Baseline:
    """What Odoo itself costs: a partner when the buyer is new (a delivery
    contact for another address), then ``sale.order`` with its lines and
    shipping line in one ``create``, and ``action_confirm``."""

    def __init__(self, env, tax, carrier, products):
        self.env = env
        self.tax = tax
        self.carrier = carrier
        self.products = {p.default_code: p.id for p in products[:ORDER_POOL]}
        self.country = env.ref("base.be")
        self.partners = {}

    def _partner(self, address, **extra):
        return self.env["res.partner"].create(
            {
                "name": address["name"],
                "email": address["email"],
                "street": address["street"],
                "city": address["city"],
                "zip": address["zip"],
                "country_id": self.country.id,
                "phone": address["phone"],
                **extra,
            }
        )

    def create_order(self, doc):
        billing, shipping = doc["billing_address"], doc["shipping_address"]
        partner = self.partners.get(doc["customer"]["id"])
        if not partner:
            partner = self.partners[doc["customer"]["id"]] = self._partner(billing)
        delivery = partner
        if shipping["street"] != billing["street"]:
            delivery = self._partner(shipping, parent_id=partner.id, type="delivery")
        taxes = [Command.set(self.tax.ids)]
        lines = [
            Command.create(
                {
                    "product_id": self.products[line["sku"]],
                    "name": line["title"],
                    "product_uom_qty": float(line["quantity"]),
                    "price_unit": float(line["unit_price"]),
                    "tax_ids": taxes,
                }
            )
            for line in doc["lines"]
        ]
        lines.append(
            Command.create(
                {
                    "product_id": self.carrier.product_id.id,
                    "name": "Standard shipping",
                    "product_uom_qty": 1.0,
                    "price_unit": 5.0,
                    "tax_ids": taxes,
                    "is_delivery": True,
                }
            )
        )
        order = (
            self.env["sale.order"]
            .with_context(mail_create_nosubscribe=True)
            .create(
                {
                    "partner_id": partner.id,
                    "partner_invoice_id": partner.id,
                    "partner_shipping_id": delivery.id,
                    "client_order_ref": doc["number"],
                    "carrier_id": self.carrier.id,
                    "order_line": lines,
                }
            )
        )
        order.action_confirm()
        return order

    def run(self, docs, commit):
        for count, doc in enumerate(docs, start=1):
            self.create_order(doc)
            if count % COMMIT_EVERY == 0:
                _commit(self.env, commit)
        _commit(self.env, commit)


def connector_import(
    env, account, sandbox, docs, commit, meter=None, profile=None, seeded=False
):
    """Serve ``docs`` on the sandbox (unless ``seeded``) and run the order
    import job on them; only the job is measured. Returns its sync run."""
    if not seeded:
        sandbox.reset()
        for start in range(0, len(docs), 1000):
            sandbox.seed(orders=docs[start : start + 1000])
    job = account.with_context(ecommerce_commit_batches=commit)
    meter = meter or Meter()
    with meter.measure(len(docs)):
        if profile is not None:
            profile.enable()
        job.import_orders(trigger="manual")
        _commit(env, commit)
        if profile is not None:
            profile.disable()
    run = env["ecommerce.sync.job"].search(
        [("account_id", "=", account.id), ("kind", "=", "orders")], limit=1
    )
    if run.created != len(docs):
        errors = env["ecommerce.error.log"].search(
            [("account_id", "=", account.id)], limit=3
        )
        raise AssertionError(
            f"{run.created} of {len(docs)} orders created ({run.failed} failed): "
            + "; ".join(errors.mapped("message"))
        )
    return run


def check_orders(env, account, docs):
    """Every order is bound once and confirmed; partners are not duplicated."""
    ids = [doc["id"] for doc in docs]
    bindings = env["ecommerce.order.binding"].search(
        [("account_id", "=", account.id), ("external_id", "in", ids)]
    )
    states = set(bindings.sale_order_id.mapped("state"))
    buyers = {doc["customer"]["email"] for doc in docs}
    partners = env["res.partner"].search_count(
        [("email", "in", list(buyers)), ("parent_id", "=", False)]
    )
    return {
        "bound": len(bindings),
        "confirmed": states == {"sale"},
        "buyers": len(buyers),
        "partners": partners,
    }


def run_orders(ctx, orders, rounds=2, profile_top=0):
    """Alternate baseline and connector rounds of ``orders / rounds`` orders
    each (so load from other processes hits both alike) after a warm-up."""
    env, account = ctx.env, ctx.account
    currency = env.company.currency_id.name
    prefix = f"o{int(time.time())}"
    baseline = Baseline(env, ctx.tax, ctx.carrier, ctx.products)
    warmup = range(1, min(5, orders) + 1)
    warm = [order_document(prefix + "w", i, currency) for i in warmup]
    baseline.run(
        [order_document(prefix + "wb", i, currency) for i in warmup], ctx.commit
    )
    connector_import(env, account, ctx.sandbox, warm, ctx.commit)

    base_meter, conn_meter = Meter(), Meter()
    size = max(1, orders // rounds)
    all_docs = []
    for r in range(rounds):
        docs_b = [
            order_document(f"{prefix}b{r}", i, currency) for i in range(1, size + 1)
        ]
        docs_c = [
            order_document(f"{prefix}c{r}", i, currency) for i in range(1, size + 1)
        ]
        with base_meter.measure(len(docs_b)):
            baseline.run(docs_b, ctx.commit)
        connector_import(env, account, ctx.sandbox, docs_c, ctx.commit, conn_meter)
        all_docs += docs_c
    checks = check_orders(env, account, all_docs)

    profile_text = ""
    if profile_top:
        profile = cProfile.Profile()
        docs = [order_document(prefix + "p", i, currency) for i in range(1, size + 1)]
        connector_import(env, account, ctx.sandbox, docs, ctx.commit, profile=profile)
        out = io.StringIO()
        stats = pstats.Stats(profile, stream=out).strip_dirs()
        stats.sort_stats("cumulative").print_stats(profile_top)
        stats.sort_stats("tottime").print_stats(profile_top)
        profile_text = out.getvalue()

    ratio = conn_meter.seconds / base_meter.seconds if base_meter.seconds else 0.0
    return {
        "orders": conn_meter.count,
        "baseline_s": base_meter.seconds,
        "connector_s": conn_meter.seconds,
        "baseline_rate": base_meter.rate,
        "connector_rate": conn_meter.rate,
        "baseline_ms": base_meter.per_item_ms,
        "connector_ms": conn_meter.per_item_ms,
        "baseline_queries": base_meter.queries_per_item,
        "connector_queries": conn_meter.queries_per_item,
        "ratio": ratio,
        "checks": checks,
        "profile": profile_text,
    }
