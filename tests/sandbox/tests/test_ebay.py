"""The eBay sandbox wire format, over real HTTP, checked against eBay's
OpenAPI contracts where eBay publishes them."""

import base64
import json
import xml.etree.ElementTree as ET
from decimal import Decimal
from urllib.parse import quote

import pytest

from sandbox.client import SandboxClient
from sandbox.ebay import (
    SDK_TEST_KID,
    EbaySandbox,
    challenge_response,
    compact_json,
    make_order,
    order_total,
)
from sandbox.ebay_schemas import validate

from .receiver import Receiver

ORDERS = "/sell/fulfillment/v1/order"
NS = {"e": "urn:ebay:apis:eBLBaseComponents"}


@pytest.fixture(scope="module")
def ebay_server():
    with EbaySandbox() as server:
        yield server


@pytest.fixture
def ebay(ebay_server):
    ebay_server.reset()
    return ebay_server


def token(ebay, grant="refresh_token", refresh_token=None):
    basic = base64.b64encode(f"{ebay.client_id}:{ebay.client_secret}".encode())
    form = f"grant_type={grant}"
    if grant == "refresh_token":
        form += f"&refresh_token={quote(refresh_token or ebay.refresh_token, safe='')}"
    answer = SandboxClient(ebay.url).request(
        "POST",
        "/identity/v1/oauth2/token",
        body=form.encode(),
        headers={
            "Authorization": f"Basic {basic.decode()}",
            "Content-Type": "application/x-www-form-urlencoded",
        },
    )
    return answer


@pytest.fixture
def api(ebay):
    access = token(ebay).json()["access_token"]
    return SandboxClient(ebay.url, {"Authorization": f"Bearer {access}"})


def assert_valid(document, schema):
    problems = validate(document, schema)
    assert problems == [], problems


# === OAUTH === #


def test_refresh_and_client_credentials_tokens(ebay):
    answer = token(ebay)
    assert answer.status == 200
    body = answer.json()
    assert body["expires_in"] == 7200
    assert body["token_type"] == "User Access Token"
    app = token(ebay, "client_credentials").json()
    assert app["token_type"] == "Application Access Token"


def test_token_errors_are_oauth_style(ebay):
    bad_client = SandboxClient(ebay.url).request(
        "POST",
        "/identity/v1/oauth2/token",
        body=b"grant_type=refresh_token&refresh_token=x",
        headers={"Authorization": "Basic eDp5"},
    )
    assert bad_client.status == 401
    assert bad_client.json()["error"] == "invalid_client"
    refused = token(ebay, refresh_token="v^1.1#revoked")
    assert refused.status == 400
    assert refused.json()["error"] == "invalid_grant"


def test_rest_calls_need_a_live_user_token(ebay, api):
    anonymous = SandboxClient(ebay.url).get(ORDERS)
    assert anonymous.status == 401
    assert anonymous.json()["errors"][0]["errorId"] == 1001
    assert api.get(ORDERS).status == 200
    ebay.expire_tokens()
    assert api.get(ORDERS).status == 401
    app = token(ebay, "client_credentials").json()["access_token"]
    as_app = SandboxClient(ebay.url, {"Authorization": f"Bearer {app}"})
    assert as_app.get(ORDERS).status == 401, "an application token sells nothing"


# === ORDERS === #


def _seed(ebay, count):
    orders = [make_order(f"01-{i:05d}-00001") for i in range(count)]
    for index, order in enumerate(orders):
        order["lastModifiedDate"] = (
            f"2026-01-01T10:{index // 60:02d}:{index % 60:02d}.000Z"
        )
        order["creationDate"] = order["lastModifiedDate"]
    ebay.seed_orders(orders)
    return orders


def test_get_orders_pages_with_offset_and_next_links(ebay, api):
    _seed(ebay, 120)
    query = {"filter": "lastmodifieddate:[2026-01-01T10:00:30.000Z..]", "limit": 50}
    first = api.get(ORDERS, query=query).json()
    assert (first["total"], first["limit"], first["offset"]) == (90, 50, 0)
    assert len(first["orders"]) == 50
    assert first["orders"][0]["orderId"] == "01-00030-00001"
    assert "offset=50" in first["next"] and "prev" not in first
    path = first["next"].split(ebay.url, 1)[1]
    second = SandboxClient(ebay.url, api.headers).get(path).json()
    assert len(second["orders"]) == 40
    assert "next" not in second and "offset=0" in second["prev"]
    assert_valid(first, "OrderSearchPagedCollection")
    assert_valid(second, "OrderSearchPagedCollection")


