# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from decimal import Decimal

from odoo import api, models

from odoo.addons.ecommerce_base import canonical as c
from odoo.addons.ecommerce_base.exceptions import EcommerceDataError
from odoo.addons.ecommerce_base.tools.dates import parse_datetime
from odoo.addons.ecommerce_base.tools.money import quantize, to_decimal

from .shopify_adapter_operations import legacy_id

FINANCIAL_STATUS = {
    "PENDING": "pending",
    "PARTIALLY_PAID": "pending",
    "AUTHORIZED": "authorized",
    "PAID": "paid",
    "PARTIALLY_REFUNDED": "partially_refunded",
    "REFUNDED": "refunded",
    "VOIDED": "voided",
    "EXPIRED": "voided",
}
FULFILLMENT_STATUS = {
    "FULFILLED": "fulfilled",
    "PARTIALLY_FULFILLED": "partial",
    "PARTIALLY_RETURNED": "fulfilled",
    "RETURNED": "fulfilled",
}
RESTOCK_TYPES = ("RETURN", "CANCEL", "LEGACY_RESTOCK")
# personal data in Shopify payloads (GraphQL and REST/webhook spellings)
SENSITIVE_KEYS = (
    "firstName",
    "lastName",
    "first_name",
    "last_name",
    "emailAddress",
    "contact_email",
    "phoneNumber",
    "address1",
    "address2",
    "zip",
    "browser_ip",
    "client_details",
    "latitude",
    "longitude",
    "defaultEmailAddress",
    "defaultPhoneNumber",
    "billingAddress",
    "shippingAddress",
    "billing_address",
    "shipping_address",
    "default_address",
    "note_attributes",
    "X-Shopify-Access-Token",
)


def to_datetime(value):
    """Naive UTC datetime of an ISO 8601 timestamp, as Odoo stores them."""
    return parse_datetime(value)


def _nodes(connection):
    """Nodes of a connection, or the items of a plain list."""
    if isinstance(connection, list):
        return connection
    return (connection or {}).get("nodes") or []


def _text(value):
    return str(value or "").strip()


