# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from decimal import Decimal

from odoo import api, models

from odoo.addons.ecommerce_base import canonical as c
from odoo.addons.ecommerce_base.exceptions import EcommerceDataError
from odoo.addons.ecommerce_base.payload import Doc
from odoo.addons.ecommerce_base.tools.dates import parse_datetime
from odoo.addons.ecommerce_base.tools.money import to_decimal

# testshop sends the canonical statuses as they are
FINANCIAL_STATUSES = (
    "pending",
    "authorized",
    "paid",
    "partially_refunded",
    "refunded",
    "voided",
)
FULFILLMENT_STATUSES = ("unfulfilled", "partial", "fulfilled")
ADDRESS_KEYS = (
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


def _address(doc):
    if not doc:
        return None
    return c.Address(**{key: doc.text(key) for key in ADDRESS_KEYS})


def _taxes(doc):
    rate = doc.money("tax_rate", "tax rate")
    return [c.TaxLine(rate=rate)] if rate else []


class TestshopMapper(models.AbstractModel):
    """Mapper of the test platform's documents."""

    _name = "ecommerce.testshop.mapper"
    _inherit = "ecommerce.mapper"
    _description = "Testshop Mapper"

    @api.model
    def to_order(self, account, raw):
        doc = Doc.order(raw, f"Order {self.order_external_id(account, raw)}")
        customer = doc.obj("customer")
        lines = []
        for item in doc.objs("lines"):
            quantity = item.money("quantity")
            unit_price = item.money("unit_price")
            lines.append(
                c.OrderLine(
                    external_id=item.text("id"),
                    sku=item.text("sku"),
                    barcode=item.text("barcode"),
                    title=item.text("title"),
                    variant_external_id=item.text("product_id"),
                    quantity=quantity,
                    unit_price=unit_price,
                    discount_amount=item.money("discount"),
                    taxes=_taxes(item),
                )
            )
        shipping = [
            c.ShippingLine(
                code=ship.text("code"),
                title=ship.text("title"),
                price=ship.money("price"),
                taxes=_taxes(ship),
            )
            for ship in doc.objs("shipping")
        ]
        included = doc.flag("prices_include_tax")
        # testshop does not tax order-level discounts when prices exclude tax
        untaxed = [] if included else [c.TaxLine(rate=Decimal("0"))]
        discounts = [
            c.Discount(
                code=d.text("code"),
                amount=d.money("amount"),
                taxes=list(untaxed),
            )
            for d in doc.objs("discounts")
        ]
        if raw.get("total") in (None, ""):
            raise EcommerceDataError(
                f"Order {doc.text('number') or doc.text('id')}: no total"
            )
        return c.Order(
            external_id=doc.text("id"),
            name=doc.text("number") or doc.text("id"),
            currency=doc.text("currency"),
            total=doc.money("total", "order total"),
            created_at=doc.date("created_at"),
            updated_at=doc.date("updated_at"),
            status="cancelled" if raw.get("status") == "cancelled" else "open",
            financial_status=doc.choice(
                "financial_status", FINANCIAL_STATUSES, "pending"
            ),
            fulfillment_status=doc.choice(
                "fulfillment_status", FULFILLMENT_STATUSES, "unfulfilled"
            ),
            prices_include_tax=included,
            customer=c.Customer(
                external_id=customer.text("id"),
                email=customer.text("email"),
                first_name=customer.text("first_name"),
                last_name=customer.text("last_name"),
                phone=customer.text("phone"),
            )
            if customer
            else None,
            billing_address=_address(doc.obj("billing_address")),
            shipping_address=_address(doc.obj("shipping_address")),
            lines=lines,
            shipping_lines=shipping,
            discounts=discounts,
            payment_method=doc.text("payment_method"),
            refunds=[self._to_refund(refund) for refund in doc.objs("refunds")],
        )

    @api.model
    def _to_refund(self, doc):
        """A testshop refund (a :class:`Doc`): amounts as the order's prices
        (tax included or not)."""
        return c.Refund(
            external_id=doc.text("id"),
            amount=doc.money("amount", "refund amount"),
            created_at=doc.date("created_at"),
            reason=doc.text("reason"),
            shipping_amount=doc.money("shipping_amount", "refunded shipping"),
            lines=[
                c.RefundLine(
                    line_external_id=line.text("line_id"),
                    quantity=line.money("quantity"),
                    amount=line.money("amount"),
                    restock=line.flag("restock"),
                )
                for line in doc.objs("lines")
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
                updated_at=parse_datetime(raw.get("updated_at")),
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
