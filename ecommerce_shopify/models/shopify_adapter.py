# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import logging
import math
import threading
import time

from odoo import api, models

from odoo.addons.ecommerce_base.exceptions import (
    EcommerceConfigError,
    EcommercePermanentError,
    EcommerceRateLimited,
    EcommerceRetryableError,
)

_logger = logging.getLogger(__name__)

# Longest wait spent sleeping inside a job; beyond it the job is retried later.
MAX_INLINE_WAIT = 10.0
MAX_ATTEMPTS = 6
DEFAULT_EXPECTED_COST = 50
# Per account id: the last throttle status Shopify reported and when.
_BUDGETS = {}
# Per (account id, query text): the cost Shopify announced for it last time.
_EXPECTED_COSTS = {}
_BUDGETS_LOCK = threading.Lock()


class ShopifyAdapter(models.AbstractModel):
    """Shopify Admin API adapter, GraphQL only.

    It speaks plain ``requests`` through the base's HTTP seam (``_request``)
    rather than the ``ShopifyAPI`` package: that package is built around the
    legacy REST resources and a global session, while every call here is one
    GraphQL POST whose throttling lives in the response body
    (``extensions.cost``), which the seam's hooks handle in a few lines, with
    the base's error mapping, call counting and neutralized-database guard.

    Throttling: Shopify meters GraphQL in cost points (a leaky bucket per app
    and store). Each answer tells how many points are left and how fast they
    come back; before the next query the adapter waits until the bucket holds
    what that query cost last time, so it never runs the bucket dry. A THROTTLED
    answer, a 429 or a 5xx is retried here after a short wait, and handed to
    queue_job as a retryable error when the wait would be long.
    """

    _name = "ecommerce.shopify.adapter"
    _inherit = "ecommerce.adapter"
    _description = "Shopify Adapter"

    # === TRANSPORT HOOKS === #

    @api.model
    def _build_url(self, account, path):
        """``https://<shop>/admin/api/<version>/<path>``; the shop domain may
        be given with or without scheme (a scheme is kept, for the sandbox)."""
        base = (account.base_url or "").strip().rstrip("/")
        if not base:
            raise EcommerceConfigError(
                self.env._("Account %(name)s has no shop domain", name=account.name)
            )
        if "://" not in base:
            base = f"https://{base}"
        version = (account.shopify_api_version or "").strip()
        return f"{base}/admin/api/{version}/{path.lstrip('/')}"

    @api.model
    def _auth_headers(self, account):
        """Shopify's Admin API token header (a custom app's ``shpat_`` token)."""
        token = account._get_credential("access_token")
        if not token:
            raise EcommerceConfigError(
                self.env._(
                    "Account %(name)s has no Admin API access token", name=account.name
                )
            )
        return {"X-Shopify-Access-Token": token}

    @api.model
    def _after_response(self, account, response):
        """Remember the cost bucket Shopify reports in ``extensions.cost``."""
        if "json" not in (response.headers.get("Content-Type") or ""):
            return
        try:
            body = response.json()
        except ValueError:
            return
        cost = (
            (body.get("extensions") or {}).get("cost")
            if isinstance(body, dict)
            else None
        )
        status = (cost or {}).get("throttleStatus")
        if status:
            with _BUDGETS_LOCK:
                _BUDGETS[account.id] = (
                    float(status.get("currentlyAvailable") or 0),
                    float(status.get("restoreRate") or 50) or 50.0,
                    float(status.get("maximumAvailable") or 1000),
                    time.monotonic(),
                )

    @api.model
    def _error_message(self, account, response):
        """Shopify's ``{"errors": "..."}`` or ``{"errors": [{"message"}]}``."""
        try:
            errors = response.json().get("errors")
        except (ValueError, AttributeError):
            return super()._error_message(account, response)
        if isinstance(errors, list):
            return "; ".join(str(e.get("message", e)) for e in errors)[:300]
        if errors:
            return str(errors)[:300]
        return super()._error_message(account, response)

    # === GRAPHQL === #

    @api.model
    def _available_points(self, account):
        """Points in the bucket now, from the last status and the restore rate,
        as ``(available, restore rate)``; ``None`` before the first answer."""
        with _BUDGETS_LOCK:
            state = _BUDGETS.get(account.id)
        if not state:
            return None
        available, rate, maximum, seen_at = state
        return min(maximum, available + (time.monotonic() - seen_at) * rate), rate

    @api.model
    def _wait_for_budget(self, account, cost):
        """Sleep until the bucket holds ``cost`` points, or raise
        :class:`EcommerceRateLimited` when that is too long to wait in a job."""
        budget = self._available_points(account)
        if budget is None or budget[0] >= cost:
            return
        available, rate = budget
        wait = (cost - available) / rate
        if wait > MAX_INLINE_WAIT:
            raise EcommerceRateLimited(
                f"Shopify API budget spent: {available:.0f} points left, {cost} needed",
                seconds=math.ceil(wait),
            )
        time.sleep(wait)

    @api.model
    def _graphql(self, account, query, variables=None):
        """Run one GraphQL operation and return its ``data``.

        Waits for the cost budget first; retries THROTTLED answers, 429 and
        5xx/timeouts a few times with short waits.

        :raises EcommerceRateLimited: when the budget would take long to refill
        :raises EcommercePermanentError: on GraphQL errors (bad query, access
            denied), with Shopify's message
        """
        key = (account.id, query)
        expected = _EXPECTED_COSTS.get(key, DEFAULT_EXPECTED_COST)
        payload = {"query": query, "variables": variables or {}}
        for attempt in range(1, MAX_ATTEMPTS + 1):
            self._wait_for_budget(account, expected)
            try:
                body = self._request(account, "POST", "graphql.json", json=payload)
            except EcommerceRetryableError as exc:
                if isinstance(exc, EcommerceRateLimited):
                    wait = float(exc.seconds or 1)
                else:  # 5xx, timeout: Shopify says nothing, back off briefly
                    wait = 0.5 * 2 ** (attempt - 1)
                if attempt == MAX_ATTEMPTS or wait > MAX_INLINE_WAIT:
                    raise
                _logger.info("Shopify: %s; retrying in %.1f s", exc, wait)
                time.sleep(wait)
                continue
            cost = (body.get("extensions") or {}).get("cost") or {}
            if cost.get("requestedQueryCost"):
                expected = _EXPECTED_COSTS[key] = int(cost["requestedQueryCost"])
            errors = body.get("errors") or []
            codes = {(e.get("extensions") or {}).get("code") for e in errors}
            if "THROTTLED" in codes:
                if attempt == MAX_ATTEMPTS:
                    raise EcommerceRateLimited(
                        "Shopify throttled the request", seconds=5
                    )
                continue  # the next _wait_for_budget waits for the points
            if errors and not body.get("data"):
                message = "; ".join(str(e.get("message")) for e in errors)[:500]
                raise EcommercePermanentError(f"Shopify refused the request: {message}")
            return body.get("data") or {}
        raise EcommerceRateLimited("Shopify kept refusing the request", seconds=30)

    @api.model
    def _paginate(self, account, query, connection, variables=None):
        """Iterate over the nodes of a root connection, page after page.

        :param str connection: the root field (``orders``, ``productVariants``)
        """
        variables = dict(variables or {})
        while True:
            data = self._graphql(account, query, variables)
            page = data.get(connection) or {}
            yield from page.get("nodes") or []
            info = page.get("pageInfo") or {}
            if not info.get("hasNextPage"):
                return
            variables["after"] = info["endCursor"]

    @api.model
    def _check_user_errors(self, payload, what):
        """Raise the ``userErrors`` of a mutation payload as a clear message."""
        errors = (payload or {}).get("userErrors") or []
        if errors:
            message = "; ".join(
                f"{'.'.join(e.get('field') or [])}: {e.get('message')}".lstrip(": ")
                for e in errors
            )
            raise EcommercePermanentError(f"Shopify refused {what}: {message}")