def test_get_orders_errors(ebay, api):
    cases = [
        ({"limit": 201}, 31100),
        ({"offset": "x"}, 31000),
        ({"filter": "status:[x..]"}, 30700),
        ({"filter": "lastmodifieddate:[not-a-date..]"}, 30810),
        ({"filter": "lastmodifieddate:[..2026-01-01T00:00:00.000Z]"}, 30820),
    ]
    for query, error_id in cases:
        answer = api.get(ORDERS, query=query)
        assert answer.status == 400, query
        (error,) = answer.json()["errors"]
        assert error["errorId"] == error_id
        assert error["domain"] == "API_FULFILLMENT"
        assert error["category"] == "REQUEST"


def test_get_order_has_cancel_requests_get_orders_does_not(ebay, api):
    ebay.seed_orders([make_order("09-1-1")])
    ebay.cancel_order("09-1-1")
    single = api.get(f"{ORDERS}/09-1-1").json()
    assert single["cancelStatus"]["cancelState"] == "CANCELED"
    assert len(single["cancelStatus"]["cancelRequests"]) == 1
    assert single["orderPaymentStatus"] == "FULLY_REFUNDED", "cancel refunds in full"
    (refund,) = single["paymentSummary"]["refunds"]
    assert refund["amount"] == single["pricingSummary"]["total"]
    listed = api.get(ORDERS).json()["orders"][0]
    assert listed["cancelStatus"]["cancelRequests"] == []
    assert_valid(single, "Order")
    missing = api.get(f"{ORDERS}/nope")
    assert missing.status == 404
    assert missing.json()["errors"][0]["errorId"] == 32100


def test_make_order_totals_the_ebay_way():
    order = make_order(
        "05-1-1",
        [
            {
                "sku": "A",
                "quantity": 2,
                "unit_price": "19.99",
                "discount": "4.00",
                "shipping": "5.00",
                "cr_tax": "2.88",
            },
            {"legacy_item_id": "256987654321", "unit_price": "12.50", "cr_tax": "1"},
        ],
    )
    pricing = order["pricingSummary"]
    assert pricing["priceSubtotal"]["value"] == "52.48"
    assert pricing["priceDiscount"]["value"] == "-4.00"
    assert pricing["deliveryCost"]["value"] == "5.00"
    assert order_total(order) == Decimal("53.48"), "eBay's tax is not in total"
    assert "sku" not in order["lineItems"][1]
    due = Decimal(order["paymentSummary"]["totalDueSeller"]["value"])
    fee = Decimal(order["totalMarketplaceFee"]["value"])
    assert due + fee == Decimal("53.48")
    with_breakdown = make_order(
        "05-1-2", [{"sku": "A", "cr_tax": "1.00"}], tax_breakdown=True
    )
    assert order_total(with_breakdown) == Decimal("11.00")
    assert_valid(order, "Order")


# === FULFILMENT === #


def test_shipping_fulfillment_created_partially_then_fully(ebay, api):
    order = make_order("03-1-1", [{"sku": "A", "quantity": 2}, {"sku": "B"}])
    ebay.seed_orders([order])
    first_line, second_line = (x["lineItemId"] for x in order["lineItems"])
    path = f"{ORDERS}/03-1-1/shipping_fulfillment"
    answer = api.post(
        path,
        {
            "lineItems": [{"lineItemId": first_line, "quantity": 1}],
            "shippedDate": "2026-01-02T10:00:00.000Z",
            "shippingCarrierCode": "USPS",
            "trackingNumber": "9400111899560000000000",
        },
    )
    assert answer.status == 201
    assert answer.headers["Location"].endswith(f"{path}/9400111899560000000000")
    assert answer.json() == {}
    assert ebay.get_order("03-1-1")["orderFulfillmentStatus"] == "IN_PROGRESS"
    too_many = api.post(
        path, {"lineItems": [{"lineItemId": first_line, "quantity": 2}]}
    )
    assert too_many.status == 400
    unknown = api.post(path, {"lineItems": [{"lineItemId": "x", "quantity": 1}]})
    assert unknown.json()["errors"][0]["errorId"] == 32200
    no_carrier = api.post(
        path,
        {
            "lineItems": [{"lineItemId": second_line, "quantity": 1}],
            "trackingNumber": "1Z",
        },
    )
    assert no_carrier.json()["errors"][0]["errorId"] == 32300
    rest = {
        "lineItems": [
            {"lineItemId": first_line, "quantity": 1},
            {"lineItemId": second_line, "quantity": 1},
        ],
        "shippingCarrierCode": "UPS",
        "trackingNumber": "1Z999",
    }
    assert api.post(path, rest).status == 201
    assert ebay.get_order("03-1-1")["orderFulfillmentStatus"] == "FULFILLED"
    listed = api.get(path).json()
    assert listed["total"] == 2
    assert_valid(listed, "ShippingFulfillmentPagedCollection")
    assert_valid(api.get(f"{ORDERS}/03-1-1").json(), "Order")


