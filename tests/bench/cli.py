"""Command line of the benchmarks: ``python tests/bench/run.py --help``."""

import argparse
import json
import os
import sys
import time
from types import SimpleNamespace

from .fixtures import ORDER_POOL, Sandbox, bench_account, ensure_products
from .memory import run_memory
from .orders import run_orders
from .partners import run_partners
from .stock import run_stock

SECTIONS = ("orders", "stock", "memory", "scaling", "partners")
FULL = {
    "orders": 600,
    "skus": 10000,
    "memory_orders": 10000,
    "scaling_orders": 400,
    "partners": 100000,
}
QUICK = {
    "orders": 40,
    "skus": 500,
    "memory_orders": 100,
    "scaling_orders": 40,
    "partners": 5000,
}
TARGET_RATIO = 1.3
TARGET_RATE = 10.0
MEMORY_BOUND_MB = 150
PARTNER_LOOKUP_RATIO = 2.0


def build_parser():
    parser = argparse.ArgumentParser(
        prog="python tests/bench/run.py",
        description="Benchmarks of the e-commerce connector (order import, "
        "stock export, memory, scaling), each against a baseline measured in "
        "the same run.",
    )
    parser.add_argument("-c", "--config", required=True, help="Odoo config file")
    parser.add_argument(
        "-d", "--database", required=True, help="database with test_ecommerce_base"
    )
    parser.add_argument("--quick", action="store_true", help="smoke sizes")
    parser.add_argument(
        "--only",
        default=",".join(SECTIONS),
        help="comma separated: " + ",".join(SECTIONS),
    )
    parser.add_argument("--orders", type=int, help="orders of benchmark 1")
    parser.add_argument("--skus", type=int, help="bound SKUs of benchmark 2")
    parser.add_argument("--memory-orders", type=int, help="orders of benchmark 3")
    parser.add_argument(
        "--memory-quotations",
        action="store_true",
        help="benchmark 3 leaves orders unconfirmed: the connector's own "
        "memory, without Odoo's confirmation (several times faster)",
    )
    parser.add_argument("--scaling-orders", type=int, help="orders of benchmark 4")
    parser.add_argument("--partners", type=int, help="partners added in benchmark 5")
    parser.add_argument(
        "--scaling-port", type=int, default=8300, help="HTTP port of the Odoo server"
    )
    parser.add_argument(
        "--profile", type=int, default=0, metavar="N", help="print the N top functions"
    )
    parser.add_argument("--json", help="also write the figures to this file")
    return parser


def boot_odoo(config, database):
    """Load Odoo's configuration and the registry of ``database``."""
    import odoo  # noqa: F401  (odoo must be importable: run with Odoo's python)
    from odoo.modules.registry import Registry
    from odoo.tools import config as odoo_config

    odoo_config.parse_config(["-c", config, "-d", database, "--log-level=warn"])
    return Registry(database)


def prepare(env, sandbox, products, commit):
    account, tax, carrier = bench_account(env, sandbox)
    products = ensure_products(env, max(products, ORDER_POOL), tax)
    if commit:
        env.cr.commit()  # pylint: disable=invalid-commit
    return SimpleNamespace(
        env=env,
        account=account,
        tax=tax,
        carrier=carrier,
        products=products,
        sandbox=sandbox,
        commit=commit,
    )


def run_sections(
    env, sandbox, sizes, sections, commit=True, profile=0, log=print, server=None
):
    """Run the benchmarks of ``sections``; returns their figures by section.

    :param server: ``(config file, database, HTTP port)`` of the Odoo server
        that benchmark 4 starts
    """
    started = time.perf_counter()
    ctx = prepare(env, sandbox, sizes["skus"] if "stock" in sections else 0, commit)
    log(f"set-up: {time.perf_counter() - started:.1f} s")
    results = {}
    if "orders" in sections:
        log(f"orders: {sizes['orders']} orders, baseline and connector ...")
        results["orders"] = run_orders(ctx, sizes["orders"], profile_top=profile)
    if "stock" in sections:
        log(f"stock: {sizes['skus']} SKUs ...")
        results["stock"] = run_stock(ctx, sizes["skus"])
    if "memory" in sections:
        log(f"memory: {sizes['memory_orders']} orders in one job ...")
        results["memory"] = run_memory(
            ctx, sizes["memory_orders"], confirm=not sizes.get("memory_quotations")
        )
    if "scaling" in sections and server:
        from .scaling import run_scaling

        log(f"scaling: {sizes['scaling_orders']} order jobs, 1 then 2 workers ...")
        results["scaling"] = run_scaling(ctx, *server, sizes["scaling_orders"])
    if "partners" in sections:
        added = sizes["partners"]
        log(f"partners: buyer look-ups, then with {added} more partners ...")
        results["partners"] = run_partners(ctx, sizes["partners"])
    return results


