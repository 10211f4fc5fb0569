# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import html
from datetime import date
from decimal import ROUND_UP, Decimal

from odoo import api, models

from odoo.addons.ecommerce_base import canonical as c
from odoo.addons.ecommerce_base.exceptions import EcommerceDataError
from odoo.addons.ecommerce_base.tools.dates import parse_datetime
from odoo.addons.ecommerce_base.tools.money import quantize, to_decimal

from ..const import (
    FEE_LINE_PREFIX,
    ORDER_STATUSES,
    SENSITIVE_KEYS,
)

CENT = Decimal("0.01")
ZERO = Decimal("0")
#: attribute of variable products created from Odoo (one per Odoo template)
NEW_VARIANT_ATTRIBUTE = "Variant"


def _text(value):
    """A display string: HTML entities (``&ndash;``) decoded, blanks dropped."""
    return html.unescape(str(value or "")).strip()


def _datetime(raw, key):
    """Naive UTC datetime of ``<key>_gmt`` (WooCommerce's ``key`` itself is
    in the site's timezone, without offset)."""
    return parse_datetime(raw.get(f"{key}_gmt") or raw.get(key), key)


def _meta(raw, key):
    for meta in raw.get("meta_data") or []:
        if isinstance(meta, dict) and meta.get("key") == key:
            return meta.get("value")
    return None


