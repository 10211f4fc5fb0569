# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import logging

from odoo import api, models
from odoo.exceptions import UserError

from ..exceptions import EcommerceConfigError

_logger = logging.getLogger(__name__)


class EcommerceImporter(models.AbstractModel):
    _inherit = "ecommerce.importer"

    # === WORKFLOW === #

    @api.model
    def _payment_mapping(self, account, order):
        """The account's payment mapping of the order's payment method, if any."""
        method = (order.payment_method or "").strip().lower()
        for mapping in account.payment_mapping_ids:
            if mapping.code.strip().lower() == method:
                return mapping
        return self.env["ecommerce.payment.mapping"]

    @api.model
    def _apply_workflow(self, account, binding, order):
        """Confirm, invoice and register payment as the account's payment
        mapping says; each step runs only once and only when it applies, so
        this is called again safely on every update of the order.

        An order whose total does not match the platform's is never confirmed.
        """
        sale_order = binding.sale_order_id
        if binding.total_mismatch or order.is_cancelled or sale_order.state == "cancel":
            return
        mapping = self._payment_mapping(account, order)
        if sale_order.state in ("draft", "sent") and self._should_confirm(
            account, mapping, order
        ):
            sale_order.with_context(send_email=False).action_confirm()
        if sale_order.state != "sale" or not mapping or not order.is_paid:
            return
        if mapping.create_invoice:
            invoices = self._invoice_order(sale_order)
            if mapping.register_payment:
                self._register_payment(mapping, invoices)

    @api.model
    def _should_confirm(self, account, mapping, order):
        """Whether to confirm now, per payment mapping or account default."""
        if not mapping:
            return account.auto_confirm and order.is_paid
        return mapping.confirm == "always" or (
            mapping.confirm == "paid" and order.is_paid
        )

    @api.model
    def _invoice_order(self, sale_order):
        """Posted invoices of the order, creating and posting them when there
        are none yet."""
        invoices = sale_order.invoice_ids.filtered(
            lambda m: m.move_type == "out_invoice"
        )
        if not invoices and sale_order.invoice_status == "to invoice":
            try:
                invoices = sale_order._create_invoices()
            except UserError as exc:
                _logger.info("Order %s not invoiced: %s", sale_order.name, exc)
                return invoices
        drafts = invoices.filtered(lambda m: m.state == "draft")
        if drafts:
            drafts.action_post()
        return invoices.filtered(lambda m: m.state == "posted")

    @api.model
    def _register_payment(self, mapping, invoices):
        """Register the payment of unpaid posted invoices in the mapping's journal."""
        unpaid = invoices.filtered(lambda m: m.payment_state in ("not_paid", "partial"))
        if not unpaid:
            return
        if not mapping.journal_id:
            raise EcommerceConfigError(
                f"Payment method {mapping.code!r} registers payments but has no journal"
            )
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=unpaid.ids
        ).create(
            {"journal_id": mapping.journal_id.id, "group_payment": False}
        )._create_payments()