# === INVENTORY === #


def test_bulk_update_price_quantity_limits_and_multi_status(ebay, api):
    ebay.seed_inventory(
        [{"sku": "A", "quantity": 1, "offers": [{"offerId": "9001"}]}, {"sku": "B"}]
    )
    path = "/sell/inventory/v1/bulk_update_price_quantity"
    ok = api.post(
        path,
        {
            "requests": [
                {
                    "sku": "A",
                    "shipToLocationAvailability": {"quantity": 17},
                    "offers": [
                        {
                            "offerId": "9001",
                            "availableQuantity": 17,
                            "price": {"value": "19.99", "currency": "USD"},
                        }
                    ],
                },
                {"sku": "B", "shipToLocationAvailability": {"quantity": 0}},
            ]
        },
    )
    assert ok.status == 200
    assert_valid(ok.json(), "BulkPriceQuantityResponse")
    assert ebay.inventory() == {"A": 17, "B": 0}
    assert ebay.offer("A", "9001")["price"] == {"value": "19.99", "currency": "USD"}
    mixed = api.post(
        path,
        {
            "requests": [
                {"sku": "A", "shipToLocationAvailability": {"quantity": 3}},
                {"sku": "Z", "shipToLocationAvailability": {"quantity": 3}},
            ]
        },
    )
    assert mixed.status == 207
    statuses = {r["sku"]: r["statusCode"] for r in mixed.json()["responses"]}
    assert statuses == {"A": 200, "Z": 404}
    assert_valid(mixed.json(), "BulkPriceQuantityResponse")
    too_many = api.post(path, {"requests": [{"sku": f"S{i}"} for i in range(26)]})
    assert too_many.status == 400
    assert too_many.json()["errors"][0]["domain"] == "API_INVENTORY"


def test_bulk_get_inventory_and_inventory_item_pages(ebay, api):
    ebay.seed_inventory([{"sku": f"S{i}", "quantity": i} for i in range(30)])
    got = api.post(
        "/sell/inventory/v1/bulk_get_inventory_item",
        {"requests": [{"sku": "S3"}, {"sku": "S29"}]},
    )
    assert got.status == 200
    assert_valid(got.json(), "BulkGetInventoryItemResponse")
    quantities = {
        r["sku"]: r["inventoryItem"]["availability"]["shipToLocationAvailability"][
            "quantity"
        ]
        for r in got.json()["responses"]
    }
    assert quantities == {"S3": 3, "S29": 29}
    page = api.get(
        "/sell/inventory/v1/inventory_item", query={"limit": 25, "offset": 1}
    )
    assert page.json()["size"] == 5, "offset is a page number here"
    assert_valid(page.json(), "InventoryItems")


# === TRADING === #


def _revise(ebay, api, statuses, call="ReviseInventoryStatus", iaf=None):
    body = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<ReviseInventoryStatusRequest xmlns="urn:ebay:apis:eBLBaseComponents">',
    ]
    for status in statuses:
        body.append(
            "<InventoryStatus>"
            + "".join(f"<{k}>{v}</{k}>" for k, v in status.items())
            + "</InventoryStatus>"
        )
    body.append("</ReviseInventoryStatusRequest>")
    access = iaf or api.headers["Authorization"][7:]
    answer = SandboxClient(ebay.url).request(
        "POST",
        "/ws/api.dll",
        body="".join(body).encode(),
        headers={
            "Content-Type": "text/xml",
            "X-EBAY-API-CALL-NAME": call,
            "X-EBAY-API-SITEID": "0",
            "X-EBAY-API-COMPATIBILITY-LEVEL": "1451",
            "X-EBAY-API-IAF-TOKEN": access,
        },
    )
    assert answer.status == 200, "Trading errors come inside HTTP 200"
    return ET.fromstring(answer.body)


