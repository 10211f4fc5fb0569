# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""SP-API facts the adapter and mapper rely on (official models, 2026)."""

LWA_TOKEN_URL = "https://api.amazon.com/auth/o2/token"

REGION_ENDPOINTS = {
    "na": "https://sellingpartnerapi-na.amazon.com",
    "eu": "https://sellingpartnerapi-eu.amazon.com",
    "fe": "https://sellingpartnerapi-fe.amazon.com",
}

#: operation -> (rate in requests per second, burst), the documented defaults;
#: ``x-amzn-RateLimit-Limit`` corrects the rate at run time.
USAGE_PLANS = {
    "getMarketplaceParticipations": (0.016, 15),
    "searchOrders": (0.0056, 20),
    "getOrder": (0.5, 30),
    "confirmShipment": (2.0, 10),
    "listFinancialEvents": (0.5, 30),
    "listFinancialEventsByOrderId": (0.5, 30),
    "createFeedDocument": (0.5, 15),
    "createFeed": (0.0083, 15),
    "getFeed": (2.0, 15),
    "getFeedDocument": (0.0222, 10),
    "getListingsItem": (5.0, 10),
    "patchListingsItem": (5.0, 5),
}

#: marketplace id -> (country, currency, name, prices include tax).
#: Europe, the UK and Japan show VAT-inclusive prices; the Americas add
#: sales tax on top.
MARKETPLACES = {
    "ATVPDKIKX0DER": ("US", "USD", "Amazon.com", False),
    "A2EUQ1WTGCTBG2": ("CA", "CAD", "Amazon.ca", False),
    "A1AM78C64UM0Y8": ("MX", "MXN", "Amazon.com.mx", False),
    "A2Q3Y263D00KWC": ("BR", "BRL", "Amazon.com.br", False),
    "A1PA6795UKMFR9": ("DE", "EUR", "Amazon.de", True),
    "A1F83G8C2ARO7P": ("GB", "GBP", "Amazon.co.uk", True),
    "A13V1IB3VIYZZH": ("FR", "EUR", "Amazon.fr", True),
    "APJ6JRA9NG5V4": ("IT", "EUR", "Amazon.it", True),
    "A1RKKUPIHCS9HS": ("ES", "EUR", "Amazon.es", True),
    "A1805IZSGTT6HS": ("NL", "EUR", "Amazon.nl", True),
    "AMEN7PMS3EDWL": ("BE", "EUR", "Amazon.com.be", True),
    "A2NODRKZP88ZB9": ("SE", "SEK", "Amazon.se", True),
    "A1C3SOZRARQ6R3": ("PL", "PLN", "Amazon.pl", True),
    "A1VC38T7YXB528": ("JP", "JPY", "Amazon.co.jp", True),
    "A39IBJ37TRP1C6": ("AU", "AUD", "Amazon.com.au", True),
    "A19VAU5U5O7RUS": ("SG", "SGD", "Amazon.sg", True),
}

#: statuses asked from searchOrders: pending ones carry no prices yet and
#: are picked up when they move on (their lastUpdatedTime changes then).
IMPORTED_STATUSES = (
    "UNSHIPPED",
    "PARTIALLY_SHIPPED",
    "SHIPPED",
    "CANCELLED",
    "UNFULFILLABLE",
)
PENDING_STATUSES = ("PENDING", "PENDING_AVAILABILITY")
INCLUDED_DATA = (
    "BUYER",
    "RECIPIENT",
    "PROCEEDS",
    "PROMOTION",
    "CANCELLATION",
    "FULFILLMENT",
    "PACKAGES",
)
FULFILLMENT_STATUS = {
    "UNSHIPPED": "unfulfilled",
    "PARTIALLY_SHIPPED": "partial",
    "SHIPPED": "fulfilled",
}

#: carriers confirmShipment knows by code; any other is sent as "Other"
#: with its name.
CARRIER_CODES = {
    "usps": "USPS",
    "ups": "UPS",
    "fedex": "FedEx",
    "dhl": "DHL",
    "dhl express": "DHL",
    "dpd": "DPD",
    "gls": "GLS",
    "hermes": "Hermes",
    "royal mail": "Royal Mail",
    "parcelforce": "Parcelforce",
    "colissimo": "Colissimo",
    "chronopost": "Chronopost",
    "bpost": "BPOST",
    "postnl": "PostNL",
    "deutsche post": "Deutsche Post",
    "yamato": "Yamato Transport",
    "japan post": "Japan Post",
    "canada post": "Canada Post",
    "australia post": "Australia Post",
}

#: JSON_LISTINGS_FEED takes at most this many messages.
FEED_MAX_MESSAGES = 25_000
FEED_CONTENT_TYPE = "application/json; charset=UTF-8"
FEED_DONE_STATUSES = ("DONE", "CANCELLED", "FATAL")

#: refresh the LWA access token this long before it expires
TOKEN_MARGIN_SECONDS = 120
#: searchOrders and listFinancialEvents refuse "before" dates later than
#: two minutes ago
LATENESS_SECONDS = 150
#: waiting longer than this for a rate-limit token ends the job (retried later)
MAX_THROTTLE_WAIT = 30.0
#: in-adapter retries of 429 and 5xx answers, with these waits
RETRY_BACKOFF = (1.0, 2.0, 4.0)

SENSITIVE_KEYS = (
    "buyerName",
    "buyerEmail",
    "buyerCompanyName",
    "buyerPurchaseOrderNumber",
    "addressLine1",
    "addressLine2",
    "addressLine3",
    "postalCode",
    "phone",
    "giftMessage",
    "customizedUrl",
    "BuyerEmail",
    "BuyerName",
    "AddressLine1",
    "AddressLine2",
    "PostalCode",
    "Phone",
    "x-amz-access-token",
)
