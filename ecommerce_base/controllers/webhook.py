# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import logging
from urllib.parse import urlencode

from odoo import fields, http
from odoo.http import request

from ..exceptions import EcommerceError

_logger = logging.getLogger(__name__)

MAX_BODY_BYTES = 2 * 1024 * 1024


def platform_route(url, methods):
    """The route of an endpoint that a platform's servers call: plain HTTP,
    no login, no CSRF token, no session cookie."""
    return http.route(
        url,
        type="http",
        auth="public",
        methods=methods,
        csrf=False,
        save_session=False,
    )


class EcommercePlatformEndpoint:
    """Helpers of the controllers that platforms call (the webhook endpoint
    here, a platform addon's own endpoints): a body of bounded size and the
    account a URL names."""

    @staticmethod
    def _read_body(max_bytes):
        """The request body, or None when it is larger than ``max_bytes``
        (answer :meth:`_too_large`). Kept in the request: Odoo replays the
        request after a serialization failure."""
        length = request.httprequest.content_length
        if length is not None and length > max_bytes:
            return None
        body = request.httprequest.get_data()
        if not body and request.httprequest.form:
            # werkzeug already parsed a form-encoded post (e.g. a ping)
            body = urlencode(list(request.httprequest.form.items(multi=True))).encode()
        return body if len(body) <= max_bytes else None

    @staticmethod
    def _too_large():
        """The answer to a body :meth:`_read_body` refused: 413."""
        return request.make_response("Payload too large", status=413)

    @staticmethod
    def _active_account(account_id, platform=None):
        """The active account ``account_id`` (of ``platform`` when given), as
        superuser, or None."""
        account = request.env["ecommerce.account"].sudo().browse(account_id).exists()
        if not account or not account.active:
            return None
        if platform and account.platform != platform:
            return None
        return account


class EcommerceWebhookController(EcommercePlatformEndpoint, http.Controller):
    """Receives platform webhooks: verify, enqueue, answer fast.

    Unknown accounts, bad signatures and replays outside the platform's time
    window get the same 401, so the endpoint does not tell who is a customer;
    nothing is stored for any of them.
    """

    _webhook_url = "/ecommerce/webhook/<int:account_id>"

    @platform_route(_webhook_url, methods=["POST"])
    def receive(self, account_id, **_kwargs):
        body = self._read_body(MAX_BODY_BYTES)
        if body is None:
            return self._too_large()
        account = self._active_account(account_id)
        if (
            not account
            or not self._verify(account, body)
            or not self._fresh(account, body)
        ):
            return request.make_response("Unauthorized", status=401)
        account._note_webhook_received()
        headers = request.httprequest.headers
        try:
            events = account._adapter().parse_webhook(account, headers, body)
            account._enqueue_webhook_events(events)
        except EcommerceError as exc:
            # acknowledged anyway: a platform retrying an unreadable payload storms us
            request.env["ecommerce.error.log"].sudo()._log(
                account, "webhook", "", exc, payload=body
            )
        return request.make_response("OK", status=200)

    def _verify(self, account, body):
        try:
            return bool(
                account._adapter().verify_webhook(
                    account, request.httprequest.headers, body
                )
            )
        except Exception:  # a verifier bug must not turn into a 500 with a trace
            _logger.exception("Webhook verification failed for account %s", account.id)
            return False

    def _fresh(self, account, body):
        """Whether a verified webhook is inside the platform's replay window."""
        try:
            adapter = account._adapter()
            max_age = adapter.webhook_max_age(account)
            if not max_age:
                return True
            sent_at = adapter.webhook_sent_at(
                account, request.httprequest.headers, body
            )
        except Exception:  # same answer as a bad signature, never a 500
            _logger.exception("Webhook time check failed for account %s", account.id)
            return False
        if not sent_at:
            return False
        age = abs((fields.Datetime.now() - sent_at).total_seconds())
        if age > max_age:
            _logger.info(
                "Webhook for account %s refused: sent %d s ago, window %d s",
                account.id,
                age,
                max_age,
            )
            return False
        return True
