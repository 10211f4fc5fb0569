"""The WooCommerce sandbox's wire format, over real HTTP."""

import base64
import time
from decimal import Decimal
from urllib.parse import parse_qsl

import pytest

from sandbox.client import SandboxClient
from sandbox.woocommerce import (
    WooCommerceSandbox,
    make_order,
    make_product,
    make_refund,
    make_variation,
    sign,
)
from sandbox.woocommerce_factory import oauth_signature, order_total

from .receiver import Receiver

API = "/wp-json/wc/v3"


@pytest.fixture(scope="module")
def wc_server():
    with WooCommerceSandbox() as server:
        yield server


@pytest.fixture
def wc(wc_server):
    wc_server.reset()
    return wc_server


def signed(server, method, path, query=None, secret=None, timestamp=None):
    """Query string of an OAuth 1.0a signed request."""
    params = dict(query or {})
    params.update(
        oauth_consumer_key=server.consumer_key,
        oauth_timestamp=str(timestamp or int(time.time())),
        oauth_nonce=base64.b16encode(str(time.time_ns()).encode()).decode(),
        oauth_signature_method="HMAC-SHA256",
    )
    params["oauth_signature"] = oauth_signature(
        method, server.url + path, params, secret or server.consumer_secret
    )
    return params


def get(server, path, query=None, **kwargs):
    return SandboxClient(server.url).get(
        path, signed(server, "GET", path, query, **kwargs)
    )


def post(server, path, body, query=None):
    return SandboxClient(server.url).post(
        path, body, query=signed(server, "POST", path, query)
    )


# === FACTORY === #


def test_webhook_signature_test_vector():
    body = b'{"id":820982911946154508,"email":"jon@example.com"}'
    assert (
        sign("wc_test_secret", body) == "QGqYutfJ9tS61MXNcMK8kGIH4/oh/1jDz+MLsMESGSw="
    )


def test_make_order_tax_exclusive_with_coupon_totals():
    order = make_order(
        1,
        items=[{"sku": "A", "price": "9.99", "quantity": 3, "tax_rate": "21"}],
        coupons=[{"code": "TEN", "percent": 10}],
        shipping=[{"method_id": "flat_rate:1", "cost": "4.95", "tax_rate": "21"}],
    )
    line = order["line_items"][0]
    # 29.97 - 3.00 = 26.97, tax 5.66; shipping 4.95 + 1.04
    assert (line["subtotal"], line["total"], line["total_tax"]) == (
        "29.97",
        "26.97",
        "5.66",
    )
    assert order["total"] == "38.62"
    assert order["coupon_lines"][0]["discount"] == "3.00"
    assert order["discount_total"] == "3.00"
    assert Decimal(order["total"]) == order_total(order)


def test_make_order_tax_inclusive_line_totals_exclude_tax():
    order = make_order(
        2,
        prices_include_tax=True,
        items=[{"sku": "A", "price": "12.10", "quantity": 1, "tax_rate": "21"}],
        shipping=[],
    )
    line = order["line_items"][0]
    assert (line["subtotal"], line["subtotal_tax"], line["total"]) == (
        "10.00",
        "2.10",
        "10.00",
    )
    assert order["total"] == "12.10"
    assert order["tax_lines"][0]["rate_percent"] == 21.0


# === AUTH === #


def test_oauth_signed_request_passes_and_bad_signature_is_401(wc):
    assert get(wc, API + "/system_status").status == 200
    answer = get(wc, API + "/system_status", secret="cs_wrong")
    assert answer.status == 401
    assert answer.json() == {
        "code": "woocommerce_rest_authentication_error",
        "message": "Invalid signature - provided signature does not match.",
        "data": {"status": 401},
    }


def test_oauth_old_timestamp_and_replayed_nonce_are_refused(wc):
    old = get(wc, API + "/orders", timestamp=int(time.time()) - 3600)
    assert old.json()["message"] == "Invalid timestamp."
    query = signed(wc, "GET", API + "/orders")
    client = SandboxClient(wc.url)
    assert client.get(API + "/orders", query).status == 200
    assert (
        client.get(API + "/orders", query).json()["message"].startswith("Invalid nonce")
    )


