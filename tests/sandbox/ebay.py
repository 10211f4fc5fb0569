"""Sandbox of eBay's Sell APIs, for the ``ecommerce_ebay`` addon.

Wire format (from eBay's OpenAPI contracts and developer pages, see
``shared/api/ebay.md``):

- ``POST /identity/v1/oauth2/token``: ``Authorization: Basic
  base64(client_id:client_secret)``, form body ``grant_type=refresh_token``
  (user token) or ``client_credentials`` (application token); answers
  ``{"access_token", "expires_in": 7200, "token_type"}``; OAuth-style errors
  ``{"error": "invalid_grant", "error_description": ...}``;
- REST calls need ``Authorization: Bearer <user token>``; errors are
  ``{"errors": [{"errorId", "domain", "category", "message", ...}]}``;
  over quota: HTTP 429 with errorId 2001;
- Fulfillment: ``GET /sell/fulfillment/v1/order`` (``filter`` on
  ``lastmodifieddate``/``creationdate``, ``limit`` 1..200, record
  ``offset``, ``orderIds``; ``href``/``next``/``prev`` links),
  ``GET /sell/fulfillment/v1/order/<orderId>``,
  ``POST|GET /sell/fulfillment/v1/order/<orderId>/shipping_fulfillment``
  (201 + ``Location``);
- Inventory: ``POST /sell/inventory/v1/bulk_update_price_quantity`` (at most
  25 requests; 200 or 207), ``POST /sell/inventory/v1/bulk_get_inventory_item``
  (at most 25), ``GET /sell/inventory/v1/inventory_item`` (``offset`` is a
  page number there);
- Trading: ``POST /ws/api.dll`` with ``X-EBAY-API-CALL-NAME:
  ReviseInventoryStatus`` and ``X-EBAY-API-IAF-TOKEN`` (XML, at most 4
  ``InventoryStatus``; errors inside HTTP 200 with ``Ack`` Failure);
- Notification: ``GET /commerce/notification/v1/public_key/<id>``
  (application token) and marketplace account-deletion notifications signed
  ``X-EBAY-SIGNATURE`` (ECDSA-SHA1 over the compact JSON body).

Test controls: ``POST /_sandbox/seed`` (``{"orders": [eBay order documents],
"inventory_items": [{"sku", "quantity", "offers"}], "listings": [{"ItemID",
"SKU", "Quantity", "StartPrice"}]}``), ``POST /_sandbox/orders/<id>/cancel``,
``POST /_sandbox/tokens/expire``, ``POST /_sandbox/account_deletion/send``,
``POST /_sandbox/account_deletion/challenge``.
"""

import base64
import copy
import hashlib
import hmac
import itertools
import json
import re
import secrets
import time
import urllib.error
import urllib.request
import uuid
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta, timezone
from decimal import ROUND_HALF_UP, Decimal
from urllib.parse import parse_qs, urlencode

from .core import HttpError, Response, SandboxServer, json_response, route
from .registry import register
from .routing import dumps
from .webhooks import is_loopback_url

FULFILLMENT = "/sell/fulfillment/v1"
INVENTORY = "/sell/inventory/v1"
TOKEN_PATH = "/identity/v1/oauth2/token"
TRADING_PATH = "/ws/api.dll"
TRADING_NS = "urn:ebay:apis:eBLBaseComponents"
MAX_ORDER_LIMIT = 200
DEFAULT_ORDER_LIMIT = 50
MAX_BULK = 25
MAX_REVISE_INVENTORY = 4
CENT = Decimal("0.01")
FEE_RATE = Decimal("0.1325")  # final value fee used by make_order (illustrative)
FEE_FIXED = Decimal("0.30")
CR_TAX_TYPES = ("STATE_SALES_TAX", "PROVINCE_SALES_TAX", "GST", "VAT")

# Store collections
ORDERS = "orders"
ITEMS = "inventory_items"  # sku -> {"sku", "quantity", "offers": {id: offer}}
LISTINGS = "listings"  # ItemID[:SKU] -> {"ItemID", "SKU", "Quantity", "StartPrice"}
FULFILLMENTS = "fulfillments"  # order id -> [fulfillment, ...]

# The signed notification of eBay's official notification SDK
# (event-notification-nodejs-sdk test/test.json): its key is served too.
SDK_TEST_KID = "9936261a-7d7b-4621-a0f1-96ccb428af49"
SDK_TEST_KEY = (
    "-----BEGIN PUBLIC KEY-----MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEZhhxXKtR+TOvtDbgTPCk"
    "Sof02qgBB7IsYOyf76ilExJ/upAa/vKIKheOoCyOpcLmi4t0b4uepb7LLjmMr90FUg==-----END "
    "PUBLIC KEY-----"
)

ERROR_DOMAINS = {1001: "OAuth", 1100: "OAuth", 2001: "ACCESS"}


# === PURE HELPERS === #


def money(value, currency="USD"):
    """An eBay ``Amount``: ``{"value": "12.50", "currency": "USD"}``."""
    return {"value": str(Decimal(str(value)).quantize(CENT)), "currency": currency}


def format_time(moment):
    """eBay timestamps: UTC with milliseconds, ``2025-06-03T09:14:27.000Z``."""
    moment = moment.astimezone(timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def parse_time(text):
    """An aware UTC datetime of an eBay timestamp; ValueError when malformed."""
    if not isinstance(text, str) or not text:
        raise ValueError(f"Not a timestamp: {text!r}")
    text = text.strip()
    if text[-1:] in ("Z", "z"):
        text = text[:-1] + "+00:00"
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)


def _dec(value):
    return Decimal(str(value or 0))


def _amount(container):
    return _dec((container or {}).get("value"))


def challenge_response(challenge_code, verification_token, endpoint):
    """What eBay expects back from the account-deletion endpoint's GET:
    SHA-256 hex of challengeCode + verificationToken + endpoint."""
    digest = hashlib.sha256()
    for part in (challenge_code, verification_token, endpoint):
        digest.update(part.encode())
    return digest.hexdigest()


def compact_json(document):
    """The compact serialisation eBay signs (``JSON.stringify`` of the body)."""
    return json.dumps(document, separators=(",", ":"), ensure_ascii=False).encode()


