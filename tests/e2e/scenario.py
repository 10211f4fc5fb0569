"""Helpers shared by the scenarios: order documents, concurrent deliveries,
and the outcome read back from Odoo's database."""

import time
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

from sandbox.testshop import make_order

SKUS = (("E2E-MUG", "12.50"), ("E2E-TEE", "25.00"), ("E2E-CAP", "15.00"))
IMPORT_CRON = "ecommerce_base.cron_import_orders"
STOCK_CRON = "ecommerce_base.cron_export_stock"


def e2e_order(order_id, customer_no, currency, line_count=2):
    """An untaxed, paid order of products that exist in Odoo, bought by
    customer ``customer_no`` (several orders share a customer)."""
    email = f"buyer{customer_no}@example.com"
    address = {
        "name": f"Buyer {customer_no}",
        "street": f"Rue du Test {customer_no}",
        "city": "Brussels",
        "zip": "1000",
        "country_code": "BE",
        "email": email,
    }
    lines = [
        {
            "id": f"{order_id}-{i}",
            "sku": SKUS[i % len(SKUS)][0],
            "title": SKUS[i % len(SKUS)][0],
            "quantity": 1 + i,
            "unit_price": SKUS[i % len(SKUS)][1],
            "discount": "0.00",
            "tax_rate": "0",
        }
        for i in range(line_count)
    ]
    return make_order(
        order_id,
        currency=currency,
        customer={
            "id": f"cust-{customer_no}",
            "email": email,
            "first_name": "Buyer",
            "last_name": str(customer_no),
        },
        billing_address=address,
        shipping_address=address,
        lines=lines,
        shipping=[],
    )


def e2e_orders(currency, numbers, prefix, customer_prefix, customers):
    """Orders ``<prefix><number:04d>`` of ``numbers``, shared by
    ``customers`` customers ``<customer_prefix><n>`` in turn."""
    return [
        e2e_order(f"{prefix}{i:04d}", f"{customer_prefix}{i % customers}", currency)
        for i in numbers
    ]


def begin(e2e, scenario):
    """Make ``scenario``'s account the active one (see ``E2E.activate``).

    :return: ``(account_id, shop, since, currency)``: its sandbox, the
        database time before anything ran (for :func:`job_states`) and the
        company currency
    """
    account_id, shop = e2e.activate(scenario)
    server = e2e.server
    return account_id, shop, db_now(server), company_currency(server)


def send_webhooks(shop, url, order_ids, copies, threads=8):
    """Deliver each order ``copies`` times, all at once from ``threads``
    threads. :return: ``{status: count}``"""
    statuses = {}
    with ThreadPoolExecutor(threads) as pool:
        futures = [
            pool.submit(shop.send_order_webhook, url, order_id)
            for _copy in range(copies)
            for order_id in order_ids
        ]
        for future in futures:
            try:
                status, _body = future.result()
            except OSError:
                status = "unreachable"
            statuses[status] = statuses.get(status, 0) + 1
    return statuses


def company_currency(server):
    return server.sql(
        "SELECT c.name FROM res_company rc JOIN res_currency c "
        "ON c.id = rc.currency_id ORDER BY rc.id LIMIT 1"
    )[0][0]


def account_name(server, account_id):
    return server.sql(
        "SELECT name FROM ecommerce_account WHERE id = %s", (account_id,)
    )[0][0]


def outcome(server, account_id, documents):
    """What Odoo made of ``documents``: ``(created, duplicated, lost, bad)``.

    An order counts once per ``sale.order`` whose origin names it (so a
    duplicate without a binding is seen too); ``bad`` lists orders whose
    lines or total differ from the platform's (a half-written order).
    """
    name = account_name(server, account_id)
    origins = {f"{name}: {doc['number']}": doc for doc in documents}
    rows = server.sql(
        """
        SELECT so.origin, so.id, so.amount_total,
               (SELECT count(*) FROM sale_order_line l
                 WHERE l.order_id = so.id AND l.display_type IS NULL
                   AND l.product_uom_qty > 0)
          FROM sale_order so
         WHERE so.origin = ANY(%s)
        """,
        (list(origins),),
    )
    per_order = {}
    bad = []
    for origin, so_id, total, line_count in rows:
        per_order[origin] = per_order.get(origin, 0) + 1
        doc = origins[origin]
        expected_lines = len(doc["lines"])
        if line_count != expected_lines or Decimal(str(total)).quantize(
            Decimal("0.01")
        ) != Decimal(doc["total"]):
            bad.append((doc["id"], so_id, line_count, total))
    created = len(per_order)
    duplicated = sum(count - 1 for count in per_order.values())
    lost = len(origins) - created
    return created, duplicated, lost, bad


def partners_per_customer(server, emails):
    """``{email: number of customer partners}`` (companies/persons without
    a parent, i.e. not the invoice/delivery contacts)."""
    rows = server.sql(
        "SELECT email, count(*) FROM res_partner WHERE email = ANY(%s) "
        "AND parent_id IS NULL AND active GROUP BY email",
        (list(emails),),
    )
    found = dict(rows)
    return {email: found.get(email, 0) for email in emails}


def faults_injected(shop):
    """Answers the sandbox faulted (429, 5xx, slow, down)."""
    return sum(1 for call in shop.calls() if call.get("fault"))


def wait_for(predicate, timeout, step=0.5):
    """Poll ``predicate`` until true; :return: its last value."""
    deadline = time.monotonic() + timeout
    value = predicate()
    while not value and time.monotonic() < deadline:
        time.sleep(step)
        value = predicate()
    return value


def job_states(server, account_id, method, since):
    """``(uuid, state, started, done, retry)`` of the account's ``method``
    jobs created since ``since`` (a database time, see :func:`db_now`)."""
    return server.sql(
        "SELECT uuid, state, date_started, date_done, retry FROM queue_job "
        "WHERE method_name = %s AND identity_key LIKE %s AND date_created >= %s "
        "ORDER BY id",
        (method, f"ecommerce:{account_id}:%", since),
    )


def db_now(server):
    """The database's current UTC time (naive, as Odoo stores it)."""
    return server.sql("SELECT now() AT TIME ZONE 'utc'")[0][0]
