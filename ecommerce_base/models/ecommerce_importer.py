# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import logging
from decimal import Decimal

from odoo import api, fields, models
from odoo.fields import Command

from ..exceptions import EcommerceDataError, EcommerceRetryableError
from ..tools.lookups import cached_lookup
from ..tools.money import currency_decimal, quantize, split_proportionally

_logger = logging.getLogger(__name__)


class EcommerceImporter(models.AbstractModel):
    """Canonical records -> Odoo documents, written once for every platform.

    The public entry point is :meth:`import_order`; everything it does goes
    through the small ``_`` hooks below (partners, products, taxes, lines,
    workflow), which a platform's ``ecommerce.<platform>.importer`` overrides
    only for what is truly its own.
    """

    _name = "ecommerce.importer"
    _description = "E-commerce Importer (extension point)"

    # === ORDER IMPORT === #

    @api.model
    def import_order(self, account, order, force=False):
        """Create or update the sale order of a canonical order.

        Idempotent: the same order imported twice, or by two jobs at once,
        gives one ``sale.order`` (an advisory lock serialises the two jobs,
        the unique binding constraint is the last guard).

        :param account: the ``ecommerce.account``
        :param order: :class:`~odoo.addons.ecommerce_base.canonical.Order`
        :param bool force: update even when the platform's ``updated_at`` is
            not newer than what was imported (reconciliation)
        :return: ``(action, sale_order)`` with action one of ``created``,
            ``updated``, ``skipped``
        """
        self._lock(account, "order", order.external_id)
        binding = self.env["ecommerce.order.binding"]._find(
            account, [order.external_id]
        )
        binding = binding.get(order.external_id)
        if binding:
            if not force and not self._is_newer(binding, order):
                return "skipped", binding.sale_order_id
            self._update_order(account, binding, order)
            return "updated", binding.sale_order_id
        if order.is_cancelled:
            _logger.info(
                "Order %s of account %s is cancelled: not imported",
                order.external_id,
                account.id,
            )
            return "skipped", self.env["sale.order"]
        if (
            account.import_start_date
            and order.created_at
            and order.created_at < account.import_start_date
        ):
            return "skipped", self.env["sale.order"]
        sale_order = self._create_sale_order(account, order)
        binding = self.env["ecommerce.order.binding"].create(
            self._prepare_binding_vals(account, order, sale_order)
        )
        self._check_totals(account, binding, order)
        self._apply_workflow(account, binding, order)
        self._import_refunds(account, binding, order)
        return "created", sale_order

    @api.model
    def _lock(self, account, kind, key):
        """Take a transaction-level advisory lock on one platform object, or
        ask queue_job to retry when another job holds it.

        A try-lock rather than a wait: Odoo's transactions are REPEATABLE READ,
        so a job that waited would not see what the other one committed.
        """
        self.env.cr.execute(
            "SELECT pg_try_advisory_xact_lock(%s, hashtext(%s))",
            (account.id, f"{kind}:{key}"),
        )
        if not self.env.cr.fetchone()[0]:
            raise EcommerceRetryableError(
                f"{kind} {key} is being synced by another job",
                seconds=5,
                ignore_retry=True,
            )

    @api.model
    def _is_newer(self, binding, order):
        """Whether the platform's order changed since it was last imported."""
        if not order.updated_at or not binding.external_updated_at:
            return True
        return order.updated_at > binding.external_updated_at

    @api.model
    def _prepare_binding_vals(self, account, order, sale_order):
        """Values of the ``ecommerce.order.binding`` of a new sale order.

        :rtype: dict"""
        return {
            "account_id": account.id,
            "external_id": order.external_id,
            "sale_order_id": sale_order.id,
            "external_name": order.name,
            "external_created_at": order.created_at,
            "external_updated_at": order.updated_at,
            "sync_date": fields.Datetime.now(),
            "external_status": order.status,
            "financial_status": order.financial_status,
            "fulfillment_status": order.fulfillment_status,
            "payment_method": order.payment_method,
            "platform_total": float(order.total),
        }

    @api.model
    def _create_sale_order(self, account, order):
        """Build and create the ``sale.order`` with all its lines in one go."""
        self._validate_order(account, order)
        customer, invoice, delivery = self._match_partners(account, order)
        currency = self._get_currency(account, order)
        products = self._match_products(account, order)
        vals = self._prepare_order_vals(
            account, order, customer, invoice, delivery, currency
        )
        tax_cache = {}
        lines = []
        for line in order.lines:
            lines += self._prepare_line_vals(
                account, order, line, products[line.external_id], tax_cache
            )
        lines += self._prepare_discount_vals(account, order, lines, tax_cache)
        shipping_lines, carrier = self._prepare_shipping_vals(account, order, tax_cache)
        lines += shipping_lines
        for sequence, line_vals in enumerate(lines, start=1):
            line_vals["sequence"] = sequence * 10
        vals["order_line"] = [Command.create(line_vals) for line_vals in lines]
        if carrier:
            vals["carrier_id"] = carrier.id
        return (
            self.env["sale.order"]
            .with_context(mail_create_nosubscribe=True, ecommerce_import=True)
            .with_company(account.company_id)
            .create(vals)
        )

    @api.model
    def _validate_order(self, account, order):
        """Refuse orders that cannot become a correct sale order.

        :raises EcommerceDataError: with a message that says what is wrong
        """
        if not order.external_id:
            raise EcommerceDataError("The order has no id")
        if not order.lines:
            raise EcommerceDataError(f"Order {order.name}: no line items")
        for line in order.lines:
            if line.quantity <= 0:
                raise EcommerceDataError(
                    f"Order {order.name}: line {line.title or line.external_id!r} has "
                    f"quantity {line.quantity}"
                )
            if line.unit_price < 0:
                raise EcommerceDataError(
                    f"Order {order.name}: line {line.title or line.external_id!r} "
                    f"has a negative price {line.unit_price}"
                )

    @api.model
    def _get_currency(self, account, order):
        """The active ``res.currency`` of the order's ISO code.

        :raises EcommerceDataError: when unknown or inactive"""
        code = (order.currency or "").upper()
        currency = cached_lookup(
            self.env,
            ("currency", code),
            lambda: self.env["res.currency"]
            .with_context(active_test=False)
            .search([("name", "=", code)], limit=1),
        )
        if not currency:
            raise EcommerceDataError(f"Order {order.name}: unknown currency {code!r}")
        if not currency.active:
            raise EcommerceDataError(
                f"Order {order.name}: currency {code} is not active in Odoo"
            )
        return currency

    @api.model
    def _get_pricelist(self, account, currency):
        """Pricelist of an imported order: the account's when its currency
        matches, else a pricelist in the order's currency."""
        if account.pricelist_id.currency_id == currency:
            return account.pricelist_id
        pricelist = cached_lookup(
            self.env,
            ("pricelist", account.company_id.id, currency.id),
            lambda: self.env["product.pricelist"].search(
                [
                    ("currency_id", "=", currency.id),
                    ("company_id", "in", (account.company_id.id, False)),
                ],
                limit=1,
            ),
        )
        if not pricelist and currency != account.company_id.currency_id:
            raise EcommerceDataError(
                f"No pricelist in {currency.name}: create one so orders in "
                f"{currency.name} can be imported"
            )
        return pricelist

    @api.model
    def _prepare_order_vals(
        self, account, order, customer, invoice, delivery, currency
    ):
        """Values of the ``sale.order`` (without its lines).

        For a platform to set more fields (e.g. a marketplace), it must
        override this method and update the returned dict.

        :rtype: dict
        """
        vals = {
            "partner_id": customer.id,
            "partner_invoice_id": invoice.id,
            "partner_shipping_id": delivery.id,
            "company_id": account.company_id.id,
            "client_order_ref": order.name or order.external_id,
            "origin": f"{account.name}: {order.name or order.external_id}",
            "pricelist_id": self._get_pricelist(account, currency).id or False,
            "ecommerce_account_id": account.id,
        }
        if order.created_at:
            vals["date_order"] = order.created_at
        if account.warehouse_id:
            vals["warehouse_id"] = account.warehouse_id.id
        if account.team_id:
            vals["team_id"] = account.team_id.id
        if account.fiscal_position_id:
            vals["fiscal_position_id"] = account.fiscal_position_id.id
        if order.note:
            vals["note"] = order.note
        return vals

    @api.model
    def _prepare_line_vals(self, account, order, line, product, tax_cache):
        """Values of the sale order line(s) of one platform line.

        The line keeps the platform's unit price. Its discount becomes Odoo's
        discount percentage when that percentage is exact to the cent, and a
        separate discount line otherwise, so the total stays exact.

        :return: list of dicts (the line, and maybe its discount line)
        """
        taxes = self._map_taxes(account, order, line.taxes, tax_cache)
        vals = {
            "product_id": product.id,
            "name": line.title or product.display_name,
            "product_uom_qty": float(line.quantity),
            "price_unit": float(line.unit_price),
            "tax_ids": [Command.set(taxes.ids)],
            "ecommerce_line_external_id": line.external_id,
        }
        result = [vals]
        if line.discount_amount:
            percent = self._exact_discount_percent(line)
            if percent is not None:
                vals["discount"] = float(percent)
            else:
                result.append(
                    self._discount_line_vals(
                        account,
                        line.discount_amount,
                        taxes,
                        self.env._("Discount on %(line)s", line=vals["name"]),
                    )
                )
        return result

    @api.model
    def _exact_discount_percent(self, line):
        """The discount percentage of a line when it is exact with two
        decimals (5.00 off 25.00 is 20 %), else ``None``: a rounded percentage
        would move Odoo's total by a cent on some amounts."""
        gross = line.gross_amount
        if not gross or line.discount_amount > gross:
            return None
        exact = line.discount_amount * 100 / gross
        percent = quantize(exact, 2)
        return percent if percent == exact else None

    @api.model
    def _discount_line_vals(self, account, amount, taxes, name):
        """Values of a negative line carrying ``amount`` of discount with ``taxes``."""
        product = account.discount_product_id
        if not product:
            raise EcommerceDataError(
                "The order has a discount but the account has no discount product: "
                "set one on the account"
            )
        return {
            "product_id": product.id,
            "name": name,
            "product_uom_qty": 1.0,
            "price_unit": -float(amount),
            "tax_ids": [Command.set(taxes.ids)],
        }

    @api.model
    def _prepare_discount_vals(self, account, order, line_vals, tax_cache):
        """Lines of the order-level discounts.

        A discount that names its taxes gets them; otherwise it is spread over
        the product lines by their net amounts, one line per set of taxes,
        with the rounding remainder on the biggest share.
        """
        result = []
        if not order.discounts:
            return result
        groups = {}
        for line in order.lines:
            taxes = self._map_taxes(account, order, line.taxes, tax_cache)
            groups.setdefault(taxes, Decimal("0"))
            groups[taxes] += line.net_amount
        for discount in order.discounts:
            label = discount.code or discount.description or self.env._("Discount")
            if discount.taxes:
                taxes = self._map_taxes(account, order, discount.taxes, tax_cache)
                result.append(
                    self._discount_line_vals(account, discount.amount, taxes, label)
                )
                continue
            tax_sets = list(groups)
            shares = split_proportionally(
                discount.amount, [groups[t] for t in tax_sets]
            )
            for taxes, share in zip(tax_sets, shares, strict=True):
                if share:
                    result.append(
                        self._discount_line_vals(account, share, taxes, label)
                    )
        return result

    @api.model
    def _prepare_shipping_vals(self, account, order, tax_cache):
        """Delivery lines of the shipping charges, and the carrier of the order.

        :return: ``(list of line dicts, delivery.carrier)``
        """
        result = []
        first_carrier = self.env["delivery.carrier"]
        for shipping in order.shipping_lines:
            carrier = self._match_carrier(account, shipping)
            first_carrier = first_carrier or carrier
            taxes = self._map_taxes(account, order, shipping.taxes, tax_cache)
            result.append(
                {
                    "product_id": carrier.product_id.id,
                    "name": shipping.title or carrier.name,
                    "product_uom_qty": 1.0,
                    "price_unit": float(shipping.price - shipping.discount_amount),
                    "tax_ids": [Command.set(taxes.ids)],
                    "is_delivery": True,
                }
            )
        return result, first_carrier

    @api.model
    def _match_carrier(self, account, shipping):
        """The ``delivery.carrier`` of a shipping line: the account's mapping
        by code or title, else its default carrier."""
        keys = {k.strip().lower() for k in (shipping.code, shipping.title) if k}
        for mapping in account.carrier_mapping_ids:
            if mapping.code.strip().lower() in keys:
                return mapping.carrier_id
        if account.default_carrier_id:
            return account.default_carrier_id
        raise EcommerceDataError(
            f"No carrier for shipping method {shipping.code or shipping.title!r}: "
            "map it on the account or set a default carrier"
        )

    # === TOTALS === #

    @api.model
    def _check_totals(self, account, binding, order):
        """Compare Odoo's total with the platform's to the cent; a difference
        flags the order (it is then not confirmed) and goes to the error log."""
        sale_order = binding.sale_order_id
        odoo_total = currency_decimal(sale_order.currency_id, sale_order.amount_total)
        platform_total = quantize(order.total, sale_order.currency_id.decimal_places)
        if odoo_total == platform_total:
            return True
        binding.total_mismatch = True
        self.env["ecommerce.error.log"]._log(
            account,
            "order",
            order.external_id,
            self.env._(
                "Order %(name)s: Odoo total %(odoo)s differs from the platform total "
                "%(platform)s by %(diff)s %(currency)s; the order is left unconfirmed",
                name=order.name,
                odoo=odoo_total,
                platform=platform_total,
                diff=odoo_total - platform_total,
                currency=sale_order.currency_id.name,
            ),
            record=sale_order,
        )
        return False

    # === UPDATES === #

    @api.model
    def _update_order(self, account, binding, order):
        """Bring an imported order up to date with the platform: statuses,
        cancellation, and the workflow steps that became possible."""
        binding.write(
            {
                "external_updated_at": order.updated_at,
                "sync_date": fields.Datetime.now(),
                "external_status": order.status,
                "financial_status": order.financial_status,
                "fulfillment_status": order.fulfillment_status,
            }
        )
        if not order.is_cancelled:
            self._apply_workflow(account, binding, order)
        self._import_refunds(account, binding, order)
        if order.is_cancelled:
            self._cancel_order(account, binding, order)

    @api.model
    def _cancel_order(self, account, binding, order):
        """Cancel the Odoo order of a platform cancellation, where Odoo allows it.

        :raises EcommerceDataError: when goods left or an invoice was posted:
            the order must then be handled by hand (return, credit note)
        """
        sale_order = binding.sale_order_id
        if sale_order.state == "cancel":
            return
        if sale_order.picking_ids.filtered(lambda p: p.state == "done"):
            raise EcommerceDataError(
                f"Order {order.name} was cancelled on the platform but goods were "
                f"already delivered from Odoo ({sale_order.name}): make a return"
            )
        invoices = sale_order.invoice_ids.filtered(
            lambda m: m.state == "posted" and m.move_type == "out_invoice"
        )
        # credit notes of refunds that name no line are not linked to the order
        credit_notes = self.env["account.move"].search(
            [
                ("move_type", "=", "out_refund"),
                ("state", "=", "posted"),
                "|",
                ("id", "in", sale_order.invoice_ids.ids),
                ("reversed_entry_id", "in", invoices.ids),
            ]
        )
        invoiced = sum(invoices.mapped("amount_total"))
        credited = sum(credit_notes.mapped("amount_total"))
        if sale_order.currency_id.compare_amounts(invoiced, credited) > 0:
            raise EcommerceDataError(
                f"Order {order.name} was cancelled on the platform but "
                f"{sale_order.name} has a posted invoice: issue a credit note"
            )
        sale_order.with_context(disable_cancel_warning=True)._action_cancel()