def _address(name, email=None):
    contact = {
        "fullName": name,
        "contactAddress": {
            "addressLine1": "100 Congress Ave",
            "city": "Austin",
            "stateOrProvince": "TX",
            "postalCode": "78701",
            "countryCode": "US",
        },
        "primaryPhone": {"phoneNumber": "5125550100"},
    }
    if email:
        contact["email"] = email
    return contact


def _line(order_id, index, spec, currency, stamp):
    quantity = int(spec.get("quantity", 1))
    unit = _dec(spec.get("unit_price", "10.00"))
    cost = unit * quantity
    discount = _dec(spec.get("discount"))
    shipping = _dec(spec.get("shipping"))
    seller_tax = _dec(spec.get("seller_tax"))
    cr_tax = _dec(spec.get("cr_tax"))
    line = {
        "lineItemId": str(spec.get("line_id") or f"{order_id.replace('-', '')}{index}"),
        "legacyItemId": str(spec.get("legacy_item_id") or f"2561234{index:05d}"),
        "title": spec.get("title") or f"Item {index}",
        "lineItemCost": money(cost, currency),
        "quantity": quantity,
        "soldFormat": "FIXED_PRICE",
        "listingMarketplaceId": spec.get("marketplace", "EBAY_US"),
        "purchaseMarketplaceId": spec.get("marketplace", "EBAY_US"),
        "lineItemFulfillmentStatus": "NOT_STARTED",
        "total": money(cost - discount + shipping + seller_tax, currency),
        "deliveryCost": {"shippingCost": money(shipping, currency)},
        "appliedPromotions": [],
        "taxes": [],
        "properties": {"buyerProtection": True},
        "lineItemFulfillmentInstructions": {
            "shipByDate": stamp,
            "guaranteedDelivery": False,
        },
        "refunds": [],
    }
    if spec.get("sku"):
        line["sku"] = spec["sku"]
    if spec.get("legacy_variation_id"):
        line["legacyVariationId"] = str(spec["legacy_variation_id"])
    if discount:
        line["discountedLineItemCost"] = money(cost - discount, currency)
        line["appliedPromotions"].append(
            {
                "promotionId": f"50{index:08d}",
                "description": spec.get("promotion", "Promotion"),
                "discountAmount": money(discount, currency),
            }
        )
    if seller_tax:
        line["taxes"].append(
            {"amount": money(seller_tax, currency), "taxType": "SALES_TAX"}
        )
    if cr_tax:
        line["ebayCollectAndRemitTaxes"] = [
            {
                "taxType": spec.get("cr_tax_type", "STATE_SALES_TAX"),
                "amount": money(cr_tax, currency),
                "collectionMethod": "NET",
            }
        ]
    return line, cost, discount, shipping, seller_tax, cr_tax


def make_order(order_id, lines=None, **options):
    """A realistic eBay order document with totals computed the eBay way.

    :param lines: specs ``{"sku", "legacy_item_id", "legacy_variation_id",
        "title", "quantity", "unit_price", "discount" (promotion on the
        line), "shipping", "seller_tax", "cr_tax" (eBay collect and remit),
        "line_id"}``; default: ``TS-MUG-01`` x2 at 12.50 with 2.50 shipping
    :param options: ``username``, ``email`` (None: withheld), ``full_name``,
        ``currency``, ``marketplace``, ``created``, ``modified`` (datetimes),
        ``refunds`` (``[{"refund_id", "amount", "line": index or None}]``),
        ``cancelled``, ``payment_method``, ``ship_to`` (a shipTo document),
        ``tax_breakdown`` (C&R taxes inside ``total``, as with
        ``fieldGroups=TAX_BREAKDOWN``)

    ``pricingSummary``: ``priceSubtotal`` = sum of ``lineItemCost``,
    ``priceDiscount`` = -promotions, ``deliveryCost`` = shipping, ``tax`` =
    seller-collected tax, ``total`` = subtotal - discounts + delivery + tax
    (eBay's collect-and-remit tax only with ``tax_breakdown``);
    ``totalDueSeller`` = total - marketplace fee.
    """
    order_id = str(order_id)
    currency = options.get("currency", "USD")
    now = datetime.now(timezone.utc).replace(microsecond=0)
    created = options.get("created") or now
    modified = options.get("modified") or created
    stamp = format_time(created)
    specs = lines or [{"sku": "TS-MUG-01", "quantity": 2, "unit_price": "12.50"}]
    specs = [dict(spec) for spec in specs]
    if lines is None:
        specs[0]["shipping"] = "2.50"
    items, subtotal, discounts, delivery, tax, cr_total = [], 0, 0, 0, 0, 0
    for index, spec in enumerate(specs, start=1):
        spec.setdefault("marketplace", options.get("marketplace", "EBAY_US"))
        line, cost, discount, shipping, seller_tax, cr_tax = _line(
            order_id, index, spec, currency, stamp
        )
        if options.get("tax_breakdown") and cr_tax:
            line["taxes"].append(
                {
                    "amount": money(cr_tax, currency),
                    "taxType": spec.get("cr_tax_type", "STATE_SALES_TAX"),
                }
            )
            line["total"] = money(_amount(line["total"]) + cr_tax, currency)
        items.append(line)
        subtotal += cost
        discounts += discount
        delivery += shipping
        tax += seller_tax
        cr_total += cr_tax
    total = subtotal - discounts + delivery + tax
    if options.get("tax_breakdown"):
        total += cr_total
    fee = (
        (total + (0 if options.get("tax_breakdown") else cr_total)) * FEE_RATE
        + FEE_FIXED
    ).quantize(CENT, ROUND_HALF_UP)
    pricing = {
        "priceSubtotal": money(subtotal, currency),
        "deliveryCost": money(delivery, currency),
        "total": money(total, currency),
    }
    if discounts:
        pricing["priceDiscount"] = money(-discounts, currency)
    if tax:
        pricing["tax"] = money(tax, currency)
    username = options.get("username", f"buyer_{order_id.replace('-', '_')}")
    email = options.get(
        "email", f"{uuid.uuid5(uuid.NAMESPACE_DNS, username).hex[:12]}@members.ebay.com"
    )
    full_name = options.get("full_name", "Zoë Müller")
    ship_to = options.get("ship_to") or _address(full_name, email)
    buyer = {
        "username": username,
        "taxAddress": {
            "city": "Austin",
            "stateOrProvince": "TX",
            "postalCode": "78701",
            "countryCode": "US",
        },
        "buyerRegistrationAddress": _address(full_name, email),
    }
    order = {
        "orderId": order_id,
        "creationDate": stamp,
        "lastModifiedDate": format_time(modified),
        "orderFulfillmentStatus": "NOT_STARTED",
        "orderPaymentStatus": "PAID",
        "sellerId": options.get("seller", "odoo_test_seller"),
        "buyer": buyer,
        "pricingSummary": pricing,
        "cancelStatus": {"cancelState": "NONE_REQUESTED", "cancelRequests": []},
        "paymentSummary": {
            "totalDueSeller": money(total - fee, currency),
            "refunds": [],
            "payments": [
                {
                    "paymentMethod": options.get("payment_method", "EBAY"),
                    "paymentReferenceId": f"P-{order_id}",
                    "paymentDate": stamp,
                    "amount": money(total - fee, currency),
                    "paymentStatus": "PAID",
                }
            ],
        },
        "fulfillmentStartInstructions": [
            {
                "fulfillmentInstructionsType": "SHIP_TO",
                "ebaySupportedFulfillment": False,
                "shippingStep": {
                    "shipTo": ship_to,
                    "shippingCarrierCode": "USPS",
                    "shippingServiceCode": options.get("service", "USPSPriority"),
                },
            }
        ],
        "fulfillmentHrefs": [],
        "lineItems": items,
        "salesRecordReference": str(abs(hash(order_id)) % 100000),
        "totalFeeBasisAmount": money(total + cr_total, currency),
        "totalMarketplaceFee": money(fee, currency),
    }
    if cr_total:
        order["ebayCollectAndRemitTax"] = True
    refunded = Decimal(0)
    for refund in options.get("refunds") or []:
        amount = _dec(refund["amount"])
        refunded += amount
        refund_id = str(refund.get("refund_id") or f"R{order_id}")
        order["paymentSummary"]["refunds"].append(
            {
                "refundId": refund_id,
                "refundReferenceId": refund_id,
                "refundDate": stamp,
                "amount": money(amount, currency),
                "refundStatus": refund.get("status", "REFUNDED"),
            }
        )
        if refund.get("line") is not None:
            items[refund["line"]]["refunds"].append(
                {
                    "refundId": refund_id,
                    "refundReferenceId": refund_id,
                    "refundDate": stamp,
                    "amount": money(amount, currency),
                }
            )
    if refunded:
        order["orderPaymentStatus"] = (
            "FULLY_REFUNDED" if refunded >= total else "PARTIALLY_REFUNDED"
        )
    if options.get("cancelled"):
        _cancel(order, stamp)
    return order