def test_basic_auth_only_over_ssl(wc):
    token = base64.b64encode(
        f"{wc.consumer_key}:{wc.consumer_secret}".encode()
    ).decode()
    client = SandboxClient(wc.url, {"Authorization": f"Basic {token}"})
    assert client.get(API + "/orders").status == 401  # plain http: ignored
    wc.ssl = True
    assert client.get(API + "/orders").status == 200
    wrong = base64.b64encode(f"{wc.consumer_key}:cs_nope".encode()).decode()
    answer = SandboxClient(wc.url, {"Authorization": f"Basic {wrong}"}).get(
        API + "/orders"
    )
    assert answer.json()["message"] == "Consumer secret is invalid."
    keys = {"consumer_key": wc.consumer_key, "consumer_secret": wc.consumer_secret}
    assert SandboxClient(wc.url).get(API + "/orders", keys).status == 200


def test_plain_permalinks_answer_html_404(wc):
    wc.pretty_permalinks = False
    answer = get(wc, API + "/orders")
    assert answer.status == 404
    assert answer.headers["Content-Type"].startswith("text/html")


def test_unknown_route_is_rest_no_route(wc):
    answer = get(wc, API + "/nothing-here")
    assert answer.status == 404
    assert answer.json()["code"] == "rest_no_route"


# === ORDERS === #


def test_pagination_headers_and_per_page_limit(wc):
    wc.seed_orders([make_order(i) for i in range(1, 251)])
    first = get(wc, API + "/orders", {"per_page": 100, "orderby": "id", "order": "asc"})
    assert first.headers["X-WP-Total"] == "250"
    assert first.headers["X-WP-TotalPages"] == "3"
    assert 'rel="next"' in first.headers["Link"]
    assert [o["id"] for o in first.json()][:2] == [1, 2]
    last = get(
        wc,
        API + "/orders",
        {"per_page": 100, "page": 3, "orderby": "id", "order": "asc"},
    )
    assert len(last.json()) == 50
    beyond = get(wc, API + "/orders", {"per_page": 100, "page": 4})
    assert beyond.status == 200 and beyond.json() == []
    too_many = get(wc, API + "/orders", {"per_page": 101})
    assert too_many.status == 400
    assert too_many.json()["code"] == "rest_invalid_param"


def test_modified_after_in_gmt_or_site_time(wc):
    from datetime import datetime, timezone

    early = datetime(2026, 1, 1, 10, 0, tzinfo=timezone.utc)
    late = datetime(2026, 1, 1, 12, 0, tzinfo=timezone.utc)
    wc.seed_orders([make_order(1, created=early), make_order(2, created=late)])
    query = {"modified_after": "2026-01-01T11:00:00", "dates_are_gmt": "true"}
    assert [o["id"] for o in get(wc, API + "/orders", query).json()] == [2]
    # without dates_are_gmt, 11:00 is site time (UTC+2): both are after
    site = get(wc, API + "/orders", {"modified_after": "2026-01-01T11:00:00"})
    assert sorted(o["id"] for o in site.json()) == [1, 2]


def test_refunds_endpoint_and_summary(wc):
    order = make_order(7)
    refund = make_refund(order, 70, lines=[(order["line_items"][0]["id"], 1)])
    wc.seed_orders([order])
    wc.seed_refunds(7, [refund])
    stored = get(wc, API + "/orders/7").json()
    assert stored["refunds"] == [{"id": 70, "reason": "", "total": "-15.13"}]
    assert stored["status"] == "processing"
    details = get(wc, API + "/orders/7/refunds").json()
    assert details[0]["line_items"][0]["quantity"] == -1
    assert details[0]["amount"] == "15.13"


