# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import logging
from urllib.parse import urlencode

from odoo import fields, http
from odoo.http import request

from ..exceptions import EcommerceError

_logger = logging.getLogger(__name__)

MAX_BODY_BYTES = 2 * 1024 * 1024


class EcommerceWebhookController(http.Controller):
    """Receives platform webhooks: verify, enqueue, answer fast.

    Unknown accounts, bad signatures and replays outside the platform's time
    window get the same 401, so the endpoint does not tell who is a customer;
    nothing is stored for any of them.
    """

    _webhook_url = "/ecommerce/webhook/<int:account_id>"

    @http.route(
        _webhook_url,
        type="http",
        auth="public",
        methods=["POST"],
        csrf=False,
        save_session=False,
    )
    def receive(self, account_id, **_kwargs):
        length = request.httprequest.content_length
        if length is not None and length > MAX_BODY_BYTES:
            return request.make_response("Payload too large", status=413)
        # cached: Odoo replays the request after a serialization failure
        body = request.httprequest.get_data()
        if not body and request.httprequest.form:
            # werkzeug already parsed a form-encoded post (e.g. a ping)
            body = urlencode(list(request.httprequest.form.items(multi=True))).encode()
        if len(body) > MAX_BODY_BYTES:
            return request.make_response("Payload too large", status=413)
        account = request.env["ecommerce.account"].sudo().browse(account_id).exists()
        if (
            not account
            or not account.active
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