def order_total(order):
    """``pricingSummary.total`` of an order document, as a Decimal."""
    return _amount(order["pricingSummary"]["total"])


def _cancel(order, stamp):
    order["cancelStatus"] = {
        "cancelState": "CANCELED",
        "cancelledDate": stamp,
        "cancelRequests": [
            {
                "cancelRequestId": f"C{order['orderId']}",
                "cancelInitiator": "SELLER",
                "cancelReason": "OUT_OF_STOCK_OR_CANNOT_FULFILL",
                "cancelRequestState": "COMPLETED",
                "cancelRequestedDate": stamp,
                "cancelCompletedDate": stamp,
            }
        ],
    }


def _parse_filter(raw):
    """``{name: value}`` of a getOrders ``filter``; HttpError 400 when bad."""
    criteria = {}
    for part in (raw or "").split(","):
        part = part.strip()
        if not part:
            continue
        name, _sep, value = part.partition(":")
        name = name.strip().lower()
        if name not in ("creationdate", "lastmodifieddate", "orderfulfillmentstatus"):
            raise HttpError(400, "30700", f"Invalid filter name: {name}")
        criteria[name] = value.strip()
    ranges = {}
    for name in ("creationdate", "lastmodifieddate"):
        if name not in criteria:
            continue
        match = re.fullmatch(r"\[(.*?)\.\.(.*)\]", criteria[name])
        if not match:
            raise HttpError(400, "30800", f"Invalid filter value for {name}")
        if not match.group(1):
            raise HttpError(400, "30820", "Start date is missing")
        try:
            start = parse_time(match.group(1))
            end = parse_time(match.group(2)) if match.group(2) else None
        except ValueError:
            raise HttpError(400, "30810", "Invalid date format") from None
        if end and start > end:
            raise HttpError(400, "30840", "Start date is after end date")
        ranges[name] = (start, end)
    if "creationdate" in ranges:  # eBay ignores lastmodifieddate then
        ranges.pop("lastmodifieddate", None)
    statuses = None
    if "orderfulfillmentstatus" in criteria:
        value = criteria["orderfulfillmentstatus"].strip("{}")
        statuses = set(value.split("|"))
        if statuses not in (
            {"NOT_STARTED", "IN_PROGRESS"},
            {"FULFILLED", "IN_PROGRESS"},
        ):
            raise HttpError(400, "30800", "Invalid orderfulfillmentstatus filter")
    return ranges, statuses


def _xml_text(element, tag):
    found = element.find(f"{{{TRADING_NS}}}{tag}")
    if found is None:
        found = element.find(tag)
    return (found.text or "").strip() if found is not None else None


def _trading_response(call, ack, statuses=(), errors=()):
    root = ET.Element(f"{call}Response", xmlns=TRADING_NS)
    ET.SubElement(root, "Timestamp").text = format_time(datetime.now(timezone.utc))
    ET.SubElement(root, "Ack").text = ack
    for error in errors:
        node = ET.SubElement(root, "Errors")
        ET.SubElement(node, "ShortMessage").text = error["short"]
        ET.SubElement(node, "LongMessage").text = error["long"]
        ET.SubElement(node, "ErrorCode").text = str(error["code"])
        ET.SubElement(node, "SeverityCode").text = "Error"
        if error.get("item"):
            param = ET.SubElement(node, "ErrorParameters", ParamID="0")
            ET.SubElement(param, "Value").text = error["item"]
    ET.SubElement(root, "Version").text = "1451"
    ET.SubElement(root, "Build").text = "E1451_CORE_API_SANDBOX"
    for status in statuses:
        node = ET.SubElement(root, "InventoryStatus")
        for key in ("ItemID", "SKU", "StartPrice", "Quantity"):
            if status.get(key) not in (None, ""):
                ET.SubElement(node, key).text = str(status[key])
    body = b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root)
    return Response(200, body, content_type="text/xml;charset=utf-8")


