"""Make the package importable as ``sandbox`` (``tests/`` on sys.path), so
``python -m pytest tests/sandbox`` works from the repository root, and keep
pytest-odoo out of these plain-Python tests."""

import os
import sys

TESTS_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if TESTS_DIR not in sys.path:
    sys.path.insert(0, TESTS_DIR)

from plain_pytest import (  # noqa: E402, F401 (fixtures replacing pytest-odoo's)
    enable_odoo_test_flag,
    load_http,
    load_registry,
)