def test_revise_inventory_status(ebay, api):
    ebay.seed_listings(
        [
            {"ItemID": "1001", "Quantity": 5, "StartPrice": "9.99"},
            {"ItemID": "1002", "SKU": "V-RED", "Quantity": 1},
        ]
    )
    root = _revise(
        ebay,
        api,
        [
            {"ItemID": "1001", "Quantity": 7},
            {"ItemID": "1002", "SKU": "V-RED", "StartPrice": "3.5"},
        ],
    )
    assert root.findtext("e:Ack", namespaces=NS) == "Success"
    assert len(root.findall("e:InventoryStatus", NS)) == 2
    assert ebay.listing("1001")["Quantity"] == 7
    assert ebay.listing("1002", "V-RED")["StartPrice"] == "3.5"
    partial = _revise(
        ebay, api, [{"ItemID": "1001", "Quantity": 1}, {"ItemID": "404", "Quantity": 1}]
    )
    assert partial.findtext("e:Ack", namespaces=NS) == "PartialFailure"
    error = partial.find("e:Errors", NS)
    assert error.findtext("e:ErrorCode", namespaces=NS) == "17"
    assert error.findtext("e:ErrorParameters/e:Value", namespaces=NS) == "404"
    five = _revise(ebay, api, [{"ItemID": "1001", "Quantity": 1}] * 5)
    assert five.findtext("e:Ack", namespaces=NS) == "Failure"
    bad_token = _revise(ebay, api, [{"ItemID": "1001"}], iaf="nope")
    assert bad_token.findtext("e:Ack", namespaces=NS) == "Failure"


# === FAULTS AND QUOTAS === #


def test_429_in_ebay_format(ebay, api):
    ebay.set_faults(rate_429=1.0)
    answer = api.get(ORDERS)
    assert answer.status == 429
    (error,) = answer.json()["errors"]
    assert (error["errorId"], error["domain"]) == (2001, "ACCESS")
    assert "Retry-After" not in answer.headers


def test_daily_limit():
    with EbaySandbox(daily_limit=2) as server:
        access = token(server).json()["access_token"]
        client = SandboxClient(server.url, {"Authorization": f"Bearer {access}"})
        assert [client.get(ORDERS).status for _i in range(3)] == [200, 200, 429]


# === NOTIFICATIONS === #


def test_public_keys_and_signed_notification(ebay):
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    app = token(ebay, "client_credentials").json()["access_token"]
    client = SandboxClient(ebay.url, {"Authorization": f"Bearer {app}"})
    sdk = client.get(f"/commerce/notification/v1/public_key/{SDK_TEST_KID}")
    assert sdk.status == 200
    assert_valid(sdk.json(), "PublicKey")
    body, headers = ebay.account_deletion_notification("test_user")
    header = json.loads(base64.b64decode(headers["X-EBAY-SIGNATURE"]))
    assert (header["alg"], header["digest"]) == ("ecdsa", "SHA1")
    key = client.get(f"/commerce/notification/v1/public_key/{header['kid']}").json()
    pem = key["key"].replace(
        "-----BEGIN PUBLIC KEY-----", "-----BEGIN PUBLIC KEY-----\n"
    )
    pem = pem.replace("-----END PUBLIC KEY-----", "\n-----END PUBLIC KEY-----")
    public = serialization.load_pem_public_key(pem.encode())
    public.verify(
        base64.b64decode(header["signature"]),
        compact_json(json.loads(body)),
        ec.ECDSA(hashes.SHA1()),
    )
    assert json.loads(body)["notification"]["data"]["username"] == "test_user"
    assert client.get("/commerce/notification/v1/public_key/unknown").status == 404


def test_challenge_and_sending_to_a_receiver(ebay):
    assert (
        challenge_response(
            "a8628072-3d33-45ee-9004-bee86830a22d",
            "71745723-d031-455c-bfa5-f90d11b4f20a",
            "https://www.testendpoint.com/webhook",
        )
        == "a1d8c12dc8f31594e78e3f2c7032c34746144c28ffbdee1cd9cbd4fd2fc618c6"
    )
    with Receiver() as receiver:
        status, _body = ebay.send_account_deletion(receiver.url, "someone")
        assert status == 200
        (received,) = receiver.received
        assert "x-ebay-signature" in {k.lower() for k in received["headers"]}
    with pytest.raises(ValueError):
        ebay.challenge("https://example.com/x", "t", "e")


def test_seed_endpoint_and_demo_data(ebay):
    client = SandboxClient(ebay.url)
    answer = client.post("/_sandbox/seed", EbaySandbox.demo_data())
    assert answer.status == 200
    assert answer.json()["seeded"] == {"orders": 4, "inventory_items": 2, "listings": 1}
    bad = client.post("/_sandbox/seed", {"products": []})
    assert bad.status == 400