class ShopifyMapper(models.AbstractModel):
    """Shopify GraphQL objects -> canonical records.

    Amounts are read from ``shopMoney`` or ``presentmentMoney`` as the
    account says; Shopify allocates every discount to the lines it reduces,
    so line discounts are the sum of the line's allocations of line-level
    applications, and order-level codes (``targetSelection: ALL``) become
    order discounts carrying the taxes of the lines they were allocated to.
    """

    _name = "ecommerce.shopify.mapper"
    _inherit = "ecommerce.mapper"
    _description = "Shopify Mapper"

    # === ORDERS === #

    @api.model
    def order_external_id(self, account, raw):
        """The numeric id of an order (GraphQL gid or REST id)."""
        if isinstance(raw, dict):
            return legacy_id(raw.get("legacyResourceId") or raw.get("id") or "")
        return ""

    @api.model
    def _money_key(self, account):
        return (
            "presentmentMoney"
            if account.shopify_money == "presentment"
            else "shopMoney"
        )

    @api.model
    def _amount(self, account, money_set, what):
        """The amount of a ``MoneyBag`` in the account's currency choice."""
        money = (money_set or {}).get(self._money_key(account)) or {}
        return to_decimal(money.get("amount"), what)

    @api.model
    def to_order(self, account, raw):
        """A GraphQL ``Order`` as a canonical :class:`Order`."""
        if not isinstance(raw, dict) or not raw.get("id"):
            raise EcommerceDataError("The Shopify order is not an object with an id")
        name = _text(raw.get("name")) or self.order_external_id(account, raw)
        presentment = account.shopify_money == "presentment"
        currency = raw.get("presentmentCurrencyCode") if presentment else None
        currency = currency or raw.get("currencyCode")
        if not currency:
            raise EcommerceDataError(f"Order {name}: no currency")
        if not raw.get("totalPriceSet"):
            raise EcommerceDataError(f"Order {name}: no total")
        included = bool(raw.get("taxesIncluded"))
        lines, discounts = self._lines_and_discounts(account, raw, name)
        status = "open"
        if raw.get("cancelledAt"):
            status = "cancelled"
        elif raw.get("closedAt"):
            status = "closed"
        gateways = raw.get("paymentGatewayNames") or []
        return c.Order(
            external_id=self.order_external_id(account, raw),
            name=name,
            currency=currency,
            total=self._amount(account, raw.get("totalPriceSet"), "order total"),
            created_at=to_datetime(raw.get("createdAt")),
            updated_at=to_datetime(raw.get("updatedAt")),
            status=status,
            financial_status=FINANCIAL_STATUS.get(
                raw.get("displayFinancialStatus"), "pending"
            ),
            fulfillment_status=FULFILLMENT_STATUS.get(
                raw.get("displayFulfillmentStatus"), "unfulfilled"
            ),
            prices_include_tax=included,
            customer=self._customer(raw),
            billing_address=self._address(raw.get("billingAddress"), raw),
            shipping_address=self._address(raw.get("shippingAddress"), raw),
            lines=lines,
            shipping_lines=self._shipping_lines(account, raw),
            discounts=discounts,
            refunds=self._refunds(account, raw, included),
            payment_method=_text(gateways[0]) if gateways else "",
            note=_text(raw.get("note")),
        )

    @api.model
    def _customer(self, raw):
        customer = raw.get("customer")
        if not customer:
            return None
        return c.Customer(
            external_id=legacy_id(customer.get("id")),
            email=_text((customer.get("defaultEmailAddress") or {}).get("emailAddress"))
            or _text(raw.get("email")),
            first_name=_text(customer.get("firstName")),
            last_name=_text(customer.get("lastName")),
            phone=_text((customer.get("defaultPhoneNumber") or {}).get("phoneNumber")),
        )

    @api.model
    def _address(self, raw_address, order):
        if not raw_address:
            return None
        name = _text(raw_address.get("name")) or " ".join(
            p
            for p in (
                _text(raw_address.get("firstName")),
                _text(raw_address.get("lastName")),
            )
            if p
        )
        return c.Address(
            name=name,
            company=_text(raw_address.get("company")),
            street=_text(raw_address.get("address1")),
            street2=_text(raw_address.get("address2")),
            city=_text(raw_address.get("city")),
            zip=_text(raw_address.get("zip")),
            country_code=_text(raw_address.get("countryCodeV2")),
            state_code=_text(raw_address.get("provinceCode")),
            phone=_text(raw_address.get("phone")),
            email=_text(order.get("email")),
        )

    @api.model
    def _taxes(self, raw_tax_lines):
        """Canonical tax lines of Shopify ``taxLines`` (``rate`` is a fraction)."""
        result = []
        for tax in raw_tax_lines or []:
            rate = to_decimal(tax.get("rate"), "tax rate") * 100
            if rate:
                result.append(
                    c.TaxLine(rate=rate.normalize(), title=_text(tax.get("title")))
                )
        return result

    @api.model
    def _lines_and_discounts(self, account, raw, name):
        """Order lines (with their line-level discounts) and order discounts.

        With prices including tax, an allocation of an application aimed at
        all lines (a code or an automatic discount on the whole order) is
        gathered into one order discount per application and set of taxes;
        any other allocation is a discount of its line.
        """
        lines, order_level = [], {}
        included = bool(raw.get("taxesIncluded"))
        labels = self._discount_labels(raw)
        for item in _nodes(raw.get("lineItems")):
            quantity = to_decimal(item.get("quantity"), "quantity")
            taxes = self._taxes(item.get("taxLines"))
            line_discount = Decimal(0)
            for allocation in item.get("discountAllocations") or []:
                amount = self._amount(
                    account, allocation.get("allocatedAmountSet"), "discount"
                )
                application = allocation.get("discountApplication") or {}
                # Order-level codes stay order discounts when prices include
                # tax (exact either way); when they exclude it, Shopify taxes
                # each line on its discounted amount, so the allocation stays
                # on the line for Odoo to round the tax the same way.
                if application.get("targetSelection") == "ALL" and included:
                    key = (
                        application.get("index"),
                        tuple(sorted(t.rate for t in taxes)),
                    )
                    order_level.setdefault(key, [Decimal(0), taxes])
                    order_level[key][0] += amount
                else:
                    line_discount += amount
            variant = item.get("variant") or {}
            lines.append(
                c.OrderLine(
                    external_id=legacy_id(item.get("id")),
                    quantity=quantity,
                    unit_price=self._amount(
                        account, item.get("originalUnitPriceSet"), "unit price"
                    ),
                    title=_text(item.get("name")),
                    sku=_text(item.get("sku") or variant.get("sku")),
                    barcode=_text(variant.get("barcode")),
                    product_external_id=legacy_id(
                        (variant.get("product") or {}).get("id")
                    ),
                    variant_external_id=legacy_id(variant.get("id")) if variant else "",
                    discount_amount=line_discount,
                    taxes=taxes,
                )
            )
        discounts = []
        for (index, _rates), (amount, taxes) in order_level.items():
            code, description = labels.get(index, ("", ""))
            discounts.append(
                c.Discount(
                    amount=quantize(amount),
                    code=code,
                    description=description,
                    # an untaxed line's share stays untaxed (rate 0 names no tax)
                    taxes=list(taxes) or [c.TaxLine(rate=Decimal(0))],
                )
            )
        return lines, discounts

    @api.model
    def _discount_labels(self, raw):
        """``{application index: (code, title)}`` of the order's discounts."""
        labels = {}
        for application in _nodes(raw.get("discountApplications")):
            labels[application.get("index")] = (
                _text(application.get("code")),
                _text(application.get("title")),
            )
        return labels

    @api.model
    def _shipping_lines(self, account, raw):
        result = []
        for ship in _nodes(raw.get("shippingLines")):
            discount = sum(
                (
                    self._amount(
                        account, a.get("allocatedAmountSet"), "shipping discount"
                    )
                    for a in ship.get("discountAllocations") or []
                ),
                Decimal(0),
            )
            result.append(
                c.ShippingLine(
                    price=self._amount(
                        account, ship.get("originalPriceSet"), "shipping"
                    ),
                    code=_text(ship.get("code")),
                    title=_text(ship.get("title")),
                    external_id=legacy_id(ship.get("id")),
                    discount_amount=discount,
                    taxes=self._taxes(ship.get("taxLines")),
                )
            )
        return result

    @api.model
    def _refunds(self, account, raw, included):
        """Canonical refunds: line amounts and shipping follow the order's
        tax convention (Shopify's ``subtotal`` does already)."""
        result = []
        for refund in _nodes(raw.get("refunds")):
            lines = [
                c.RefundLine(
                    line_external_id=legacy_id((item.get("lineItem") or {}).get("id")),
                    quantity=to_decimal(item.get("quantity"), "refunded quantity"),
                    amount=self._amount(account, item.get("subtotalSet"), "refund"),
                    restock=item.get("restockType") in RESTOCK_TYPES,
                )
                for item in _nodes(refund.get("refundLineItems"))
            ]
            shipping = Decimal(0)
            for ship in _nodes(refund.get("refundShippingLines")):
                shipping += self._amount(
                    account, ship.get("subtotalAmountSet"), "shipping refund"
                )
                if included:
                    shipping += self._amount(
                        account, ship.get("taxAmountSet"), "shipping refund tax"
                    )
            result.append(
                c.Refund(
                    external_id=legacy_id(refund.get("id")),
                    amount=self._amount(
                        account, refund.get("totalRefundedSet"), "refund"
                    ),
                    created_at=to_datetime(refund.get("createdAt")),
                    reason=_text(refund.get("note")),
                    lines=lines,
                    shipping_amount=shipping,
                )
            )
        return result

    @api.model
    def sensitive_keys(self, account):
        """Shopify's keys holding personal data (both API spellings)."""
        return SENSITIVE_KEYS
