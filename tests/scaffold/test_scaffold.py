"""``odoo-bin scaffold -t templates/ecommerce_connector`` generates a complete
connector addon: every hook of the base implemented, valid Python, a manifest
that depends on ``ecommerce_base``, no template syntax left over.

That the generated addon installs and passes its own test is checked by
``.ci/test`` itself: it scaffolds ``ecommerce_scaffoldcheck`` into a temporary
folder and installs and tests it with the suite (see "scaffold" in
``.ci/test``). With ``ECOMMERCE_SCAFFOLD_DB=<name>`` (a database where
``ecommerce_base`` is installed, never dropped; not the demo database, whose
products share the test products' barcodes), the last test here installs it
into a copy of that database and runs its test with Odoo's runner.
"""

import ast
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
TEMPLATE = REPO / "templates" / "ecommerce_connector"
NAME = "ecommerce_acme_shop"
PLATFORM = "acme_shop"
ADAPTER_HOOKS = {
    "test_connection",
    "expected_tax_rounding",
    "fetch_orders",
    "fetch_order",
    "fetch_products",
    "stock_batch_size",
    "push_stock",
    "fetch_stock",
    "create_fulfillment",
    "update_product",
    "verify_webhook",
    "parse_webhook",
    "register_webhooks",
}
MAPPER_HOOKS = {
    "to_order",
    "to_product_variants",
    "from_stock_level",
    "from_product_variant",
    "from_fulfillment",
}


def _odoo_bin():
    """How to run Odoo's command line with this interpreter."""
    from odoo import release  # noqa: PLC0415 -- only where Odoo is installed

    source = Path(release.__file__).resolve().parents[1] / "odoo-bin"
    return (
        [sys.executable, str(source)]
        if source.exists()
        else [sys.executable, "-m", "odoo"]
    )


@pytest.fixture(scope="module")
def addon(tmp_path_factory):
    pytest.importorskip("odoo")
    dest = tmp_path_factory.mktemp("scaffold")
    subprocess.run(
        [*_odoo_bin(), "scaffold", "-t", str(TEMPLATE), NAME, str(dest)],
        check=True,
        capture_output=True,
        cwd=dest,
    )
    return dest / NAME


def _methods(path, class_name):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and node.name == class_name:
            return {
                item.name: ast.get_docstring(item)
                for item in node.body
                if isinstance(item, ast.FunctionDef)
            }
    raise AssertionError(f"no class {class_name} in {path}")


def test_template_is_not_an_addon():
    """Nothing in the template is taken for an addon or linted as Python."""
    assert not list(TEMPLATE.rglob("__manifest__.py"))
    assert not list(TEMPLATE.rglob("*.py"))


def test_generated_files(addon):
    files = {str(p.relative_to(addon)) for p in addon.rglob("*") if p.is_file()}
    assert {
        "__init__.py",
        "__manifest__.py",
        "pyproject.toml",
        "data/queue_job_data.xml",
        "models/adapter.py",
        "models/mapper.py",
        "models/ecommerce_account.py",
        "tests/test_connector.py",
        "tests/fake_platform.py",
    } <= files
    assert not [f for f in files if f.endswith(".template")]
    for path in addon.rglob("*"):
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            assert "{{" not in text and "{%" not in text, path
            if path.suffix == ".py":
                ast.parse(text, filename=str(path))


def test_manifest(addon):
    manifest = ast.literal_eval((addon / "__manifest__.py").read_text("utf-8"))
    assert manifest["depends"] == ["ecommerce_base"]
    assert manifest["version"].startswith("19.0.")
    assert manifest["license"] == "LGPL-3"
    for data_file in manifest["data"]:
        assert (addon / data_file).is_file()


def test_platform_and_components(addon):
    account = (addon / "models" / "ecommerce_account.py").read_text("utf-8")
    assert f'("{PLATFORM}", "AcmeShop")' in account
    adapter = (addon / "models" / "adapter.py").read_text("utf-8")
    assert f'_name = "ecommerce.{PLATFORM}.adapter"' in adapter
    mapper = (addon / "models" / "mapper.py").read_text("utf-8")
    assert f'_name = "ecommerce.{PLATFORM}.mapper"' in mapper
    test = (addon / "tests" / "test_connector.py").read_text("utf-8")
    assert '@tagged("post_install", "-at_install")' in test


def test_every_hook_implemented_and_documented(addon):
    adapter = _methods(addon / "models" / "adapter.py", "AcmeShopAdapter")
    mapper = _methods(addon / "models" / "mapper.py", "AcmeShopMapper")
    assert ADAPTER_HOOKS <= set(adapter)
    assert MAPPER_HOOKS <= set(mapper)
    undocumented = [n for n, doc in {**adapter, **mapper}.items() if not doc]
    assert undocumented == []


@pytest.mark.skipif(
    not os.environ.get("ECOMMERCE_SCAFFOLD_DB"),
    reason="set ECOMMERCE_SCAFFOLD_DB to a database with ecommerce_base installed",
)
def test_generated_addon_installs_and_passes(addon, tmp_path):
    """Install the generated addon into a copy of ECOMMERCE_SCAFFOLD_DB and
    run its test with Odoo's runner."""
    source = os.environ["ECOMMERCE_SCAFFOLD_DB"]
    copy = f"{source}_scaffold_{uuid.uuid4().hex[:6]}"
    config = os.environ.get("ECOMMERCE_ODOO_RC") or os.environ["ODOO_RC"]
    subprocess.run(["createdb", "-T", source, copy], check=True)
    try:
        result = subprocess.run(
            [
                *_odoo_bin(),
                "-c",
                config,
                "-d",
                copy,
                f"--addons-path={addon.parent},{_addons_path(config)}",
                "-i",
                NAME,
                "--test-enable",
                "--test-tags",
                f"/{NAME}",
                "--stop-after-init",
                "--no-http",
            ],
            capture_output=True,
            text=True,
            timeout=600,
        )
    finally:
        subprocess.run(["dropdb", "--if-exists", copy], check=False)
    log = result.stdout + result.stderr
    assert result.returncode == 0, log[-3000:]
    assert " 0 failed, 0 error(s) of 4 tests" in log, log[-3000:]


def _addons_path(config):
    for line in Path(config).read_text(encoding="utf-8").splitlines():
        key, _sep, value = line.partition("=")
        if key.strip() == "addons_path":
            return value.strip()
    return ""
