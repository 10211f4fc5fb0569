# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import inspect
import re
from pathlib import Path

from odoo.tests import TransactionCase, tagged

EXTENSION_POINTS = (
    "ecommerce.adapter",
    "ecommerce.mapper",
    "ecommerce.importer",
    "ecommerce.exporter",
)


@tagged("post_install", "-at_install")
class TestExtensionPoints(TransactionCase):
    def test_every_hook_is_documented(self):
        """Integrators extend these models: each of their methods says what it does."""
        undocumented = []
        for name in EXTENSION_POINTS:
            model = type(self.env[name])
            for attr, member in inspect.getmembers(model, inspect.isfunction):
                qualname = getattr(member, "__qualname__", "")
                if attr.startswith("__") or "Ecommerce" not in qualname.split(".")[0]:
                    continue
                if not inspect.getdoc(member):
                    undocumented.append(f"{name}.{attr}")
        self.assertEqual(undocumented, [])

    def test_base_names_no_platform(self):
        """Nothing in the base names a platform: platforms plug in by their
        ``platform`` value and their ``ecommerce.<platform>.<role>`` models."""
        root = Path(__file__).resolve().parents[1]
        pattern = re.compile(r"shopify|woocommerce|amazon|ebay", re.IGNORECASE)
        offenders = [
            str(path.relative_to(root))
            for path in root.rglob("*")
            if path.suffix in (".py", ".xml", ".csv", ".sql")
            and "tests" not in path.parts
            and pattern.search(path.read_text(encoding="utf-8"))
        ]
        self.assertEqual(offenders, [])

    def test_component_lookup_falls_back_to_the_base(self):
        account = self.env["ecommerce.account"].new({"name": "x"})
        account.platform = False
        self.assertEqual(account._component("adapter")._name, "ecommerce.adapter")
        self.assertEqual(account._component("importer")._name, "ecommerce.importer")
