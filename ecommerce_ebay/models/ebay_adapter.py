# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import logging
import threading
import time
from datetime import datetime, timedelta, timezone

import requests

from odoo import api, fields, models

from odoo.addons.ecommerce_base.exceptions import (
    EcommerceAuthError,
    EcommercePermanentError,
    EcommerceRateLimited,
    EcommerceRetryableError,
)

_logger = logging.getLogger(__name__)

TOKEN_PATH = "/identity/v1/oauth2/token"
APP_SCOPE = "https://api.ebay.com/oauth/api_scope"
# A token is renewed this long before eBay says it expires, so a call never
# starts with a token that dies on the way.
TOKEN_MARGIN = timedelta(minutes=5)
# 429 and 5xx are retried in the same job this many times (short backoff),
# then left to queue_job's retry pattern.
INLINE_RETRIES = 3
BACKOFF_SECONDS = 0.25
MAX_INLINE_WAIT = 5


class EbayAdapter(models.AbstractModel):
    """eBay Sell APIs over plain ``requests`` through the base HTTP seam.

    Why plain ``requests`` and not an SDK: eBay's official Python SDKs cover
    neither the Fulfillment/Inventory REST APIs nor the Trading XML call we
    need in a maintained form, and going through the base's ``_request``
    keeps in one place what every call needs: the neutralized-database
    guard, API-call counting for the sync runs, timeouts and the mapping of
    HTTP failures to retryable or permanent connector errors.

    Auth is OAuth 2.0: the seller's refresh token buys a user access token
    (two hours), cached on the account and in this worker until shortly
    before it expires, so a sync of hundreds of calls refreshes it at most
    once. The application token (client credentials) is only used to read
    eBay's notification public keys.
    """

    _name = "ecommerce.ebay.adapter"
    _inherit = "ecommerce.adapter"
    _description = "eBay Adapter"

    # worker-wide caches: {(db, account id, kind): (token, expires_at utc naive)}
    _ebay_tokens = {}
    _ebay_tokens_lock = threading.Lock()

    # === HTTP SEAM === #

    @api.model
    def _request(self, account, method, path, **kwargs):
        """Send one eBay call: refresh the token when eBay says it expired
        (once), retry 429 and 5xx a few times with a growing wait, and refuse
        to start once the account's daily call budget is spent.

        :raises EcommerceRateLimited: still throttled after the inline retries
            or out of daily budget (queue_job retries the job later)
        """
        if not self.env.context.get("ebay_token_kind"):
            self._check_daily_budget(account)
        attempt = 0
        renewed = False
        while True:
            try:
                return super()._request(account, method, path, **kwargs)
            except EcommerceAuthError:
                kind = self._token_kind()
                if renewed or kind is None or path == TOKEN_PATH:
                    raise
                # eBay revoked or expired the token early: one fresh try.
                self._drop_token(account, kind)
                renewed = True
            except EcommerceRetryableError as exc:
                wait = self._backoff(attempt, exc)
                if attempt >= INLINE_RETRIES or wait > MAX_INLINE_WAIT:
                    raise
                _logger.info(
                    "eBay %s %s: %s; retrying in %.2f s", method, path, exc, wait
                )
                time.sleep(wait)
                attempt += 1

    @api.model
    def _backoff(self, attempt, exc):
        """Seconds to wait before retry ``attempt`` (0-based) of a throttled
        or failed call: the announced Retry-After when eBay sent one, else an
        exponential backoff."""
        announced = getattr(exc, "seconds", None)
        if announced and getattr(exc, "ebay_announced", False):
            return float(announced)
        return BACKOFF_SECONDS * (2**attempt)

    @api.model
    def _raise_for_status(self, account, method, path, response):
        """eBay's token endpoint answers a bad refresh token with 400
        ``invalid_grant``: that is an authentication problem, not bad data."""
        try:
            return super()._raise_for_status(account, method, path, response)
        except EcommerceRetryableError as exc:
            exc.ebay_announced = bool(response.headers.get("Retry-After"))
            raise
        except EcommercePermanentError as exc:
            if path == TOKEN_PATH and not isinstance(exc, EcommerceAuthError):
                raise EcommerceAuthError(
                    self.env._(
                        "eBay refused the credentials: %(error)s. Check the App "
                        "ID, Cert ID and refresh token, or ask the seller to "
                        "grant access again.",
                        error=exc,
                    )
                ) from exc
            raise

    @api.model
    def _check_daily_budget(self, account):
        """Stop before the daily call limit of the application is reached."""
        budget = account.ebay_daily_call_budget
        if budget and account.ebay_calls_today >= budget:
            now = datetime.now(timezone.utc)
            midnight = (now + timedelta(days=1)).replace(
                hour=0, minute=0, second=0, microsecond=0
            )
            raise EcommerceRateLimited(
                self.env._(
                    "Daily eBay call budget of %(budget)s spent: syncing resumes "
                    "after midnight UTC.",
                    budget=budget,
                ),
                seconds=int((midnight - now).total_seconds()) + 60,
            )

    # === HOOKS: TRANSPORT === #

    @api.model
    def _build_url(self, account, path):
        """eBay's API host of the account's environment (or its Store URL)."""
        return f"{account._ebay_api_root()}/{path.lstrip('/')}"

    @api.model
    def _auth_headers(self, account):
        """Bearer user token (or application token for notification keys),
        plus the marketplace header; the token call itself uses Basic auth
        (see :meth:`_auth`)."""
        kind = self._token_kind()
        if kind is None:
            return {}
        headers = {"Authorization": f"Bearer {self._access_token(account, kind)}"}
        if account.ebay_marketplace_id:
            headers["X-EBAY-C-MARKETPLACE-ID"] = account.ebay_marketplace_id
        return headers

    @api.model
    def _auth(self, account):
        """Basic auth with App ID and Cert ID, only for the token endpoint."""
        if self.env.context.get("ebay_token_kind") == "grant":
            return requests.auth.HTTPBasicAuth(
                account._get_credential("api_key"),
                account._get_credential("api_secret"),
            )
        return None

    @api.model
    def _error_message(self, account, response):
        """``errorId: message`` of each entry of eBay's ``errors`` array (or
        the OAuth ``error_description`` of the token endpoint)."""
        try:
            body = response.json()
        except ValueError:
            return super()._error_message(account, response)
        if isinstance(body, dict) and isinstance(body.get("errors"), list):
            return "; ".join(
                f"{error.get('errorId', '?')}: "
                f"{error.get('longMessage') or error.get('message') or ''}".strip()
                for error in body["errors"]
                if isinstance(error, dict)
            )[:500]
        if isinstance(body, dict) and body.get("error"):
            return f"{body['error']}: {body.get('error_description') or ''}"[:500]
        return super()._error_message(account, response)

    # === TOKENS === #

    @api.model
    def _token_kind(self):
        """Which token the current call carries: ``user`` (default),
        ``application``, or None for the token call itself."""
        kind = self.env.context.get("ebay_token_kind", "user")
        return None if kind == "grant" else kind

    @api.model
    def _cache_key(self, account, kind):
        return (self.env.cr.dbname, account.id, kind)

    @api.model
    def _access_token(self, account, kind="user"):
        """A valid access token of ``kind``: from this worker's cache, else
        from the account (user token), else fresh from eBay."""
        now = fields.Datetime.now()
        key = self._cache_key(account, kind)
        with self._ebay_tokens_lock:
            cached = self._ebay_tokens.get(key)
        if cached and cached[1] - TOKEN_MARGIN > now:
            return cached[0]
        sudo = account.sudo()
        if (
            kind == "user"
            and sudo.access_token
            and sudo.ebay_token_expires_at
            and sudo.ebay_token_expires_at - TOKEN_MARGIN > now
        ):
            token, expires = sudo.access_token, sudo.ebay_token_expires_at
        else:
            token, expires = self._fetch_token(account, kind)
            if kind == "user":
                sudo.write({"access_token": token, "ebay_token_expires_at": expires})
        with self._ebay_tokens_lock:
            self._ebay_tokens[key] = (token, expires)
        return token

    @api.model
    def _fetch_token(self, account, kind):
        """Ask eBay's token endpoint for a user token (refresh-token grant)
        or an application token (client-credentials grant).

        :return: ``(token, expires_at)`` with a naive UTC datetime
        :raises EcommerceAuthError: when credentials are missing or refused
        """
        if not account._get_credential("api_key") or not account._get_credential(
            "api_secret"
        ):
            raise EcommerceAuthError(
                self.env._("Set the eBay App ID and Cert ID on the account.")
            )
        if kind == "user":
            refresh_token = account._get_credential("refresh_token")
            if not refresh_token:
                raise EcommerceAuthError(
                    self.env._("Set the seller's eBay refresh token on the account.")
                )
            form = {"grant_type": "refresh_token", "refresh_token": refresh_token}
            if account.ebay_scopes:
                form["scope"] = " ".join(account.ebay_scopes.split())
        else:
            form = {"grant_type": "client_credentials", "scope": APP_SCOPE}
        answer = self.with_context(ebay_token_kind="grant")._request(
            account,
            "POST",
            TOKEN_PATH,
            data=form,
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        token = answer.get("access_token") if isinstance(answer, dict) else None
        if not token:
            raise EcommerceAuthError(
                self.env._("eBay's token endpoint answered without an access token.")
            )
        try:
            lifetime = int(answer.get("expires_in") or 7200)
        except (TypeError, ValueError):
            lifetime = 7200
        return token, fields.Datetime.now() + timedelta(seconds=lifetime)

    @api.model
    def _drop_token(self, account, kind):
        """Forget a token eBay refused, so the next call gets a new one."""
        with self._ebay_tokens_lock:
            self._ebay_tokens.pop(self._cache_key(account, kind), None)
        if kind == "user":
            account.sudo().write(
                {"access_token": False, "ebay_token_expires_at": False}
            )
