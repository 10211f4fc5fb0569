# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Data behind the screenshots of the README: run inside ``odoo-bin shell``
on a database with every suite addon and ``test_ecommerce_base``::

    cd <repository> && odoo-bin shell -c odoo.conf -d DB < docs/screenshots/seed.py

It starts the testshop sandbox in this process, seeds a week of orders (two
of them with SKUs Odoo does not know, so the error queue has content), sets up
the demo channel with ``.ci/demo_channel.py``, runs its first import, product
import and stock export synchronously, and adds one not-yet-connected account
per platform so the dashboard shows every logo. Then take the pictures with
``docs/screenshots/shoot.py``.
"""

import os
import runpy
import sys
from datetime import UTC, datetime, timedelta

# read from stdin by odoo-bin shell: no __file__; run it from the repository
REPO = os.environ.get("ECOMMERCE_REPO", os.getcwd())
sys.path.insert(0, os.path.join(REPO, "tests"))

from sandbox.testshop import TestshopSandbox, make_order  # noqa: E402

env = globals()["env"]  # given by odoo-bin shell


def stamp(days_ago, hour):
    moment = datetime.now(UTC).replace(hour=hour, minute=12, microsecond=0)
    return (moment - timedelta(days=days_ago)).strftime("%Y-%m-%dT%H:%M:%SZ")


def orders(currency):
    documents = []
    number = 1000
    for days_ago, count in enumerate((3, 2, 4, 1, 3, 2, 2)):
        for index in range(count):
            number += 1
            moment = stamp(days_ago, 9 + 2 * index)
            documents.append(
                make_order(
                    str(number),
                    currency=currency,
                    created_at=moment,
                    updated_at=moment,
                )
            )
    for sku in ("TS-HOODIE-XL", "TS-POSTER-A2"):
        number += 1
        bad = make_order(str(number), currency=currency)
        bad["lines"][0]["sku"] = sku
        bad["lines"][0]["barcode"] = ""
        documents.append(bad)
    return documents


sandbox = TestshopSandbox().start()
sandbox.seed(
    {
        "products": TestshopSandbox.demo_data()["products"],
        "orders": orders("EUR"),
    }
)
os.environ["ECOMMERCE_DEMO_SANDBOX_URL"] = sandbox.url
runpy.run_path(os.path.join(REPO, ".ci", "demo_channel.py"), init_globals={"env": env})
account = env["ecommerce.account"].search([("name", "=", "Demo shop (sandbox)")])
# the jobs demo_channel queued, run here and now
env["queue.job"].search([("state", "=", "pending")]).unlink()
account.import_products(trigger="manual")
account.import_orders(trigger="manual")
account.export_stock(trigger="manual", full=True)
account.action_repair_webhooks()
# an admin is responsible; two open errors are enough for an alert here
account.write({"user_id": env.ref("base.user_admin").id, "alert_error_threshold": 2})
env["ecommerce.account"]._cron_check_health()
for platform, name in (
    ("shopify", "My Shopify store"),
    ("woocommerce", "WooCommerce outlet"),
    ("amazon", "Amazon EU"),
    ("ebay", "eBay Germany"),
):
    if not env["ecommerce.account"].search([("name", "=", name)]):
        env["ecommerce.account"].create({"name": name, "platform": platform})
env.cr.commit()
sandbox.stop()
sys.stdout.write(f"screenshot data ready: account {account.id}\n")
