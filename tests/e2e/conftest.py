"""Session set-up of the end-to-end suite: the sandboxes (threads of this
process), an Odoo server (subprocess) on its own database, and the figures
table printed at the end."""

import json
import os
import shutil
import sys
import time

import pytest

TESTS_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if TESTS_DIR not in sys.path:
    sys.path.insert(0, TESTS_DIR)

from e2e import figures  # noqa: E402
from e2e.harness import HERE, OdooServer  # noqa: E402
from plain_pytest import (  # noqa: E402, F401 (fixtures replacing pytest-odoo's)
    enable_odoo_test_flag,
    load_http,
    load_registry,
)
from sandbox.testshop import TestshopSandbox  # noqa: E402

SOAK = os.environ.get("ECOMMERCE_SOAK") == "1"
ENABLED = os.environ.get("ECOMMERCE_E2E", "1") != "0"
SCENARIOS = ("duplicates", "faults", "crash")
PRODUCTS = [
    # sku, name, price, quantity on hand in Odoo
    ("E2E-MUG", "E2E mug", "12.50", 500),
    ("E2E-TEE", "E2E T-shirt", "25.00", 300),
    ("E2E-CAP", "E2E cap", "15.00", 200),
]
REQUEST_TIMEOUT = 3  # seconds; the fault scenario's slow answers take longer


class FaultySandbox(TestshopSandbox):
    """The testshop sandbox whose 503 answers carry ``Retry-After`` (as most
    platforms' do), so the jobs retry after seconds, not the default 30 s."""

    retry_after_503 = 2

    def fault_response(self, kind, retry_after, request):
        response = super().fault_response(kind, retry_after, request)
        if response.status == 503:
            response.headers["Retry-After"] = str(self.retry_after_503)
        return response


class E2E:
    """What the scenarios share: the server, a sandbox and an account each."""

    def __init__(self, server, shops, accounts):
        self.server = server
        self.shops = shops
        self.accounts = accounts  # scenario -> ecommerce.account id
        self.run = time.strftime("%H%M%S")

    def activate(self, scenario):
        """Make ``scenario``'s account the only connected one (the crons
        loop over connected accounts) and empty its sandbox."""
        self.server.sql(
            "UPDATE ecommerce_account SET state = CASE WHEN id = %s "
            "THEN 'connected' ELSE 'draft' END",
            (self.accounts[scenario],),
        )
        self.shops[scenario].reset()
        return self.accounts[scenario], self.shops[scenario]

    def webhook_url(self, scenario):
        return f"{self.server.url}/ecommerce/webhook/{self.accounts[scenario]}"


@pytest.fixture(scope="session")
def e2e(tmp_path_factory):
    if not ENABLED:
        pytest.skip("ECOMMERCE_E2E=0")
    shops = {name: FaultySandbox().start() for name in SCENARIOS}
    log_dir = os.environ.get("ECOMMERCE_LOG_DIR") or str(tmp_path_factory.mktemp("e2e"))
    server = OdooServer(os.path.join(log_dir, "e2e-odoo.log"))
    params = {
        "timeout": REQUEST_TIMEOUT,
        "products": PRODUCTS,
        "accounts": [
            {
                "name": f"E2E {name}",
                "url": shop.url,
                "token": shop.token,
                "webhook_secret": shop.webhook_secret,
            }
            for name, shop in shops.items()
        ],
    }
    with open(os.path.join(HERE, "odoo_setup.py")) as handle:
        script = (
            f"import json\nPARAMS = json.loads({json.dumps(params)!r})\n"
            + handle.read()
        )
    started = time.monotonic()
    server.prepare_database(script)
    server.start()
    elapsed = time.monotonic() - started
    print(f"\n[e2e] Odoo ready in {elapsed:.0f} s, log {server.log_path}")
    accounts = {
        name: server.sql(
            "SELECT id FROM ecommerce_account WHERE name = %s", (f"E2E {name}",)
        )[0][0]
        for name in SCENARIOS
    }
    try:
        yield E2E(server, shops, accounts)
    finally:
        server.stop()
        for shop in shops.values():
            shop.stop()
        shutil.rmtree(server.workdir, ignore_errors=True)


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    rows = figures.load_all()
    if not rows:
        return
    terminalreporter.section("reliability figures")
    terminalreporter.write_line(f"(from {figures.figures_dir()})")
    terminalreporter.write_line(figures.render_table(rows))
    terminalreporter.write_line(figures.LEGEND)
    for problem in figures.problems(rows):
        terminalreporter.write_line(f"NOT ZERO: {problem}", red=True)
