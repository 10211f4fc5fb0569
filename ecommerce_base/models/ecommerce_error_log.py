# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import json
import traceback

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..exceptions import EcommerceError
from ..tools.masking import mask_payload, mask_text
from .ecommerce_account import CREDENTIAL_FIELDS

PAYLOAD_MAX_CHARS = 64_000


class EcommerceErrorLog(models.Model):
    """One failing record: what failed, why in plain words, and the payload
    with personal data masked. Retry re-imports or re-exports just that record."""

    _name = "ecommerce.error.log"
    _description = "E-commerce Error"
    _order = "last_seen_at desc, id desc"
    _rec_name = "message"

    account_id = fields.Many2one(
        "ecommerce.account", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(
        related="account_id.company_id", store=True, index=True, precompute=True
    )
    platform = fields.Selection(related="account_id.platform", store=True)
    sync_job_id = fields.Many2one("ecommerce.sync.job", ondelete="set null", index=True)
    object_type = fields.Selection(
        [
            ("order", "Order"),
            ("refund", "Refund"),
            ("product", "Product"),
            ("customer", "Customer"),
            ("stock", "Stock"),
            ("fulfillment", "Fulfillment"),
            ("price", "Price"),
            ("webhook", "Webhook"),
        ],
        required=True,
        index=True,
    )
    external_id = fields.Char(index=True)
    cause = fields.Char(index=True, help="Kind of error, for grouping the queue.")
    message = fields.Char(required=True)
    detail = fields.Text(string="Technical detail")
    payload = fields.Text(help="What the platform sent, with personal data masked.")
    state = fields.Selection(
        [
            ("new", "New"),
            ("retrying", "Retrying"),
            ("resolved", "Resolved"),
            ("ignored", "Ignored"),
        ],
        default="new",
        required=True,
        index=True,
    )
    occurrences = fields.Integer(default=1)
    first_seen_at = fields.Datetime(default=fields.Datetime.now)
    last_seen_at = fields.Datetime(default=fields.Datetime.now, index=True)
    res_model = fields.Char(help="Odoo record concerned, if any.")
    res_id = fields.Integer()

    @api.model
    def _log(
        self,
        account,
        object_type,
        external_id,
        error,
        payload=None,
        sync_job=None,
        record=None,
    ):
        """Record a failure, or count one more occurrence of the same open one.

        :param error: the exception (its ``str`` is the message) or a message.
        :param payload: raw platform data; masked before it is stored.
        :return: the error row
        """
        message = mask_text(str(error)) or type(error).__name__
        cause = type(error).__name__ if isinstance(error, Exception) else "Message"
        detail = False
        if isinstance(error, Exception) and not isinstance(error, EcommerceError):
            detail = mask_text("".join(traceback.format_exception(error))[-8000:])
            if not isinstance(error, UserError):
                # a bare "'str' object has no attribute 'get'" tells a merchant nothing
                message = self.env._(
                    "Unexpected data: the record could not be processed "
                    "(%(error)s: %(message)s); the technical detail has the trace.",
                    error=cause,
                    message=message,
                )
        vals = {
            "sync_job_id": sync_job.id if sync_job else False,
            "message": message[:1000],
            "cause": cause,
            "detail": detail,
            "last_seen_at": fields.Datetime.now(),
        }
        if payload is not None:
            vals["payload"] = self._mask_payload(account, payload)
        self._scrub_credentials(account, vals)
        if record:
            vals.update(res_model=record._name, res_id=record.id)
        existing = self.sudo().search(
            [
                ("account_id", "=", account.id),
                ("object_type", "=", object_type),
                ("external_id", "=", external_id or False),
                ("cause", "=", cause),
                ("state", "in", ("new", "retrying")),
            ],
            limit=1,
        )
        if existing:
            vals["occurrences"] = existing.occurrences + 1
            vals["state"] = "new"
            existing.write(vals)
            return existing
        vals.update(
            account_id=account.id, object_type=object_type, external_id=external_id
        )
        return self.sudo().create(vals)

    @api.model
    def _scrub_credentials(self, account, vals):
        """Blank the account's own secrets out of the texts of an error row,
        should the platform (or an exception) ever echo one back."""
        secrets = [
            secret
            for secret in map(account._get_credential, CREDENTIAL_FIELDS)
            if len(secret) >= 6
        ]
        for key in ("message", "detail", "payload"):
            if not vals.get(key):
                continue
            for secret in secrets:
                vals[key] = vals[key].replace(secret, "[secret]")

    @api.model
    def _mask_payload(self, account, payload):
        """Masked JSON text of ``payload``; platforms extend the key list
        through the mapper's ``sensitive_keys`` hook."""
        extra = account._mapper().sensitive_keys(account)
        if isinstance(payload, bytes | str):
            try:
                payload = json.loads(payload)
            except ValueError:
                return mask_text(str(payload))[:PAYLOAD_MAX_CHARS]
        masked = mask_payload(payload, extra_keys=extra)
        return json.dumps(masked, indent=1, default=str, ensure_ascii=False)[
            :PAYLOAD_MAX_CHARS
        ]

    @api.model
    def _resolve(self, account, object_type, external_ids):
        """Mark the open errors of records that now went through as resolved."""
        if not external_ids:
            return
        self.sudo().search(
            [
                ("account_id", "=", account.id),
                ("object_type", "=", object_type),
                ("external_id", "in", list(external_ids)),
                ("state", "in", ("new", "retrying")),
            ]
        ).write({"state": "resolved"})

    def action_retry(self):
        for error in self.filtered(lambda e: e.state in ("new", "retrying")):
            error.account_id._enqueue_retry(error)
            error.state = "retrying"

    def action_open_record(self):
        """Open the Odoo record the error is about (order, delivery, product)."""
        self.ensure_one()
        if not self.res_model or not self.res_id:
            return False
        return {
            "type": "ir.actions.act_window",
            "res_model": self.res_model,
            "res_id": self.res_id,
            "view_mode": "form",
        }

    def action_ignore(self):
        self.write({"state": "ignored"})
