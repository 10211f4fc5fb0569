# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import xml.etree.ElementTree as ET
from datetime import timedelta
from urllib.parse import parse_qsl, urlsplit

from odoo import api, fields, models

from odoo.addons.ecommerce_base.exceptions import (
    EcommerceDataError,
    EcommercePermanentError,
)

from ..tools import notification

FULFILLMENT = "/sell/fulfillment/v1"
INVENTORY = "/sell/inventory/v1"
TRADING_PATH = "/ws/api.dll"
TRADING_NS = "urn:ebay:apis:eBLBaseComponents"
TRADING_COMPATIBILITY_LEVEL = "1451"
BULK_MAX = 25  # bulkUpdatePriceQuantity / bulkGetInventoryItem requests per call
REVISE_MAX = 4  # ReviseInventoryStatus containers per call
MAX_LOOKBACK = timedelta(days=730 - 1)  # getOrders looks back at most 2 years
PUBLIC_KEY_TTL = timedelta(hours=1)


class EbayAdapter(models.AbstractModel):
    _inherit = "ecommerce.ebay.adapter"

    # worker-wide cache of eBay's notification public keys: {kid: (pem, until)}
    _ebay_public_keys = {}

    # === CONNECTION === #

    @api.model
    def test_connection(self, account):
        """Get a user token and read one order: proves the credentials and
        the fulfillment scope; shows the seller (from the order) and the
        marketplace."""
        answer = self._request(
            account, "GET", f"{FULFILLMENT}/order", params={"limit": 1}
        )
        orders = answer.get("orders") or []
        info = {"marketplace": account.ebay_marketplace_id or "EBAY_US"}
        if orders and orders[0].get("sellerId"):
            info = {"seller": orders[0]["sellerId"], **info}
        info["environment"] = account.ebay_environment or "production"
        return info

    # === ORDERS === #

    @api.model
    def fetch_orders(self, account, updated_since):
        """getOrders filtered on ``lastmodifieddate`` (the caller already took
        the overlap window off the cursor), following the ``next`` links."""
        params = {"limit": max(1, min(account.ebay_order_page_size or 100, 200))}
        if updated_since:
            oldest = fields.Datetime.now() - MAX_LOOKBACK
            since = max(updated_since, oldest)
            stamp = since.strftime("%Y-%m-%dT%H:%M:%S.") + (
                f"{since.microsecond // 1000:03d}Z"
            )
            params["filter"] = f"lastmodifieddate:[{stamp}..]"
        return self._paginate(account, f"{FULFILLMENT}/order", "orders", params)

    @api.model
    def _paginate(self, account, path, key, params):
        """Yield the ``key`` items of every page, following eBay's ``next``
        link (only its path and query: the host stays the account's)."""
        while True:
            page = self._request(account, "GET", path, params=params)
            yield from page.get(key) or []
            following = page.get("next")
            if not following or not page.get(key):
                return
            parts = urlsplit(following)
            path, params = parts.path, dict(parse_qsl(parts.query))

    @api.model
    def fetch_order(self, account, external_id):
        """getOrder: unlike getOrders it returns the cancel requests."""
        return self._request(account, "GET", f"{FULFILLMENT}/order/{external_id}")

    # === CATALOG === #

    @api.model
    def fetch_products(self, account):
        """getInventoryItems pages (``offset`` is a page number there)."""
        page_number = 0
        while True:
            page = self._request(
                account,
                "GET",
                f"{INVENTORY}/inventory_item",
                params={"limit": 100, "offset": page_number},
            )
            yield from page.get("inventoryItems") or []
            if not page.get("next") or not page.get("inventoryItems"):
                return
            page_number += 1

    # === STOCK AND PRICES === #

    @api.model
    def stock_batch_size(self, account):
        """bulkUpdatePriceQuantity takes 25 SKUs; Trading-API listings in the
        same batch are split further by :meth:`push_stock`."""
        return BULK_MAX

    @api.model
    def push_stock(self, account, raw_levels):
        """Inventory-API levels in one bulkUpdatePriceQuantity call, listings
        not managed by the Inventory API through ReviseInventoryStatus, four
        at a time.

        :return: ``{key: message}`` of refused levels (SKU, or ItemID for
            Trading listings without SKU)
        """
        inventory = [r["request"] for r in raw_levels if r["api"] == "inventory"]
        trading = [r["status"] for r in raw_levels if r["api"] == "trading"]
        refused = {}
        for start in range(0, len(inventory), BULK_MAX):
            refused.update(
                self._bulk_update_price_quantity(
                    account, inventory[start : start + BULK_MAX]
                )
            )
        for start in range(0, len(trading), REVISE_MAX):
            refused.update(
                self._revise_inventory_status(
                    account, trading[start : start + REVISE_MAX]
                )
            )
        return refused

    @api.model
    def _bulk_update_price_quantity(self, account, entries):
        """One bulkUpdatePriceQuantity call; 207 answers list per-SKU errors."""
        answer = self._request(
            account,
            "POST",
            f"{INVENTORY}/bulk_update_price_quantity",
            json={"requests": entries},
            headers={"Content-Language": "en-US"},
        )
        refused = {}
        for response in answer.get("responses") or []:
            if int(response.get("statusCode") or 200) >= 400:
                refused[response.get("sku")] = (
                    "; ".join(
                        f"{e.get('errorId')}: {e.get('message')}"
                        for e in response.get("errors") or []
                    )
                    or f"HTTP {response.get('statusCode')}"
                )
        return refused

    @api.model
    def _revise_inventory_status(self, account, statuses):
        """One Trading API ReviseInventoryStatus call (XML, at most four
        listings or variations); ``Ack`` Failure comes inside HTTP 200."""
        root = ET.Element("ReviseInventoryStatusRequest", xmlns=TRADING_NS)
        for status in statuses:
            node = ET.SubElement(root, "InventoryStatus")
            for tag in ("ItemID", "SKU", "Quantity", "StartPrice"):
                if status.get(tag) not in (None, ""):
                    ET.SubElement(node, tag).text = str(status[tag])
        body = b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root)
        site_id = account._ebay_marketplace()[0]
        response = self._request(
            account,
            "POST",
            TRADING_PATH,
            data=body,
            headers={
                "Content-Type": "text/xml",
                "Accept": "text/xml",
                "X-EBAY-API-CALL-NAME": "ReviseInventoryStatus",
                "X-EBAY-API-SITEID": str(site_id),
                "X-EBAY-API-COMPATIBILITY-LEVEL": TRADING_COMPATIBILITY_LEVEL,
                "X-EBAY-API-IAF-TOKEN": self._access_token(account),
            },
            expect_json=False,
        )
        return self._trading_errors(statuses, response.content)

    @api.model
    def _trading_errors(self, statuses, content):
        """``{key: message}`` of the listings a Trading answer refused; an
        error that names no listing refuses the whole call."""
        try:
            root = ET.fromstring(content)
        except ET.ParseError as exc:
            raise EcommercePermanentError(
                "eBay Trading API answered with something that is not XML"
            ) from exc
        ns = {"e": TRADING_NS}
        ack = root.findtext("e:Ack", default="", namespaces=ns)
        if ack in ("Success", "Warning"):
            return {}
        keys = {
            str(s.get("ItemID") or ""): s.get("SKU") or s.get("ItemID")
            for s in statuses
        }
        refused = {}
        for error in root.findall("e:Errors", ns):
            if error.findtext("e:SeverityCode", default="", namespaces=ns) != "Error":
                continue
            message = (
                f"{error.findtext('e:ErrorCode', default='', namespaces=ns)}: "
                f"{error.findtext('e:LongMessage', default='', namespaces=ns)}"
            )
            values = [v.text for v in error.findall("e:ErrorParameters/e:Value", ns)]
            named = [keys[v] for v in values if v in keys]
            if not named:
                if "21917053" in message or message.startswith("931:"):
                    raise EcommercePermanentError(f"eBay Trading API: {message}")
                named = list(keys.values())
            for key in named:
                refused[key] = message
        return refused

    @api.model
    def fetch_stock(self, account, skus):
        """Quantities of Inventory-API SKUs by bulkGetInventoryItem (25 a call)."""
        result = {}
        skus = [sku for sku in skus if sku]
        for start in range(0, len(skus), BULK_MAX):
            answer = self._request(
                account,
                "POST",
                f"{INVENTORY}/bulk_get_inventory_item",
                json={"requests": [{"sku": s} for s in skus[start : start + BULK_MAX]]},
            )
            for response in answer.get("responses") or []:
                item = response.get("inventoryItem") or {}
                ship = (item.get("availability") or {}).get(
                    "shipToLocationAvailability"
                ) or {}
                if response.get("sku") and "quantity" in ship:
                    result[response["sku"]] = int(ship["quantity"])
        return result

    @api.model
    def update_product(self, account, binding, raw_product):
        """Send an Odoo-owned price: the offer through bulkUpdatePriceQuantity,
        or the Trading listing through ReviseInventoryStatus.

        :raises EcommerceDataError: when eBay refuses it, or the SKU has no
            known offer id
        """
        price = (raw_product or {}).get("price")
        if price is None:
            return
        currency = account.pricelist_id.currency_id or account.company_id.currency_id
        if binding.ebay_listing_api == "trading":
            item_id = binding.external_product_id or binding.external_id.split(":")[0]
            raw = {
                "api": "trading",
                "status": {
                    "ItemID": item_id,
                    "SKU": binding.sku or "",
                    "StartPrice": price,
                },
            }
        else:
            if not binding.ebay_offer_id:
                raise EcommerceDataError(
                    f"SKU {binding.sku}: set its eBay offer id to publish prices"
                )
            raw = {
                "api": "inventory",
                "request": {
                    "sku": binding.sku,
                    "offers": [
                        {
                            "offerId": binding.ebay_offer_id,
                            "price": {"value": price, "currency": currency.name},
                        }
                    ],
                },
            }
        refused = self.push_stock(account, [raw])
        if refused:
            raise EcommerceDataError("; ".join(str(v) for v in refused.values()))

    # === FULFILMENT === #

    @api.model
    def create_fulfillment(self, account, order_external_id, raw_fulfillment):
        """createShippingFulfillment: 201 with the new fulfilment's URL in
        ``Location``; its last segment is the fulfilment id."""
        response = self._request(
            account,
            "POST",
            f"{FULFILLMENT}/order/{order_external_id}/shipping_fulfillment",
            json=raw_fulfillment,
            expect_json=False,
        )
        location = response.headers.get("Location") or ""
        return location.rstrip("/").rsplit("/", 1)[-1] or raw_fulfillment.get(
            "trackingNumber", ""
        )

    # === NOTIFICATIONS === #

    @api.model
    def verify_account_deletion(self, account, signature_header, body):
        """Whether an account-deletion notification really comes from eBay:
        ECDSA-SHA1 over the compact JSON of ``body`` with the public key named
        in ``X-EBAY-SIGNATURE``. Never raises on a bad signature.

        :rtype: bool
        """
        header = notification.decode_signature_header(signature_header)
        if not header:
            return False
        pem = self._public_key(account, header["kid"])
        return notification.verify(pem, header["signature"], body)

    @api.model
    def _public_key(self, account, kid):
        """eBay's notification public key ``kid`` (PEM), cached an hour."""
        now = fields.Datetime.now()
        cached = self._ebay_public_keys.get(kid)
        if cached and cached[1] > now:
            return cached[0]
        answer = self.with_context(ebay_token_kind="application")._request(
            account, "GET", f"/commerce/notification/v1/public_key/{kid}"
        )
        pem = answer.get("key") or ""
        self._ebay_public_keys[kid] = (pem, now + PUBLIC_KEY_TTL)
        return pem
