"""The Shopify sandbox over real HTTP: GraphQL shapes, pagination, cost
throttle, compare-and-set inventory, fulfilment orders, webhooks."""

import json
from decimal import Decimal

import pytest

from sandbox.client import SandboxClient
from sandbox.shopify import ShopifySandbox, make_order, sign

from .receiver import Receiver

PATH = "/admin/api/2026-04/graphql.json"


@pytest.fixture(scope="module")
def shopify_server():
    with ShopifySandbox() as server:
        yield server


@pytest.fixture
def shop(shopify_server):
    shopify_server.reset()
    return shopify_server


def gql(shop, query, variables=None, token=None, path=PATH):
    client = SandboxClient(
        shop.url,
        {
            "X-Shopify-Access-Token": token or shop.token,
            "Content-Type": "application/json",
        },
    )
    body = json.dumps({"query": query, "variables": variables or {}}).encode()
    return client.post(path, body=body)


ORDERS = """
query($after: String, $q: String) {
  orders(first: 2, after: $after, query: $q, sortKey: UPDATED_AT) {
    pageInfo { hasNextPage endCursor }
    nodes { id name totalPriceSet { shopMoney { amount } } }
  }
}
"""


def test_wrong_token_is_401_in_shopify_format(shop):
    answer = gql(shop, "{ shop { name } }", token="nope")
    assert answer.status == 401
    assert answer.json() == {
        "errors": "[API] Invalid API key or access token (unrecognized login or "
        "wrong password)"
    }


def test_shop_answer_has_cost_extension(shop):
    answer = gql(shop, "query { shop { name currencyCode } }")
    body = answer.json()
    assert body["data"] == {"shop": {"name": "Léon's Test Shop", "currencyCode": "EUR"}}
    cost = body["extensions"]["cost"]
    assert cost["requestedQueryCost"] == 1
    assert set(cost["throttleStatus"]) == {
        "maximumAvailable",
        "currentlyAvailable",
        "restoreRate",
    }


def test_order_factory_totals_like_shopify():
    included = make_order(
        1, discounts=[{"code": "X", "value_type": "fixed_amount", "value": "10.00"}]
    )
    assert included["total_price"] == "45.00"
    assert [
        a["amount"] for li in included["line_items"] for a in li["discount_allocations"]
    ] == ["5.00", "5.00"]
    excluded = make_order(2, taxes_included=False)
    # 50.00 goods + 10.50 VAT + 5.00 shipping + 1.05 VAT
    assert excluded["total_price"] == "66.55"
    assert excluded["total_tax"] == "11.55"
    multi = make_order(3, presentment_currency="USD", presentment_rate="1.1")
    assert multi["total_price_set"]["presentment_money"] == {
        "amount": "60.50",
        "currency_code": "USD",
    }


