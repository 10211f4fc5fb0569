# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""WooCommerce constants."""

#: WooCommerce order status -> (status, financial status, fulfilment status)
ORDER_STATUSES = {
    "pending": ("open", "pending", "unfulfilled"),  # awaiting payment
    "on-hold": ("open", "pending", "unfulfilled"),  # awaiting bank transfer...
    "processing": ("open", "paid", "unfulfilled"),
    "completed": ("closed", "paid", "fulfilled"),
    "refunded": ("closed", "refunded", "unfulfilled"),
    "cancelled": ("cancelled", "voided", "unfulfilled"),
    "failed": ("cancelled", "voided", "unfulfilled"),  # payment failed
    "trash": ("cancelled", "voided", "unfulfilled"),  # deleted in the admin
    "checkout-draft": ("cancelled", "pending", "unfulfilled"),  # a cart, not an order
}

#: order line ids of fee lines (a fee and an item may share an id space)
FEE_LINE_PREFIX = "fee-"

SENSITIVE_KEYS = (
    "billing",
    "shipping",
    "address_1",
    "address_2",
    "postcode",
    "state",
    "customer_ip_address",
    "customer_user_agent",
    "transaction_id",
    "order_key",
    "cart_hash",
    "oauth_signature",
    "consumer_key",
    "consumer_secret",
)
