# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import hmac
import logging

import requests

from odoo import api, models

from ..exceptions import (
    EcommerceAuthError,
    EcommerceNotFound,
    EcommercePermanentError,
    EcommerceRateLimited,
    EcommerceRetryableError,
)
from ..tools import api_calls
from ..tools.masking import mask_text

_logger = logging.getLogger(__name__)

DEFAULT_TIMEOUT = 30
DEFAULT_RETRY_AFTER = 30


class EcommerceAdapter(models.AbstractModel):
    """The only code that speaks HTTP to a platform.

    A platform addon defines ``ecommerce.<platform>.adapter`` with
    ``_inherit = "ecommerce.adapter"`` and fills the hooks below. Every method
    takes the ``ecommerce.account`` as first argument and returns raw
    (platform-shaped) dicts; mapping them is the mapper's job.
    """

    _name = "ecommerce.adapter"
    _description = "E-commerce Adapter (extension point)"

    # === HTTP SEAM === #

    @api.model
    def _request(
        self,
        account,
        method,
        path,
        *,
        params=None,
        json=None,
        data=None,
        headers=None,
        timeout=None,
        expect_json=True,
    ):
        """Send one request to the platform and return its decoded body.

        Counts the call for the running sync, refuses to run from a neutralized
        or duplicated database, and turns failures into connector errors:
        429 -> :class:`EcommerceRateLimited` (with Retry-After), 5xx, timeouts
        and connection errors -> :class:`EcommerceRetryableError`, 401/403 ->
        :class:`EcommerceAuthError`, 404 -> :class:`EcommerceNotFound`, other
        4xx -> :class:`EcommercePermanentError`.
        """
        account._check_live_allowed()
        url = self._build_url(account, path)
        all_headers = {"Accept": "application/json", **self._auth_headers(account)}
        all_headers.update(headers or {})
        api_calls.count()
        try:
            response = requests.request(
                method,
                url,
                params=self._auth_params(account, params or {}),
                json=json,
                data=data,
                headers=all_headers,
                timeout=timeout or self._timeout(account),
                auth=self._auth(account),
            )
        except requests.Timeout as exc:
            raise EcommerceRetryableError(
                f"{method} {path}: the platform did not answer in time"
            ) from exc
        except requests.ConnectionError as exc:
            raise EcommerceRetryableError(
                f"{method} {path}: cannot reach the platform"
            ) from exc
        self._after_response(account, response)
        if response.status_code >= 400:
            self._raise_for_status(account, method, path, response)
        if not expect_json:
            return response
        if not response.content:
            return {}
        try:
            return response.json()
        except ValueError as exc:
            raise EcommerceRetryableError(
                f"{method} {path}: the platform answered with something not JSON"
            ) from exc

    @api.model
    def _raise_for_status(self, account, method, path, response):
        """Raise the connector error of an HTTP error answer (see ``_request``)."""
        status = response.status_code
        message = mask_text(self._error_message(account, response)) or response.reason
        text = f"{method} {path}: HTTP {status}: {message}"
        if status == 429:
            raise EcommerceRateLimited(
                text, seconds=self._retry_after(account, response)
            )
        if status >= 500:
            raise EcommerceRetryableError(
                text, seconds=self._retry_after(account, response)
            )
        if status in (401, 403):
            raise EcommerceAuthError(text)
        if status == 404:
            raise EcommerceNotFound(text)
        raise EcommercePermanentError(text)

    # === HOOKS: TRANSPORT === #

    @api.model
    def _build_url(self, account, path):
        """Full URL of ``path`` on this account's API.

        For a platform to use another base (regional endpoints, API version in
        the path), it must override this method.

        :param account: the ``ecommerce.account``
        :param str path: path relative to the API root, e.g. ``/orders``
        :rtype: str
        """
        return f"{(account.base_url or '').rstrip('/')}/{path.lstrip('/')}"

    @api.model
    def _auth_headers(self, account):
        """Headers that authenticate a request (tokens, signatures).

        :rtype: dict
        """
        return {}

    @api.model
    def _auth_params(self, account, params):
        """Query parameters of a request, with query-string auth where the
        platform uses it.

        :rtype: dict
        """
        return params

    @api.model
    def _auth(self, account):
        """A ``requests`` auth object (e.g. basic auth), or ``None``."""
        return None

    @api.model
    def _timeout(self, account):
        """Seconds to wait for an answer before giving up (retryable)."""
        return DEFAULT_TIMEOUT

    @api.model
    def _after_response(self, account, response):
        """Called with every response before errors are raised: where a
        platform reads its rate-limit budget headers and waits or records them."""

    @api.model
    def _error_message(self, account, response):
        """Human message from the platform's error body.

        :rtype: str
        """
        try:
            body = response.json()
        except ValueError:
            return response.text[:300]
        if isinstance(body, dict):
            for key in ("message", "error_description", "error", "errors"):
                if body.get(key):
                    return str(body[key])[:300]
        return str(body)[:300]

    @api.model
    def _retry_after(self, account, response):
        """Seconds the platform asks us to wait (``Retry-After``)."""
        value = response.headers.get("Retry-After")
        try:
            return max(1, int(float(value)))
        except (TypeError, ValueError):
            return DEFAULT_RETRY_AFTER

    # === HOOKS: OPERATIONS === #

    @api.model
    def test_connection(self, account):
        """Check the credentials and return what identifies the store.

        :return: a short dict shown to the admin, e.g. ``{"shop": ...}``
        :raises EcommerceError: when the connection does not work
        """
        raise NotImplementedError

    @api.model
    def expected_tax_rounding(self, account):
        """How the platform rounds taxes: ``round_per_line`` or
        ``round_globally`` (Odoo's names), or ``None`` when it does not say.
        Test connection warns when the company rounds otherwise, since Odoo's
        totals then differ from the platform's by a cent on some orders.

        :rtype: str or None
        """
        return None

    @api.model
    def fetch_orders(self, account, updated_since):
        """Iterate over raw orders updated at or after ``updated_since``.

        Pagination is handled here; the caller just iterates.

        :param datetime updated_since: naive UTC datetime, or ``None`` for all
        :rtype: iterator of dict
        """
        raise NotImplementedError

    @api.model
    def fetch_order(self, account, external_id):
        """One raw order by its platform id.

        :raises EcommerceNotFound: when it does not exist
        :rtype: dict
        """
        raise NotImplementedError

    @api.model
    def fetch_products(self, account):
        """Iterate over the raw products (or variants) of the catalog.

        :rtype: iterator of dict
        """
        raise NotImplementedError

    @api.model
    def stock_batch_size(self, account):
        """Most stock levels the platform takes in one call.

        :rtype: int
        """
        return 50

    @api.model
    def push_stock(self, account, raw_levels):
        """Publish one batch of stock levels (at most :meth:`stock_batch_size`).

        :param list raw_levels: levels as the mapper shaped them
        :return: ``{key: message}`` of the levels the platform refused, keyed
            as the mapper's ``stock_level_key``; the others were accepted
        :rtype: dict
        """
        raise NotImplementedError

    @api.model
    def fetch_stock(self, account, skus):
        """The platform's current quantities of ``skus``.

        :rtype: dict mapping sku to int
        """
        raise NotImplementedError

    @api.model
    def create_fulfillment(self, account, order_external_id, raw_fulfillment):
        """Create a shipment (fulfilment) of some lines of an order.

        :return: the platform's id of the fulfilment
        :rtype: str
        """
        raise NotImplementedError

    @api.model
    def update_product(self, account, binding, raw_product):
        """Write product data (as the mapper's ``from_product_variant`` shaped
        it) to the platform product or variant of ``binding``.

        :param binding: the ``ecommerce.product.binding``
        """
        raise NotImplementedError

    @api.model
    def create_product(self, account, raw_product):
        """Create a product with its variants on the platform, as the mapper's
        ``new_product`` shaped it (Odoo is the catalog master).

        :return: ``{sku: values}`` for each variant created, ``values`` being
            the fields of its ``ecommerce.product.binding``: at least
            ``external_id``, usually ``external_product_id``, plus any
            platform field (e.g. an inventory item id)
        :rtype: dict
        """
        raise NotImplementedError

    @api.model
    def verify_webhook(self, account, headers, body):
        """Whether a webhook really comes from the platform.

        Must check the signature on the raw ``body`` bytes in constant time
        (use :meth:`_constant_time_equal`); answer ``False``, never raise, on a
        missing or wrong signature.

        :param headers: the request headers (case-insensitive mapping)
        :param bytes body: the raw request body
        :rtype: bool
        """
        return False

    @api.model
    def webhook_max_age(self, account):
        """Seconds a webhook may be old (or early, for clock skew) when it
        arrives; older deliveries are refused as replays. ``0`` when the
        platform signs no delivery time, so there is no window to enforce.

        :rtype: int
        """
        return 0

    @api.model
    def webhook_sent_at(self, account, headers, body):
        """When the platform says it sent this (verified) webhook, from the
        signed timestamp it carries; ``None`` when there is none, which fails
        the check when :meth:`webhook_max_age` sets a window.

        :return: naive UTC datetime or ``None``
        """
        return None

    @api.model
    def parse_webhook(self, account, headers, body):
        """What a verified webhook asks Odoo to do.

        :return: the events to enqueue (an empty list acknowledges a ping)
        :rtype: list of :class:`~odoo.addons.ecommerce_base.canonical.WebhookEvent`
        """
        return []

    @api.model
    def register_webhooks(self, account, url):
        """Create (or repair) the platform's webhook subscriptions to ``url``.

        :return: the topics that are registered
        :rtype: list of str
        """
        raise NotImplementedError

    @api.model
    def webhook_topics(self, account, url):
        """The topics whose webhooks the platform sends to ``url`` now, for
        the account's health panel; ``None`` when the platform cannot list
        its webhook subscriptions (the panel then says "not checked").

        :rtype: list of str or None
        """
        return None

    @api.model
    def _constant_time_equal(self, expected, received):
        """Compare two signatures without leaking their difference by timing."""
        if not expected or not received:
            return False
        return hmac.compare_digest(str(expected).encode(), str(received).encode())
