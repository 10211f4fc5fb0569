"""The benchmarks' smoke mode, run by ``.ci/test`` so the benchmark code keeps
working: a few dozen orders and 500 SKUs through the real import and export
jobs, against the testshop sandbox, in one transaction that is rolled back.

Timings are not asserted (CI machines vary); what the benchmarks rely on is:
every order imported once and confirmed, no duplicate partner, the minimum
number of API calls, only changed SKUs sent, no per-SKU SQL query.
"""

import pytest

from bench.cli import run_sections
from bench.fixtures import Sandbox

SIZES = {"orders": 10, "skus": 500, "memory_orders": 10}


@pytest.fixture
def env():
    from odoo import SUPERUSER_ID, api
    from odoo.modules.registry import Registry
    from odoo.tests.common import get_db_name

    registry = Registry(get_db_name())
    with registry.cursor() as cr:
        try:
            yield api.Environment(cr, SUPERUSER_ID, {})
        finally:
            cr.rollback()


def test_quick_benchmarks(env):
    sandbox = Sandbox(process=False)
    try:
        results = run_sections(
            env,
            sandbox,
            SIZES,
            ("orders", "stock", "memory"),
            commit=False,
            log=lambda *args: None,
        )
    finally:
        sandbox.stop()

    orders = results["orders"]
    assert orders["orders"] == SIZES["orders"]
    assert orders["checks"]["bound"] == SIZES["orders"]
    assert orders["checks"]["confirmed"]
    assert orders["checks"]["partners"] == orders["checks"]["buyers"]
    assert orders["baseline_queries"] > 0 and orders["connector_queries"] > 0

    stock = results["stock"]
    assert stock["full_calls"] == stock["full_min_calls"] == 10
    assert stock["full_sent"] == SIZES["skus"]
    assert stock["full_queries"] < SIZES["skus"] / 10, "a query per SKU"
    assert stock["again_calls"] == 0
    assert stock["pending"] == stock["moved"] == stock["delta_sent"] == 100
    assert stock["delta_calls"] == stock["delta_min_calls"] == 2
    assert stock["delta_published_ok"]

    memory = results["memory"]
    assert memory["orders"] == SIZES["memory_orders"]
    assert memory["rss_peak"] >= memory["rss_before"] > 0
