"""Plain-Python tests: keep pytest-odoo's database fixtures out (same-named
fixtures below this folder replace its autouse ones, as in tests/sandbox)."""

import pytest


@pytest.fixture(scope="session")
def load_registry():
    yield


@pytest.fixture(scope="session")
def load_http():
    yield


@pytest.fixture(scope="module")
def enable_odoo_test_flag():
    yield
