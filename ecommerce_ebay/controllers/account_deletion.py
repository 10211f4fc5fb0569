# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import json
import logging

from odoo import http
from odoo.http import request

from odoo.addons.ecommerce_base.controllers.webhook import (
    EcommercePlatformEndpoint,
    platform_route,
)
from odoo.addons.ecommerce_base.exceptions import (
    EcommerceError,
    EcommerceRetryableError,
)

from ..models.ecommerce_account import DELETION_ROUTE

_logger = logging.getLogger(__name__)

MAX_BODY_BYTES = 64 * 1024


class EbayAccountDeletionController(EcommercePlatformEndpoint, http.Controller):
    """eBay's marketplace account-deletion endpoint of one account.

    ``GET ?challenge_code=`` answers eBay's validation challenge; a ``POST``
    notification whose ``X-EBAY-SIGNATURE`` verifies is queued for erasure
    and acknowledged with 204. A notification that does not verify (or an
    unknown account) gets 412, as eBay's SDK answers, and changes nothing.
    """

    _deletion_url = f"{DELETION_ROUTE}/<int:account_id>"

    @platform_route(_deletion_url, methods=["GET"])
    def challenge(self, account_id, challenge_code=None, **_kwargs):
        account = self._active_account(account_id, "ebay")
        if not account or not challenge_code:
            return request.make_response("Not found", status=404)
        try:
            answer = account._ebay_challenge_response(challenge_code)
        except EcommerceError:
            return request.make_response("Not configured", status=404)
        return request.make_response(
            json.dumps({"challengeResponse": answer}),
            headers=[("Content-Type", "application/json")],
            status=200,
        )

    @platform_route(_deletion_url, methods=["POST"])
    def notify(self, account_id, **_kwargs):
        body = self._read_body(MAX_BODY_BYTES)
        if body is None:
            return self._too_large()
        account = self._active_account(account_id, "ebay")
        if not account:
            return request.make_response("Precondition failed", status=412)
        signature = request.httprequest.headers.get("X-EBAY-SIGNATURE")
        try:
            verified = account._ebay_receive_account_deletion(signature, body)
        except (EcommerceError, EcommerceRetryableError) as exc:
            # eBay's key could not be fetched: let eBay send it again later
            _logger.warning("eBay account deletion not verified yet: %s", exc)
            return request.make_response("Try again later", status=503)
        except ValueError:
            verified = False
        if not verified:
            return request.make_response("Precondition failed", status=412)
        return request.make_response("", status=204)
