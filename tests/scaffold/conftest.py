"""Plain-Python tests: keep pytest-odoo's database fixtures out (same-named
fixtures below this folder replace its autouse ones, as in tests/sandbox)."""

from plain_pytest import (  # noqa: F401 (fixtures replacing pytest-odoo's)
    enable_odoo_test_flag,
    load_http,
    load_registry,
)