def test_orders_cursor_pagination_and_updated_at_filter(shop):
    shop.seed_orders(
        [make_order(i, updated_at=f"2026-01-0{i}T10:00:00Z") for i in range(1, 6)]
    )
    seen, after = [], None
    while True:
        body = gql(
            shop, ORDERS, {"after": after, "q": "updated_at:>='2026-01-02T00:00:00Z'"}
        ).json()
        page = body["data"]["orders"]
        seen += [node["name"] for node in page["nodes"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert seen == ["#2", "#3", "#4", "#5"]


def test_graphql_syntax_error_and_unknown_field(shop):
    assert (
        gql(shop, "query {").json()["errors"][0]["extensions"]["code"] == "PARSE_ERROR"
    )
    body = gql(shop, "{ nope { id } }").json()
    assert "doesn't exist" in body["errors"][0]["message"]


def test_throttled_when_bucket_is_dry(shop):
    shop.set_cost_limits(5, 1)
    answer = gql(shop, ORDERS)  # requests 8 points
    body = answer.json()
    assert answer.status == 200
    assert "data" not in body
    assert body["errors"][0]["extensions"]["code"] == "THROTTLED"
    assert body["extensions"]["cost"]["throttleStatus"]["maximumAvailable"] == 5


def test_injected_429_has_retry_after(shop):
    shop.set_faults(rate_429=1.0, retry_after=2)
    answer = gql(shop, "{ shop { name } }")
    assert answer.status == 429
    assert answer.headers["Retry-After"] == "2.0"
    assert "Exceeded 2 calls per second" in answer.json()["errors"]


SET = """
mutation($input: InventorySetQuantitiesInput!, $key: String!) {
  inventorySetQuantities(input: $input) @idempotent(key: $key) {
    inventoryAdjustmentGroup { changes { delta quantityAfterChange } }
    userErrors { code field message }
  }
}
"""


def _quantities(count, change_from=None):
    return [
        {
            "inventoryItemId": f"gid://shopify/InventoryItem/{500 + i}",
            "locationId": "gid://shopify/Location/655441491",
            "quantity": 7,
            "changeFromQuantity": change_from,
        }
        for i in range(count)
    ]


def _seed_items(shop, count):
    shop.seed_products(
        [
            {
                "id": 1,
                "title": "Item",
                "variants": [
                    {
                        "id": 100 + i,
                        "inventory_item_id": 500 + i,
                        "sku": f"S{i}",
                        "inventory_quantity": 2,
                    }
                    for i in range(count)
                ],
            }
        ]
    )


def test_inventory_compare_and_set_and_idempotency(shop):
    _seed_items(shop, 3)
    data = {
        "name": "available",
        "reason": "correction",
        "quantities": _quantities(3, 2),
    }
    body = gql(shop, SET, {"input": data, "key": "k1"}).json()
    result = body["data"]["inventorySetQuantities"]
    assert result["userErrors"] == []
    assert [c["delta"] for c in result["inventoryAdjustmentGroup"]["changes"]] == [
        5
    ] * 3
    assert shop.available(500) == 7
    # same key, same input: applied once; same key, other input: refused
    shop.set_available(500, 1)
    gql(shop, SET, {"input": data, "key": "k1"})
    assert shop.available(500) == 1
    other = dict(data, reason="received")
    errors = gql(shop, SET, {"input": other, "key": "k1"}).json()["data"][
        "inventorySetQuantities"
    ]["userErrors"]
    assert errors[0]["code"] == "IDEMPOTENCY_KEY_PARAMETER_MISMATCH"
    # stale compare quantity: the whole call is refused, naming the index
    stale = dict(data, quantities=_quantities(3, 7))
    errors = gql(shop, SET, {"input": stale, "key": "k2"}).json()["data"][
        "inventorySetQuantities"
    ]["userErrors"]
    assert errors == [
        {
            "code": "CHANGE_FROM_QUANTITY_STALE",
            "field": ["input", "quantities", "0", "changeFromQuantity"],
            "message": "The changeFromQuantity does not match the current quantity.",
        }
    ]
    assert shop.available(501) == 7


def test_inventory_limits_from_2026_04(shop):
    _seed_items(shop, 1)
    data = {"name": "available", "reason": "correction", "quantities": _quantities(251)}
    body = gql(shop, SET, {"input": data, "key": "k"}).json()
    assert body["errors"][0]["extensions"]["code"] == "MAX_INPUT_SIZE_EXCEEDED"
    no_key = SET.replace("@idempotent(key: $key)", "")
    body = gql(shop, no_key, {"input": dict(data, quantities=_quantities(1))}).json()
    assert "idempotent" in body["errors"][0]["message"]
    without_compare = [
        {k: v for k, v in q.items() if k != "changeFromQuantity"}
        for q in _quantities(1)
    ]
    body = gql(
        shop, SET, {"input": dict(data, quantities=without_compare), "key": "k3"}
    ).json()
    assert "changeFromQuantity is required" in body["errors"][0]["message"]
    older = gql(
        shop,
        no_key,
        {"input": dict(data, quantities=without_compare)},
        path="/admin/api/2025-07/graphql.json",
    ).json()
    assert older["data"]["inventorySetQuantities"]["userErrors"] == []


def test_fulfillment_orders_partial_fulfilment(shop):
    shop.seed_orders([make_order(77)])
    order = gql(
        shop,
        """query($id: ID!) { order(id: $id) { fulfillmentOrders(first: 5) {
          nodes { id status lineItems(first: 10) { nodes { id remainingQuantity } } }
        } } }""",
        {"id": "gid://shopify/Order/77"},
    ).json()["data"]["order"]
    fo = order["fulfillmentOrders"]["nodes"][0]
    first_line = fo["lineItems"]["nodes"][0]
    assert first_line["remainingQuantity"] == 2
    mutation = """mutation($f: FulfillmentInput!) {
      fulfillmentCreate(fulfillment: $f) {
        fulfillment { id status trackingInfo { company number } }
        userErrors { message }
      }
    }"""
    result = gql(
        shop,
        mutation,
        {
            "f": {
                "lineItemsByFulfillmentOrder": [
                    {
                        "fulfillmentOrderId": fo["id"],
                        "fulfillmentOrderLineItems": [
                            {"id": first_line["id"], "quantity": 1}
                        ],
                    }
                ],
                "trackingInfo": {"company": "UPS", "number": "1Z001985YW99744790"},
            }
        },
    ).json()["data"]["fulfillmentCreate"]
    assert result["userErrors"] == []
    assert result["fulfillment"]["trackingInfo"] == [
        {"company": "UPS", "number": "1Z001985YW99744790"}
    ]
    assert shop.rest_order(77)["fulfillment_status"] == "partial"
    too_much = gql(
        shop,
        mutation,
        {
            "f": {
                "lineItemsByFulfillmentOrder": [
                    {
                        "fulfillmentOrderId": fo["id"],
                        "fulfillmentOrderLineItems": [
                            {"id": first_line["id"], "quantity": 5}
                        ],
                    }
                ],
            }
        },
    ).json()["data"]["fulfillmentCreate"]
    assert too_much["fulfillment"] is None and too_much["userErrors"]


def test_seed_endpoint_takes_rest_documents(shop):
    client = SandboxClient(shop.url)
    with open(
        __file__.replace(
            "tests/sandbox/tests/test_shopify.py",
            "ecommerce_shopify/tests/data/shopify_rest_order_get_2025-07.json",
        ),
        encoding="utf-8",
    ) as sample:
        order = json.load(sample)["order"]
    answer = client.post(
        "/_sandbox/seed", body=json.dumps({"orders": [order]}).encode()
    )
    assert answer.json()["seeded"]["orders"] == 1
    node = shop.order(450789469)
    assert node["displayFinancialStatus"] == "PARTIALLY_REFUNDED"
    assert Decimal(node["totalPriceSet"]["shopMoney"]["amount"]) == Decimal("598.94")
    assert node["refunds"][0]["refundLineItems"][0]["restockType"] == "LEGACY_RESTOCK"
    bad = client.post("/_sandbox/seed", body=b'{"orders": [{"name": "x"}]}')
    assert bad.status == 400


def test_webhook_signed_like_shopify():
    with ShopifySandbox() as shop, Receiver() as receiver:
        status, _ = shop.send_topic_webhook(receiver.url, "orders/create", {"id": 1})
        assert status == 200
        request = receiver.received[0]
        assert request["headers"]["X-Shopify-Topic"] == "orders/create"
        expected = sign(shop.api_secret, request["body"])
        assert request["headers"]["X-Shopify-Hmac-Sha256"] == expected


def test_demo_data_seeds():
    with ShopifySandbox() as shop:
        summary = shop.seed(ShopifySandbox.demo_data())
        assert summary == {"locations": 0, "products": 3, "orders": 5}
