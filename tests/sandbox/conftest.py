"""Make the package importable as ``sandbox`` (``tests/`` on sys.path), so
``python -m pytest tests/sandbox`` works from the repository root, and keep
pytest-odoo out of these plain-Python tests."""

import os
import sys

import pytest

TESTS_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if TESTS_DIR not in sys.path:
    sys.path.insert(0, TESTS_DIR)


# pytest-odoo (installed in the suite's virtualenv) declares these autouse
# fixtures, which need an Odoo database. The sandboxes need none: these
# same-named fixtures replace them below this folder, so the tests run with
# or without --odoo-database, and never load an Odoo registry for nothing.
@pytest.fixture(scope="session")
def load_registry():
    yield


@pytest.fixture(scope="session")
def load_http():
    yield


@pytest.fixture(scope="module")
def enable_odoo_test_flag():
    yield