class WooCommerceMapper(models.AbstractModel):
    """WooCommerce documents <-> canonical records.

    Quirks handled here: line ``subtotal``/``total`` exclude tax even when the
    shop's prices include it (``prices_include_tax``), coupons are already
    spread over the lines (``subtotal - total``), fees are lines of their own
    (negative ones are discounts), ``price`` is a number, names carry HTML
    entities, dates are site-local with ``_gmt`` twins, and old cores give
    tax lines without ``rate_percent``.
    """

    _name = "ecommerce.woocommerce.mapper"
    _inherit = "ecommerce.mapper"
    _description = "WooCommerce Mapper"

    # === ORDERS === #

    @api.model
    def to_order(self, account, raw):
        """Read a WooCommerce order (with ``refund_details`` when the adapter
        fetched them).

        :rtype: :class:`~odoo.addons.ecommerce_base.canonical.Order`
        """
        if not isinstance(raw, dict) or not raw.get("id"):
            raise EcommerceDataError("The order is not a WooCommerce order document")
        name = str(raw.get("number") or raw["id"])
        if raw.get("total") in (None, ""):
            raise EcommerceDataError(f"Order {name}: no total")
        if not raw.get("currency"):
            raise EcommerceDataError(f"Order {name}: no currency")
        included = bool(raw.get("prices_include_tax"))
        rates = self._tax_rates(raw, name)
        lines = [
            self._to_line(item, rates, included, name)
            for item in raw.get("line_items") or []
        ]
        discounts = []
        for fee in raw.get("fee_lines") or []:
            line_or_discount = self._to_fee(fee, rates, included, name)
            if isinstance(line_or_discount, c.Discount):
                discounts.append(line_or_discount)
            elif line_or_discount is not None:
                lines.append(line_or_discount)
        status, financial, fulfillment = self._statuses(raw)
        billing = self._address(raw.get("billing"))
        customer = self._customer(raw)
        return c.Order(
            external_id=str(raw["id"]),
            name=name,
            currency=str(raw["currency"]).upper(),
            total=to_decimal(raw.get("total"), f"Order {name}: total"),
            created_at=_datetime(raw, "date_created"),
            updated_at=_datetime(raw, "date_modified"),
            status=status,
            financial_status=financial,
            fulfillment_status=fulfillment,
            prices_include_tax=included,
            customer=customer,
            billing_address=billing,
            shipping_address=self._address(raw.get("shipping")) or billing,
            lines=lines,
            shipping_lines=[
                self._to_shipping(ship, rates, included, name)
                for ship in raw.get("shipping_lines") or []
            ],
            discounts=discounts,
            payments=self._payments(raw),
            refunds=self._refunds(raw, included, name),
            payment_method=str(raw.get("payment_method") or ""),
            note=self._note(raw),
        )

    @api.model
    def _statuses(self, raw):
        """``(status, financial status, fulfilment status)`` of a WooCommerce
        status; statuses added by plugins read as open, paid when
        ``date_paid`` is set."""
        wc_status = str(raw.get("status") or "")
        known = ORDER_STATUSES.get(wc_status)
        if known is None:
            known = (
                "open",
                "paid" if raw.get("date_paid") else "pending",
                "unfulfilled",
            )
        status, financial, fulfillment = known
        if raw.get("refunds") and financial == "paid":
            financial = "partially_refunded"
        return status, financial, fulfillment

    @api.model
    def _tax_rates(self, raw, name):
        """``{tax rate id: percent}``: ``rate_percent`` of the tax lines, or
        for cores that do not send it, the rate that reproduces every taxed
        amount of the order to the cent."""
        rates = {}
        for tax_line in raw.get("tax_lines") or []:
            rate_id = tax_line.get("rate_id")
            percent = tax_line.get("rate_percent")
            if percent not in (None, ""):
                rates[rate_id] = to_decimal(percent, "tax rate").normalize()
            else:
                rates[rate_id] = self._derive_rate(raw, rate_id, name)
        return rates

    @api.model
    def _derive_rate(self, raw, rate_id, name):
        pairs = []  # (taxed amount, tax) of every line charged this rate
        for key in ("line_items", "shipping_lines", "fee_lines"):
            for line in raw.get(key) or []:
                for tax in line.get("taxes") or []:
                    if tax.get("id") == rate_id and tax.get("total") not in (None, ""):
                        pairs.append(
                            (to_decimal(line.get("total")), to_decimal(tax["total"]))
                        )
        base = sum((p[0] for p in pairs), ZERO)
        charged = sum((p[1] for p in pairs), ZERO)
        if base:
            exact = charged * 100 / base
            for places in range(5):
                rate = quantize(exact, places)
                if all(quantize(amount * rate / 100) == tax for amount, tax in pairs):
                    return rate.normalize()
        raise EcommerceDataError(
            f"Order {name}: cannot tell the rate of tax {rate_id}; update WooCommerce "
            "(3.7+ sends rate_percent) or map the tax by hand"
        )

    @api.model
    def _taxes(self, line, rates, name):
        """The canonical taxes of a line's ``taxes`` array."""
        result = []
        for tax in line.get("taxes") or []:
            if (
                to_decimal(tax.get("total")) == 0
                and to_decimal(tax.get("subtotal")) == 0
            ):
                continue
            if tax.get("id") not in rates:
                raise EcommerceDataError(
                    f"Order {name}: line {_text(line.get('name'))!r} is taxed by "
                    f"unknown tax rate {tax.get('id')}"
                )
            result.append(
                c.TaxLine(rate=rates[tax["id"]], amount=to_decimal(tax["total"]))
            )
        if not result and to_decimal(line.get("total_tax")):
            raise EcommerceDataError(
                f"Order {name}: line {_text(line.get('name'))!r} charges tax "
                f"{line.get('total_tax')} but names no tax rate"
            )
        return result

    @api.model
    def _to_line(self, item, rates, included, name):
        """A product line. The unit price is the catalog one (tax included
        when the shop's prices are); the coupons' share is the line discount.
        When prices exclude tax and the discounted unit price is exact to the
        cent, the discount is folded into the price: Odoo then taxes exactly
        the amount WooCommerce taxed, so the totals agree to the cent."""
        title = _text(item.get("name")) or str(item.get("id"))
        quantity = to_decimal(item.get("quantity"), f"Order {name}: quantity")
        if quantity <= 0:
            raise EcommerceDataError(
                f"Order {name}: line {title!r} has quantity {item.get('quantity')}"
            )
        subtotal = to_decimal(item.get("subtotal"), f"Order {name}: line subtotal")
        total = to_decimal(item.get("total"), f"Order {name}: line total")
        if included:
            subtotal += to_decimal(item.get("subtotal_tax"))
            total += to_decimal(item.get("total_tax"))
        unit, discount = self._unit_and_discount(subtotal, total, quantity)
        if not included and discount and quantize(total / quantity) * quantity == total:
            unit, discount = total / quantity, ZERO
        product_id = int(item.get("product_id") or 0)
        variation_id = int(item.get("variation_id") or 0)
        return c.OrderLine(
            external_id=str(item.get("id") or ""),
            quantity=quantity,
            unit_price=unit,
            title=title,
            sku=str(item.get("sku") or "").strip(),
            product_external_id=str(product_id) if product_id else "",
            variant_external_id=str(variation_id or product_id or ""),
            discount_amount=discount,
            taxes=self._taxes(item, rates, name),
        )

    @api.model
    def _unit_and_discount(self, subtotal, total, quantity):
        """Unit price to the cent and line discount that give ``total``: a
        unit price with more decimals is rounded up and the difference joins
        the discount."""
        unit = subtotal / quantity
        discount = subtotal - total
        if quantize(unit) != unit:
            unit = unit.quantize(CENT, rounding=ROUND_UP)
            discount += unit * quantity - subtotal
        return unit, discount

    @api.model
    def _to_fee(self, fee, rates, included, name):
        """A fee line: a line of the account's fee product, or an order
        discount when negative (WooCommerce's way of giving rebates)."""
        amount = to_decimal(fee.get("total"), f"Order {name}: fee")
        if included:
            amount += to_decimal(fee.get("total_tax"))
        if not amount:
            return None
        taxes = self._taxes(fee, rates, name)
        title = _text(fee.get("name")) or "Fee"
        if amount < 0:
            return c.Discount(
                amount=-amount,
                code=title,
                description=title,
                taxes=taxes or [c.TaxLine(rate=ZERO)],
            )
        return c.OrderLine(
            external_id=f"{FEE_LINE_PREFIX}{fee.get('id')}",
            quantity=Decimal(1),
            unit_price=amount,
            title=title,
            taxes=taxes,
        )

    @api.model
    def _to_shipping(self, ship, rates, included, name):
        price = to_decimal(ship.get("total"), f"Order {name}: shipping")
        if included:
            price += to_decimal(ship.get("total_tax"))
        return c.ShippingLine(
            price=price,
            code=str(ship.get("method_id") or "").split(":")[0],
            title=_text(ship.get("method_title")),
            external_id=str(ship.get("id") or ""),
            taxes=self._taxes(ship, rates, name),
        )

    @api.model
    def _address(self, raw):
        if not isinstance(raw, dict):
            return None
        address = c.Address(
            name=" ".join(
                p
                for p in (_text(raw.get("first_name")), _text(raw.get("last_name")))
                if p
            ),
            company=_text(raw.get("company")),
            street=_text(raw.get("address_1")),
            street2=_text(raw.get("address_2")),
            city=_text(raw.get("city")),
            zip=_text(raw.get("postcode")),
            country_code=_text(raw.get("country")).upper(),
            state_code=_text(raw.get("state")).upper(),
            phone=_text(raw.get("phone")),
            email=_text(raw.get("email")).lower(),
        )
        return None if address.is_empty() else address

    @api.model
    def _customer(self, raw):
        billing = raw.get("billing") or {}
        customer_id = raw.get("customer_id") or 0
        email = _text(billing.get("email")).lower()
        if not customer_id and not email:
            return None
        return c.Customer(
            external_id=str(customer_id) if customer_id else "",
            email=email,
            first_name=_text(billing.get("first_name")),
            last_name=_text(billing.get("last_name")),
            phone=_text(billing.get("phone")),
            company=_text(billing.get("company")),
        )

    @api.model
    def _payments(self, raw):
        if not raw.get("date_paid"):
            return []
        return [
            c.Payment(
                amount=to_decimal(raw.get("total")),
                method=str(raw.get("payment_method") or ""),
                gateway=_text(raw.get("payment_method_title")),
                external_id=str(raw.get("transaction_id") or ""),
                status="paid",
            )
        ]

    @api.model
    def _note(self, raw):
        parts = [_text(raw.get("customer_note"))]
        codes = [_text(c_.get("code")) for c_ in raw.get("coupon_lines") or []]
        if codes:
            parts.append("Coupons: " + ", ".join(code for code in codes if code))
        return "\n".join(p for p in parts if p)

    # === REFUNDS === #

    @api.model
    def _refunds(self, raw, included, name):
        """Refunds from the refunds endpoint (``refund_details``); without
        them, the order's summary (amount only)."""
        details = raw.get("refund_details")
        if details is None:
            return [
                c.Refund(
                    external_id=str(summary.get("id")),
                    amount=-to_decimal(summary.get("total"), "refund total"),
                    reason=_text(summary.get("reason") or summary.get("refund")),
                )
                for summary in raw.get("refunds") or []
            ]
        return [self._to_refund(refund, included, name) for refund in details]

    @api.model
    def _to_refund(self, refund, included, name):
        """A refund: WooCommerce gives refunded lines with negative
        quantities and amounts (excluding tax) and the refunded line's id in
        ``_refunded_item_id``."""

        def amount_of(line):
            amount = to_decimal(line.get("total"), "refunded amount")
            if included:
                amount += to_decimal(line.get("total_tax"))
            return -amount

        lines = []
        for line in refund.get("line_items") or []:
            item_id = _meta(line, "_refunded_item_id")
            if not item_id:
                raise EcommerceDataError(
                    f"Refund {refund.get('id')} of order {name}: a refunded line "
                    "does not say which order line it refunds"
                )
            lines.append(
                c.RefundLine(
                    line_external_id=str(item_id),
                    quantity=abs(to_decimal(line.get("quantity"), "refunded quantity")),
                    amount=amount_of(line),
                )
            )
        shipping = sum(
            (amount_of(ship) for ship in refund.get("shipping_lines") or []), ZERO
        )
        return c.Refund(
            external_id=str(refund.get("id")),
            amount=to_decimal(refund.get("amount"), "refund amount"),
            created_at=_datetime(refund, "date_created"),
            reason=_text(refund.get("reason")),
            lines=lines,
            shipping_amount=shipping,
        )

    # === PRODUCTS === #

    @api.model
    def to_product_variants(self, account, raw):
        """Sellable variants of a product: a simple product itself, the
        variations of a variable one (``variation_details``); grouped and
        external products sell nothing here."""
        if not isinstance(raw, dict) or not raw.get("id"):
            raise EcommerceDataError(
                "The product is not a WooCommerce product document"
            )
        kind = raw.get("type") or "simple"
        title = _text(raw.get("name"))
        if kind == "variable":
            return [
                self._variant(
                    variation,
                    str(raw["id"]),
                    " - ".join(
                        [title]
                        + [
                            _text(a.get("option"))
                            for a in variation.get("attributes") or []
                            if a.get("option")
                        ]
                    ),
                )
                for variation in raw.get("variation_details") or []
            ]
        if kind in ("grouped", "external"):
            return []
        return [self._variant(raw, str(raw["id"]), title)]

    @api.model
    def _variant(self, raw, parent_id, title):
        price = raw.get("regular_price") or raw.get("price")
        return c.ProductVariant(
            external_id=str(raw["id"]),
            sku=str(raw.get("sku") or "").strip(),
            barcode=str(
                raw.get("global_unique_id") or _meta(raw, "_barcode") or ""
            ).strip(),
            title=title,
            price=to_decimal(price, "price") if price not in (None, "") else None,
            product_external_id=parent_id,
            updated_at=_datetime(raw, "date_modified"),
            description=str(raw.get("description") or ""),
            image_urls=[i.get("src") for i in raw.get("images") or [] if i.get("src")],
            # "parent" means the parent product's stock: not this variation's
            manage_stock=raw.get("manage_stock") is True,
        )

    @api.model
    def from_product_variant(self, account, variant, fields):
        """Product (or variation) fields Odoo owns, as WooCommerce writes them;
        variations have no name of their own."""
        raw = {}
        is_variation = (
            variant.product_external_id
            and variant.product_external_id != variant.external_id
        )
        if "title" in fields and variant.title and not is_variation:
            raw["name"] = variant.title
        if "description" in fields:
            raw["description"] = variant.description or ""
        if "price" in fields and variant.price is not None:
            raw["regular_price"] = str(quantize(variant.price))
        if "image_urls" in fields and variant.image_urls:
            raw["images"] = [{"src": url} for url in variant.image_urls]
            if is_variation:
                raw["image"] = raw.pop("images")[0]
        return raw

    @api.model
    def new_product(self, account, template, variants):
        """``{"product": ..., "variations": [...]}``: a simple product for a
        single variant, else a variable product with one ``Variant``
        attribute whose options are the variants' titles, and its variations.
        Every one manages its stock (0 until the next stock export)."""
        images = list(dict.fromkeys(url for v in variants for url in v.image_urls))
        product = {
            "name": template.name,
            "description": variants[0].description if variants else "",
            "images": [{"src": url} for url in images],
        }
        if len(variants) == 1:
            product.update(self._new_stock_item(variants[0]), type="simple")
            return {"product": product, "variations": []}
        product.update(
            type="variable",
            attributes=[
                {
                    "name": NEW_VARIANT_ATTRIBUTE,
                    "visible": True,
                    "variation": True,
                    "options": [v.title for v in variants],
                }
            ],
        )
        variations = [
            dict(
                self._new_stock_item(v),
                attributes=[{"name": NEW_VARIANT_ATTRIBUTE, "option": v.title}],
            )
            for v in variants
        ]
        return {"product": product, "variations": variations}

    @api.model
    def _new_stock_item(self, variant):
        """SKU, barcode, price and managed stock of a product or variation."""
        item = {
            "sku": variant.sku,
            "manage_stock": True,
            "stock_quantity": 0,
        }
        if variant.barcode:
            item["global_unique_id"] = variant.barcode
        if variant.price is not None:
            item["regular_price"] = str(quantize(variant.price))
        return item

    # === STOCK === #

    @api.model
    def from_stock_level(self, account, level):
        """``{"id", "parent_id", "stock_quantity"}``: the adapter sends
        variations (``parent_id``) through their parent's batch endpoint."""
        parent = getattr(level, "parent_external_id", "") or ""
        return {
            "id": int(level.external_id),
            "parent_id": int(parent) if parent and parent != level.external_id else 0,
            "stock_quantity": int(level.quantity),
        }

    @api.model
    def stock_level_key(self, account, level):
        """Refused levels are reported by WooCommerce id (SKUs may be empty)."""
        return str(level.external_id)

    # === FULFILMENT === #

    @api.model
    def from_fulfillment(self, account, fulfillment):
        """Shipment Tracking items, the customer note and whether the order is
        now complete."""
        carrier = fulfillment.carrier or ""
        shipped = date.today().isoformat()
        trackings = []
        for number in fulfillment.tracking_numbers:
            item = {"tracking_number": number, "date_shipped": shipped}
            if fulfillment.tracking_url:
                item["custom_tracking_provider"] = carrier or "Carrier"
                item["custom_tracking_link"] = fulfillment.tracking_url
            else:
                item["tracking_provider"] = carrier
            trackings.append(item)
        if fulfillment.tracking_numbers:
            note = self.env._(
                "Your order was shipped with %(carrier)s. Tracking number: %(numbers)s",
                carrier=carrier or self.env._("our carrier"),
                numbers=", ".join(fulfillment.tracking_numbers),
            )
            if fulfillment.tracking_url:
                note += f" ({fulfillment.tracking_url})"
        else:
            note = self.env._(
                "Your order was shipped with %(carrier)s.",
                carrier=carrier or self.env._("our carrier"),
            )
        return {
            "trackings": trackings,
            "note": note,
            "complete": fulfillment.completes_order,
        }

    # === PRIVACY === #

    @api.model
    def sensitive_keys(self, account):
        """WooCommerce's personal-data and secret keys."""
        return SENSITIVE_KEYS
