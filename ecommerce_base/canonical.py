# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Canonical records: the platform-neutral shape of what flows between a
platform and Odoo.

Mappers turn a platform's raw dicts into these records and back; the importer
and exporters only ever see these records. Money is always ``Decimal``; it
becomes a float only when it is written into an Odoo field.
"""

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

ZERO = Decimal("0")


@dataclass
class Address:
    """A postal address with the contact that goes with it."""

    name: str = ""
    company: str = ""
    street: str = ""
    street2: str = ""
    city: str = ""
    zip: str = ""
    country_code: str = ""
    state_code: str = ""
    phone: str = ""
    email: str = ""

    def is_empty(self):
        return not any((self.name, self.street, self.city, self.zip))


@dataclass
class Customer:
    """The buyer as the platform knows them; email may be withheld."""

    external_id: str = ""
    email: str = ""
    first_name: str = ""
    last_name: str = ""
    phone: str = ""
    company: str = ""
    updated_at: datetime | None = None

    @property
    def name(self):
        return " ".join(p for p in (self.first_name, self.last_name) if p).strip()


@dataclass
class TaxLine:
    """One tax charged on a line: its rate in percent and the amount charged."""

    rate: Decimal
    amount: Decimal = ZERO
    title: str = ""


@dataclass
class Discount:
    """An order-level discount (coupon, promotion), as a positive amount.

    The amount is tax-included when the order's prices include tax.
    ``taxes`` optionally names the tax rates the discount reduces.
    """

    amount: Decimal
    code: str = ""
    description: str = ""
    taxes: list[TaxLine] = field(default_factory=list)


@dataclass
class OrderLine:
    """A sold item. ``discount_amount`` is the discount on the whole line."""

    external_id: str
    quantity: Decimal
    unit_price: Decimal
    title: str = ""
    sku: str = ""
    barcode: str = ""
    product_external_id: str = ""
    variant_external_id: str = ""
    discount_amount: Decimal = ZERO
    taxes: list[TaxLine] = field(default_factory=list)

    @property
    def gross_amount(self):
        return self.quantity * self.unit_price

    @property
    def net_amount(self):
        return self.gross_amount - self.discount_amount


@dataclass
class ShippingLine:
    """A shipping charge; ``code`` is what the carrier mapping is keyed on."""

    price: Decimal
    code: str = ""
    title: str = ""
    external_id: str = ""
    discount_amount: Decimal = ZERO
    taxes: list[TaxLine] = field(default_factory=list)


@dataclass
class Payment:
    """A payment transaction seen on the platform."""

    amount: Decimal
    method: str = ""
    gateway: str = ""
    external_id: str = ""
    status: str = ""


@dataclass
class RefundLine:
    line_external_id: str
    quantity: Decimal
    amount: Decimal = ZERO
    restock: bool = False


@dataclass
class Refund:
    """A refund (full or partial) given on the platform."""

    external_id: str
    amount: Decimal
    created_at: datetime | None = None
    reason: str = ""
    lines: list[RefundLine] = field(default_factory=list)
    shipping_amount: Decimal = ZERO


@dataclass
class FulfillmentLine:
    line_external_id: str
    quantity: Decimal


@dataclass
class Fulfillment:
    """A shipment of some or all lines of an order, with its tracking."""

    order_external_id: str
    lines: list[FulfillmentLine] = field(default_factory=list)
    tracking_numbers: list[str] = field(default_factory=list)
    carrier: str = ""
    carrier_code: str = ""
    tracking_url: str = ""
    external_id: str = ""
    location_external_id: str = ""
    completes_order: bool = False


@dataclass
class Order:
    """A platform order.

    ``status`` is one of ``open``, ``cancelled``, ``closed``;
    ``financial_status`` one of ``pending``, ``authorized``, ``paid``,
    ``partially_refunded``, ``refunded``, ``voided``;
    ``fulfillment_status`` one of ``unfulfilled``, ``partial``, ``fulfilled``.
    ``total`` is what the platform charged the buyer, taxes and shipping
    included; the importer checks Odoo's total against it to the cent.
    """

    external_id: str
    name: str
    currency: str
    total: Decimal
    updated_at: datetime | None = None
    created_at: datetime | None = None
    status: str = "open"
    financial_status: str = "pending"
    fulfillment_status: str = "unfulfilled"
    prices_include_tax: bool = False
    customer: Customer | None = None
    billing_address: Address | None = None
    shipping_address: Address | None = None
    lines: list[OrderLine] = field(default_factory=list)
    shipping_lines: list[ShippingLine] = field(default_factory=list)
    discounts: list[Discount] = field(default_factory=list)
    payments: list[Payment] = field(default_factory=list)
    refunds: list[Refund] = field(default_factory=list)
    payment_method: str = ""
    note: str = ""
    fulfillment_channel: str = ""
    platform_data: dict = field(default_factory=dict)
    """What a platform needs to carry from its mapper to its importer
    (marketplace, pending flags...); the base never reads it."""

    @property
    def is_cancelled(self):
        return self.status == "cancelled"

    @property
    def is_paid(self):
        return self.financial_status in ("paid", "partially_refunded", "refunded")


@dataclass
class StockLevel:
    """A quantity to publish (or read back) for one SKU at one location."""

    sku: str
    quantity: int
    external_id: str = ""
    location_external_id: str = ""
    previous_quantity: int | None = None
    parent_external_id: str = ""


@dataclass
class ProductVariant:
    """A sellable variant of a platform product."""

    external_id: str
    sku: str = ""
    barcode: str = ""
    title: str = ""
    price: Decimal | None = None
    product_external_id: str = ""
    updated_at: datetime | None = None
    description: str = ""
    image_urls: list[str] = field(default_factory=list)
    manage_stock: bool = True


@dataclass
class WebhookEvent:
    """What a verified webhook asks for: which object changed and how."""

    object_type: str
    external_id: str
    topic: str = ""