def test_order_notes_status_and_shipment_tracking(wc):
    wc.seed_orders([make_order(8)])
    note = post(wc, API + "/orders/8/notes", {"note": "Shipped", "customer_note": True})
    assert note.status == 201 and note.json()["customer_note"] is True
    path = "/wp-json/wc-shipment-tracking/v3/orders/8/shipment-trackings"
    tracking = post(wc, path, {"tracking_provider": "DHL", "tracking_number": "JD01"})
    assert tracking.status == 201
    meta = {m["key"]: m["value"] for m in wc.get_order(8)["meta_data"]}
    assert meta["_wc_shipment_tracking_items"][0]["tracking_number"] == "JD01"
    wc.shipment_tracking = False
    assert post(wc, path, {"tracking_number": "X"}).status == 404


# === PRODUCTS AND BATCHES === #


def test_batch_limit_and_manage_stock(wc):
    wc.seed_products([make_product(1, "A", stock=1), make_product(2, "B")])
    answer = post(
        wc,
        API + "/products/batch",
        {
            "update": [
                {"id": 1, "stock_quantity": 7},
                {"id": 2, "stock_quantity": 7},
                {"id": 9},
            ]
        },
    )
    assert answer.status == 200
    update = answer.json()["update"]
    assert update[2]["error"]["code"] == "woocommerce_rest_product_invalid_id"
    assert wc.stock() == {"A": 7}  # B does not manage stock: ignored
    too_big = post(wc, API + "/products/batch", {"update": [{"id": 1}] * 101})
    assert too_big.status == 413
    assert too_big.json()["code"] == "woocommerce_rest_request_entity_too_large"


def test_variations_batch(wc):
    wc.seed_products([make_product(20, "TEE", type="variable")])
    wc.seed_variations([make_variation(21, 20, "TEE-M", stock=0)])
    answer = post(
        wc,
        API + "/products/20/variations/batch",
        {"update": [{"id": 21, "stock_quantity": 4}]},
    )
    assert answer.json()["update"][0]["stock_quantity"] == 4
    assert get(wc, API + "/products/20").json()["variations"] == [21]
    assert get(wc, API + "/products/20/variations").json()[0]["sku"] == "TEE-M"


def test_seed_endpoint_and_faults(wc):
    client = SandboxClient(wc.url)
    seeded = client.seed(WooCommerceSandbox.demo_data())
    assert seeded["orders"] == 5
    wc.set_faults(rate_5xx=1.0)
    answer = get(wc, API + "/orders")
    assert answer.status == 503 and answer.headers["Content-Type"] == "text/html"
    wc.set_faults(rate_429=1.0, retry_after=3)
    limited = get(wc, API + "/orders")
    assert limited.status == 429 and limited.headers["Retry-After"] == "3"
    assert client.request("POST", "/_sandbox/seed", {"bad": []}).status == 400


# === WEBHOOKS === #


def test_webhook_creation_pings_and_deliveries_are_signed(wc):
    with Receiver() as receiver:
        created = post(
            wc,
            API + "/webhooks",
            {
                "topic": "order.updated",
                "delivery_url": receiver.url,
                "secret": "s3cret",
            },
        )
        assert created.status == 201
        ping = receiver.received[0]
        assert dict(parse_qsl(ping["body"].decode())) == {
            "webhook_id": str(created.json()["id"])
        }
        wc.seed_orders([make_order(5)])
        status, _body = wc.send_webhook_event(receiver.url, "order.updated", 5)
        assert status == 200
        delivery = receiver.received[1]
        headers = {k.lower(): v for k, v in delivery["headers"].items()}
        assert headers["x-wc-webhook-topic"] == "order.updated"
        assert headers["x-wc-webhook-signature"] == sign("s3cret", delivery["body"])
        assert "secret" not in get(wc, API + "/webhooks").json()[0]
    with Receiver(answer_status=401) as refusing:
        failed = post(
            wc,
            API + "/webhooks",
            {"topic": "order.created", "delivery_url": refusing.url},
        )
        assert failed.status == 400
        assert "response code: 401" in failed.json()["message"]


def test_tax_rounding_setting(wc):
    path = API + "/settings/tax/woocommerce_tax_round_at_subtotal"
    assert get(wc, path).json()["value"] == "no"
    wc.round_at_subtotal = True
    assert get(wc, path).json()["value"] == "yes"
    assert get(wc, API + "/settings/general/nope").status == 404
