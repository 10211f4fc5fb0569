"""Fixtures for the plain-Python test folders (sandbox, e2e, scaffold, bench).

pytest-odoo, installed in the suite's virtualenv, declares these autouse
fixtures, which load an Odoo registry in the pytest process and need a
database. Plain-Python tests need none (the end-to-end suite talks to its own
Odoo server): a folder's ``conftest.py`` imports these same-named fixtures,
which replace pytest-odoo's below that folder, so its tests run with or
without ``--odoo-database``.
"""

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
