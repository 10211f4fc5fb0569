# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import base64
import hashlib
import hmac
import json
from datetime import date

from odoo import api, models

from odoo.addons.ecommerce_base.canonical import WebhookEvent
from odoo.addons.ecommerce_base.exceptions import (
    EcommerceDataError,
    EcommerceNotFound,
    EcommercePermanentError,
)

from .. import queries as q

ORDER_TOPICS = ("orders/create", "orders/updated", "orders/cancelled", "orders/paid")
PRODUCT_TOPICS = ("products/create", "products/update")
REGISTERED_TOPICS = (
    "ORDERS_CREATE",
    "ORDERS_UPDATED",
    "ORDERS_CANCELLED",
    "REFUNDS_CREATE",
    "PRODUCTS_UPDATE",
    "APP_UNINSTALLED",
)
STALE = "CHANGE_FROM_QUANTITY_STALE"


def gid(kind, external_id):
    """Shopify's global id of a numeric id (kept as is when already a gid)."""
    text = str(external_id)
    return text if text.startswith("gid://") else f"gid://shopify/{kind}/{text}"


def legacy_id(global_id):
    """The numeric id at the end of a Shopify global id."""
    return str(global_id or "").rsplit("/", 1)[-1].split("?", 1)[0]


class ShopifyAdapter(models.AbstractModel):
    _inherit = "ecommerce.shopify.adapter"

    # === SHOP AND LOCATIONS === #

    @api.model
    def fetch_shop(self, account):
        """The shop's ``{name, currencyCode, myshopifyDomain}``."""
        return self._graphql(account, q.SHOP)["shop"]

    @api.model
    def test_connection(self, account):
        """The shop's name and currency (proves the domain and token work)."""
        shop = self.fetch_shop(account)
        return {"shop": shop["name"], "currency": shop["currencyCode"]}

    @api.model
    def fetch_locations(self, account):
        """The shop's locations as ``[{id, name, active}]`` (numeric ids)."""
        return [
            {
                "id": legacy_id(node["id"]),
                "name": node["name"],
                "active": bool(node.get("isActive")),
            }
            for node in self._paginate(account, q.LOCATIONS, "locations")
        ]

    # === ORDERS === #

    @api.model
    def _money_bag(self, account):
        return (
            "presentmentMoney"
            if account.shopify_money == "presentment"
            else "shopMoney"
        )

    @api.model
    def fetch_orders(self, account, updated_since):
        """Orders updated at or after ``updated_since``, oldest change first,
        with all their line items (long orders get follow-up queries)."""
        search = "status:any"
        if updated_since:
            search += f" updated_at:>='{updated_since:%Y-%m-%dT%H:%M:%S}Z'"
        query = q.with_money(q.ORDERS, self._money_bag(account))
        variables = {"first": q.ORDER_PAGE_SIZE, "query": search}
        for node in self._paginate(account, query, "orders", variables):
            yield self._complete_lines(account, node)

    @api.model
    def fetch_order(self, account, external_id):
        """One order by its numeric id.

        :raises EcommerceNotFound: when the shop has no such order
        """
        query = q.with_money(q.ORDER, self._money_bag(account))
        node = self._graphql(account, query, {"id": gid("Order", external_id)}).get(
            "order"
        )
        if not node:
            raise EcommerceNotFound(f"Shopify order {external_id} not found")
        return self._complete_lines(account, node)

    @api.model
    def _complete_lines(self, account, node):
        """Fetch the line items beyond the first page of an order."""
        lines = node.get("lineItems") or {}
        info = lines.get("pageInfo") or {}
        after = info.get("endCursor")
        query = q.with_money(q.ORDER_LINES, self._money_bag(account))
        while info.get("hasNextPage"):
            data = self._graphql(account, query, {"id": node["id"], "after": after})
            page = (data.get("order") or {}).get("lineItems") or {}
            lines.setdefault("nodes", []).extend(page.get("nodes") or [])
            info = page.get("pageInfo") or {}
            after = info.get("endCursor")
        return node

    # === PRODUCTS === #

    @api.model
    def fetch_products(self, account):
        """The catalog's variants, one raw dict each (with their product)."""
        return self._paginate(account, q.VARIANTS, "productVariants")

    @api.model
    def fetch_inventory_items(self, account, variant_ids):
        """``{variant id: inventory item id}`` (numeric ids) of variants."""
        result = {}
        ids = [gid("ProductVariant", v) for v in variant_ids]
        for start in range(0, len(ids), q.NODES_PAGE_SIZE):
            chunk = ids[start : start + q.NODES_PAGE_SIZE]
            data = self._graphql(account, q.VARIANT_INVENTORY_ITEMS, {"ids": chunk})
            for node in data.get("nodes") or []:
                if node and node.get("inventoryItem"):
                    result[legacy_id(node["id"])] = legacy_id(
                        node["inventoryItem"]["id"]
                    )
        return result

    @api.model
    def update_product(self, account, binding, raw_product):
        """Write title/description/images on the product and price/barcode on
        the variant of ``binding``."""
        product_id = gid("Product", binding.external_product_id or "")
        if raw_product.get("product") or raw_product.get("media"):
            if not binding.external_product_id:
                raise EcommerceDataError(
                    f"Variant {binding.external_id} has no known Shopify product: "
                    "import the catalog first"
                )
            data = self._graphql(
                account,
                q.PRODUCT_UPDATE,
                {
                    "product": dict(raw_product.get("product") or {}, id=product_id),
                    "media": raw_product.get("media") or None,
                },
            )
            self._check_user_errors(data.get("productUpdate"), "the product update")
        if raw_product.get("variant"):
            variant = dict(
                raw_product["variant"], id=gid("ProductVariant", binding.external_id)
            )
            data = self._graphql(
                account,
                q.VARIANTS_UPDATE,
                {"productId": product_id, "variants": [variant]},
            )
            self._check_user_errors(
                data.get("productVariantsBulkUpdate"), "the variant update"
            )

    @api.model
    def create_product(self, account, raw_product):
        """Create a product with its variants (``productSet``).

        :return: ``{sku: binding values}`` with the variant, its inventory
            item and the product
        """
        data = self._graphql(account, q.PRODUCT_SET, {"input": raw_product})
        payload = data.get("productSet")
        self._check_user_errors(payload, "the product creation")
        product = payload["product"]
        return {
            node["sku"]: {
                "external_id": legacy_id(node["id"]),
                "external_product_id": legacy_id(product["id"]),
                "shopify_inventory_item_id": legacy_id(node["inventoryItem"]["id"]),
            }
            for node in product["variants"]["nodes"]
        }

    # === STOCK === #

    @api.model
    def stock_batch_size(self, account):
        """Shopify takes at most 250 items in an input array."""
        return 250

    @api.model
    def push_stock(self, account, raw_levels):
        """Set available quantities with ``inventorySetQuantities``, compare
        and set: each level carries the quantity Odoo last published there
        (``changeFromQuantity``); a level changed on Shopify meanwhile is
        refused (the whole call fails) and re-read, and the others are sent
        again without it.

        :return: ``{"<item>@<location>": message}`` of the refused levels
        """
        refused = {}
        pending = list(raw_levels)
        while pending:
            errors = self._set_quantities(account, pending)
            if not errors:
                break
            bad = {}
            for error in errors:
                field = error.get("field") or []
                index = int(field[2]) if len(field) > 2 and field[2].isdigit() else None
                if index is None or index >= len(pending):
                    raise EcommercePermanentError(
                        f"Shopify refused the stock update: {error.get('message')}"
                    )
                bad[index] = error
            stale = [pending[i] for i, e in bad.items() if e.get("code") == STALE]
            current = self.fetch_levels(
                account, [lvl["inventoryItemId"] for lvl in stale]
            )
            for index, error in bad.items():
                level = pending[index]
                key = level["key"]
                if error.get("code") == STALE:
                    now = current.get(
                        (
                            legacy_id(level["inventoryItemId"]),
                            legacy_id(level["locationId"]),
                        )
                    )
                    refused[key] = (
                        f"changed on Shopify meanwhile (now {now}, Odoo last "
                        f"published {level['changeFromQuantity']}): not "
                        "overwritten; it is sent again from the re-read quantity"
                    )
                else:
                    refused[key] = error.get("message") or error.get("code")
            pending = [lvl for i, lvl in enumerate(pending) if i not in bad]
        return refused

    @api.model
    def _set_quantities(self, account, levels):
        """One ``inventorySetQuantities`` call; its ``userErrors``."""
        quantities = [
            {
                "inventoryItemId": gid("InventoryItem", lvl["inventoryItemId"]),
                "locationId": gid("Location", lvl["locationId"]),
                "quantity": lvl["quantity"],
                "changeFromQuantity": lvl["changeFromQuantity"],
            }
            for lvl in levels
        ]
        data_input = {
            "name": "available",
            "reason": "correction",
            "referenceDocumentUri": f"odoo://ecommerce.account/{account.id}/stock",
            "quantities": quantities,
        }
        # The same batch retried (timeout, job retry) the same day is applied
        # once; any other content gets another key.
        digest = hashlib.sha256(
            json.dumps(
                [account.id, str(date.today()), data_input], sort_keys=True
            ).encode()
        ).hexdigest()[:40]
        data = self._graphql(
            account, q.INVENTORY_SET, {"input": data_input, "key": f"odoo-{digest}"}
        )
        return (data.get("inventorySetQuantities") or {}).get("userErrors") or []

    @api.model
    def fetch_levels(self, account, inventory_item_ids):
        """Available quantities ``{(item id, location id): qty}`` of items."""
        result = {}
        ids = list(dict.fromkeys(gid("InventoryItem", i) for i in inventory_item_ids))
        for start in range(0, len(ids), q.NODES_PAGE_SIZE):
            data = self._graphql(
                account,
                q.INVENTORY_LEVELS,
                {"ids": ids[start : start + q.NODES_PAGE_SIZE]},
            )
            for node in data.get("nodes") or []:
                if not node:
                    continue
                for level in (node.get("inventoryLevels") or {}).get("nodes") or []:
                    quantity = next(
                        (
                            x["quantity"]
                            for x in level.get("quantities") or []
                            if x["name"] == "available"
                        ),
                        None,
                    )
                    result[
                        legacy_id(node["id"]), legacy_id(level["location"]["id"])
                    ] = quantity
        return result

    @api.model
    def fetch_stock(self, account, skus):
        """``{sku: available}`` at the account's first mapped location, for
        bound SKUs (reconciliation)."""
        bindings = self.env["ecommerce.product.binding"].search(
            [
                ("account_id", "=", account.id),
                ("sku", "in", list(skus)),
                ("shopify_inventory_item_id", "!=", False),
            ]
        )
        location = account.shopify_location_ids.filtered("stock_location_id")[:1]
        if not bindings or not location:
            return {}
        levels = self.fetch_levels(
            account, bindings.mapped("shopify_inventory_item_id")
        )
        return {
            b.sku: levels.get((b.shopify_inventory_item_id, location.external_id))
            for b in bindings
            if (b.shopify_inventory_item_id, location.external_id) in levels
        }

    # === FULFILMENT === #

    @api.model
    def create_fulfillment(self, account, order_external_id, raw_fulfillment):
        """Fulfil lines of an order through its fulfillment orders: the
        shipped quantities are taken from the open fulfillment order lines of
        each line item, one ``fulfillmentCreate`` per location.

        :return: the Shopify fulfilment id(s), comma separated
        """
        data = self._graphql(
            account, q.FULFILLMENT_ORDERS, {"id": gid("Order", order_external_id)}
        )
        order = data.get("order")
        if not order:
            raise EcommerceNotFound(f"Shopify order {order_external_id} not found")
        wanted = {
            gid("LineItem", line["line_item_id"]): int(line["quantity"])
            for line in raw_fulfillment["lines"]
        }
        by_location = {}
        for fo in order["fulfillmentOrders"]["nodes"]:
            if fo["status"] not in ("OPEN", "IN_PROGRESS"):
                continue
            location = ((fo.get("assignedLocation") or {}).get("location") or {}).get(
                "id"
            )
            for fo_line in fo["lineItems"]["nodes"]:
                line_id = fo_line["lineItem"]["id"]
                take = min(wanted.get(line_id, 0), fo_line["remainingQuantity"])
                if take <= 0:
                    continue
                wanted[line_id] -= take
                by_location.setdefault(location, {}).setdefault(fo["id"], []).append(
                    {"id": fo_line["id"], "quantity": take}
                )
        left = {k: v for k, v in wanted.items() if v > 0}
        if left:
            raise EcommerceDataError(
                f"Shopify order {order_external_id}: nothing left to fulfil for "
                + ", ".join(f"{legacy_id(k)} (x{v})" for k, v in left.items())
            )
        ids = []
        for groups in by_location.values():
            fulfillment = {
                "lineItemsByFulfillmentOrder": [
                    {"fulfillmentOrderId": fo_id, "fulfillmentOrderLineItems": items}
                    for fo_id, items in groups.items()
                ],
                "notifyCustomer": raw_fulfillment.get("notifyCustomer", True),
            }
            if raw_fulfillment.get("trackingInfo"):
                fulfillment["trackingInfo"] = raw_fulfillment["trackingInfo"]
            payload = self._graphql(
                account, q.FULFILLMENT_CREATE, {"fulfillment": fulfillment}
            ).get("fulfillmentCreate")
            self._check_user_errors(payload, "the fulfilment")
            ids.append(legacy_id(payload["fulfillment"]["id"]))
        return ",".join(ids)

    # === WEBHOOKS === #

    @api.model
    def verify_webhook(self, account, headers, body):
        """``X-Shopify-Hmac-Sha256`` is the base64 HMAC-SHA256 of the raw body
        keyed with the app secret; during a secret rotation the previous
        secret (the account's webhook secret field) is accepted too."""
        received = headers.get("X-Shopify-Hmac-Sha256") or headers.get(
            "Shopify-Hmac-Sha256"
        )
        for secret in (
            account._get_credential("api_secret"),
            account._get_credential("webhook_secret"),
        ):
            if not secret or not received:
                continue
            digest = hmac.new(secret.encode(), body, hashlib.sha256).digest()
            if self._constant_time_equal(base64.b64encode(digest).decode(), received):
                return True
        return False

    @api.model
    def parse_webhook(self, account, headers, body):
        """Events of a verified webhook, by ``X-Shopify-Topic``."""
        topic = headers.get("X-Shopify-Topic") or headers.get("Shopify-Topic") or ""
        try:
            payload = json.loads(body or b"{}")
        except ValueError as exc:
            raise EcommerceDataError(f"Webhook {topic}: body is not JSON") from exc
        if topic in ORDER_TOPICS:
            return [WebhookEvent("order", str(payload["id"]), topic)]
        if topic == "refunds/create":
            return [WebhookEvent("order", str(payload["order_id"]), topic)]
        if topic in PRODUCT_TOPICS:
            return [WebhookEvent("product", str(payload.get("id", "")), topic)]
        if topic in ("customers/redact", "customers/data_request"):
            customer = payload.get("customer") or {}
            return [WebhookEvent("customer", str(customer.get("id", "")), topic)]
        if topic in ("shop/redact", "app/uninstalled"):
            return [
                WebhookEvent(
                    "shop",
                    str(payload.get("shop_id") or payload.get("id") or ""),
                    topic,
                )
            ]
        return []

    @api.model
    def webhook_topics(self, account, url):
        """The topics subscribed to ``url`` (for the account's health panel)."""
        return sorted(
            {
                node["topic"]
                for node in self._paginate(account, q.WEBHOOKS, "webhookSubscriptions")
                if ((node.get("endpoint") or {}).get("callbackUrl")) == url
            }
        )

    @api.model
    def register_webhooks(self, account, url):
        """Subscribe the connector's topics to ``url``; existing subscriptions
        are kept. The privacy topics are declared in the app's configuration,
        not through the API.

        :return: the subscribed topics
        """
        existing = {
            node["topic"]
            for node in self._paginate(account, q.WEBHOOKS, "webhookSubscriptions")
            if ((node.get("endpoint") or {}).get("callbackUrl")) == url
        }
        for topic in REGISTERED_TOPICS:
            if topic in existing:
                continue
            payload = self._graphql(
                account, q.WEBHOOK_CREATE, {"topic": topic, "url": url}
            ).get("webhookSubscriptionCreate")
            self._check_user_errors(payload, f"the webhook {topic}")
        return list(REGISTERED_TOPICS)
