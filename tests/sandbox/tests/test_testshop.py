"""The testshop wire format, over real HTTP."""

import base64
import hashlib
import hmac
import json
import re
import uuid
from decimal import Decimal

from sandbox.client import SandboxClient
from sandbox.testshop import TestshopSandbox, make_order, order_total, sign

from .receiver import Receiver

TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")


def at(seconds):
    """A fixed past timestamp, ``seconds`` after 2020-01-01 10:00 UTC."""
    minutes, seconds = divmod(seconds, 60)
    return f"2020-01-01T10:{minutes:02d}:{seconds:02d}Z"


def ids(answer):
    return [order["id"] for order in answer.json()["orders"]]


# === AUTH AND SHOP === #


def test_missing_or_wrong_token_is_401(shop):
    expected = {
        "error": {"code": "unauthorized", "message": "Invalid or missing access token"}
    }
    for headers in ({}, {"X-Shop-Token": "wrong"}):
        answer = SandboxClient(shop.url, headers).get("/api/shop")
        assert answer.status == 401
        assert answer.json() == expected


def test_shop_document_and_budget_header(api):
    answer = api.get("/api/shop")
    assert answer.status == 200
    assert answer.json() == {"shop": {"name": "Test Shop", "currency": "EUR"}}
    assert answer.headers["X-Shop-Api-Call-Limit"] == "1/1000"
    assert answer.headers["Content-Type"] == "application/json"


def test_constructor_options():
    with TestshopSandbox(token="t0k", shop_name="Boutique", currency="USD") as server:
        api = SandboxClient(server.url, {"X-Shop-Token": "t0k"})
        assert api.get("/api/shop").json() == {
            "shop": {"name": "Boutique", "currency": "USD"}
        }


# === ORDERS: SEEDING, LISTING, PAGINATION === #


def test_seeding_fills_timestamps_and_accepts_broken_orders(api, shop):
    seeded = api.seed({"orders": [{"id": "1001"}, {"id": "1002", "lines": "oops"}]})
    assert seeded == {"orders": 2, "products": 0}
    order = api.get("/api/orders/1001").json()["order"]
    assert TIMESTAMP.match(order["created_at"]) and TIMESTAMP.match(order["updated_at"])
    assert api.get("/api/orders/1002").json()["order"]["lines"] == "oops"
    missing_id = api.request("POST", "/_sandbox/seed", {"orders": [{"number": "#1"}]})
    assert missing_id.status == 400


def test_reseeding_replaces_and_bumps_updated_at(api, shop):
    (first,) = shop.seed_orders([{"id": "1001", "status": "open"}])
    (second,) = shop.seed_orders([{"id": "1001", "status": "cancelled"}])
    assert second["updated_at"] > first["updated_at"]
    assert second["created_at"] == first["created_at"]
    assert api.get("/api/orders/1001").json()["order"]["status"] == "cancelled"
    (given,) = shop.seed_orders([{"id": "1001", "updated_at": at(0)}])
    assert given["updated_at"] == at(0)


def test_unknown_order_is_404(api):
    answer = api.get("/api/orders/999")
    assert answer.status == 404
    assert answer.json()["error"]["code"] == "not_found"


def test_updated_since_is_inclusive(api, shop):
    shop.seed_orders(
        [
            {"id": "1", "updated_at": at(0)},
            {"id": "2", "updated_at": at(5)},
            {"id": "3", "updated_at": at(10)},
        ]
    )
    assert ids(api.get("/api/orders", {"updated_since": at(5)})) == ["2", "3"]
    offset_form = {"updated_since": "2020-01-01T11:00:05+01:00"}
    assert ids(api.get("/api/orders", offset_form)) == ["2", "3"]
    assert ids(api.get("/api/orders")) == ["1", "2", "3"]
    assert api.get("/api/orders", {"updated_since": "yesterday"}).status == 400


def test_orders_sorted_by_updated_at_then_numeric_id(api, shop):
    shop.seed_orders(
        [
            {"id": "10", "updated_at": at(1)},
            {"id": "9", "updated_at": at(1)},
            {"id": "1", "updated_at": at(2)},
        ]
    )
    assert ids(api.get("/api/orders")) == ["9", "10", "1"]


def test_limit_bounds(api, shop):
    shop.seed_orders([{"id": str(n)} for n in range(1, 121)])
    assert len(api.get("/api/orders", {"limit": 100}).json()["orders"]) == 100
    assert len(api.get("/api/orders").json()["orders"]) == 50  # default
    for limit in (101, 0, "ten"):
        answer = api.get("/api/orders", {"limit": limit})
        assert answer.status == 400
        assert answer.json()["error"]["code"] == "invalid"
    assert api.get("/api/orders", {"cursor": "garbage"}).status == 400