# === SERVER === #


@register("ebay")
class EbaySandbox(SandboxServer):
    """eBay's Sell APIs, in-process or from the CLI.

    :param str client_id: App ID accepted by the token endpoint
    :param str client_secret: Cert ID accepted by the token endpoint
    :param str refresh_token: the only refresh token accepted
    :param int token_ttl: ``expires_in`` of issued access tokens (seconds)
    :param int daily_limit: REST calls answered per day before 429 (None: no
        limit)
    """

    def __init__(
        self,
        port=0,
        host="127.0.0.1",
        verbose=False,
        *,
        client_id="SandboxA-odoo-SBX-0123456789-abcdef01",
        client_secret="SBX-0123456789ab-cdef-0123-4567-89ab",
        refresh_token="v^1.1#i^1#r^1#p^3#f^0#t^sandbox-refresh-token",
        seller="odoo_test_seller",
        token_ttl=7200,
        daily_limit=None,
    ):
        self.client_id = client_id
        self.client_secret = client_secret
        self.refresh_token = refresh_token
        self.seller = seller
        self.token_ttl = token_ttl
        self.daily_limit = daily_limit
        self._tokens = {}  # token -> (kind, expires at epoch seconds)
        self._public_keys = {SDK_TEST_KID: SDK_TEST_KEY}
        self._signing_key = None
        self._signing_kid = None
        self._fulfillment_ids = itertools.count(1)
        self._calls_today = 0
        super().__init__(port, host, verbose)

    # === FRAMEWORK HOOKS === #

    def authenticate(self, request):
        if request.path.startswith("/commerce/notification/"):
            kinds = ("application",)
        else:
            kinds = ("user",)
        header = request.header("Authorization") or ""
        token = header[7:] if header.startswith("Bearer ") else ""
        if not self._token_valid(token, kinds):
            raise HttpError(401, "1001", "Invalid access token")

    def before_request(self, request):
        if self.daily_limit is not None and request.path != TOKEN_PATH:
            self._calls_today += 1
            if self._calls_today > self.daily_limit:
                raise HttpError(429, "2001", "Too many requests.")
        return None

    def error_body(self, status, code, message):
        if str(code).isdigit():
            error_id = int(code)
        else:
            error_id = {
                "unauthorized": 1001,
                "rate_limited": 2001,
                "not_found": 32100,
                "unavailable": 30500,
                "internal_error": 30500,
            }.get(code, 32600)
        domain = ERROR_DOMAINS.get(error_id)
        if not domain:
            domain = "API_INVENTORY" if 25000 <= error_id < 26000 else "API_FULFILLMENT"
        error = {
            "errorId": error_id,
            "domain": domain,
            "category": "REQUEST" if status < 500 else "APPLICATION",
            "message": message,
        }
        if error_id == 2001:
            error["longMessage"] = (
                "The request limit has been reached for the resource."
            )
        return {"errors": [error]}

    def fault_response(self, kind, retry_after, request):
        if kind == "429":  # eBay sends no Retry-After with its 429
            return self.error_response(429, "2001", "Too many requests.")
        return self.error_response(503, "30500", "System error.")

    def on_reset(self):
        self._tokens = {}
        self._fulfillment_ids = itertools.count(1)
        self._calls_today = 0

    def banner(self):
        return [
            f"client id: {self.client_id}",
            f"client secret: {self.client_secret}",
            f"refresh token: {self.refresh_token}",
            f"orders: {self.store.count(ORDERS)}, "
            f"inventory items: {self.store.count(ITEMS)}",
        ]

    @classmethod
    def demo_data(cls):
        now = datetime.now(timezone.utc).replace(microsecond=0)
        return {
            "orders": [
                make_order("05-11032-38812", created=now),
                make_order(
                    "05-11032-38813",
                    lines=[
                        {
                            "sku": "TS-TEE-M",
                            "quantity": 2,
                            "unit_price": "19.99",
                            "discount": "4.00",
                            "shipping": "5.00",
                            "cr_tax": "2.88",
                        },
                        {
                            "legacy_item_id": "256987654321",
                            "title": "Vintage mug (no SKU)",
                            "unit_price": "12.50",
                            "cr_tax": "1.00",
                        },
                    ],
                    created=now,
                ),
                make_order("05-11032-38814", email=None, created=now),
                make_order("05-11032-38815", cancelled=True, created=now),
            ],
            "inventory_items": [
                {"sku": "TS-MUG-01", "quantity": 40, "offers": [{"offerId": "9001"}]},
                {"sku": "TS-TEE-M", "quantity": 12, "offers": [{"offerId": "9002"}]},
            ],
            "listings": [{"ItemID": "256987654321", "Quantity": 3}],
        }

    def seed(self, payload):
        """Seed ``{"orders", "inventory_items", "listings"}`` (all optional)."""
        if not isinstance(payload, dict):
            raise ValueError("Seed payload must be an object")
        unknown = sorted(set(payload) - {"orders", "inventory_items", "listings"})
        if unknown:
            raise ValueError(f"Unknown seed collection(s): {', '.join(unknown)}")
        return {
            "orders": len(self.seed_orders(payload.get("orders") or [])),
            "inventory_items": len(
                self.seed_inventory(payload.get("inventory_items") or [])
            ),
            "listings": len(self.seed_listings(payload.get("listings") or [])),
        }

    # === PYTHON API FOR TESTS === #

    def seed_orders(self, orders):
        """Store eBay order documents (``orderId`` required), replacing any
        with the same id; returns copies."""
        stored = []
        with self.store.lock:
            for order in orders:
                if not isinstance(order, dict) or not order.get("orderId"):
                    raise ValueError("Every order needs an orderId")
                document = copy.deepcopy(order)
                for key in ("creationDate", "lastModifiedDate"):
                    if document.get(key):
                        parse_time(document[key])
                    else:
                        document[key] = format_time(self.now())
                self.store.collection(ORDERS)[document["orderId"]] = document
                self.store.collection(FULFILLMENTS).pop(document["orderId"], None)
                stored.append(copy.deepcopy(document))
        return stored

    def seed_inventory(self, items):
        """Store inventory items ``{"sku", "quantity", "offers": [{"offerId",
        "price"}]}``."""
        with self.store.lock:
            for item in items:
                if not isinstance(item, dict) or not item.get("sku"):
                    raise ValueError("Every inventory item needs a sku")
                offers = {
                    str(o["offerId"]): {
                        "offerId": str(o["offerId"]),
                        "availableQuantity": int(item.get("quantity") or 0),
                        "price": o.get("price"),
                    }
                    for o in item.get("offers") or []
                }
                self.store.collection(ITEMS)[item["sku"]] = {
                    "sku": item["sku"],
                    "quantity": int(item.get("quantity") or 0),
                    "offers": offers,
                }
        return items

    def seed_listings(self, listings):
        """Store Trading-API listings ``{"ItemID", "SKU", "Quantity",
        "StartPrice"}`` (a variation is ItemID + SKU)."""
        with self.store.lock:
            for listing in listings:
                if not isinstance(listing, dict) or not listing.get("ItemID"):
                    raise ValueError("Every listing needs an ItemID")
                key = self._listing_key(listing["ItemID"], listing.get("SKU"))
                self.store.collection(LISTINGS)[key] = dict(listing)
        return listings

    def get_order(self, order_id):
        return self.store.get(ORDERS, str(order_id))

    def fulfillments(self, order_id):
        return self.store.get(FULFILLMENTS, str(order_id), [])

    def inventory(self):
        """``{sku: quantity}`` of the Inventory API items."""
        with self.store.lock:
            return {s: i["quantity"] for s, i in self.store.collection(ITEMS).items()}

    def offer(self, sku, offer_id):
        with self.store.lock:
            return copy.deepcopy(self.store.collection(ITEMS)[sku]["offers"][offer_id])

    def listing(self, item_id, sku=None):
        return self.store.get(LISTINGS, self._listing_key(item_id, sku))

    def cancel_order(self, order_id, refund=True):
        """Cancel an order (seller-initiated) and bump its lastModifiedDate;
        as on eBay, a paid order is refunded in full (``refund``)."""
        with self.store.lock:
            order = self.store.collection(ORDERS)[str(order_id)]
            stamp = format_time(self.now())
            _cancel(order, stamp)
            summary = order.setdefault("paymentSummary", {})
            refunds = summary.setdefault("refunds", [])
            if refund and order.get("orderPaymentStatus") == "PAID" and not refunds:
                total = order["pricingSummary"]["total"]
                refunds.append(
                    {
                        "refundId": f"CR-{order['orderId']}",
                        "refundReferenceId": f"CR-{order['orderId']}",
                        "refundDate": stamp,
                        "amount": dict(total),
                        "refundStatus": "REFUNDED",
                    }
                )
                order["orderPaymentStatus"] = "FULLY_REFUNDED"
            self._touch(order)
            return copy.deepcopy(order)

    def expire_tokens(self):
        """Make every issued access token expired (as after 2 hours)."""
        with self.store.lock:
            self._tokens = {t: (k, 0) for t, (k, _e) in self._tokens.items()}

    def register_signing_key(self):
        """Create the key pair eBay signs notifications with (needs the
        ``cryptography`` package); returns its key id."""
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.asymmetric import ec

        if self._signing_key is None:
            self._signing_key = ec.generate_private_key(ec.SECP256R1())
            self._signing_kid = str(uuid.uuid4())
            pem = self._signing_key.public_key().public_bytes(
                serialization.Encoding.PEM,
                serialization.PublicFormat.SubjectPublicKeyInfo,
            )
            self._public_keys[self._signing_kid] = pem.decode().replace("\n", "")
        return self._signing_kid

    def account_deletion_notification(self, username, user_id=None):
        """``(body bytes, headers)`` of a signed MARKETPLACE_ACCOUNT_DELETION."""
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.asymmetric import ec

        kid = self.register_signing_key()
        now = format_time(datetime.now(timezone.utc))
        document = {
            "metadata": {
                "topic": "MARKETPLACE_ACCOUNT_DELETION",
                "schemaVersion": "1.0",
                "deprecated": False,
            },
            "notification": {
                "notificationId": f"{uuid.uuid4()}_{uuid.uuid4()}",
                "eventDate": now,
                "publishDate": now,
                "publishAttemptCount": 1,
                "data": {
                    "username": username,
                    "userId": user_id or secrets.token_urlsafe(8),
                    "eiasToken": base64.b64encode(secrets.token_bytes(30)).decode(),
                },
            },
        }
        body = compact_json(document)
        signature = self._signing_key.sign(body, ec.ECDSA(hashes.SHA1()))
        header = {
            "alg": "ecdsa",
            "kid": kid,
            "signature": base64.b64encode(signature).decode(),
            "digest": "SHA1",
        }
        headers = {
            "Content-Type": "application/json",
            "X-EBAY-SIGNATURE": base64.b64encode(compact_json(header)).decode(),
        }
        return body, headers

    def send_account_deletion(self, url, username, user_id=None, tamper=False):
        """POST a signed account-deletion notification to a loopback ``url``;
        ``tamper`` changes the body after signing. Returns ``(status, body)``."""
        body, headers = self.account_deletion_notification(username, user_id)
        if tamper:
            body = body.replace(b'"publishAttemptCount":1', b'"publishAttemptCount":2')
        return self.send_webhook(url, body, headers)

    def challenge(self, url, verification_token, endpoint, code=None):
        """Validate an account-deletion endpoint as eBay does: GET
        ``url?challenge_code=...``; returns ``(ok, status, body)``."""
        if not is_loopback_url(url):
            raise ValueError(f"Only loopback URLs, not {url!r}")
        code = code or str(uuid.uuid4())
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        separator = "&" if "?" in url else "?"
        request = urllib.request.Request(
            f"{url}{separator}{urlencode({'challenge_code': code})}", method="GET"
        )
        try:
            with opener.open(request, timeout=10) as answer:
                status, body = answer.status, answer.read()
        except urllib.error.HTTPError as error:
            with error:
                status, body = error.code, error.read()
        expected = challenge_response(code, verification_token, endpoint)
        try:
            received = json.loads(body).get("challengeResponse")
        except (ValueError, AttributeError):
            received = None
        return status == 200 and received == expected, status, body

    # === INTERNALS === #

    def _token_valid(self, token, kinds):
        with self.store.lock:
            kind, expires = self._tokens.get(token, (None, 0))
        return kind in kinds and expires > time.time()

    @staticmethod
    def _listing_key(item_id, sku=None):
        return f"{item_id}:{sku}" if sku else str(item_id)

    def _touch(self, order):
        previous = parse_time(order["lastModifiedDate"])
        moment = max(self.now(), previous + timedelta(seconds=1))
        order["lastModifiedDate"] = format_time(moment)

    def _order(self, order_id):
        order = self.store.collection(ORDERS).get(order_id)
        if order is None:
            raise HttpError(404, "32100", f"Invalid Order Id: {order_id}")
        return order

    # === API: OAUTH === #

    @route("POST", TOKEN_PATH, auth=False)
    def api_token(self, request):
        expected = base64.b64encode(
            f"{self.client_id}:{self.client_secret}".encode()
        ).decode()
        given = (request.header("Authorization") or "").removeprefix("Basic ")
        if not hmac.compare_digest(given.encode(), expected.encode()):
            return json_response(
                {
                    "error": "invalid_client",
                    "error_description": "client authentication failed",
                },
                401,
            )
        form = {k: v[0] for k, v in parse_qs(request.body.decode()).items()}
        grant = form.get("grant_type")
        if grant == "refresh_token":
            if not hmac.compare_digest(
                (form.get("refresh_token") or "").encode(), self.refresh_token.encode()
            ):
                return json_response(
                    {
                        "error": "invalid_grant",
                        "error_description": "the provided authorization refresh "
                        "token is invalid or was issued to another client",
                    },
                    400,
                )
            kind, token_type = "user", "User Access Token"
        elif grant == "client_credentials":
            kind, token_type = "application", "Application Access Token"
        else:
            return json_response(
                {
                    "error": "unsupported_grant_type",
                    "error_description": "grant type in request is not supported",
                },
                400,
            )
        token = f"v^1.1#i^1#p^3#r^{int(kind == 'user')}#{secrets.token_urlsafe(24)}"
        with self.store.lock:
            self._tokens[token] = (kind, time.time() + self.token_ttl)
        return {
            "access_token": token,
            "expires_in": self.token_ttl,
            "token_type": token_type,
        }

    # === API: FULFILLMENT === #

    @route("GET", f"{FULFILLMENT}/order")
    def api_get_orders(self, request):
        limit = request.arg("limit") or str(DEFAULT_ORDER_LIMIT)
        offset = request.arg("offset") or "0"
        if not limit.isdigit() or not 1 <= int(limit) <= MAX_ORDER_LIMIT:
            raise HttpError(400, "31100", "Invalid limit. Supported ranges 1 - 200.")
        if not offset.isdigit():
            raise HttpError(400, "31000", "Invalid offset")
        limit, offset = int(limit), int(offset)
        with self.store.lock:
            orders = list(self.store.collection(ORDERS).values())
            if request.arg("orderIds"):
                wanted = [i for i in request.arg("orderIds").split(",") if i]
                if len(wanted) > 50:
                    raise HttpError(
                        400, "30900", "Exceeded maximum number of order IDs"
                    )
                selected = [o for o in orders if o["orderId"] in wanted]
            else:
                selected = self._filtered(orders, request.arg("filter"))
            selected.sort(key=lambda o: (o["lastModifiedDate"], o["orderId"]))
            page = copy.deepcopy(selected[offset : offset + limit])
        for order in page:  # getOrders never returns the cancel requests
            order.get("cancelStatus", {})["cancelRequests"] = []
        total = len(selected)
        answer = {
            "href": self._page_url(request, limit, offset),
            "limit": limit,
            "offset": offset,
            "total": total,
            "orders": page,
            "warnings": [],
        }
        if offset + limit < total:
            answer["next"] = self._page_url(request, limit, offset + limit)
        if offset > 0:
            answer["prev"] = self._page_url(request, limit, max(0, offset - limit))
        return answer

    def _filtered(self, orders, raw_filter):
        ranges, statuses = _parse_filter(raw_filter)
        if not ranges:  # no date filter: orders created in the last 90 days
            ranges = {"creationdate": (self.now() - timedelta(days=90), None)}
        result = []
        for order in orders:
            keep = True
            for name, (start, end) in ranges.items():
                key = "creationDate" if name == "creationdate" else "lastModifiedDate"
                moment = parse_time(order[key])
                keep = keep and moment >= start and (end is None or moment <= end)
            if statuses and order.get("orderFulfillmentStatus") not in statuses:
                keep = False
            if keep:
                result.append(order)
        return result

    def _page_url(self, request, limit, offset):
        query = {k: v for k, v in request.query_summary().items()}
        query.update(limit=str(limit), offset=str(offset))
        return f"{self.url}{request.path}?{urlencode(query)}"

    @route("GET", f"{FULFILLMENT}/order/<order_id>")
    def api_get_order(self, request, order_id):
        with self.store.lock:
            return copy.deepcopy(self._order(order_id))

    @route("GET", f"{FULFILLMENT}/order/<order_id>/shipping_fulfillment")
    def api_list_fulfillments(self, request, order_id):
        with self.store.lock:
            self._order(order_id)
            found = copy.deepcopy(self.store.collection(FULFILLMENTS).get(order_id, []))
        return {"fulfillments": found, "total": len(found), "warnings": []}

    @route("POST", f"{FULFILLMENT}/order/<order_id>/shipping_fulfillment")
    def api_create_fulfillment(self, request, order_id):
        payload = request.json_object()
        lines = payload.get("lineItems")
        if not isinstance(lines, list) or not lines:
            raise HttpError(400, "32600", "lineItems is required")
        tracking = payload.get("trackingNumber")
        carrier = payload.get("shippingCarrierCode")
        if bool(tracking) != bool(carrier):
            raise HttpError(400, "32300", "Invalid tracking number or carrier")
        shipped = payload.get("shippedDate")
        if shipped:
            try:
                parse_time(shipped)
            except ValueError:
                raise HttpError(400, "32500", "Invalid shipped date") from None
        with self.store.lock:
            order = self._order(order_id)
            if order.get("cancelStatus", {}).get("cancelState") == "CANCELED":
                raise HttpError(400, "32600", f"Order {order_id} is cancelled")
            by_id = {line["lineItemId"]: line for line in order["lineItems"]}
            shipped_qty = self._shipped(order_id)
            seen = set()
            for line in lines:
                line_id = line.get("lineItemId") if isinstance(line, dict) else None
                quantity = line.get("quantity", 0) if isinstance(line, dict) else 0
                if line_id not in by_id:
                    raise HttpError(400, "32200", f"Invalid line item id: {line_id}")
                if line_id in seen:
                    raise HttpError(400, "32210", f"Duplicate line item: {line_id}")
                seen.add(line_id)
                left = by_id[line_id]["quantity"] - shipped_qty.get(line_id, 0)
                if not isinstance(quantity, int) or not 0 < quantity <= left:
                    raise HttpError(
                        400,
                        "32600",
                        f"Line item {line_id}: quantity {quantity} "
                        f"exceeds the {left} left to ship",
                    )
            known = {
                f["fulfillmentId"]
                for f in self.store.collection(FULFILLMENTS).get(order_id, [])
            }
            fulfillment_id = tracking or f"F{next(self._fulfillment_ids)}"
            while fulfillment_id in known:
                fulfillment_id = f"{tracking}-{next(self._fulfillment_ids)}"
            fulfillment = {
                "fulfillmentId": fulfillment_id,
                "lineItems": [
                    {"lineItemId": x["lineItemId"], "quantity": x["quantity"]}
                    for x in lines
                ],
                "shipmentTrackingNumber": tracking,
                "shippingCarrierCode": carrier,
                "shippedDate": shipped or format_time(self.now()),
            }
            self.store.collection(FULFILLMENTS).setdefault(order_id, []).append(
                fulfillment
            )
            shipped_qty = self._shipped(order_id)
            for line_id, line in by_id.items():
                done = shipped_qty.get(line_id, 0)
                line["lineItemFulfillmentStatus"] = (
                    "FULFILLED"
                    if done >= line["quantity"]
                    else "IN_PROGRESS"
                    if done
                    else "NOT_STARTED"
                )
            statuses = {line["lineItemFulfillmentStatus"] for line in by_id.values()}
            order["orderFulfillmentStatus"] = (
                "FULFILLED" if statuses == {"FULFILLED"} else "IN_PROGRESS"
            )
            location = (
                f"{self.url}{FULFILLMENT}/order/{order_id}/shipping_fulfillment/"
                f"{fulfillment_id}"
            )
            order.setdefault("fulfillmentHrefs", []).append(location)
            self._touch(order)
        return Response(201, b"{}", {"Location": location}, "application/json")

    def _shipped(self, order_id):
        shipped = {}
        for fulfillment in self.store.collection(FULFILLMENTS).get(order_id, []):
            for line in fulfillment["lineItems"]:
                shipped[line["lineItemId"]] = (
                    shipped.get(line["lineItemId"], 0) + line["quantity"]
                )
        return shipped

    # === API: INVENTORY === #

    def _bulk_requests(self, request):
        requests_ = request.json_object().get("requests")
        if not isinstance(requests_, list) or not requests_:
            raise HttpError(400, "25709", "Invalid value for requests")
        if len(requests_) > MAX_BULK:
            raise HttpError(
                400,
                "25709",
                f"Invalid value for requests: at most {MAX_BULK} "
                f"items per call, got {len(requests_)}",
            )
        return requests_

    @route("POST", f"{INVENTORY}/bulk_update_price_quantity")
    def api_bulk_update_price_quantity(self, request):
        responses = []
        with self.store.lock:
            items = self.store.collection(ITEMS)
            for entry in self._bulk_requests(request):
                sku = entry.get("sku") if isinstance(entry, dict) else None
                item = items.get(sku)
                if item is None:
                    responses.append(
                        {
                            "statusCode": 404,
                            "sku": sku,
                            "errors": [
                                {
                                    "errorId": 25702,
                                    "domain": "API_INVENTORY",
                                    "category": "REQUEST",
                                    "message": f"SKU {sku} is not available in the "
                                    "system",
                                }
                            ],
                            "warnings": [],
                        }
                    )
                    continue
                availability = entry.get("shipToLocationAvailability") or {}
                quantity = availability.get("quantity")
                if quantity is not None:
                    if not isinstance(quantity, int) or quantity < 0:
                        raise HttpError(400, "25709", "Invalid value for quantity")
                    item["quantity"] = quantity
                for offer in entry.get("offers") or []:
                    known = item["offers"].get(str(offer.get("offerId")))
                    if known is None:
                        raise HttpError(400, "25713", "This Offer is not available")
                    if offer.get("availableQuantity") is not None:
                        known["availableQuantity"] = offer["availableQuantity"]
                    if offer.get("price"):
                        known["price"] = offer["price"]
                answer = {"statusCode": 200, "sku": sku, "errors": [], "warnings": []}
                if item["offers"]:
                    answer["offerId"] = next(iter(item["offers"]))
                responses.append(answer)
        status = 200 if all(r["statusCode"] == 200 for r in responses) else 207
        return json_response({"responses": responses}, status)

    @route("POST", f"{INVENTORY}/bulk_get_inventory_item")
    def api_bulk_get_inventory_item(self, request):
        responses = []
        with self.store.lock:
            items = self.store.collection(ITEMS)
            for entry in self._bulk_requests(request):
                sku = entry.get("sku") if isinstance(entry, dict) else None
                if sku in items:
                    responses.append(
                        {
                            "statusCode": 200,
                            "sku": sku,
                            "inventoryItem": self._inventory_item(items[sku]),
                        }
                    )
                else:
                    responses.append(
                        {
                            "statusCode": 404,
                            "sku": sku,
                            "errors": [{"errorId": 25702, "message": "Not found"}],
                        }
                    )
        status = 200 if all(r["statusCode"] == 200 for r in responses) else 207
        return json_response({"responses": responses}, status)

    @staticmethod
    def _inventory_item(item):
        return {
            "sku": item["sku"],
            "locale": "en_US",
            "availability": {
                "shipToLocationAvailability": {"quantity": item["quantity"]}
            },
            "condition": "NEW",
            "product": {"title": item.get("title") or item["sku"]},
        }

    @route("GET", f"{INVENTORY}/inventory_item")
    def api_get_inventory_items(self, request):
        limit = request.int_arg("limit", 25, 1, 200)
        page_number = request.int_arg("offset", 0, 0)  # a page number here
        with self.store.lock:
            items = [
                self._inventory_item(i) for i in self.store.collection(ITEMS).values()
            ]
        page = items[page_number * limit : (page_number + 1) * limit]
        answer = {
            "href": self._page_url(request, limit, page_number),
            "limit": limit,
            "size": len(page),
            "total": len(items),
            "inventoryItems": page,
        }
        if (page_number + 1) * limit < len(items):
            answer["next"] = self._page_url(request, limit, page_number + 1)
        return answer

    # === API: TRADING (XML) === #

    @route("POST", TRADING_PATH, auth=False)
    def api_trading(self, request):
        call = request.header("X-EBAY-API-CALL-NAME") or ""
        if call != "ReviseInventoryStatus":
            return _trading_response(
                call or "Unknown",
                "Failure",
                errors=[
                    {
                        "code": 2,
                        "short": "Unsupported API call.",
                        "long": f"The API call {call!r} is not supported.",
                    }
                ],
            )
        token = request.header("X-EBAY-API-IAF-TOKEN") or ""
        if not self._token_valid(token, ("user",)):
            return _trading_response(
                call,
                "Failure",
                errors=[
                    {
                        "code": 21917053,
                        "short": "Invalid access token.",
                        "long": "Invalid access token. Check the value of the "
                        "X-EBAY-API-IAF-TOKEN header.",
                    }
                ],
            )
        try:
            root = ET.fromstring(request.body)
        except ET.ParseError:
            return _trading_response(
                call,
                "Failure",
                errors=[
                    {
                        "code": 5,
                        "short": "XML Parse error.",
                        "long": "XML Error Text: the request is not valid XML.",
                    }
                ],
            )
        entries = root.findall(f"{{{TRADING_NS}}}InventoryStatus")
        if not entries or len(entries) > MAX_REVISE_INVENTORY:
            return _trading_response(
                call,
                "Failure",
                errors=[
                    {
                        "code": 21919254,
                        "short": "Too many items.",
                        "long": "You can revise 1 to 4 InventoryStatus "
                        f"containers per call, not {len(entries)}.",
                    }
                ],
            )
        statuses, errors = [], []
        with self.store.lock:
            listings = self.store.collection(LISTINGS)
            for entry in entries:
                item_id = _xml_text(entry, "ItemID")
                sku = _xml_text(entry, "SKU")
                listing = listings.get(self._listing_key(item_id, sku)) or (
                    listings.get(self._listing_key(item_id)) if item_id else None
                )
                if listing is None:
                    errors.append(
                        {
                            "code": 17,
                            "item": item_id or sku or "",
                            "short": "Item cannot be accessed.",
                            "long": f"This item ({item_id}) cannot be accessed because "
                            "the listing has been deleted or you are not the seller.",
                        }
                    )
                    continue
                quantity, price = (
                    _xml_text(entry, "Quantity"),
                    _xml_text(entry, "StartPrice"),
                )
                if quantity is not None:
                    listing["Quantity"] = int(quantity)
                if price is not None:
                    listing["StartPrice"] = price
                statuses.append(dict(listing))
        if errors:
            ack = "PartialFailure" if statuses else "Failure"
        else:
            ack = "Success"
        return _trading_response(call, ack, statuses, errors)

    # === API: NOTIFICATION === #

    @route("GET", "/commerce/notification/v1/public_key/<public_key_id>")
    def api_public_key(self, request, public_key_id):
        key = self._public_keys.get(public_key_id)
        if key is None:
            raise HttpError(404, "195001", f"Public key {public_key_id} not found")
        return {"key": key, "algorithm": "ECDSA", "digest": "SHA1"}

    # === TEST CONTROLS === #

    @route("POST", "/_sandbox/orders/<order_id>/cancel")
    def sandbox_cancel_order(self, request, order_id):
        try:
            return self.cancel_order(order_id)
        except KeyError:
            raise HttpError(404, "32100", f"Invalid Order Id: {order_id}") from None

    @route("POST", "/_sandbox/tokens/expire")
    def sandbox_expire_tokens(self, request):
        self.expire_tokens()
        return {"expired": len(self._tokens)}

    @route("POST", "/_sandbox/account_deletion/send")
    def sandbox_send_account_deletion(self, request):
        """``{"url", "username", "user_id"?, "tamper"?}`` -> receiver's answer."""
        payload = request.json_object()
        url = payload.get("url")
        if not isinstance(url, str) or not is_loopback_url(url):
            raise HttpError(400, "invalid", "url must be a loopback http(s) URL")
        status, body = self.send_account_deletion(
            url,
            str(payload.get("username") or ""),
            payload.get("user_id"),
            bool(payload.get("tamper")),
        )
        return {"status": status, "body": body.decode("utf-8", "replace")}

    @route("POST", "/_sandbox/account_deletion/challenge")
    def sandbox_challenge(self, request):
        """``{"url", "verification_token", "endpoint"}`` -> ``{"ok", "status"}``."""
        payload = request.json_object()
        try:
            ok, status, _body = self.challenge(
                payload.get("url") or "",
                payload.get("verification_token") or "",
                payload.get("endpoint") or "",
            )
        except ValueError as error:
            raise HttpError(400, "invalid", str(error)) from None
        return {"ok": ok, "status": status}


__all__ = [
    "EbaySandbox",
    "challenge_response",
    "compact_json",
    "dumps",
    "make_order",
    "money",
    "order_total",
]
