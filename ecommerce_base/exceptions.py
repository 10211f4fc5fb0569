# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Errors raised by adapters, mappers and importers.

Retryable errors subclass queue_job's ``RetryableJobError`` so a job that
meets one is postponed (by ``seconds`` when the platform said how long) and
tried again; the others are permanent and end in the error log.
"""

from odoo.addons.queue_job.exception import RetryableJobError


class EcommerceError(Exception):
    """Base of all connector errors; ``str()`` is the message shown to users."""


class EcommerceRetryableError(RetryableJobError):
    """Network failure, timeout, 5xx or lock held: try again later."""


class EcommerceRateLimited(EcommerceRetryableError):
    """The platform answered 429 or its budget ran dry; ``seconds`` is its
    Retry-After."""


class EcommercePermanentError(EcommerceError):
    """The platform refused the request for good (4xx other than 429)."""


class EcommerceAuthError(EcommercePermanentError):
    """Credentials are missing, wrong or revoked."""


class EcommerceNotFound(EcommercePermanentError):
    """The object does not exist (anymore) on the platform."""


class EcommerceConfigError(EcommerceError):
    """The account is not configured for what was asked (no warehouse, no
    tax mapping, database is a neutralized copy...)."""


class EcommerceDataError(EcommerceError):
    """A record from the platform cannot be imported as it is (unknown SKU,
    malformed amount, missing currency...)."""
