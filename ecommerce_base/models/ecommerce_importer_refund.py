# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from decimal import Decimal

from odoo import api, fields, models
from odoo.fields import Command

from ..exceptions import EcommerceDataError
from ..tools.money import currency_decimal, quantize


class EcommerceImporter(models.AbstractModel):
    _inherit = "ecommerce.importer"

    # === REFUNDS === #

    @api.model
    def _import_refunds(self, account, binding, order):
        """Turn each platform refund not seen yet into a credit note of the
        order's invoice, with the refunded lines and shipping; restocked lines
        get a return delivery. A refund is imported once, whatever the number
        of imports of its order (unique per account and refund id).

        :return: the credit notes created
        """
        Move = self.env["account.move"]
        if not order.refunds:
            return Move
        seen = set(
            Move.search(
                [
                    ("ecommerce_account_id", "=", account.id),
                    (
                        "ecommerce_refund_external_id",
                        "in",
                        [r.external_id for r in order.refunds],
                    ),
                ]
            ).mapped("ecommerce_refund_external_id")
        )
        credit_notes = Move
        for refund in order.refunds:
            if refund.external_id in seen:
                continue
            try:
                with self.env.cr.savepoint():
                    credit_notes |= self._create_credit_note(
                        account, binding, order, refund
                    )
                    self._restock_refunded_lines(binding, refund)
            except EcommerceDataError as exc:  # the order itself stays imported
                self.env["ecommerce.error.log"]._log(
                    account,
                    "refund",
                    order.external_id,
                    exc,
                    record=binding.sale_order_id,
                )
        return credit_notes

    @api.model
    def _create_credit_note(self, account, binding, order, refund):
        """The credit note of one refund, posted when its total equals the
        refunded amount to the cent, else left in draft and logged.

        :raises EcommerceDataError: when the order has no posted invoice
        """
        sale_order = binding.sale_order_id
        invoice = sale_order.invoice_ids.filtered(
            lambda m: m.move_type == "out_invoice" and m.state == "posted"
        )[:1]
        if not invoice:
            raise EcommerceDataError(
                f"Refund {refund.external_id} of order {order.name}: {sale_order.name} "
                "has no posted invoice to credit; invoice it, then retry"
            )
        lines = self._prepare_refund_lines(account, sale_order, order, refund)
        credit_note = self.env["account.move"].create(
            {
                "move_type": "out_refund",
                "partner_id": invoice.partner_id.id,
                "journal_id": invoice.journal_id.id,
                "currency_id": invoice.currency_id.id,
                "invoice_origin": sale_order.name,
                "reversed_entry_id": invoice.id,
                "ref": self.env._(
                    "Refund %(refund)s of %(order)s",
                    refund=refund.external_id,
                    order=order.name,
                ),
                "invoice_date": (refund.created_at or fields.Datetime.now()).date(),
                "ecommerce_account_id": account.id,
                "ecommerce_refund_external_id": refund.external_id,
                "invoice_line_ids": [Command.create(vals) for vals in lines],
            }
        )
        odoo_total = currency_decimal(credit_note.currency_id, credit_note.amount_total)
        expected = quantize(refund.amount, credit_note.currency_id.decimal_places)
        if odoo_total != expected:
            self.env["ecommerce.error.log"]._log(
                account,
                "refund",
                order.external_id,
                self.env._(
                    "Refund %(refund)s of order %(name)s: credit note total %(odoo)s "
                    "differs "
                    "from the refunded %(platform)s; it is left in draft",
                    refund=refund.external_id,
                    name=order.name,
                    odoo=odoo_total,
                    platform=expected,
                ),
                record=credit_note,
            )
            return credit_note
        credit_note.action_post()
        mapping = self._payment_mapping(account, order)
        if mapping.register_payment:
            self._register_payment(mapping, credit_note)
        return credit_note

    @api.model
    def _prepare_refund_lines(self, account, sale_order, order, refund):
        """Credit note lines of a refund: the refunded quantity of each sale
        line at the refunded amount, the refunded shipping, and for a refund
        that names no line, one line of its whole amount.

        :rtype: list of dict
        """
        by_external_id = {
            line.ecommerce_line_external_id: line
            for line in sale_order.order_line
            if line.ecommerce_line_external_id
        }
        result = []
        for refund_line in refund.lines:
            sale_line = by_external_id.get(refund_line.line_external_id)
            if not sale_line:
                raise EcommerceDataError(
                    f"Refund {refund.external_id} of order {order.name}: unknown line "
                    f"{refund_line.line_external_id!r}"
                )
            amount = refund_line.amount
            if not amount:
                amount = (
                    Decimal(
                        repr(
                            sale_line.price_reduce_taxinc
                            if order.prices_include_tax
                            else sale_line.price_reduce_taxexcl
                        )
                    )
                    * refund_line.quantity
                )
            result.append(
                self._refund_line_vals(
                    sale_line.product_id,
                    sale_line.name,
                    refund_line.quantity,
                    amount,
                    sale_line.tax_ids,
                    sale_line,
                )
            )
        if refund.shipping_amount:
            delivery = sale_order.order_line.filtered("is_delivery")[:1]
            if not delivery:
                raise EcommerceDataError(
                    f"Refund {refund.external_id} of order {order.name} refunds "
                    "shipping "
                    "but the order has no shipping line"
                )
            result.append(
                self._refund_line_vals(
                    delivery.product_id,
                    delivery.name,
                    Decimal(1),
                    refund.shipping_amount,
                    delivery.tax_ids,
                    delivery,
                )
            )
        if not result:
            product = account.discount_product_id
            if not product:
                raise EcommerceDataError(
                    f"Refund {refund.external_id} of order {order.name} names no "
                    "line: set a discount product on the account to credit it"
                )
            product_lines = sale_order.order_line.filtered(
                lambda line: line.ecommerce_line_external_id
            )
            taxes = (
                product_lines.tax_ids
                if len(product_lines.tax_ids) == 1
                else self.env["account.tax"]
            )
            amount = refund.amount
            if taxes and not taxes.price_include and taxes.amount_type == "percent":
                # the refunded amount includes the tax: book its base
                amount = quantize(amount * 100 / (100 + Decimal(repr(taxes.amount))), 2)
            result.append(
                self._refund_line_vals(
                    product,
                    refund.reason or self.env._("Refund"),
                    Decimal(1),
                    amount,
                    taxes,
                    None,
                )
            )
        return result

    @api.model
    def _refund_line_vals(self, product, name, quantity, amount, taxes, sale_line):
        """One credit note line; the unit price is exact to the cent, else the
        quantity is folded into the label so the amount stays exact."""
        unit = amount / quantity if quantity else amount
        if quantize(unit, 2) * quantity != amount:
            name, unit, quantity = (
                f"{quantity.normalize()} x {name}",
                amount,
                Decimal(1),
            )
        vals = {
            "product_id": product.id,
            "name": name,
            "quantity": float(quantity),
            "price_unit": float(unit),
            "tax_ids": [Command.set(taxes.ids)],
        }
        if sale_line:
            vals["sale_line_ids"] = [Command.set(sale_line.ids)]
        return vals

    @api.model
    def _restock_refunded_lines(self, binding, refund):
        """Prepare a return (not validated: the goods are not back yet) of the
        delivered quantities the platform says were restocked."""
        restock = {r.line_external_id: r.quantity for r in refund.lines if r.restock}
        if not restock:
            return
        pickings = binding.sale_order_id.picking_ids.filtered(
            lambda p: p.state == "done" and p.picking_type_code == "outgoing"
        )
        for picking in pickings:
            quantities = {}
            for move in picking.move_ids:
                key = move.sale_line_id.ecommerce_line_external_id
                if restock.get(key):
                    quantities[move.id] = min(float(restock[key]), move.quantity)
                    restock[key] -= Decimal(repr(quantities[move.id]))
            if not quantities:
                continue
            wizard = (
                self.env["stock.return.picking"]
                .with_context(active_id=picking.id, active_model="stock.picking")
                .create({"picking_id": picking.id})
            )
            for line in wizard.product_return_moves:
                line.quantity = quantities.get(line.move_id.id, 0.0)
            wizard.product_return_moves.filtered(
                lambda line: not line.quantity
            ).unlink()
            wizard.action_create_returns()
