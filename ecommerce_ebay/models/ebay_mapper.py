# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import datetime, timezone
from decimal import ROUND_CEILING, Decimal

from odoo import api, models

from odoo.addons.ecommerce_base import canonical as c
from odoo.addons.ecommerce_base.exceptions import EcommerceDataError
from odoo.addons.ecommerce_base.payload import Doc
from odoo.addons.ecommerce_base.tools.money import quantize, to_decimal

ZERO = Decimal("0")
CENT = Decimal("0.01")
CANCELLED = "CANCELED"
FINANCIAL_STATUS = {
    "PENDING": "pending",
    "PAID": "paid",
    "PARTIALLY_REFUNDED": "partially_refunded",
    "FULLY_REFUNDED": "refunded",
    "FAILED": "voided",
}
FULFILLMENT_STATUS = {
    "NOT_STARTED": "unfulfilled",
    "IN_PROGRESS": "partial",
    "FULFILLED": "fulfilled",
}
SENSITIVE_KEYS = (
    "username",
    "fullName",
    "companyName",
    "addressLine1",
    "addressLine2",
    "phoneNumber",
    "email",
    "taxIdentifier",
    "taxpayerId",
    "buyerCheckoutNotes",
    "userId",
    "eiasToken",
)


class EbayMapper(models.AbstractModel):
    """eBay order documents (Fulfillment API) <-> canonical records.

    The accounting choice for taxes: eBay *collects and remits* US sales tax,
    EU/UK import VAT, GST... itself on many orders
    (``lineItems[].ebayCollectAndRemitTaxes``). That money passes through the
    seller's eBay payout but is neither the seller's revenue nor a tax the
    seller owes, so it stays out of the Odoo order: lines, taxes and total.
    The Odoo total is therefore ``pricingSummary.total`` *without* any
    collect-and-remit tax (eBay leaves it out of ``total`` unless asked for
    ``fieldGroups=TAX_BREAKDOWN``; when it is in, this mapper takes it out),
    i.e. what the buyer paid for the seller's goods, shipping and the taxes
    the seller collects. What the buyer paid in all (plus eBay's taxes) is
    written in the order's note. eBay's fees (``totalMarketplaceFee``) are
    the seller's expense, booked when the payout is reconciled, never
    deducted from the sale: ``totalDueSeller`` = that total minus the fees.
    """

    _name = "ecommerce.ebay.mapper"
    _inherit = "ecommerce.mapper"
    _order_id_key = "orderId"
    _description = "eBay Mapper"

    @api.model
    def sensitive_keys(self, account):
        """Buyer identity and contact keys of eBay documents."""
        return SENSITIVE_KEYS

    # === AMOUNTS === #

    @api.model
    def _money(self, account, doc, key, what=None):
        """``(Decimal, currency)`` of the eBay ``Amount`` under ``key`` of
        ``doc``, on the side of a currency conversion the account chose."""
        amount = doc.obj(key)
        if account.ebay_amount_source == "converted_from" and amount.get(
            "convertedFromValue"
        ) not in (None, ""):
            return (
                amount.money("convertedFromValue", what),
                amount.text("convertedFromCurrency"),
            )
        return amount.money("value", what), amount.text("currency")

    @api.model
    def _amount(self, account, doc, key, what=None):
        return self._money(account, doc, key, what)[0]

    # === ORDERS === #

    @api.model
    def to_order(self, account, raw):
        """Read an eBay order (see the class docstring for the totals)."""
        if not isinstance(raw, dict) or not raw.get("orderId"):
            raise EcommerceDataError("The eBay order is not an object with an orderId")
        doc = Doc.order(raw, f"eBay order {self.order_external_id(account, raw)}")
        name = doc.text("orderId", required=True)
        pricing = doc.obj("pricingSummary")
        if not pricing.get("total"):
            raise EcommerceDataError(f"eBay order {name}: no pricingSummary.total")
        total, currency = self._money(account, pricing, "total", "order total")
        if not currency:
            raise EcommerceDataError(f"eBay order {name}: the total has no currency")
        vat_rate = to_decimal(account.ebay_vat_rate or 0, "VAT rate")
        vat = [c.TaxLine(rate=quantize(vat_rate, 4))] if vat_rate else []
        lines, included_cr, collected_cr, promotions = [], ZERO, ZERO, ZERO
        for item in doc.objs("lineItems"):
            line, included, collected, promotion = self._to_line(
                account, name, item, vat
            )
            lines.append(line)
            included_cr += included
            collected_cr += collected
            promotions += promotion
        buyer = doc.obj("buyer")
        registration = buyer.obj("buyerRegistrationAddress")
        ship_to, shipping_step = self._ship_to(doc)
        customer = self._customer(buyer, registration, ship_to)
        cancel = doc.obj("cancelStatus")
        payments = self._payments(account, doc)
        shipping_lines = self._shipping(account, name, pricing, shipping_step, vat)
        discounts = self._discounts(account, pricing, promotions)
        refunds = self._refunds(account, doc)
        for refund in refunds:
            self._complete_full_refund(
                refund,
                total - included_cr,
                collected_cr,
                lines,
                shipping_lines,
                discounts,
            )
        return c.Order(
            external_id=name,
            name=name,
            currency=currency,
            total=total - included_cr,
            created_at=doc.date("creationDate"),
            updated_at=doc.date("lastModifiedDate"),
            status="cancelled" if cancel.get("cancelState") == CANCELLED else "open",
            financial_status=FINANCIAL_STATUS.get(
                doc.text("orderPaymentStatus"), "pending"
            ),
            fulfillment_status=FULFILLMENT_STATUS.get(
                doc.text("orderFulfillmentStatus"), "unfulfilled"
            ),
            prices_include_tax=bool(vat),
            customer=customer,
            billing_address=self._address(registration, customer)
            if registration
            else None,
            shipping_address=self._address(ship_to, customer) if ship_to else None,
            lines=lines,
            shipping_lines=shipping_lines,
            discounts=discounts,
            payments=payments,
            refunds=refunds,
            payment_method=payments[0].method if payments else "EBAY",
            note=self._note(doc, currency, total - included_cr, collected_cr, cancel),
        )

    @api.model
    def _to_line(self, account, order_name, item, vat):
        """One line item (a :class:`Doc`): ``(OrderLine, collect-and-remit
        tax inside the totals, collect-and-remit tax collected, promotions on
        the line)``.

        eBay gives ``lineItemCost`` (unit price x quantity, before discounts);
        the unit price is rounded up to the cent when it does not divide
        evenly and the difference joins the line's discount, so the line's
        net amount is exactly eBay's.
        """
        label = item.text("title") or item.text("lineItemId") or "?"
        quantity = item.money("quantity", f"quantity of {label}")
        if quantity <= 0:
            raise EcommerceDataError(
                f"eBay order {order_name}: line {label!r} has quantity {quantity}"
            )
        cost = self._amount(account, item, "lineItemCost", f"cost of {label}")
        if item.get("discountedLineItemCost"):
            net = self._amount(
                account, item, "discountedLineItemCost", f"discounted cost of {label}"
            )
        else:
            net = cost - sum(
                (
                    self._amount(account, p, "discountAmount", "promotion")
                    for p in item.objs("appliedPromotions")
                ),
                ZERO,
            )
        unit = (cost / quantity).quantize(CENT, rounding=ROUND_CEILING)
        discount = unit * quantity - net
        cr_types, collected = set(), ZERO
        for tax in item.objs("ebayCollectAndRemitTaxes"):
            cr_types.add(tax.text("taxType"))
            collected += self._amount(account, tax, "amount", "eBay tax")
        included, seller_tax = ZERO, ZERO
        for tax in item.objs("taxes"):
            amount = self._amount(account, tax, "amount", "line tax")
            if tax.text("taxType") in cr_types:
                included += amount  # eBay's tax, inside totals (TAX_BREAKDOWN)
            else:
                seller_tax += amount
        taxes = list(vat)
        if not vat and seller_tax and net:
            rate = (seller_tax * 100 / net).quantize(Decimal("0.001"))
            if rate == rate.to_integral_value():
                rate = rate.quantize(Decimal(1))
            taxes = [c.TaxLine(rate=rate, amount=seller_tax, title="Sales tax")]
        legacy = item.text("legacyItemId")
        variation = item.text("legacyVariationId")
        sku = item.text("sku")
        listing_key = f"{legacy}:{variation}" if variation else legacy
        return (
            c.OrderLine(
                external_id=item.text("lineItemId"),
                quantity=quantity,
                unit_price=unit,
                title=item.text("title"),
                sku=sku,
                product_external_id=legacy,
                variant_external_id=sku or listing_key,
                discount_amount=discount,
                taxes=taxes,
            ),
            included,
            collected,
            cost - net,
        )

    @api.model
    def _ship_to(self, doc):
        """``(shipTo contact, shippingStep)`` of the first shipping
        instruction, as :class:`Doc` (empty ones when there is none)."""
        for instruction in doc.objs("fulfillmentStartInstructions"):
            step = instruction.obj("shippingStep")
            if step:
                contact = step.obj("shipTo") or instruction.obj(
                    "finalDestinationAddress"
                )
                return contact, step
        empty = Doc({}, doc.where)
        return empty, empty

    @api.model
    def _customer(self, buyer, registration, ship_to):
        """The buyer, keyed by eBay user name: eBay withholds the email after
        14 days and the name after 90, but the user name stays, so every order
        of a buyer finds the same partner."""
        username = buyer.text("username")
        if not username:
            return None
        return c.Customer(
            external_id=username,
            email=registration.text("email") or ship_to.text("email"),
            last_name=registration.text("fullName")
            or ship_to.text("fullName")
            or username,
            phone=registration.obj("primaryPhone").text("phoneNumber"),
            company=registration.text("companyName"),
        )

    @api.model
    def _address(self, contact, customer):
        """A canonical address of an eBay ``ExtendedContact`` (a :class:`Doc`)."""
        postal = contact.obj("contactAddress")
        name = contact.text("fullName")
        if not name and postal.get("addressLine1") and customer:
            name = customer.name
        return c.Address(
            name=name,
            company=contact.text("companyName"),
            street=postal.text("addressLine1"),
            street2=postal.text("addressLine2"),
            city=postal.text("city"),
            zip=postal.text("postalCode"),
            country_code=postal.text("countryCode"),
            state_code=postal.text("stateOrProvince"),
            phone=contact.obj("primaryPhone").text("phoneNumber"),
            email=contact.text("email"),
        )

    @api.model
    def _shipping(self, account, order_name, pricing, step, vat):
        """One shipping line: ``deliveryCost`` less ``deliveryDiscount``,
        keyed for the carrier mapping by eBay's shipping service code."""
        price = self._amount(account, pricing, "deliveryCost", "delivery cost")
        discount = -self._amount(
            account, pricing, "deliveryDiscount", "delivery discount"
        )
        if not price and not step:
            return []
        service = step.text("shippingServiceCode")
        carrier = step.text("shippingCarrierCode")
        return [
            c.ShippingLine(
                price=price,
                discount_amount=abs(discount),
                code=service or carrier,
                title=" ".join(p for p in (carrier, service) if p) or "eBay shipping",
                taxes=list(vat),
            )
        ]

    @api.model
    def _discounts(self, account, pricing, line_promotions):
        """Order-level discounts: what ``priceDiscount`` holds beyond the
        lines' own promotions, and negative price adjustments."""
        result = []
        price_discount = abs(
            self._amount(account, pricing, "priceDiscount", "price discount")
        )
        rest = price_discount - line_promotions
        if rest >= CENT:
            result.append(c.Discount(amount=rest, description="eBay discount"))
        adjustment = self._amount(account, pricing, "adjustment", "adjustment")
        if adjustment < 0:
            result.append(
                c.Discount(amount=-adjustment, description="eBay price adjustment")
            )
        return result

    @api.model
    def _payments(self, account, doc):
        return [
            c.Payment(
                amount=self._amount(account, p, "amount", "payment"),
                method=p.text("paymentMethod") or "EBAY",
                gateway="ebay",
                external_id=p.text("paymentReferenceId"),
                status=p.text("paymentStatus"),
            )
            for p in doc.obj("paymentSummary").objs("payments")
        ]

    @api.model
    def _refunds(self, account, doc):
        """Completed refunds of ``paymentSummary.refunds``, with the lines
        ``lineItems[].refunds`` ties to them (by refund id or reference)."""
        per_line = {}
        for item in doc.objs("lineItems"):
            for refund in item.objs("refunds"):
                key = refund.text("refundId") or refund.text("refundReferenceId")
                if key and refund.get("amount"):
                    per_line.setdefault(key, []).append((item, refund))
        result = []
        for refund in doc.obj("paymentSummary").objs("refunds"):
            if refund.get("refundStatus", "REFUNDED") != "REFUNDED":
                continue
            key = refund.text("refundId") or refund.text("refundReferenceId")
            if not key:
                continue
            lines = []
            for item, line_refund in per_line.get(key, []):
                amount = self._amount(account, line_refund, "amount", "line refund")
                line_total = self._amount(account, item, "total", "line total")
                quantity = item.money("quantity")
                lines.append(
                    c.RefundLine(
                        line_external_id=item.text("lineItemId"),
                        quantity=quantity if amount >= line_total else ZERO,
                        amount=amount,
                    )
                )
            result.append(
                c.Refund(
                    external_id=key,
                    amount=self._amount(account, refund, "amount", "refund"),
                    created_at=refund.date("refundDate"),
                    lines=lines,
                )
            )
        return result

    @api.model
    def _complete_full_refund(
        self, refund, seller_total, collected_cr, lines, shipping_lines, discounts
    ):
        """Spell out an order-level full refund line by line.

        eBay refunds a cancelled order as one order-level amount, which may
        include the tax eBay collected and remitted. Like the order, the
        credit note leaves that tax out, and it credits every line and the
        shipping so that it mirrors the invoice (and the base sees the order
        as fully credited when it cancels it).
        """
        if refund.lines or discounts:
            return
        if refund.amount not in (seller_total, seller_total + collected_cr):
            return
        refund.amount = seller_total
        refund.lines = [
            c.RefundLine(
                line_external_id=line.external_id,
                quantity=line.quantity,
                amount=line.net_amount,
            )
            for line in lines
        ]
        refund.shipping_amount = sum(
            (ship.price - ship.discount_amount for ship in shipping_lines), ZERO
        )

    @api.model
    def _note(self, doc, currency, seller_total, collected_cr, cancel):
        parts = []
        checkout_notes = doc.text("buyerCheckoutNotes")
        if checkout_notes:
            parts.append(f"Buyer's note: {checkout_notes}")
        if collected_cr:
            parts.append(
                f"eBay collected and remitted {collected_cr} {currency} of taxes "
                f"(not part of this order's revenue); the buyer paid "
                f"{seller_total + collected_cr} {currency} in all."
            )
        if cancel.get("cancelState") == "IN_PROGRESS":
            parts.append("The buyer asked eBay to cancel this order.")
        return "\n".join(parts)

    # === CATALOG === #

    @api.model
    def to_product_variants(self, account, raw):
        """An Inventory API item (getInventoryItems) is one sellable SKU."""
        sku = raw.get("sku") if isinstance(raw, dict) else None
        doc = Doc.order(raw, f"eBay inventory item {sku or ''}".strip())
        sku = doc.text("sku")
        if not sku:
            raise EcommerceDataError("eBay inventory item without SKU")
        return [
            c.ProductVariant(
                external_id=sku,
                sku=sku,
                title=doc.obj("product").text("title"),
            )
        ]

    # === EXPORTS === #

    @api.model
    def stock_level_key(self, account, level):
        """SKU, or ItemID for a Trading listing without SKU."""
        return level.sku or getattr(level, "item_id", "")

    @api.model
    def from_stock_level(self, account, level):
        """A bulkUpdatePriceQuantity request, or a ReviseInventoryStatus
        container for listings the Inventory API does not manage."""
        price = getattr(level, "price", None)
        if getattr(level, "listing_api", "inventory") == "trading":
            status = {
                "ItemID": level.item_id,
                "SKU": level.sku or "",
                "Quantity": level.quantity,
            }
            if price is not None:
                status["StartPrice"] = str(quantize(price))
            return {"api": "trading", "status": status}
        request = {
            "sku": level.sku,
            "shipToLocationAvailability": {"quantity": level.quantity},
        }
        offer_id = getattr(level, "offer_id", "")
        if offer_id:
            offer = {"offerId": offer_id, "availableQuantity": level.quantity}
            if price is not None:
                offer["price"] = {
                    "value": str(quantize(price)),
                    "currency": level.currency,
                }
            request["offers"] = [offer]
        return {"api": "inventory", "request": request}

    @api.model
    def from_product_variant(self, account, variant, fields):
        """Only the price is sent (title, description and images of an eBay
        listing are edited on eBay: the Inventory API replaces whole items)."""
        if "price" not in fields or variant.price is None:
            return {}
        return {"price": str(quantize(variant.price))}

    @api.model
    def from_fulfillment(self, account, fulfillment):
        """A createShippingFulfillment body. eBay takes one tracking number
        per package: the first one is sent."""
        raw = {
            "lineItems": [
                {"lineItemId": line.line_external_id, "quantity": int(line.quantity)}
                for line in fulfillment.lines
            ],
            "shippedDate": datetime.now(timezone.utc).strftime(
                "%Y-%m-%dT%H:%M:%S.000Z"
            ),
        }
        if fulfillment.tracking_numbers:
            raw["trackingNumber"] = fulfillment.tracking_numbers[0]
            raw["shippingCarrierCode"] = fulfillment.carrier or "Other"
        return raw
