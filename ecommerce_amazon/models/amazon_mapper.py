# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import hashlib
from decimal import Decimal

from odoo import api, fields, models

from odoo.addons.ecommerce_base import canonical as c
from odoo.addons.ecommerce_base.exceptions import EcommerceDataError
from odoo.addons.ecommerce_base.payload import Doc

from ..canonical import AmazonOrder
from ..const import (
    CARRIER_CODES,
    FULFILLMENT_STATUS,
    MARKETPLACES,
    PENDING_STATUSES,
    SENSITIVE_KEYS,
)
from ..tools.money import ZERO, infer_rate, item_amounts, money

PAYMENT_METHOD = "amazon"


class AmazonMapper(models.AbstractModel):
    """SP-API documents <-> canonical records.

    Orders are Orders API v2026-01-01 documents (``searchOrders`` /
    ``getOrder`` with ``includedData``), to which the adapter adds
    ``refundEvents``: the Finances API refund events of the order.
    """

    _name = "ecommerce.amazon.mapper"
    _inherit = "ecommerce.mapper"
    _order_id_key = "orderId"
    _description = "Amazon SP-API Mapper"

    @api.model
    def sensitive_keys(self, account):
        """Buyer and recipient fields of SP-API documents (personal data)."""
        return SENSITIVE_KEYS

    # === ORDERS === #

    @api.model
    def _amazon_marketplace_facts(self, account, marketplace_id):
        """``(currency code, prices include tax, name)`` of a marketplace:
        the account's row, else Amazon's defaults."""
        row = account.amazon_marketplace_ids.filtered(
            lambda m: m.marketplace_id == marketplace_id
        )[:1]
        if row:
            return row.currency_id.name, row.prices_include_tax, row.name
        if marketplace_id in MARKETPLACES:
            _country, currency, name, included = MARKETPLACES[marketplace_id]
            return currency, included, name
        raise EcommerceDataError(
            f"Unknown Amazon marketplace {marketplace_id!r}: add it to the account"
        )

    @api.model
    def to_order(self, account, raw):
        """Read an SP-API v2026-01-01 order; pending orders come back marked
        ``pending`` with no money (Amazon shows none before payment)."""
        if not isinstance(raw, dict) or not raw.get("orderId"):
            raise EcommerceDataError("The Amazon order has no orderId")
        doc = Doc.order(raw, f"Order {self.order_external_id(account, raw)}")
        order_id = doc.text("orderId", required=True)
        fulfillment = doc.obj("fulfillment")
        status = fulfillment.text("fulfillmentStatus")
        marketplace_id = doc.obj("salesChannel").text("marketplaceId")
        currency, included, market_name = self._amazon_marketplace_facts(
            account, marketplace_id
        )
        order = AmazonOrder(
            external_id=order_id,
            name=order_id,
            currency=currency,
            total=ZERO,
            created_at=doc.date("createdTime"),
            updated_at=doc.date("lastUpdatedTime"),
            prices_include_tax=included,
            marketplace_id=marketplace_id,
            fulfillment_channel="AFN"
            if fulfillment.get("fulfilledBy") == "AMAZON"
            else "MFN",
            payment_method=PAYMENT_METHOD,
            pending=status in PENDING_STATUSES,
        )
        if order.pending:
            return order
        context = {
            "order": order_id,
            "included": included,
            "rates": self._amazon_tax_rates(account, included),
            "decimals": self._amazon_decimals(currency),
        }
        order.currency = self._amazon_currency(doc, currency)
        order.status = "cancelled" if status == "CANCELLED" else "open"
        order.fulfillment_status = FULFILLMENT_STATUS.get(status, "unfulfilled")
        order.shipping_address = self._amazon_address(doc)
        order.customer = self._amazon_customer(doc, order, market_name)
        self._amazon_fill_items(account, doc, order, context)
        order.total = self._amazon_total(doc, order)
        order.refunds = [
            self._amazon_refund(doc, event, included)
            for event in doc.objs("refundEvents")
        ]
        self._amazon_financial_status(order)
        return order

    @api.model
    def _amazon_decimals(self, currency_code):
        currency = (
            self.env["res.currency"]
            .with_context(active_test=False)
            .search([("name", "=", currency_code)], limit=1)
        )
        return currency.decimal_places if currency else 2

    @api.model
    def _amazon_currency(self, doc, default):
        """The currency of the order's money (the marketplace's)."""
        grand = doc.obj("proceeds").obj("grandTotal")
        return grand.text("currencyCode") or default

    @api.model
    def _amazon_address(self, doc):
        """The delivery address (there is no billing address on Amazon)."""
        address = doc.obj("recipient").obj("deliveryAddress")
        if not address:
            return None
        return c.Address(
            name=address.text("name"),
            company=address.text("companyName"),
            street=address.text("addressLine1"),
            street2=" ".join(
                p
                for p in (address.text("addressLine2"), address.text("addressLine3"))
                if p
            ),
            city=address.text("city"),
            zip=address.text("postalCode"),
            country_code=address.text("countryCode"),
            state_code=address.text("stateOrRegion"),
            phone=address.text("phone"),
        )

    @api.model
    def _amazon_customer(self, doc, order, market_name):
        """The buyer. Amazon gives no customer id and relays or withholds the
        email: with an email the base keys the buyer on it, without one on
        the delivery address; with neither (FBA orders without PII) all such
        orders of a marketplace go to one "Amazon customer" partner."""
        buyer = doc.obj("buyer")
        customer = c.Customer(
            email=buyer.text("buyerEmail"),
            first_name=buyer.text("buyerName"),
            company=buyer.text("buyerCompanyName"),
        )
        if not customer.email and (
            not order.shipping_address or order.shipping_address.is_empty()
        ):
            customer.external_id = f"marketplace:{order.marketplace_id}"
            customer.first_name = f"Amazon customer ({market_name})"
        return customer

    @api.model
    def _amazon_fill_items(self, account, doc, order, context):
        """Lines, shipping and promotions of the order's items."""
        shipping = {}
        for item in doc.objs("orderItems"):
            amounts = item_amounts(item)
            product = item.obj("product")
            line_id = item.text("orderItemId")
            quantity = item.money("quantityOrdered")
            gross = amounts["charge"].get("ITEM", ZERO)
            rate = self._amazon_rate(
                context, gross, amounts["tax"].get("ITEM", ZERO), "item price"
            )
            taxes = [c.TaxLine(rate=rate)] if rate else []
            unit = money(product.obj("price"), "unitPrice") or (
                gross / quantity if quantity else ZERO
            )
            if quantity and unit * quantity != gross:
                unit = gross / quantity
            sku = product.text("sellerSku")
            order.lines.append(
                c.OrderLine(
                    external_id=line_id,
                    sku=sku,
                    title=product.text("title"),
                    product_external_id=product.text("asin"),
                    # listings are keyed by seller SKU: the binding the
                    # catalog import would make, so stock follows sales
                    variant_external_id=sku,
                    quantity=quantity,
                    unit_price=unit,
                    taxes=taxes,
                )
            )
            promotion = amounts["discount"].get("ITEM", ZERO)
            if promotion:
                order.discounts.append(
                    c.Discount(
                        amount=promotion,
                        code=self._amazon_promotion_ids(item) or "Amazon promotion",
                        description=f"Promotion on {sku}",
                        taxes=taxes or [c.TaxLine(rate=ZERO)],
                    )
                )
            for kind in ("SHIPPING", "GIFT_WRAP", "COD_FEE", "OTHER"):
                charge = amounts["charge"].get(kind, ZERO)
                discount = amounts["discount"].get(kind, ZERO)
                if not charge and not discount:
                    continue
                kind_rate = self._amazon_rate(
                    context, charge, amounts["tax"].get(kind, ZERO), kind.lower()
                )
                key = (kind, kind_rate)
                total = shipping.setdefault(key, [ZERO, ZERO])
                total[0] += charge
                total[1] += discount
        self._amazon_shipping_lines(doc, order, shipping)

    @api.model
    def _amazon_promotion_ids(self, item):
        breakdowns = item.obj("promotion").objs("breakdowns")
        ids = (b.text("promotionId") for b in breakdowns)
        return ", ".join(promotion_id for promotion_id in ids if promotion_id)

    @api.model
    def _amazon_shipping_lines(self, doc, order, charges):
        """One shipping line per kind of charge and tax rate; shipping
        discounts become discounts taxed like the shipping they reduce, so
        each tax is rounded the way Amazon rounds it."""
        level = doc.obj("fulfillment").text("fulfillmentServiceLevel")
        titles = {
            "SHIPPING": f"Amazon {level.replace('_', ' ').lower() or 'standard'} "
            "shipping",
            "GIFT_WRAP": "Gift wrap",
            "COD_FEE": "Cash on delivery fee",
            "OTHER": "Other charges",
        }
        for (kind, rate), (charge, discount) in sorted(charges.items()):
            taxes = [c.TaxLine(rate=rate)] if rate else []
            order.shipping_lines.append(
                c.ShippingLine(
                    price=charge,
                    code=level.lower() if kind == "SHIPPING" else kind.lower(),
                    title=titles[kind],
                    taxes=taxes,
                )
            )
            if discount:
                order.discounts.append(
                    c.Discount(
                        amount=discount,
                        code=f"{titles[kind]} discount",
                        taxes=taxes or [c.TaxLine(rate=ZERO)],
                    )
                )

    @api.model
    def _amazon_total(self, doc, order):
        """What the buyer paid: the order's ``grandTotal`` without delivery
        tips (charged apart, not part of the sale)."""
        proceeds = doc.obj("proceeds")
        if not proceeds.get("grandTotal"):
            raise EcommerceDataError(
                f"Order {order.name}: Amazon gave no total (PROCEEDS missing)"
            )
        total = money(proceeds, "grandTotal", "order total")
        for breakdown in proceeds.objs("breakdowns"):
            if breakdown.get("type") == "DELIVERY_TIP":
                total -= money(breakdown, "subtotal", "delivery tip")
        return total

    @api.model
    def _amazon_financial_status(self, order):
        refunded = sum((r.amount for r in order.refunds), ZERO)
        if not refunded:
            order.financial_status = "paid"
        elif refunded >= order.total:
            order.financial_status = "refunded"
        else:
            order.financial_status = "partially_refunded"
        posted = [r.created_at for r in order.refunds if r.created_at]
        if posted and (not order.updated_at or max(posted) > order.updated_at):
            # a new refund is a change of the order, even if Amazon's
            # lastUpdatedTime did not move
            order.updated_at = max(posted)

    @api.model
    def _amazon_tax_rates(self, account, included):
        """Rates a tax amount may be read as: the account's tax mapping and
        the company's percentage sale taxes of the same price-included kind.

        :rtype: list of Decimal
        """
        rates = {
            Decimal(repr(m.rate))
            for m in account.tax_mapping_ids
            if m.price_include == included
        }
        taxes = self.env["account.tax"].search(
            [
                ("type_tax_use", "=", "sale"),
                ("amount_type", "=", "percent"),
                ("company_id", "=", account.company_id.id),
            ]
        )
        rates |= {
            Decimal(repr(t.amount)).normalize()
            for t in taxes
            if t.price_include == included and t.amount
        }
        return sorted(rates)

    @api.model
    def _amazon_rate(self, context, base, tax, what):
        """The tax rate of ``tax`` charged on ``base``.

        :raises EcommerceDataError: when no sale tax of the company gives it
        """
        rate = infer_rate(
            base, tax, context["rates"], context["included"], context["decimals"]
        )
        if rate is None:
            kind = "included in" if context["included"] else "on"
            raise EcommerceDataError(
                f"Order {context['order']}: tax {tax} {kind} {what} {base} matches "
                "no sale tax rate of the company: create the tax or map the rate "
                "on the account"
            )
        return rate

    # === REFUNDS === #

    @api.model
    def _amazon_refund(self, doc, event, included):
        """A Finances API refund event (a :class:`Doc`) as a canonical refund.

        Charge adjustments are negative (money back to the buyer),
        promotion adjustments positive. Line and shipping amounts follow the
        order's tax convention; the refund amount includes tax.
        """
        items_by_sku = {
            i.obj("product").text("sellerSku"): i.text("orderItemId") or "None"
            for i in doc.objs("orderItems")
        }
        lines = []
        shipping = total = ZERO
        adjustment_ids = []
        for item in event.objs("ShipmentItemAdjustmentList"):
            charges = {}
            for charge in item.objs("ItemChargeAdjustmentList"):
                kind = charge.text("ChargeType")
                amount = charge.obj("ChargeAmount").money("CurrencyAmount")
                charges[kind] = charges.get(kind, ZERO) + amount
            promotions = sum(
                (
                    p.obj("PromotionAmount").money("CurrencyAmount")
                    for p in item.objs("PromotionAdjustmentList")
                ),
                ZERO,
            )
            taxes = sum((v for k, v in charges.items() if k.endswith("Tax")), ZERO)
            untaxed = sum(
                (v for k, v in charges.items() if not k.endswith("Tax")), ZERO
            )
            total -= untaxed + promotions + (ZERO if included else taxes)
            shipping -= charges.get("ShippingCharge", ZERO)
            line_id = item.text("OrderItemId") or items_by_sku.get(
                item.text("SellerSKU"), ""
            )
            adjustment_ids.append(item.text("OrderAdjustmentItemId") or line_id)
            principal = charges.get("Principal", ZERO) + promotions
            if principal:
                lines.append(
                    c.RefundLine(
                        line_external_id=line_id,
                        quantity=item.money("QuantityShipped") or Decimal(1),
                        amount=-principal,
                    )
                )
        posted = event.text("PostedDate")
        order_id = event.text("AmazonOrderId") or "None"
        key = f"{order_id}|{posted}|{'|'.join(adjustment_ids)}"
        return c.Refund(
            external_id=f"{order_id}-" + hashlib.sha256(key.encode()).hexdigest()[:12],
            amount=total,
            created_at=event.date("PostedDate"),
            reason="Amazon refund",
            lines=lines,
            shipping_amount=shipping,
        )

    # === STOCK AND SHIPMENTS === #

    @api.model
    def from_stock_level(self, account, level):
        """A JSON_LISTINGS_FEED message (without its ``messageId``) setting
        the merchant-fulfilled quantity of a SKU."""
        return {
            "sku": level.sku,
            "operationType": "PATCH",
            "productType": "PRODUCT",
            "patches": [
                {
                    "op": "replace",
                    "path": "/attributes/fulfillment_availability",
                    "value": [
                        {
                            "fulfillment_channel_code": "DEFAULT",
                            "quantity": max(0, int(level.quantity)),
                        }
                    ],
                }
            ],
        }

    @api.model
    def from_fulfillment(self, account, fulfillment):
        """A confirmShipment request: the marketplace of the order, the
        carrier (by Amazon's code, else ``Other`` with its name), the
        tracking number and the shipped items."""
        binding = (
            self.env["ecommerce.order.binding"]
            ._find(account, [fulfillment.order_external_id])
            .get(fulfillment.order_external_id)
        )
        marketplace = binding.sale_order_id.amazon_marketplace_id if binding else ""
        if not marketplace:
            raise EcommerceDataError(
                f"Order {fulfillment.order_external_id}: its Amazon marketplace is "
                "unknown, the shipment cannot be confirmed"
            )
        if not fulfillment.tracking_numbers:
            raise EcommerceDataError(
                f"Order {fulfillment.order_external_id}: the delivery has no "
                "tracking number; Amazon needs one to confirm the shipment"
            )
        carrier = fulfillment.carrier or fulfillment.carrier_code or "Other"
        code = CARRIER_CODES.get(
            (fulfillment.carrier_code or carrier).strip().lower()
        ) or CARRIER_CODES.get(carrier.strip().lower(), "Other")
        detail = {
            "packageReferenceId": fulfillment.tracking_numbers[0][:40],
            "carrierCode": code,
            "trackingNumber": fulfillment.tracking_numbers[0],
            "shipDate": fields.Datetime.now().strftime("%Y-%m-%dT%H:%M:%S.000Z"),
            "orderItems": [
                {
                    "orderItemId": line.line_external_id,
                    "quantity": int(line.quantity),
                }
                for line in fulfillment.lines
            ],
        }
        if code == "Other" or carrier:
            detail["carrierName"] = carrier
        return {"marketplaceId": marketplace, "packageDetail": detail}

    @api.model
    def to_product_variants(self, account, raw):
        """A Listings Items API item (``sku``, ``summaries``) as a variant."""
        doc = Doc.order(
            raw, f"Listing {raw.get('sku') if isinstance(raw, dict) else ''}"
        )
        summaries = doc.objs("summaries")
        summary = summaries[0] if summaries else Doc({}, doc.where)
        return [
            c.ProductVariant(
                external_id=doc.text("sku"),
                sku=doc.text("sku"),
                title=summary.text("itemName"),
                product_external_id=summary.text("asin"),
            )
        ]
