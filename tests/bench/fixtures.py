"""What the benchmarks run against: the testshop sandbox (a subprocess or a
thread, driven over HTTP either way), and the Odoo data of the bench account
(company settings, a tax, products with stock, carrier, account)."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request

from odoo.fields import Command

from sandbox.testshop import TestshopSandbox, make_order

TESTS_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SKU_PREFIX = "BENCH-"
ORDER_POOL = 200  # products the orders buy from
TOKEN = "bench-token"


class Sandbox:
    """The testshop sandbox, reached over loopback HTTP like a real platform.

    ``process=True`` serves it from its own Python process (the platform does
    not share Odoo's CPU time and GIL); else from a thread of this process.
    """

    def __init__(self, process=True):
        self.token = TOKEN
        self._proc = self._server = None
        if process:
            with socket.socket() as probe:
                probe.bind(("127.0.0.1", 0))
                port = probe.getsockname()[1]
            self._proc = subprocess.Popen(  # noqa: S603 (our own module)
                [
                    sys.executable,
                    "-m",
                    "sandbox",
                    "testshop",
                    "--port",
                    str(port),
                    "--quiet",
                    "--set",
                    f"token={TOKEN}",
                    "--set",
                    "bucket_size=1000000",
                ],
                cwd=TESTS_DIR,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            self.url = f"http://127.0.0.1:{port}"
            self._wait()
        else:
            self._server = TestshopSandbox(token=TOKEN, bucket_size=1000000).start()
            self.url = self._server.url

    def _wait(self):
        for _ in range(100):
            try:
                self._call("GET", "/_sandbox/health")
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("The testshop sandbox did not start")

    def _call(self, method, path, payload=None):
        data = json.dumps(payload).encode() if payload is not None else None
        request = urllib.request.Request(
            self.url + path,
            data=data,
            method=method,
            headers={"Content-Type": "application/json", "X-Shop-Token": TOKEN},
        )
        with urllib.request.urlopen(request, timeout=120) as answer:  # noqa: S310
            return json.loads(answer.read() or b"{}")

    def seed(self, orders=(), products=()):
        return self._call(
            "POST",
            "/_sandbox/seed",
            {"orders": list(orders), "products": list(products)},
        )

    def reset(self):
        self._call("POST", "/_sandbox/reset", {})

    def call_counts(self):
        """``{"POST /api/inventory/set": n, ...}`` since the last reset."""
        return self._call("GET", "/_sandbox/calls")["counts"]

    def inventory(self, skus):
        """The platform's quantities of ``skus``, as ``{sku: quantity}``."""
        result = {}
        for start in range(0, len(skus), 200):
            chunk = ",".join(skus[start : start + 200])
            levels = self._call("GET", f"/api/inventory?skus={chunk}")["levels"]
            result.update({lvl["sku"]: lvl["quantity"] for lvl in levels})
        return result

    def stop(self):
        if self._proc:
            self._proc.terminate()
            self._proc.wait(timeout=10)
        if self._server:
            self._server.stop()


# === ORDER DOCUMENTS === #


def customer_of(index):
    """Three orders in four come from a new buyer, one from a returning one."""
    return index if index % 4 else index // 4


def order_document(prefix, index, currency, buyer=None):
    """A paid testshop order of 3 lines (from the product pool) and shipping,
    prices including 21% tax; every fifth ships to another address."""
    if buyer is None:
        buyer = customer_of(index)
    address = {
        "name": f"Buyer {prefix}-{buyer}",
        "company": None,
        "street": f"Bench street {buyer}",
        "street2": None,
        "city": "Brussels",
        "zip": "1000",
        "country_code": "BE",
        "state_code": None,
        "phone": "+32 470 00 00 00",
        "email": f"buyer-{prefix}-{buyer}@example.com",
    }
    shipping = dict(address)
    if index % 5 == 0:
        shipping.update(name=f"Gift {prefix}-{index}", street=f"Gift lane {index}")
    lines = []
    for k in range(3):
        product = (index * 3 + k) % ORDER_POOL
        lines.append(
            {
                "id": f"{prefix}-{index}-{k}",
                "product_id": f"v{product}",
                "sku": sku_of(product),
                "title": f"Bench product {product}",
                "quantity": 1 + k % 2,
                "unit_price": ("10.00", "12.50", "24.99")[k],
                "discount": "0.00",
                "tax_rate": "21.0",
            }
        )
    return make_order(
        f"{prefix}-{index}",
        currency=currency,
        customer={
            "id": f"cust-{prefix}-{buyer}",
            "email": address["email"],
            "first_name": "Buyer",
            "last_name": f"{prefix}-{buyer}",
            "phone": address["phone"],
        },
        billing_address=address,
        shipping_address=shipping,
        lines=lines,
    )


def sku_of(index):
    return f"{SKU_PREFIX}{index:06d}"


# === ODOO DATA === #


def bench_tax(env):
    """The 21% price-included sale tax every bench order uses."""
    company = env.company
    Tax = env["account.tax"]
    tax = Tax.search(
        [("name", "=", "Bench VAT 21% incl"), ("company_id", "=", company.id)], limit=1
    )
    if not tax:
        tax = Tax.create(
            {
                "name": "Bench VAT 21% incl",
                "amount": 21,
                "type_tax_use": "sale",
                "price_include_override": "tax_included",
                "company_id": company.id,
            }
        )
    return tax


def ensure_products(env, count, tax):
    """Storable products ``BENCH-000000``... up to ``count``, the first
    ``ORDER_POOL`` of them with plenty of stock. Returns them in SKU order."""
    Product = env["product.product"].with_context(tracking_disable=True)
    existing = Product.search([("default_code", "=like", SKU_PREFIX + "%")])
    known = {p.default_code for p in existing}
    missing = [i for i in range(count) if sku_of(i) not in known]
    for start in range(0, len(missing), 1000):
        Product.create(
            [
                {
                    "name": f"Bench product {i}",
                    "default_code": sku_of(i),
                    "is_storable": True,
                    "list_price": 10.0,
                    "invoice_policy": "order",
                    "taxes_id": [Command.set(tax.ids)],
                }
                for i in missing[start : start + 1000]
            ]
        )
    products = Product.search(
        [("default_code", "in", [sku_of(i) for i in range(count)])],
        order="default_code",
    )
    warehouse = env["stock.warehouse"].search(
        [("company_id", "=", env.company.id)], limit=1
    )
    stocked = products[:ORDER_POOL].filtered(lambda p: p.qty_available < 1000)
    for product in stocked:
        env["stock.quant"]._update_available_quantity(
            product, warehouse.lot_stock_id, 100000
        )
    return products


def bench_account(env, sandbox, name="Bench shop"):
    """The testshop account of the benchmarks, pointing at ``sandbox``:
    card payments confirmed (no invoice: the baseline neither invoices),
    the bench tax mapped, standard carrier by default."""
    company = env.company
    company.tax_calculation_rounding_method = "round_per_line"
    tax = bench_tax(env)
    Product = env["product.product"]
    carrier = env["delivery.carrier"].search([("name", "=", "Bench carrier")], limit=1)
    if not carrier:
        shipping = Product.create(
            {
                "name": "Bench shipping",
                "type": "service",
                "invoice_policy": "order",
                "taxes_id": [Command.set(tax.ids)],
            }
        )
        carrier = env["delivery.carrier"].create(
            {"name": "Bench carrier", "product_id": shipping.id, "fixed_price": 5}
        )
    warehouse = env["stock.warehouse"].search(
        [("company_id", "=", company.id)], limit=1
    )
    Account = env["ecommerce.account"]
    account = Account.search([("name", "=", name)], limit=1)
    vals = {
        "base_url": sandbox.url,
        "access_token": sandbox.token,
        "state": "connected",
        "database_uuid": env["ir.config_parameter"].sudo().get_param("database.uuid"),
    }
    if account:
        account.write(vals)
        return account, tax, carrier
    account = Account.create(
        {
            "name": name,
            "platform": "testshop",
            "company_id": company.id,
            "warehouse_id": warehouse.id,
            "default_carrier_id": carrier.id,
            "auto_confirm": True,
            "stock_export_delay": 3600,
            "payment_mapping_ids": [
                Command.create(
                    {"code": "card", "confirm": "paid", "create_invoice": False}
                )
            ],
            "tax_mapping_ids": [
                Command.create({"rate": 21, "price_include": True, "tax_id": tax.id})
            ],
            **vals,
        }
    )
    return account, tax, carrier
