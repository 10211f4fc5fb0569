# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import html
from datetime import date
from decimal import ROUND_UP, Decimal

from odoo import api, models

from odoo.addons.ecommerce_base import canonical as c
from odoo.addons.ecommerce_base.exceptions import EcommerceDataError
from odoo.addons.ecommerce_base.payload import Doc
from odoo.addons.ecommerce_base.tools.money import quantize

from ..const import (
    FEE_LINE_PREFIX,
    ORDER_STATUSES,
    SENSITIVE_KEYS,
)

CENT = Decimal("0.01")
ZERO = Decimal("0")
#: attribute of variable products created from Odoo (one per Odoo template)
NEW_VARIANT_ATTRIBUTE = "Variant"


def _text(doc, key):
    """A display string: HTML entities (``&ndash;``) decoded, blanks dropped."""
    return html.unescape(doc.text(key)).strip()


def _datetime(doc, key):
    """Naive UTC datetime of ``<key>_gmt`` (WooCommerce's ``key`` itself is
    in the site's timezone, without offset)."""
    gmt = f"{key}_gmt"
    return doc.date(gmt if doc.get(gmt) else key)


def _meta(doc, key):
    for meta in doc.values("meta_data"):
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
        doc = Doc.order(raw, f"Order {self.order_external_id(account, raw)}")
        name = doc.text("number") or doc.text("id", required=True)
        doc.where = f"Order {name}"
        if raw.get("total") in (None, ""):
            raise EcommerceDataError(f"{doc.where}: no total")
        if not raw.get("currency"):
            raise EcommerceDataError(f"{doc.where}: no currency")
        included = doc.flag("prices_include_tax")
        rates = self._tax_rates(doc)
        lines = [
            self._to_line(item, rates, included) for item in doc.objs("line_items")
        ]
        discounts = []
        for fee in doc.objs("fee_lines"):
            line_or_discount = self._to_fee(fee, rates, included)
            if isinstance(line_or_discount, c.Discount):
                discounts.append(line_or_discount)
            elif line_or_discount is not None:
                lines.append(line_or_discount)
        status, financial, fulfillment = self._statuses(doc)
        billing = self._address(doc.obj("billing"))
        customer = self._customer(doc)
        return c.Order(
            external_id=doc.text("id"),
            name=name,
            currency=doc.text("currency").upper(),
            total=doc.money("total"),
            created_at=_datetime(doc, "date_created"),
            updated_at=_datetime(doc, "date_modified"),
            status=status,
            financial_status=financial,
            fulfillment_status=fulfillment,
            prices_include_tax=included,
            customer=customer,
            billing_address=billing,
            shipping_address=self._address(doc.obj("shipping")) or billing,
            lines=lines,
            shipping_lines=[
                self._to_shipping(ship, rates, included)
                for ship in doc.objs("shipping_lines")
            ],
            discounts=discounts,
            payments=self._payments(doc),
            refunds=self._refunds(doc, included),
            payment_method=doc.text("payment_method"),
            note=self._note(doc),
        )

    @api.model
    def _statuses(self, doc):
        """``(status, financial status, fulfilment status)`` of a WooCommerce
        status; statuses added by plugins read as open, paid when
        ``date_paid`` is set."""
        wc_status = doc.text("status")
        known = ORDER_STATUSES.get(wc_status)
        if known is None:
            known = (
                "open",
                "paid" if doc.get("date_paid") else "pending",
                "unfulfilled",
            )
        status, financial, fulfillment = known
        if doc.get("refunds") and financial == "paid":
            financial = "partially_refunded"
        return status, financial, fulfillment

    @api.model
    def _tax_rates(self, doc):
        """``{tax rate id: percent}``: ``rate_percent`` of the tax lines, or
        for cores that do not send it, the rate that reproduces every taxed
        amount of the order to the cent."""
        rates = {}
        for tax_line in doc.objs("tax_lines"):
            rate_id = tax_line.text("rate_id")
            if tax_line.get("rate_percent") not in (None, ""):
                rates[rate_id] = tax_line.money("rate_percent").normalize()
            else:
                rates[rate_id] = self._derive_rate(doc, rate_id)
        return rates

    @api.model
    def _derive_rate(self, doc, rate_id):
        pairs = []  # (taxed amount, tax) of every line charged this rate
        for key in ("line_items", "shipping_lines", "fee_lines"):
            for line in doc.objs(key):
                for tax in line.objs("taxes"):
                    if tax.text("id") == rate_id and tax.get("total") not in (None, ""):
                        pairs.append((line.money("total"), tax.money("total")))
        base = sum((p[0] for p in pairs), ZERO)
        charged = sum((p[1] for p in pairs), ZERO)
        if base:
            exact = charged * 100 / base
            for places in range(5):
                rate = quantize(exact, places)
                if all(quantize(amount * rate / 100) == tax for amount, tax in pairs):
                    return rate.normalize()
        raise EcommerceDataError(
            f"{doc.where}: cannot tell the rate of tax {rate_id}; update WooCommerce "
            "(3.7+ sends rate_percent) or map the tax by hand"
        )

    @api.model
    def _taxes(self, line, rates):
        """The canonical taxes of a line's ``taxes`` array."""
        result = []
        for tax in line.objs("taxes"):
            total = tax.money("total")
            if total == 0 and tax.money("subtotal") == 0:
                continue
            if tax.text("id") not in rates:
                raise EcommerceDataError(
                    f"{line.where}: line {_text(line, 'name')!r} is taxed by "
                    f"unknown tax rate {tax.text('id')}"
                )
            result.append(c.TaxLine(rate=rates[tax.text("id")], amount=total))
        if not result and line.money("total_tax"):
            raise EcommerceDataError(
                f"{line.where}: line {_text(line, 'name')!r} charges tax "
                f"{line.money('total_tax')} but names no tax rate"
            )
        return result

    @api.model
    def _to_line(self, item, rates, included):
        """A product line. The unit price is the catalog one (tax included
        when the shop's prices are); the coupons' share is the line discount.
        When prices exclude tax and the discounted unit price is exact to the
        cent, the discount is folded into the price: Odoo then taxes exactly
        the amount WooCommerce taxed, so the totals agree to the cent."""
        title = _text(item, "name") or item.text("id")
        quantity = item.money("quantity")
        if quantity <= 0:
            raise EcommerceDataError(
                f"{item.where}: line {title!r} has quantity {quantity}"
            )
        subtotal = item.money("subtotal")
        total = item.money("total")
        if included:
            subtotal += item.money("subtotal_tax")
            total += item.money("total_tax")
        unit, discount = self._unit_and_discount(subtotal, total, quantity)
        if not included and discount and quantize(total / quantity) * quantity == total:
            unit, discount = total / quantity, ZERO
        product_id = item.integer("product_id")
        variation_id = item.integer("variation_id")
        return c.OrderLine(
            external_id=item.text("id"),
            quantity=quantity,
            unit_price=unit,
            title=title,
            sku=item.text("sku").strip(),
            product_external_id=str(product_id) if product_id else "",
            variant_external_id=str(variation_id or product_id or ""),
            discount_amount=discount,
            taxes=self._taxes(item, rates),
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
    def _to_fee(self, fee, rates, included):
        """A fee line: a line of the account's fee product, or an order
        discount when negative (WooCommerce's way of giving rebates)."""
        amount = fee.money("total")
        if included:
            amount += fee.money("total_tax")
        if not amount:
            return None
        taxes = self._taxes(fee, rates)
        title = _text(fee, "name") or "Fee"
        if amount < 0:
            return c.Discount(
                amount=-amount,
                code=title,
                description=title,
                taxes=taxes or [c.TaxLine(rate=ZERO)],
            )
        return c.OrderLine(
            external_id=f"{FEE_LINE_PREFIX}{fee.text('id') or None}",
            quantity=Decimal(1),
            unit_price=amount,
            title=title,
            taxes=taxes,
        )

    @api.model
    def _to_shipping(self, ship, rates, included):
        price = ship.money("total")
        if included:
            price += ship.money("total_tax")
        return c.ShippingLine(
            price=price,
            code=ship.text("method_id").split(":")[0],
            title=_text(ship, "method_title"),
            external_id=ship.text("id"),
            taxes=self._taxes(ship, rates),
        )

    @api.model
    def _address(self, doc):
        """The canonical address of a ``billing``/``shipping`` :class:`Doc`;
        ``None`` when empty."""
        address = c.Address(
            name=" ".join(
                p for p in (_text(doc, "first_name"), _text(doc, "last_name")) if p
            ),
            company=_text(doc, "company"),
            street=_text(doc, "address_1"),
            street2=_text(doc, "address_2"),
            city=_text(doc, "city"),
            zip=_text(doc, "postcode"),
            country_code=_text(doc, "country").upper(),
            state_code=_text(doc, "state").upper(),
            phone=_text(doc, "phone"),
            email=_text(doc, "email").lower(),
        )
        return None if address.is_empty() else address

    @api.model
    def _customer(self, doc):
        billing = doc.obj("billing")
        customer_id = doc.text("customer_id")
        if customer_id == "0":
            customer_id = ""
        email = _text(billing, "email").lower()
        if not customer_id and not email:
            return None
        return c.Customer(
            external_id=customer_id,
            email=email,
            first_name=_text(billing, "first_name"),
            last_name=_text(billing, "last_name"),
            phone=_text(billing, "phone"),
            company=_text(billing, "company"),
        )

    @api.model
    def _payments(self, doc):
        if not doc.get("date_paid"):
            return []
        return [
            c.Payment(
                amount=doc.money("total"),
                method=doc.text("payment_method"),
                gateway=_text(doc, "payment_method_title"),
                external_id=doc.text("transaction_id"),
                status="paid",
            )
        ]

    @api.model
    def _note(self, doc):
        parts = [_text(doc, "customer_note")]
        codes = [_text(coupon, "code") for coupon in doc.objs("coupon_lines")]
        if codes:
            parts.append("Coupons: " + ", ".join(code for code in codes if code))
        return "\n".join(p for p in parts if p)

    # === REFUNDS === #

    @api.model
    def _refunds(self, doc, included):
        """Refunds from the refunds endpoint (``refund_details``); without
        them, the order's summary (amount only)."""
        if doc.get("refund_details") is None:
            return [
                c.Refund(
                    external_id=summary.text("id") or "None",
                    amount=-summary.money("total"),
                    reason=_text(summary, "reason") or _text(summary, "refund"),
                )
                for summary in doc.objs("refunds")
            ]
        return [
            self._to_refund(refund, included, doc.where)
            for refund in doc.objs("refund_details")
        ]

    @api.model
    def _to_refund(self, refund, included, where):
        """A refund: WooCommerce gives refunded lines with negative
        quantities and amounts (excluding tax) and the refunded line's id in
        ``_refunded_item_id``."""

        def amount_of(line):
            amount = line.money("total")
            if included:
                amount += line.money("total_tax")
            return -amount

        lines = []
        for line in refund.objs("line_items"):
            item_id = _meta(line, "_refunded_item_id")
            if not item_id or isinstance(item_id, list | dict | bool):
                raise EcommerceDataError(
                    f"{where}: refund {refund.text('id')}: a refunded line "
                    "does not say which order line it refunds"
                )
            lines.append(
                c.RefundLine(
                    line_external_id=str(item_id),
                    quantity=abs(line.money("quantity")),
                    amount=amount_of(line),
                )
            )
        shipping = sum(
            (amount_of(ship) for ship in refund.objs("shipping_lines")), ZERO
        )
        return c.Refund(
            external_id=refund.text("id") or "None",
            amount=refund.money("amount"),
            created_at=_datetime(refund, "date_created"),
            reason=_text(refund, "reason"),
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
        doc = Doc.order(raw, f"Product {raw['id']}")
        kind = doc.text("type") or "simple"
        title = _text(doc, "name")
        if kind == "variable":
            return [
                self._variant(
                    variation,
                    doc.text("id"),
                    " - ".join(
                        [title]
                        + [
                            _text(a, "option")
                            for a in variation.objs("attributes")
                            if a.get("option")
                        ]
                    ),
                )
                for variation in doc.objs("variation_details")
            ]
        if kind in ("grouped", "external"):
            return []
        return [self._variant(doc, doc.text("id"), title)]

    @api.model
    def _variant(self, doc, parent_id, title):
        """A sellable variant of a product or variation (a :class:`Doc`)."""
        price_key = "regular_price" if doc.get("regular_price") else "price"
        barcode = doc.text("global_unique_id")
        if not barcode:
            meta = Doc({"_barcode": _meta(doc, "_barcode")}, doc.where, "meta_data")
            barcode = meta.text("_barcode")
        return c.ProductVariant(
            external_id=doc.text("id"),
            sku=doc.text("sku").strip(),
            barcode=barcode.strip(),
            title=title,
            price=doc.money(price_key)
            if doc.get(price_key) not in (None, "")
            else None,
            product_external_id=parent_id,
            updated_at=_datetime(doc, "date_modified"),
            description=doc.text("description"),
            image_urls=[i.text("src") for i in doc.objs("images") if i.get("src")],
            # "parent" means the parent product's stock: not this variation's
            manage_stock=doc.get("manage_stock") is True,
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
