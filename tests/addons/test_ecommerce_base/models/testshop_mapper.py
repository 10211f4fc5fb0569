# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from decimal import Decimal

from odoo import api, models

from odoo.addons.ecommerce_base import canonical as c
from odoo.addons.ecommerce_base.exceptions import EcommerceDataError
from odoo.addons.ecommerce_base.tools.dates import parse_datetime
from odoo.addons.ecommerce_base.tools.money import to_decimal


def _datetime(value):
    """Naive UTC datetime of a testshop timestamp."""
    return parse_datetime(value)


def _address(raw):
    if not raw:
        return None
    return c.Address(
        **{
            key: str(raw.get(key) or "")
            for key in (
                "name",
                "company",
                "street",
                "street2",
                "city",
                "zip",
                "country_code",
                "state_code",
                "phone",
                "email",
            )
        }
    )


def _taxes(raw, amount):
    rate = to_decimal(raw.get("tax_rate"), "tax rate")
    return [c.TaxLine(rate=rate)] if rate else []


class TestshopMapper(models.AbstractModel):
    """Mapper of the test platform's documents."""

    _name = "ecommerce.testshop.mapper"
    _inherit = "ecommerce.mapper"
    _description = "Testshop Mapper"

    @api.model
    def to_order(self, account, raw):
        if not isinstance(raw, dict):
            raise EcommerceDataError("The order is not a JSON object")
        customer = raw.get("customer") or None
        lines = []
        for item in raw.get("lines") or []:
            net = to_decimal(item.get("quantity"), "quantity") * to_decimal(
                item.get("unit_price"), "unit price"
            )
            lines.append(
                c.OrderLine(
                    external_id=str(item.get("id") or ""),
                    sku=str(item.get("sku") or ""),
                    barcode=str(item.get("barcode") or ""),
                    title=str(item.get("title") or ""),
                    variant_external_id=str(item.get("product_id") or ""),
                    quantity=to_decimal(item.get("quantity"), "quantity"),
                    unit_price=to_decimal(item.get("unit_price"), "unit price"),
                    discount_amount=to_decimal(item.get("discount"), "line discount"),
                    taxes=_taxes(item, net),
                )
            )
        shipping = [
            c.ShippingLine(
                code=str(ship.get("code") or ""),
                title=str(ship.get("title") or ""),
                price=to_decimal(ship.get("price"), "shipping price"),
                taxes=_taxes(ship, None),
            )
            for ship in raw.get("shipping") or []
        ]
        included = bool(raw.get("prices_include_tax"))
        # testshop does not tax order-level discounts when prices exclude tax
        untaxed = [] if included else [c.TaxLine(rate=Decimal("0"))]
        discounts = [
            c.Discount(
                code=str(d.get("code") or ""),
                amount=to_decimal(d.get("amount"), "discount"),
                taxes=list(untaxed),
            )
            for d in raw.get("discounts") or []
        ]
        if raw.get("total") in (None, ""):
            raise EcommerceDataError(
                f"Order {raw.get('number') or raw.get('id')}: no total"
            )
        return c.Order(
            external_id=str(raw.get("id") or ""),
            name=str(raw.get("number") or raw.get("id") or ""),
            currency=str(raw.get("currency") or ""),
            total=to_decimal(raw.get("total"), "order total"),
            created_at=_datetime(raw.get("created_at")),
            updated_at=_datetime(raw.get("updated_at")),
            status="cancelled" if raw.get("status") == "cancelled" else "open",
            financial_status=raw.get("financial_status") or "pending",
            fulfillment_status=raw.get("fulfillment_status") or "unfulfilled",
            prices_include_tax=included,
            customer=c.Customer(
                external_id=str(customer.get("id") or ""),
                email=str(customer.get("email") or ""),
                first_name=str(customer.get("first_name") or ""),
                last_name=str(customer.get("last_name") or ""),
                phone=str(customer.get("phone") or ""),
            )
            if customer
            else None,
            billing_address=_address(raw.get("billing_address")),
            shipping_address=_address(raw.get("shipping_address")),
            lines=lines,
            shipping_lines=shipping,
            discounts=discounts,
            payment_method=str(raw.get("payment_method") or ""),
            refunds=[self._to_refund(refund) for refund in raw.get("refunds") or []],
        )

    @api.model
    def _to_refund(self, raw):
        """A testshop refund: amounts as the order's prices (tax included or not)."""
        return c.Refund(
            external_id=str(raw.get("id") or ""),
            amount=to_decimal(raw.get("amount"), "refund amount"),
            created_at=_datetime(raw.get("created_at")),
            reason=str(raw.get("reason") or ""),
            shipping_amount=to_decimal(raw.get("shipping_amount"), "refunded shipping"),
            lines=[
                c.RefundLine(
                    line_external_id=str(line.get("line_id") or ""),
                    quantity=to_decimal(line.get("quantity"), "refunded quantity"),
                    amount=to_decimal(line.get("amount"), "refunded amount"),
                    restock=bool(line.get("restock")),
                )
                for line in raw.get("lines") or []
            ],
        )

    @api.model
    def to_product_variants(self, account, raw):
        return [
            c.ProductVariant(
                external_id=str(raw["id"]),
                sku=str(raw.get("sku") or ""),
                barcode=str(raw.get("barcode") or ""),
                title=str(raw.get("title") or ""),
                price=to_decimal(raw.get("price"), "price"),
                updated_at=_datetime(raw.get("updated_at")),
            )
        ]

    @api.model
    def from_stock_level(self, account, level):
        return {"sku": level.sku, "quantity": level.quantity}

    @api.model
    def from_product_variant(self, account, variant, fields):
        raw = {}
        if "title" in fields:
            raw["title"] = variant.title
        if "description" in fields:
            raw["description"] = variant.description
        if "price" in fields and variant.price is not None:
            raw["price"] = str(variant.price)
        return raw

    @api.model
    def from_fulfillment(self, account, fulfillment):
        return {
            "lines": [
                {"line_id": line.line_external_id, "quantity": int(line.quantity)}
                for line in fulfillment.lines
            ],
            "tracking_number": ",".join(fulfillment.tracking_numbers),
            "carrier": fulfillment.carrier,
        }
