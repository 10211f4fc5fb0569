"""The SP-API sandbox: LWA, wire format, rate limits, pagination, feeds, and
its answers checked against Amazon's official OpenAPI models."""

import gzip
import json
import os
import time
from decimal import Decimal
from urllib.parse import urlencode

import pytest

from sandbox.amazon import AmazonSandbox, make_order, make_refund, order_total
from sandbox.client import SandboxClient

# the official models live in the steering repo's shared/ beside this one
SPECS = os.environ.get(
    "AMAZON_SPECS_DIR",
    os.path.join(os.path.dirname(__file__), *[os.pardir] * 4, "shared", "api", "specs"),
)
TYPES = {
    "object": dict,
    "array": list,
    "string": str,
    "integer": int,
    "number": (int, float),
    "boolean": bool,
}


def check(instance, schema, root, path="$"):
    """Errors of ``instance`` against a Swagger 2.0 schema: ``$ref``,
    ``type``, ``required``, ``enum``, ``properties`` and ``items``."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        return check(instance, root["definitions"][name], root, path)
    errors = []
    kind = schema.get("type")
    if kind and not isinstance(instance, TYPES[kind]):
        return [f"{path}: expected {kind}, got {type(instance).__name__}"]
    if kind in ("integer", "number") and isinstance(instance, bool):
        return [f"{path}: expected {kind}, got bool"]
    if "enum" in schema and instance not in schema["enum"]:
        errors.append(f"{path}: {instance!r} not in {schema['enum']}")
    if isinstance(instance, dict):
        for name in schema.get("required") or []:
            if name not in instance:
                errors.append(f"{path}: missing required {name}")
        for name, sub in (schema.get("properties") or {}).items():
            if name in instance:
                errors += check(instance[name], sub, root, f"{path}.{name}")
    if isinstance(instance, list) and "items" in schema:
        for index, element in enumerate(instance):
            errors += check(element, schema["items"], root, f"{path}[{index}]")
    return errors


def spec(name):
    path = os.path.join(SPECS, name)
    if not os.path.exists(path):
        pytest.skip(f"{path} not available")
    with open(path) as handle:
        return json.load(handle)


def response_schema(document, path, method, status="200"):
    return document["paths"][path][method]["responses"][status]["schema"]


@pytest.fixture(scope="module")
def amazon_server():
    with AmazonSandbox() as server:
        yield server


@pytest.fixture
def amazon(amazon_server):
    amazon_server.reset()
    amazon_server.page_size = 100
    return amazon_server


def login(amazon):
    client = SandboxClient(amazon.url)
    body = urlencode(
        {
            "grant_type": "refresh_token",
            "refresh_token": amazon.refresh_token,
            "client_id": amazon.client_id,
            "client_secret": amazon.client_secret,
        }
    ).encode()
    answer = client.request(
        "POST",
        "/auth/o2/token",
        body,
        {"Content-Type": "application/x-www-form-urlencoded;charset=UTF-8"},
    )
    assert answer.status == 200, answer
    return SandboxClient(
        amazon.url, {"x-amz-access-token": answer.json()["access_token"]}
    )


def before_param():
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() - 180))


def search(api, **params):
    query = {
        "lastUpdatedAfter": "2020-01-01T00:00:00Z",
        "lastUpdatedBefore": before_param(),
        "includedData": "BUYER,RECIPIENT,PROCEEDS,PROMOTION,FULFILLMENT,PACKAGES",
    }
    query.update(params)
    return api.request("GET", "/orders/2026-01-01/orders", query=query)


# === LOGIN WITH AMAZON === #


def test_lwa_refresh_token_exchange_and_errors(amazon):
    client = SandboxClient(amazon.url)
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    wrong_secret = urlencode(
        {
            "grant_type": "refresh_token",
            "refresh_token": amazon.refresh_token,
            "client_id": amazon.client_id,
            "client_secret": "nope",
        }
    ).encode()
    answer = client.request("POST", "/auth/o2/token", wrong_secret, form)
    assert answer.status == 401 and answer.json()["error"] == "invalid_client"
    wrong_grant = urlencode(
        {
            "grant_type": "refresh_token",
            "refresh_token": "Atzr|revoked",
            "client_id": amazon.client_id,
            "client_secret": amazon.client_secret,
        }
    ).encode()
    answer = client.request("POST", "/auth/o2/token", wrong_grant, form)
    assert answer.status == 400 and answer.json()["error"] == "invalid_grant"
    api = login(amazon)
    assert api.request("GET", "/sellers/v1/marketplaceParticipations").status == 200


def test_missing_and_expired_tokens_are_403_unauthorized(amazon):
    answer = SandboxClient(amazon.url).request(
        "GET", "/sellers/v1/marketplaceParticipations"
    )
    assert answer.status == 403
    assert answer.json()["errors"][0]["code"] == "Unauthorized"
    api = login(amazon)
    amazon.expire_tokens()
    answer = api.request("GET", "/sellers/v1/marketplaceParticipations")
    assert answer.status == 403
    assert "expired" in answer.json()["errors"][0]["message"]


# === ORDERS === #


def test_make_order_arithmetic_tax_on_top_and_included():
    us = make_order(
        "111-1",
        items=[
            {
                "sku": "A",
                "quantity": 2,
                "unit_price": "12.50",
                "tax_rate": "10",
                "shipping": "4.99",
                "promotion": "2.50",
            }
        ],
    )
    # 25.00 + 4.99 - 2.50 + tax(2.50 + 0.50 - 0.25)
    assert order_total(us) == Decimal("30.24")
    de = make_order(
        "302-1",
        marketplace_id="A1PA6795UKMFR9",
        items=[{"sku": "A", "quantity": 1, "unit_price": "25.00", "tax_rate": "19"}],
    )
    assert order_total(de) == Decimal("25.00")
    assert de["proceeds"]["grandTotal"]["currencyCode"] == "EUR"
    pending = make_order("111-2", status="PENDING")
    assert "proceeds" not in pending and "buyer" not in pending


def test_search_orders_pages_with_identical_parameters(amazon):
    amazon.page_size = 3
    amazon.seed_orders([make_order(f"111-{i:07d}") for i in range(8)])
    api = login(amazon)
    first = search(api, marketplaceIds="ATVPDKIKX0DER")
    assert first.status == 200
    token = first.json()["pagination"]["nextToken"]
    assert len(first.json()["orders"]) == 3
    changed = search(api, marketplaceIds="A1PA6795UKMFR9", paginationToken=token)
    assert changed.status == 400
    assert changed.json()["errors"][0]["code"] == "InvalidInput"
    seen = [o["orderId"] for o in first.json()["orders"]]
    while token:
        page = search(api, marketplaceIds="ATVPDKIKX0DER", paginationToken=token)
        assert page.status == 200
        seen += [o["orderId"] for o in page.json()["orders"]]
        token = (page.json().get("pagination") or {}).get("nextToken")
    assert len(seen) == len(set(seen)) == 8


def test_search_orders_two_minutes_rule_and_included_data(amazon):
    amazon.seed_orders([make_order("111-0000001")])
    api = login(amazon)
    now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    late = search(api, lastUpdatedBefore=now)
    assert late.status == 400
    assert "two minutes" in late.json()["errors"][0]["message"]
    bare = search(api, includedData="")
    order = bare.json()["orders"][0]
    assert "buyer" not in order and "proceeds" not in order
    assert bare.headers["x-amzn-RateLimit-Limit"] == "0.0056"
    assert bare.headers["x-amzn-RequestId"]


def test_rate_limit_answers_429_quota_exceeded(amazon):
    amazon.set_rate_plan("getOrder", 0.01, 2)
    amazon.seed_orders([make_order("111-0000001")])
    api = login(amazon)
    statuses = [
        api.request("GET", "/orders/2026-01-01/orders/111-0000001").status
        for _ in range(3)
    ]
    assert statuses == [200, 200, 429]
    answer = api.request("GET", "/orders/2026-01-01/orders/111-0000001")
    assert answer.json()["errors"][0]["code"] == "QuotaExceeded"
    assert "x-amzn-RateLimit-Limit" not in answer.headers


def test_confirm_shipment_ships_the_order(amazon):
    order = make_order("111-0000001")
    amazon.seed_orders([order])
    api = login(amazon)
    item = order["orderItems"][0]
    body = {
        "marketplaceId": "ATVPDKIKX0DER",
        "packageDetail": {
            "packageReferenceId": "1",
            "carrierCode": "UPS",
            "trackingNumber": "1Z999",
            "shipDate": "2026-01-02T10:00:00.000Z",
            "orderItems": [{"orderItemId": item["orderItemId"], "quantity": 2}],
        },
    }
    bad = json.loads(json.dumps(body))
    bad["packageDetail"]["shipDate"] = "02/21/2022"
    path = "/orders/v0/orders/111-0000001/shipmentConfirmation"
    assert api.request("POST", path, bad).status == 400
    assert api.request("POST", path, body).status == 204
    stored = amazon.get_order("111-0000001")
    assert stored["fulfillment"]["fulfillmentStatus"] == "SHIPPED"
    assert stored["packages"][0]["trackingNumber"] == "1Z999"


def test_refund_events(amazon):
    order = make_order("111-0000001")
    amazon.seed_orders([order])
    amazon.seed_refunds([make_refund(order, shipping=True)])
    api = login(amazon)
    answer = api.request(
        "GET",
        "/finances/v0/financialEvents",
        query={"PostedAfter": "2020-01-01T00:00:00Z", "PostedBefore": before_param()},
    )
    events = answer.json()["payload"]["FinancialEvents"]["RefundEventList"]
    charges = {
        c["ChargeType"]: c["ChargeAmount"]["CurrencyAmount"]
        for c in events[0]["ShipmentItemAdjustmentList"][0]["ItemChargeAdjustmentList"]
    }
    assert charges == {
        "Principal": -25.0,
        "Tax": -2.5,
        "ShippingCharge": -4.99,
        "ShippingTax": -0.5,
    }


# === FEEDS === #


def test_json_listings_feed_round_trip_with_rejections(amazon):
    amazon.reject_skus({"BAD-1": "'[batteries_required]' is required"})
    api = login(amazon)
    document = api.request(
        "POST", "/feeds/2021-06-30/documents", {"contentType": "application/json"}
    )
    assert document.status == 201
    target = document.json()
    messages = [
        {
            "messageId": index,
            "sku": sku,
            "operationType": "PATCH",
            "productType": "PRODUCT",
            "patches": [
                {
                    "op": "replace",
                    "path": "/attributes/fulfillment_availability",
                    "value": [{"fulfillment_channel_code": "DEFAULT", "quantity": 7}],
                }
            ],
        }
        for index, sku in enumerate(("GOOD-1", "BAD-1"), start=1)
    ]
    content = json.dumps(
        {
            "header": {"sellerId": amazon.seller_id, "version": "2.0"},
            "messages": messages,
        }
    ).encode()
    upload = SandboxClient(target["url"].rsplit("/s3/", 1)[0]).request(
        "PUT", "/s3/" + target["url"].rsplit("/s3/", 1)[1], content
    )
    assert upload.status == 200
    feed = api.request(
        "POST",
        "/feeds/2021-06-30/feeds",
        {
            "feedType": "JSON_LISTINGS_FEED",
            "marketplaceIds": ["ATVPDKIKX0DER"],
            "inputFeedDocumentId": target["feedDocumentId"],
        },
    )
    assert feed.status == 202
    feed_id = feed.json()["feedId"]
    statuses = [
        api.request("GET", f"/feeds/2021-06-30/feeds/{feed_id}").json()
        for _ in range(2)
    ]
    assert [s["processingStatus"] for s in statuses] == ["IN_PROGRESS", "DONE"]
    result = api.request(
        "GET", f"/feeds/2021-06-30/documents/{statuses[1]['resultFeedDocumentId']}"
    ).json()
    raw = SandboxClient(amazon.url).request("GET", result["url"].split(amazon.url)[1])
    report = json.loads(gzip.decompress(raw.body))
    assert [i["sku"] for i in report["issues"]] == ["BAD-1"]
    assert report["summary"]["messagesAccepted"] == 1
    assert amazon.inventory() == {"GOOD-1": 7}


# === CONFORMANCE WITH THE OFFICIAL MODELS === #


def test_answers_validate_against_the_official_openapi_models(amazon):
    orders_model = spec("amazon_orders_2026-01-01.json")
    feeds_model = spec("amazon_feeds_2021-06-30.json")
    order = make_order(
        "111-0000001",
        items=[
            {
                "sku": "A",
                "quantity": 2,
                "unit_price": "12.50",
                "tax_rate": "10",
                "shipping": "4.99",
                "promotion": "2.50",
                "promotion_id": "PROMO",
            }
        ],
    )
    amazon.seed_orders(
        [order, make_order("302-0000002", marketplace_id="A1F83G8C2ARO7P")]
    )
    api = login(amazon)
    page = search(api, maxResultsPerPage=1)
    schema = response_schema(orders_model, "/orders/2026-01-01/orders", "get")
    assert check(page.json(), schema, orders_model) == []
    one = api.request(
        "GET",
        "/orders/2026-01-01/orders/111-0000001",
        query={"includedData": "PROCEEDS,BUYER,RECIPIENT,PROMOTION"},
    )
    schema = response_schema(orders_model, "/orders/2026-01-01/orders/{orderId}", "get")
    assert check(one.json(), schema, orders_model) == []
    missing = api.request("GET", "/orders/2026-01-01/orders/nope")
    schema = response_schema(
        orders_model, "/orders/2026-01-01/orders/{orderId}", "get", "404"
    )
    assert check(missing.json(), schema, orders_model) == []
    document = api.request(
        "POST", "/feeds/2021-06-30/documents", {"contentType": "application/json"}
    )
    schema = response_schema(feeds_model, "/feeds/2021-06-30/documents", "post", "201")
    assert check(document.json(), schema, feeds_model) == []
    # the checker does see a broken answer
    broken = dict(one.json()["order"], orderItems="nope")
    assert check(
        {"order": broken}, schema_of(orders_model, "GetOrderResponse"), orders_model
    )


def schema_of(model, name):
    return {"$ref": f"#/definitions/{name}"}
