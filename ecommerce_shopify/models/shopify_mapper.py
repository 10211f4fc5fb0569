# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from decimal import Decimal

from odoo import api, models

from odoo.addons.ecommerce_base import canonical as c
from odoo.addons.ecommerce_base.exceptions import EcommerceDataError
from odoo.addons.ecommerce_base.payload import Doc
from odoo.addons.ecommerce_base.tools.dates import parse_datetime
from odoo.addons.ecommerce_base.tools.money import quantize

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
    def _amount(self, account, doc, key, what=None):
        """The amount of the ``MoneyBag`` under ``key`` of ``doc`` in the
        account's currency choice."""
        money = doc.obj(key).obj(self._money_key(account))
        return money.money("amount", what)

    @api.model
    def to_order(self, account, raw):
        """A GraphQL ``Order`` as a canonical :class:`Order`."""
        if not isinstance(raw, dict) or not raw.get("id"):
            raise EcommerceDataError("The Shopify order is not an object with an id")
        doc = Doc.order(raw, f"Order {self.order_external_id(account, raw)}")
        name = doc.text("name").strip() or self.order_external_id(account, raw)
        doc.where = f"Order {name}"
        presentment = account.shopify_money == "presentment"
        currency = doc.text("presentmentCurrencyCode") if presentment else None
        currency = currency or doc.text("currencyCode")
        if not currency:
            raise EcommerceDataError(f"{doc.where}: no currency")
        if not raw.get("totalPriceSet"):
            raise EcommerceDataError(f"{doc.where}: no total")
        included = doc.flag("taxesIncluded")
        lines, discounts = self._lines_and_discounts(account, doc)
        status = "open"
        if raw.get("cancelledAt"):
            status = "cancelled"
        elif raw.get("closedAt"):
            status = "closed"
        gateways = doc.texts("paymentGatewayNames")
        return c.Order(
            external_id=self.order_external_id(account, raw),
            name=name,
            currency=currency,
            total=self._amount(account, doc, "totalPriceSet", "order total"),
            created_at=doc.date("createdAt"),
            updated_at=doc.date("updatedAt"),
            status=status,
            financial_status=FINANCIAL_STATUS.get(
                doc.text("displayFinancialStatus"), "pending"
            ),
            fulfillment_status=FULFILLMENT_STATUS.get(
                doc.text("displayFulfillmentStatus"), "unfulfilled"
            ),
            prices_include_tax=included,
            customer=self._customer(doc),
            billing_address=self._address(doc.obj("billingAddress"), doc),
            shipping_address=self._address(doc.obj("shippingAddress"), doc),
            lines=lines,
            shipping_lines=self._shipping_lines(account, doc),
            discounts=discounts,
            refunds=self._refunds(account, doc, included),
            payment_method=gateways[0].strip() if gateways else "",
            note=doc.text("note").strip(),
        )

    @api.model
    def _customer(self, doc):
        customer = doc.obj("customer")
        if not customer:
            return None
        return c.Customer(
            external_id=legacy_id(customer.text("id")),
            email=customer.obj("defaultEmailAddress").text("emailAddress").strip()
            or doc.text("email").strip(),
            first_name=customer.text("firstName").strip(),
            last_name=customer.text("lastName").strip(),
            phone=customer.obj("defaultPhoneNumber").text("phoneNumber").strip(),
        )

    @api.model
    def _address(self, address, order):
        """The canonical address of ``address``, a :class:`Doc` of the
        ``order`` (whose ``email`` goes with it); ``None`` when empty."""
        if not address:
            return None
        name = address.text("name").strip() or " ".join(
            p
            for p in (
                address.text("firstName").strip(),
                address.text("lastName").strip(),
            )
            if p
        )
        return c.Address(
            name=name,
            company=address.text("company").strip(),
            street=address.text("address1").strip(),
            street2=address.text("address2").strip(),
            city=address.text("city").strip(),
            zip=address.text("zip").strip(),
            country_code=address.text("countryCodeV2").strip(),
            state_code=address.text("provinceCode").strip(),
            phone=address.text("phone").strip(),
            email=order.text("email").strip(),
        )

    @api.model
    def _taxes(self, doc):
        """Canonical tax lines of the ``taxLines`` of ``doc`` (``rate`` is a
        fraction)."""
        result = []
        for tax in doc.objs("taxLines"):
            rate = tax.money("rate", "tax rate") * 100
            if rate:
                result.append(
                    c.TaxLine(rate=rate.normalize(), title=tax.text("title").strip())
                )
        return result

    @api.model
    def _lines_and_discounts(self, account, doc):
        """Order lines (with their line-level discounts) and order discounts.

        With prices including tax, an allocation of an application aimed at
        all lines (a code or an automatic discount on the whole order) is
        gathered into one order discount per application and set of taxes;
        any other allocation is a discount of its line.
        """
        lines, order_level = [], {}
        included = doc.flag("taxesIncluded")
        labels = self._discount_labels(doc)
        for item in doc.nodes("lineItems"):
            quantity = item.money("quantity")
            taxes = self._taxes(item)
            line_discount = Decimal(0)
            for allocation in item.objs("discountAllocations"):
                amount = self._amount(account, allocation, "allocatedAmountSet")
                application = allocation.obj("discountApplication")
                # Order-level codes stay order discounts when prices include
                # tax (exact either way); when they exclude it, Shopify taxes
                # each line on its discounted amount, so the allocation stays
                # on the line for Odoo to round the tax the same way.
                if application.get("targetSelection") == "ALL" and included:
                    key = (
                        application.text("index"),
                        tuple(sorted(t.rate for t in taxes)),
                    )
                    order_level.setdefault(key, [Decimal(0), taxes])
                    order_level[key][0] += amount
                else:
                    line_discount += amount
            variant = item.obj("variant")
            lines.append(
                c.OrderLine(
                    external_id=legacy_id(item.text("id")),
                    quantity=quantity,
                    unit_price=self._amount(account, item, "originalUnitPriceSet"),
                    title=item.text("name").strip(),
                    sku=(item.text("sku") or variant.text("sku")).strip(),
                    barcode=variant.text("barcode").strip(),
                    product_external_id=legacy_id(variant.obj("product").text("id")),
                    variant_external_id=legacy_id(variant.text("id"))
                    if variant
                    else "",
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
    def _discount_labels(self, doc):
        """``{application index: (code, title)}`` of the order's discounts."""
        labels = {}
        for application in doc.nodes("discountApplications"):
            labels[application.text("index")] = (
                application.text("code").strip(),
                application.text("title").strip(),
            )
        return labels

    @api.model
    def _shipping_lines(self, account, doc):
        result = []
        for ship in doc.nodes("shippingLines"):
            discount = sum(
                (
                    self._amount(account, a, "allocatedAmountSet")
                    for a in ship.objs("discountAllocations")
                ),
                Decimal(0),
            )
            result.append(
                c.ShippingLine(
                    price=self._amount(account, ship, "originalPriceSet"),
                    code=ship.text("code").strip(),
                    title=ship.text("title").strip(),
                    external_id=legacy_id(ship.text("id")),
                    discount_amount=discount,
                    taxes=self._taxes(ship),
                )
            )
        return result

    @api.model
    def _refunds(self, account, doc, included):
        """Canonical refunds: line amounts and shipping follow the order's
        tax convention (Shopify's ``subtotal`` does already)."""
        result = []
        for refund in doc.nodes("refunds"):
            lines = [
                c.RefundLine(
                    line_external_id=legacy_id(item.obj("lineItem").text("id")),
                    quantity=item.money("quantity"),
                    amount=self._amount(account, item, "subtotalSet"),
                    restock=item.get("restockType") in RESTOCK_TYPES,
                )
                for item in refund.nodes("refundLineItems")
            ]
            shipping = Decimal(0)
            for ship in refund.nodes("refundShippingLines"):
                shipping += self._amount(account, ship, "subtotalAmountSet")
                if included:
                    shipping += self._amount(account, ship, "taxAmountSet")
            result.append(
                c.Refund(
                    external_id=legacy_id(refund.text("id")),
                    amount=self._amount(account, refund, "totalRefundedSet"),
                    created_at=refund.date("createdAt"),
                    reason=refund.text("note").strip(),
                    lines=lines,
                    shipping_amount=shipping,
                )
            )
        return result

    @api.model
    def sensitive_keys(self, account):
        """Shopify's keys holding personal data (both API spellings)."""
        return SENSITIVE_KEYS
