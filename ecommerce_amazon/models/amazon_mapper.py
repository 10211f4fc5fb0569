# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import hashlib
from decimal import Decimal

from odoo import api, fields, models

from odoo.addons.ecommerce_base import canonical as c
from odoo.addons.ecommerce_base.exceptions import EcommerceDataError
from odoo.addons.ecommerce_base.tools.dates import parse_datetime
from odoo.addons.ecommerce_base.tools.money import to_decimal

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


def parse_time(value):
    """Naive UTC datetime of an SP-API timestamp (``None`` when empty)."""
    return parse_datetime(value)


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
        order_id = str(raw["orderId"])
        fulfillment = raw.get("fulfillment") or {}
        status = fulfillment.get("fulfillmentStatus") or ""
        marketplace_id = (raw.get("salesChannel") or {}).get("marketplaceId") or ""
        currency, included, market_name = self._amazon_marketplace_facts(
            account, marketplace_id
        )
        order = AmazonOrder(
            external_id=order_id,
            name=order_id,
            currency=currency,
            total=ZERO,
            created_at=parse_time(raw.get("createdTime")),
            updated_at=parse_time(raw.get("lastUpdatedTime")),
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
        order.currency = self._amazon_currency(raw, currency)
        order.status = "cancelled" if status == "CANCELLED" else "open"
        order.fulfillment_status = FULFILLMENT_STATUS.get(status, "unfulfilled")
        order.shipping_address = self._amazon_address(raw)
        order.customer = self._amazon_customer(raw, order, market_name)
        self._amazon_fill_items(account, raw, order, context)
        order.total = self._amazon_total(raw, order)
        order.refunds = [
            self._amazon_refund(raw, event, included)
            for event in raw.get("refundEvents") or []
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
    def _amazon_currency(self, raw, default):
        """The currency of the order's money (the marketplace's)."""
        grand = (raw.get("proceeds") or {}).get("grandTotal") or {}
        return grand.get("currencyCode") or default

    @api.model
    def _amazon_address(self, raw):
        """The delivery address (there is no billing address on Amazon)."""
        address = (raw.get("recipient") or {}).get("deliveryAddress")
        if not address:
            return None
        return c.Address(
            name=address.get("name") or "",
            company=address.get("companyName") or "",
            street=address.get("addressLine1") or "",
            street2=" ".join(
                p
                for p in (address.get("addressLine2"), address.get("addressLine3"))
                if p
            ),
            city=address.get("city") or "",
            zip=address.get("postalCode") or "",
            country_code=address.get("countryCode") or "",
            state_code=address.get("stateOrRegion") or "",
            phone=address.get("phone") or "",
        )

    @api.model
    def _amazon_customer(self, raw, order, market_name):
        """The buyer. Amazon gives no customer id and relays or withholds the
        email: with an email the base keys the buyer on it, without one on
        the delivery address; with neither (FBA orders without PII) all such
        orders of a marketplace go to one "Amazon customer" partner."""
        buyer = raw.get("buyer") or {}
        customer = c.Customer(
            email=buyer.get("buyerEmail") or "",
            first_name=buyer.get("buyerName") or "",
            company=buyer.get("buyerCompanyName") or "",
        )
        if not customer.email and (
            not order.shipping_address or order.shipping_address.is_empty()
        ):
            customer.external_id = f"marketplace:{order.marketplace_id}"
            customer.first_name = f"Amazon customer ({market_name})"
        return customer

    @api.model
    def _amazon_fill_items(self, account, raw, order, context):
        """Lines, shipping and promotions of the order's items."""
        shipping = {}
        for item in raw.get("orderItems") or []:
            amounts = item_amounts(item)
            product = item.get("product") or {}
            line_id = str(item.get("orderItemId") or "")
            quantity = to_decimal(item.get("quantityOrdered"), "quantity")
            gross = amounts["charge"].get("ITEM", ZERO)
            rate = self._amazon_rate(
                context, gross, amounts["tax"].get("ITEM", ZERO), "item price"
            )
            taxes = [c.TaxLine(rate=rate)] if rate else []
            unit = money(
                (product.get("price") or {}).get("unitPrice"), "unit price"
            ) or (gross / quantity if quantity else ZERO)
            if quantity and unit * quantity != gross:
                unit = gross / quantity
            order.lines.append(
                c.OrderLine(
                    external_id=line_id,
                    sku=product.get("sellerSku") or "",
                    title=product.get("title") or "",
                    product_external_id=product.get("asin") or "",
                    # listings are keyed by seller SKU: the binding the
                    # catalog import would make, so stock follows sales
                    variant_external_id=product.get("sellerSku") or "",
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
                        description=f"Promotion on {product.get('sellerSku') or ''}",
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
        self._amazon_shipping_lines(raw, order, shipping)

    @api.model
    def _amazon_promotion_ids(self, item):
        breakdowns = (item.get("promotion") or {}).get("breakdowns") or []
        return ", ".join(b["promotionId"] for b in breakdowns if b.get("promotionId"))

    @api.model
    def _amazon_shipping_lines(self, raw, order, charges):
        """One shipping line per kind of charge and tax rate; shipping
        discounts become discounts taxed like the shipping they reduce, so
        each tax is rounded the way Amazon rounds it."""
        level = (raw.get("fulfillment") or {}).get("fulfillmentServiceLevel") or ""
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
    def _amazon_total(self, raw, order):
        """What the buyer paid: the order's ``grandTotal`` without delivery
        tips (charged apart, not part of the sale)."""
        proceeds = raw.get("proceeds") or {}
        if not proceeds.get("grandTotal"):
            raise EcommerceDataError(
                f"Order {order.name}: Amazon gave no total (PROCEEDS missing)"
            )
        total = money(proceeds["grandTotal"], "order total")
        for breakdown in proceeds.get("breakdowns") or []:
            if breakdown.get("type") == "DELIVERY_TIP":
                total -= money(breakdown.get("subtotal"), "delivery tip")
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
    def _amazon_refund(self, raw, event, included):
        """A Finances API refund event as a canonical refund.

        Charge adjustments are negative (money back to the buyer),
        promotion adjustments positive. Line and shipping amounts follow the
        order's tax convention; the refund amount includes tax.
        """
        items_by_sku = {
            (i.get("product") or {}).get("sellerSku"): str(i.get("orderItemId"))
            for i in raw.get("orderItems") or []
        }
        lines = []
        shipping = total = ZERO
        adjustment_ids = []
        for item in event.get("ShipmentItemAdjustmentList") or []:
            charges = {}
            for charge in item.get("ItemChargeAdjustmentList") or []:
                kind = charge.get("ChargeType") or ""
                amount = to_decimal(
                    (charge.get("ChargeAmount") or {}).get("CurrencyAmount"),
                    "refunded amount",
                )
                charges[kind] = charges.get(kind, ZERO) + amount
            promotions = sum(
                (
                    to_decimal(
                        (p.get("PromotionAmount") or {}).get("CurrencyAmount"),
                        "refunded promotion",
                    )
                    for p in item.get("PromotionAdjustmentList") or []
                ),
                ZERO,
            )
            taxes = sum((v for k, v in charges.items() if k.endswith("Tax")), ZERO)
            untaxed = sum(
                (v for k, v in charges.items() if not k.endswith("Tax")), ZERO
            )
            total -= untaxed + promotions + (ZERO if included else taxes)
            shipping -= charges.get("ShippingCharge", ZERO)
            line_id = str(item.get("OrderItemId") or "") or items_by_sku.get(
                item.get("SellerSKU"), ""
            )
            adjustment_ids.append(str(item.get("OrderAdjustmentItemId") or line_id))
            principal = charges.get("Principal", ZERO) + promotions
            if principal:
                lines.append(
                    c.RefundLine(
                        line_external_id=line_id,
                        quantity=to_decimal(item.get("QuantityShipped") or 1, "qty"),
                        amount=-principal,
                    )
                )
        posted = event.get("PostedDate") or ""
        key = f"{event.get('AmazonOrderId')}|{posted}|{'|'.join(adjustment_ids)}"
        return c.Refund(
            external_id=f"{event.get('AmazonOrderId')}-"
            + hashlib.sha256(key.encode()).hexdigest()[:12],
            amount=total,
            created_at=parse_time(posted),
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
        summary = (raw.get("summaries") or [{}])[0]
        return [
            c.ProductVariant(
                external_id=str(raw.get("sku") or ""),
                sku=str(raw.get("sku") or ""),
                title=summary.get("itemName") or "",
                product_external_id=summary.get("asin") or "",
            )
        ]