def verdicts(results):
    """``[(benchmark, figure, value, target, ok)]`` for the table."""
    rows = []
    o = results.get("orders")
    if o:
        rows += [
            (
                "1 import",
                "baseline ORM, orders/s",
                f"{o['baseline_rate']:.1f}",
                "",
                None,
            ),
            (
                "1 import",
                "connector, orders/s (1 worker)",
                f"{o['connector_rate']:.1f}",
                f">= {TARGET_RATE:g}",
                o["connector_rate"] >= TARGET_RATE,
            ),
            (
                "1 import",
                "ratio connector / baseline",
                f"{o['ratio']:.2f}",
                f"<= {TARGET_RATIO:g}",
                o["ratio"] <= TARGET_RATIO,
            ),
            (
                "1 import",
                "ms per order, baseline / connector",
                f"{o['baseline_ms']:.1f} / {o['connector_ms']:.1f}",
                "",
                None,
            ),
            (
                "1 import",
                "SQL queries per order, baseline / connector",
                f"{o['baseline_queries']:.0f} / {o['connector_queries']:.0f}",
                "",
                None,
            ),
            (
                "1 import",
                "orders bound once + confirmed, partners == buyers",
                f"{o['checks']['bound']}/{o['orders']}, {o['checks']['partners']}"
                f"/{o['checks']['buyers']}",
                "all",
                o["checks"]["bound"] == o["orders"]
                and o["checks"]["confirmed"]
                and o["checks"]["partners"] == o["checks"]["buyers"],
            ),
        ]
    s = results.get("stock")
    if s:
        rows += [
            (
                "2 stock",
                f"full export of {s['skus']} SKUs, s",
                f"{s['full_s']:.1f}",
                "",
                None,
            ),
            (
                "2 stock",
                "full export API calls (minimum)",
                f"{s['full_calls']} ({s['full_min_calls']})",
                "= minimum",
                s["full_calls"] == s["full_min_calls"],
            ),
            (
                "2 stock",
                "full export SQL queries (per 1000 SKUs)",
                f"{s['full_queries']} ({1000 * s['full_queries'] / s['skus']:.1f})",
                "no per-SKU query",
                s["full_queries"] < s["skus"] / 10,
            ),
            (
                "2 stock",
                "full export again, nothing changed: calls / s",
                f"{s['again_calls']} / {s['again_s']:.1f}",
                "0 calls",
                s["again_calls"] == 0,
            ),
            (
                "2 stock",
                f"delta after {s['moved']} moves: SKUs sent / pending",
                f"{s['delta_sent']} / {s['pending']}",
                f"= {s['moved']}",
                s["delta_sent"] == s["moved"] == s["pending"],
            ),
            (
                "2 stock",
                "delta API calls (minimum) / SQL queries / s",
                f"{s['delta_calls']} ({s['delta_min_calls']}) / {s['delta_queries']}"
                f" / {s['delta_s']:.2f}",
                "= minimum",
                s["delta_calls"] == s["delta_min_calls"],
            ),
            (
                "2 stock",
                "platform quantities equal Odoo's",
                str(s["delta_published_ok"]),
                "True",
                s["delta_published_ok"],
            ),
        ]
    m = results.get("memory")
    if m:
        rate = ""
        if m["rate_first_tenth"] and m["rate_last_tenth"]:
            rate = f"{m['rate_first_tenth']:.1f} -> {m['rate_last_tenth']:.1f}"
        rows += [
            (
                "3 memory",
                f"{m['orders']} orders in one job"
                f"{'' if m['confirmed'] else ' (quotations)'}, s (orders/s)",
                f"{m['seconds']:.0f} ({m['rate']:.1f})",
                "",
                None,
            ),
            (
                "3 memory",
                "peak RSS growth, MB (RSS before)",
                f"{m['growth']:.0f} ({m['rss_before']:.0f})",
                f"<= {MEMORY_BOUND_MB}",
                m["growth"] <= MEMORY_BOUND_MB,
            ),
            (
                "3 memory",
                "RSS growth after the first tenth, MB",
                f"{m['growth_after_first_tenth']:.0f}",
                "",
                None,
            ),
            ("3 memory", "orders/s, first batch -> last batch (about)", rate, "", None),
        ]
    c = results.get("scaling")
    if c:
        for workers, f in sorted(c["runs"].items()):
            rows.append(
                (
                    "4 scaling",
                    f"{workers} worker(s): orders/s (s for all)",
                    f"{f['rate']:.2f} ({f['seconds']:.0f})",
                    "",
                    None,
                )
            )
            rows.append(
                (
                    "4 scaling",
                    f"{workers} worker(s): bound, failed, duplicate partners",
                    f"{f['bound']}/{f['orders']}, {f['failed']}, {f['duplicates']}",
                    "all, 0, 0",
                    f["bound"] == f["orders"]
                    and not f["failed"]
                    and not f["duplicates"],
                )
            )
        if c.get("speedup"):
            rows.append(
                ("4 scaling", "speed-up 2 vs 1", f"{c['speedup']:.2f}", "", None)
            )
    p = results.get("partners")
    if p:
        rows += [
            (
                "5 partners",
                f"ms per new-buyer look-up, {p['partners_before']} partners",
                f"{p['baseline_ms']:.2f}",
                "",
                None,
            ),
            (
                "5 partners",
                f"same with {p['partners_added']} more: indexed / without the indexes",
                f"{p['indexed_ms']:.2f} / {p['unindexed_ms']:.2f}",
                "",
                None,
            ),
            (
                "5 partners",
                "ratio indexed / baseline",
                f"{p['ratio']:.2f}",
                f"<= {PARTNER_LOOKUP_RATIO:g}",
                p["ratio"] <= PARTNER_LOOKUP_RATIO,
            ),
        ]
    return rows