def test_pagination_is_stable_when_orders_arrive_between_pages(api, shop):
    # Seven orders, with ties on updated_at so a page boundary falls inside one.
    shop.seed_orders([{"id": str(n), "updated_at": at(n // 2)} for n in range(1, 8)])
    page1 = api.get("/api/orders", {"limit": 3}).json()
    assert [o["id"] for o in page1["orders"]] == ["1", "2", "3"]
    assert page1["next_cursor"]

    # Meanwhile: an order sorting *before* the cursor (an offset-based API
    # would now repeat order 3) and a brand-new one (now, so after all).
    shop.seed_orders([{"id": "0", "updated_at": at(0)}, {"id": "50"}])

    seen = [o["id"] for o in page1["orders"]]
    cursor = page1["next_cursor"]
    pages = 1
    while cursor:
        page = api.get("/api/orders", {"limit": 3, "cursor": cursor}).json()
        seen += [o["id"] for o in page["orders"]]
        cursor = page["next_cursor"]
        pages += 1
    assert seen == ["1", "2", "3", "4", "5", "6", "7", "50"]
    assert pages == 3
    assert shop.call_count(route="GET /api/orders") == 3


def test_cancel_control_bumps_updated_at(api, shop):
    shop.seed_orders([make_order("1001", updated_at=at(0))])
    answer = api.post("/_sandbox/orders/1001/cancel")
    assert answer.status == 200
    order = api.get("/api/orders/1001").json()["order"]
    assert order["status"] == "cancelled"
    assert order["updated_at"] > at(0)
    assert ids(api.get("/api/orders", {"updated_since": at(1)})) == ["1001"]
    assert api.post("/_sandbox/orders/404/cancel").status == 404


# === PRODUCTS AND INVENTORY === #


def _products(count):
    return [
        {
            "id": str(n),
            "sku": f"SKU-{n}",
            "barcode": None,
            "title": f"Product {n}",
            "price": "10.00",
            "inventory_quantity": n,
        }
        for n in range(1, count + 1)
    ]


def test_products_paginate_by_id(api, shop):
    shop.seed_products(_products(12))
    first = api.get("/api/products", {"limit": 5}).json()
    assert [p["id"] for p in first["products"]] == ["1", "2", "3", "4", "5"]
    rest, cursor = [], first["next_cursor"]
    while cursor:
        page = api.get("/api/products", {"limit": 5, "cursor": cursor}).json()
        rest += [p["id"] for p in page["products"]]
        cursor = page["next_cursor"]
    assert rest == [str(n) for n in range(6, 13)]
    assert first["products"][2]["inventory_quantity"] == 3


def test_inventory_set_updates_known_skus_and_reports_unknown(api, shop):
    shop.seed_products(_products(3))
    answer = api.post(
        "/api/inventory/set",
        {
            "items": [
                {"sku": "SKU-1", "quantity": 7},
                {"sku": "NOPE", "quantity": 1},
                {"sku": "SKU-3", "quantity": 0},
            ]
        },
    )
    assert answer.status == 200
    assert answer.json()["updated"] == 2
    assert [error["sku"] for error in answer.json()["errors"]] == ["NOPE"]
    levels = api.get("/api/inventory", {"skus": "SKU-1,SKU-2,SKU-3,NOPE"}).json()
    assert levels == {
        "levels": [
            {"sku": "SKU-1", "quantity": 7},
            {"sku": "SKU-2", "quantity": 2},
            {"sku": "SKU-3", "quantity": 0},
        ]
    }
    product = api.get("/api/products").json()["products"][0]
    assert product["inventory_quantity"] == 7


def test_inventory_set_refuses_more_than_50_items(api, shop):
    shop.seed_products(_products(51))
    items = [{"sku": f"SKU-{n}", "quantity": 0} for n in range(1, 52)]
    answer = api.post("/api/inventory/set", {"items": items})
    assert answer.status == 400
    assert answer.json()["error"]["code"] == "invalid"
    assert "50" in answer.json()["error"]["message"]
    assert shop.inventory()["SKU-1"] == 1  # nothing applied
    assert api.post("/api/inventory/set", {"items": items[:50]}).json() == {
        "updated": 50,
        "errors": [],
    }


def test_inventory_set_refuses_malformed_items(api, shop):
    shop.seed_products(_products(1))
    answer = api.post("/api/inventory/set", {"items": [{"sku": "SKU-1"}]})
    assert answer.status == 400
    assert shop.inventory() == {"SKU-1": 1}


# === FULFILMENT === #


def _fulfil(api, lines, order_id="1001"):
    return api.post(
        f"/api/orders/{order_id}/fulfillments",
        {
            "lines": [{"line_id": i, "quantity": q} for i, q in lines],
            "tracking_number": "3SABC0123456789",
            "carrier": "bpost",
        },
    )


def test_fulfilment_partial_then_full_then_refused(api, shop):
    # Lines 1001-1 (quantity 2) and 1001-2 (quantity 1).
    shop.seed_orders([make_order("1001", updated_at=at(0))])

    first = _fulfil(api, [("1001-1", 1)])
    assert first.status == 201
    fulfillment = first.json()["fulfillment"]
    assert fulfillment["order_id"] == "1001"
    assert fulfillment["lines"] == [{"line_id": "1001-1", "quantity": 1}]
    assert fulfillment["tracking_number"] == "3SABC0123456789"
    assert fulfillment["carrier"] == "bpost"
    assert TIMESTAMP.match(fulfillment["created_at"])
    order = api.get("/api/orders/1001").json()["order"]
    assert order["fulfillment_status"] == "partial"
    assert order["updated_at"] > at(0)

    too_many = _fulfil(api, [("1001-1", 2)])
    assert too_many.status == 400
    assert too_many.json()["error"]["code"] == "invalid"

    second = _fulfil(api, [("1001-1", 1), ("1001-2", 1)])
    assert second.status == 201
    assert second.json()["fulfillment"]["id"] != fulfillment["id"]
    order = api.get("/api/orders/1001").json()["order"]
    assert order["fulfillment_status"] == "fulfilled"

    assert _fulfil(api, [("1001-2", 1)]).status == 400
    listed = api.get("/api/orders/1001/fulfillments").json()["fulfillments"]
    assert len(listed) == 2 and len(shop.fulfillments("1001")) == 2


def test_fulfilment_validation(api, shop):
    shop.seed_orders([make_order("1001"), make_order("1002", status="cancelled")])
    assert _fulfil(api, [("no-such-line", 1)]).status == 400
    assert _fulfil(api, [("1001-1", 0)]).status == 400
    assert _fulfil(api, []).status == 400
    assert _fulfil(api, [("1002-1", 1)], order_id="1002").status == 400
    assert _fulfil(api, [("1-1", 1)], order_id="404").status == 404
    assert shop.get_order("1001")["fulfillment_status"] == "unfulfilled"


# === WEBHOOKS === #


def test_webhook_is_the_signed_order_document(api, shop, receiver):
    shop.seed_orders([make_order("1001")])
    answer = api.post(
        "/_sandbox/webhooks/send",
        {"url": receiver.url, "topic": "orders/create", "order_id": "1001"},
    )
    assert answer.status == 200  # the receiver's status
    assert answer.json()["status"] == 200 and answer.json()["body"] == "ok"

    (delivery,) = receiver.received
    headers, raw = delivery["headers"], delivery["body"]
    assert json.loads(raw) == shop.get_order("1001")
    assert headers["Content-Type"] == "application/json"
    assert headers["X-Shop-Topic"] == "orders/create"
    assert uuid.UUID(headers["X-Shop-Webhook-Id"])
    # Independent computation of the signature, then the module's helper.
    expected = base64.b64encode(
        hmac.new(b"test-webhook-secret", raw, hashlib.sha256).digest()
    ).decode()
    assert headers["X-Shop-Hmac-Sha256"] == expected == sign("test-webhook-secret", raw)
    assert sign("another-secret", raw) != expected


def test_webhook_answer_mirrors_receiver_refusal(api, shop):
    shop.seed_orders([make_order("1001")])
    with Receiver(answer_status=401, answer_body=b"bad signature") as refusing:
        answer = api.post(
            "/_sandbox/webhooks/send",
            {"url": refusing.url, "topic": "orders/updated", "order_id": "1001"},
        )
    assert answer.status == 401
    assert answer.json()["body"] == "bad signature"


def test_webhook_python_api_and_refusals(api, shop, receiver):
    shop.seed_orders([make_order("1001")])
    status, body = shop.send_order_webhook(receiver.url, "1001", webhook_id="w-1")
    assert (status, body) == (200, b"ok")
    assert receiver.received[0]["headers"]["X-Shop-Webhook-Id"] == "w-1"
    assert receiver.received[0]["headers"]["X-Shop-Topic"] == "orders/updated"

    def send(**overrides):
        payload = {"url": receiver.url, "topic": "orders/create", "order_id": "1001"}
        return api.post("/_sandbox/webhooks/send", {**payload, **overrides}).status

    assert send(url="http://example.com/hook") == 400
    assert send(topic="orders/paid") == 400
    assert send(order_id="404") == 404
    assert len(receiver.received) == 1


# === RATE LIMITS AND FAULTS === #


def test_leaky_bucket_answers_429_when_full(api, shop):
    knobs = {"bucket_size": 3, "leak_rate": 0.01}  # a slot frees every 100 s
    assert api.post("/_sandbox/rate_limit", knobs).json() == knobs
    budgets = [api.get("/api/shop").headers["X-Shop-Api-Call-Limit"] for _ in range(3)]
    assert budgets == ["1/3", "2/3", "3/3"]
    refused = api.get("/api/shop")
    assert refused.status == 429
    assert refused.json()["error"]["code"] == "rate_limited"
    assert int(refused.headers["Retry-After"]) >= 1
    assert refused.headers["X-Shop-Api-Call-Limit"] == "3/3"
    shop.reset()  # back to the constructor's bucket
    assert api.get("/api/shop").headers["X-Shop-Api-Call-Limit"] == "1/1000"


def test_injected_faults_use_the_testshop_error_format(api, shop):
    api.set_faults(rate_429=1.0, retry_after=2, seed=7)
    answer = api.get("/api/orders")
    assert answer.status == 429
    assert answer.headers["Retry-After"] == "2"
    assert answer.json()["error"]["code"] == "rate_limited"
    assert "X-Shop-Api-Call-Limit" in answer.headers
    api.set_faults(down=True)
    down = api.get("/api/orders")
    assert (down.status, down.json()["error"]["code"]) == (503, "unavailable")
    assert api.seed({"orders": [{"id": "1"}]}) == {"orders": 1, "products": 0}
    assert shop.call_count(prefix="/api/") == 2


# === TOTALS === #


def _line(quantity, unit_price, discount, tax_rate):
    return {
        "quantity": quantity,
        "unit_price": unit_price,
        "discount": discount,
        "tax_rate": tax_rate,
    }


def test_order_total_prices_including_tax():
    order = {
        "prices_include_tax": True,
        "lines": [
            _line(2, "12.50", "0.00", "21"),
            _line(1, "25.00", "5.00", "21"),
        ],
        "shipping": [{"price": "5.00", "tax_rate": "21"}],
        "discounts": [{"code": "SAVE5", "amount": "5.00"}],
    }
    # 2*12.50 - 0 = 25.00; 1*25.00 - 5.00 = 20.00; + 5.00 shipping - 5.00
    # order discount = 45.00 (tax already inside the prices).
    assert order_total(order) == Decimal("45.00")


def test_order_total_prices_excluding_tax():
    order = {
        "prices_include_tax": False,
        "lines": [
            _line(3, "9.99", "1.00", "21"),
            _line(1, "4.05", "0", "6"),
        ],
        "shipping": [{"price": "4.95", "tax_rate": "21"}],
        "discounts": [{"code": "X", "amount": "2.00"}],
    }
    # Nets: 29.97 - 1.00 = 28.97; 4.05; shipping 4.95; minus 2.00 -> 35.97.
    # Taxes: 28.97 * 21% = 6.0837 -> 6.08; 4.05 * 6% = 0.243 -> 0.24;
    #        4.95 * 21% = 1.0395 -> 1.04; sum 7.36 (order discount untaxed).
    # Total: 35.97 + 7.36 = 43.33.
    assert order_total(order) == Decimal("43.33")


def test_order_total_rounds_each_tax_half_up():
    order = {
        "prices_include_tax": False,
        "lines": [{"quantity": 1, "unit_price": "0.50", "tax_rate": "21"}],
    }
    # 0.50 * 21% = 0.105 -> 0.11 half up (banker's rounding would give 0.10).
    assert order_total(order) == Decimal("0.61")


def test_make_order_is_realistic_and_consistent():
    order = make_order(1001)
    # 2 * 12.50 + (25.00 - 5.00) + 5.00 shipping, tax included.
    assert order["total"] == "50.00"
    assert order["id"] == "1001" and order["number"] == "#1001"
    assert TIMESTAMP.match(order["updated_at"])
    excluded = make_order("1002", prices_include_tax=False)
    # Taxes 21%: 25.00 -> 5.25, 20.00 -> 4.20, shipping 5.00 -> 1.05.
    assert excluded["total"] == "60.50"
    assert make_order("1003", total="1.00")["total"] == "1.00"


def test_webhook_subscriptions_once_per_topic_and_address(api, shop):
    hook = {"topic": "orders/create", "address": "http://127.0.0.1:8069/hook/1"}
    created = api.post("/api/webhooks", {"webhook": hook})
    assert created.status == 201
    assert created.json() == {"webhook": {"id": 1, **hook}}
    assert api.post("/api/webhooks", {"webhook": hook}).status == 422
    bad_topic = {"topic": "carts/create", "address": hook["address"]}
    assert api.post("/api/webhooks", {"webhook": bad_topic}).status == 400
    bad_address = {"topic": "orders/updated", "address": "ftp://x"}
    assert api.post("/api/webhooks", {"webhook": bad_address}).status == 400
    assert api.get("/api/webhooks").json() == {"webhooks": [{"id": 1, **hook}]}
    assert shop.webhooks() == [{"id": 1, **hook}]
    shop.reset()
    assert api.get("/api/webhooks").json() == {"webhooks": []}
