# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import json
import logging

from odoo import models

from odoo.addons.ecommerce_base.exceptions import EcommerceConfigError

from ..tools import notification

_logger = logging.getLogger(__name__)

DELETION_TOPIC = "MARKETPLACE_ACCOUNT_DELETION"


class EcommerceAccount(models.Model):
    _inherit = "ecommerce.account"

    # === MARKETPLACE ACCOUNT DELETION === #

    def _ebay_challenge_response(self, challenge_code):
        """The ``challengeResponse`` of eBay's endpoint validation.

        :raises EcommerceConfigError: when the verification token or the
            endpoint is not set (eBay must not see the endpoint as valid)
        """
        self.ensure_one()
        token = self._get_credential("webhook_secret")
        if not token or not self.ebay_deletion_endpoint:
            raise EcommerceConfigError(
                self.env._(
                    "Set the verification token and the account-deletion endpoint "
                    "of eBay account %(name)s.",
                    name=self.name,
                )
            )
        return notification.challenge_response(
            challenge_code, token, self.ebay_deletion_endpoint
        )

    def _ebay_receive_account_deletion(self, signature_header, body):
        """Verify an account-deletion notification and queue the erasure of
        that eBay user on every eBay account of the same application (eBay
        sends it once per keyset).

        :return: False when the signature does not verify (nothing queued)
        """
        self.ensure_one()
        adapter = self._adapter()
        if not adapter.verify_account_deletion(self, signature_header, body):
            return False
        document = json.loads(body)
        if (document.get("metadata") or {}).get("topic") != DELETION_TOPIC:
            return True
        data = (document.get("notification") or {}).get("data") or {}
        keys = [str(data[k]) for k in ("username", "userId") if data.get(k)]
        if not keys:
            return True
        client_id = self._get_credential("api_key")
        accounts = self.search([("platform", "=", "ebay")]).filtered(
            lambda a: a == self
            or (client_id and a._get_credential("api_key") == client_id)
        )
        notification_id = (document.get("notification") or {}).get("notificationId")
        for account in accounts:
            account._enqueue(
                "ebay_anonymize_buyer",
                key=str(notification_id or keys[0]),
                keys=keys,
            )
        return True

    def ebay_anonymize_buyer(self, keys):
        """Job: anonymise the partner bound to an eBay user (user name or
        immutable user id) through the base privacy contract, and forget the
        user name the binding was keyed by."""
        self.ensure_one()
        bindings = self.env["ecommerce.partner.binding"]._find(self, keys)
        if not bindings:
            return "No customer of this eBay user"
        for binding in bindings.values():
            self._anonymize_customer(binding.partner_id)
            binding.external_id = f"deleted:{binding.id}"
        return f"{len(bindings)} customer(s) anonymised"
