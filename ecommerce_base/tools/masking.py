# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Masking of personal data and secrets before anything is logged or stored."""

import re

SECRET_KEYS = frozenset(
    {
        "access_token",
        "refresh_token",
        "token",
        "password",
        "secret",
        "client_secret",
        "api_key",
        "consumer_key",
        "consumer_secret",
        "authorization",
        "x-shop-token",
        "webhook_secret",
        "signature",
    }
)
PERSONAL_KEYS = frozenset(
    {
        "email",
        "phone",
        "name",
        "first_name",
        "last_name",
        "firstname",
        "lastname",
        "company",
        "street",
        "street2",
        "address1",
        "address2",
        "address_1",
        "address_2",
        "address_line1",
        "address_line2",
        "addressline1",
        "addressline2",
        "city",
        "zip",
        "postcode",
        "postal_code",
        "postalcode",
        "buyer_email",
        "buyeremail",
        "buyer_name",
        "buyername",
        "username",
        "customer_note",
        "note",
        "ip",
        "customer_ip_address",
        "browser_ip",
        "vat",
        "tax_id",
    }
)
# bounded repeats: an unbounded local part backtracks quadratically on a long
# word without "@" (a 70 000-character field took minutes)
EMAIL_RE = re.compile(r"[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}")
LONG_DIGITS_RE = re.compile(r"\+?\d[\d ().-]{6,}\d")
BEARER_RE = re.compile(r"(?i)(bearer|basic|token)\s+[\w.~+/=-]{8,}")


def _normalise(key):
    return str(key).lower().replace("-", "_")


def mask_value(value):
    """Keep the shape of a value but not its content: ``j***@e***.com``."""
    if value in (None, "", [], {}):
        return value
    text = str(value)
    if "@" in text:
        local, _sep, domain = text.partition("@")
        return f"{local[:1]}***@{domain[:1]}***"
    return f"{text[:1]}***" if len(text) > 3 else "***"


def mask_text(text):
    """Mask emails, phone-like digit runs and bearer tokens in free text."""
    if not text:
        return text
    text = BEARER_RE.sub(lambda m: f"{m.group(1)} ***", str(text))
    if "@" in text:
        text = EMAIL_RE.sub(lambda m: mask_value(m.group(0)), text)
    return LONG_DIGITS_RE.sub("***", text)


def mask_payload(payload, extra_keys=()):
    """Copy of a JSON-like payload with secrets and personal data masked.

    Keys are matched case-insensitively; ``extra_keys`` adds a platform's own
    sensitive keys. Free-text strings are scanned for emails and phone numbers.
    """
    extra = {_normalise(k) for k in extra_keys}

    def walk(node):
        if isinstance(node, dict):
            out = {}
            for key, value in node.items():
                norm = _normalise(key)
                if norm in SECRET_KEYS or norm in extra and "secret" in norm:
                    out[key] = "***" if value else value
                elif norm in PERSONAL_KEYS or norm in extra:
                    out[key] = (
                        walk(value)
                        if isinstance(value, dict | list)
                        else mask_value(value)
                    )
                else:
                    out[key] = walk(value)
            return out
        if isinstance(node, list):
            return [walk(item) for item in node]
        if isinstance(node, str):
            return mask_text(node)
        return node

    return walk(payload)
