# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import logging
import math
import time
from datetime import timedelta

from odoo import api, fields, models

from odoo.addons.ecommerce_base.exceptions import (
    EcommerceAuthError,
    EcommerceConfigError,
    EcommercePermanentError,
    EcommerceRateLimited,
    EcommerceRetryableError,
)

from ..const import (
    MAX_THROTTLE_WAIT,
    RETRY_BACKOFF,
    TOKEN_MARGIN_SECONDS,
    USAGE_PLANS,
)
from ..tools import throttle

_logger = logging.getLogger(__name__)


class AmazonLoginError(EcommerceAuthError):
    """Login with Amazon refused the credentials: refreshing again is useless."""


USER_AGENT = "OdooEcommerceConnector/19.0 (Language=Python)"


class AmazonAdapter(models.AbstractModel):
    """SP-API adapter: plain ``requests`` through the base's ``_request`` seam.

    Why not ``python-amazon-sp-api``: since October 2023 SP-API needs no AWS
    Signature V4, only the LWA access token in ``x-amz-access-token``, so a
    client library brings nothing a few lines do not, while it would bypass
    the seam that counts API calls per sync, refuses to run from neutralized
    databases and turns HTTP failures into the connector's retryable or
    permanent errors; it also sleeps and retries on its own and keeps the
    token in memory only, against our per-operation budget and the queue's
    retries.

    Every SP-API call goes through :meth:`_amazon_call`, which takes a token
    from the operation's bucket (documented rate and burst, corrected by
    ``x-amzn-RateLimit-Limit``), sends the cached LWA access token (refreshed
    shortly before it expires, or once when Amazon says it expired) and
    retries 429 ``QuotaExceeded`` and 5xx answers with a growing wait.
    """

    _name = "ecommerce.amazon.adapter"
    _inherit = "ecommerce.adapter"
    _description = "Amazon SP-API Adapter"

    # === TRANSPORT HOOKS === #

    @api.model
    def _build_url(self, account, path):
        """SP-API paths go to the region's endpoint; absolute URLs (LWA, the
        pre-signed feed document URLs) are used as they are."""
        if path.startswith(("https://", "http://")):
            return path
        return f"{account._amazon_endpoint()}/{path.lstrip('/')}"

    @api.model
    def _auth_headers(self, account):
        """The LWA access token (fetched or refreshed when needed); none for
        the token endpoint itself and for pre-signed document URLs."""
        if self.env.context.get("amazon_no_auth"):
            return {}
        return {
            "x-amz-access-token": self._amazon_access_token(account),
            "user-agent": USER_AGENT,
        }

    @api.model
    def _after_response(self, account, response):
        """Adopt the operation's rate announced in ``x-amzn-RateLimit-Limit``
        (sent on 2xx, 400 and 404 answers only, best effort)."""
        operation = self.env.context.get("amazon_operation")
        limit = response.headers.get("x-amzn-RateLimit-Limit")
        if not operation or not limit:
            return
        try:
            rate = float(limit)
        except ValueError:
            return
        self._amazon_bucket(account, operation).set_rate(rate)

    @api.model
    def _error_message(self, account, response):
        """``code: message`` of SP-API's ``{"errors": [...]}`` bodies and of
        LWA's OAuth errors (``error`` / ``error_description``)."""
        try:
            body = response.json()
        except ValueError:
            return super()._error_message(account, response)
        if isinstance(body, dict) and isinstance(body.get("errors"), list):
            parts = []
            for error in body["errors"]:
                if not isinstance(error, dict):
                    continue
                text = f"{error.get('code') or 'Error'}: {error.get('message') or ''}"
                if error.get("details"):
                    text += f" ({error['details']})"
                parts.append(text.strip())
            if parts:
                return "; ".join(parts)[:500]
        if isinstance(body, dict) and body.get("error"):
            return f"{body['error']}: {body.get('error_description') or ''}".strip()
        return super()._error_message(account, response)

    @api.model
    def _retry_after(self, account, response):
        """SP-API sends no Retry-After: wait for one token of the operation."""
        operation = self.env.context.get("amazon_operation")
        if not operation:
            return super()._retry_after(account, response)
        rate = self._amazon_bucket(account, operation).rate
        return min(300, max(1, math.ceil(1 / rate)))

    # === LWA ACCESS TOKEN === #

    @api.model
    def _amazon_access_token(self, account):
        """The cached access token while it is valid for a while more, else
        a fresh one. It is stored on the account, never logged."""
        sudo = account.sudo()
        token = sudo.access_token
        expires = sudo.amazon_token_expires_at
        margin = timedelta(seconds=TOKEN_MARGIN_SECONDS)
        if token and expires and expires > fields.Datetime.now() + margin:
            return token
        return self._amazon_refresh_access_token(account)

    @api.model
    def _amazon_refresh_access_token(self, account):
        """Exchange the seller's refresh token for an access token (LWA) and
        cache it with its expiry.

        :raises EcommerceConfigError: when a credential is missing
        :raises EcommerceAuthError: when Amazon refuses them
        """
        client_id = account._get_credential("api_key")
        client_secret = account._get_credential("api_secret")
        refresh_token = account._get_credential("refresh_token")
        if not (client_id and client_secret and refresh_token):
            raise EcommerceConfigError(
                "Amazon needs the LWA client id, client secret and the seller's "
                "refresh token: fill them on the account"
            )
        try:
            answer = self.with_context(
                amazon_no_auth=True, amazon_operation=None
            )._request(
                account,
                "POST",
                account.amazon_lwa_url,
                data={
                    "grant_type": "refresh_token",
                    "refresh_token": refresh_token,
                    "client_id": client_id,
                    "client_secret": client_secret,
                },
                headers={
                    "Content-Type": "application/x-www-form-urlencoded;charset=UTF-8"
                },
            )
        except EcommercePermanentError as exc:
            raise AmazonLoginError(
                f"Login with Amazon refused the app credentials or the seller's "
                f"authorization: {exc}"
            ) from exc
        token = answer.get("access_token") if isinstance(answer, dict) else None
        if not token:
            raise AmazonLoginError("Login with Amazon answered without a token")
        expires_in = int(answer.get("expires_in") or 3600)
        account.sudo().write(
            {
                "access_token": token,
                "amazon_token_expires_at": fields.Datetime.now()
                + timedelta(seconds=expires_in),
            }
        )
        _logger.info("Amazon account %s: new LWA access token", account.id)
        return token

    # === RATE LIMITS === #

    @api.model
    def _amazon_bucket(self, account, operation):
        """The client-side token bucket of one operation of one account."""
        rate, burst = USAGE_PLANS[operation]
        return throttle.bucket((self.env.cr.dbname, account.id, operation), rate, burst)

    @api.model
    def _amazon_throttle(self, account, operation):
        """Take a token of ``operation``, waiting for it when the wait is
        short; a long wait ends the job, queue_job retries it then.

        :raises EcommerceRateLimited: when the wait exceeds the maximum
        """
        accepted, wait = self._amazon_bucket(account, operation).reserve(
            max_wait=MAX_THROTTLE_WAIT
        )
        if not accepted:
            raise EcommerceRateLimited(
                f"Amazon {operation}: rate limit reached, next call possible in "
                f"{math.ceil(wait)} s",
                seconds=math.ceil(wait),
            )
        if wait:
            time.sleep(wait)

    @api.model
    def _amazon_sleep(self, seconds):
        """Wait between two attempts (a hook so integrators can tune it)."""
        time.sleep(seconds)

    # === THE CALL === #

    @api.model
    def _amazon_call(
        self,
        account,
        operation,
        method,
        path,
        *,
        params=None,
        json=None,
        expect_json=True,
    ):
        """Send one SP-API operation, within its rate limit.

        A refused access token is refreshed once and the call sent again;
        429 and 5xx answers are retried after growing waits, then left to
        queue_job's retry.

        :param str operation: SP-API operation name (key of ``USAGE_PLANS``)
        :return: the decoded JSON body (``{}`` for 204)
        """
        refreshed = False
        attempt = 0
        contextual = self.with_context(amazon_operation=operation)
        while True:
            self._amazon_throttle(account, operation)
            try:
                return contextual._request(
                    account,
                    method,
                    path,
                    params=params,
                    json=json,
                    expect_json=expect_json,
                )
            except AmazonLoginError:
                raise
            except EcommerceAuthError:
                if refreshed:
                    raise
                refreshed = True
                self._amazon_refresh_access_token(account)
            except EcommerceRetryableError as exc:
                if attempt >= len(RETRY_BACKOFF):
                    raise
                if isinstance(exc, EcommerceRateLimited):
                    self._amazon_bucket(account, operation).empty()
                self._amazon_sleep(RETRY_BACKOFF[attempt])
                attempt += 1

    @api.model
    def _amazon_raw(self, account, method, url, **kwargs):
        """A call to a pre-signed document URL: no token, no operation budget."""
        return self.with_context(amazon_no_auth=True, amazon_operation=None)._request(
            account, method, url, **kwargs
        )