def print_table(rows, out=sys.stdout):
    widths = [max(len(str(r[i])) for r in rows) for i in range(4)]
    header = ("benchmark", "figure", "value", "target")
    widths = [max(w, len(h)) for w, h in zip(widths, header, strict=True)]
    line = " | ".join(h.ljust(w) for h, w in zip(header, widths, strict=True))
    print(line + " | ok", file=out)
    print("-" * (len(line) + 5), file=out)
    for row in rows:
        ok = "" if row[4] is None else ("yes" if row[4] else "NO")
        cells = " | ".join(
            str(c).ljust(w) for c, w in zip(row[:4], widths, strict=True)
        )
        print(f"{cells} | {ok}", file=out)


def main(argv=None):
    args = build_parser().parse_args(argv)
    sizes = dict(QUICK if args.quick else FULL)
    for key in ("orders", "skus", "memory_orders", "scaling_orders", "partners"):
        if getattr(args, key) is not None:
            sizes[key] = getattr(args, key)
    sizes["memory_quotations"] = args.memory_quotations
    sections = [s.strip() for s in args.only.split(",") if s.strip()]
    unknown = set(sections) - set(SECTIONS)
    if unknown:
        raise SystemExit(f"unknown section(s): {', '.join(sorted(unknown))}")
    registry = boot_odoo(args.config, args.database)
    load = os.getloadavg()
    print(f"load average at start: {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")
    from odoo import SUPERUSER_ID, api

    sandbox = Sandbox(process=True)
    try:
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            results = run_sections(
                env,
                sandbox,
                sizes,
                sections,
                commit=True,
                profile=args.profile,
                server=(args.config, args.database, args.scaling_port),
            )
    finally:
        sandbox.stop()
    profile = results.get("orders", {}).pop("profile", "")
    if profile:
        print(profile)
    rows = verdicts(results)
    load = os.getloadavg()
    print(f"\nload average at the end: {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")
    print_table(rows)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as out:
            json.dump(results, out, indent=2, default=str)
    failed = [r for r in rows if r[4] is False]
    print(f"\n{len(rows) - len(failed)} figures, {len(failed)} target(s) missed")
    return 1 if failed else 0
