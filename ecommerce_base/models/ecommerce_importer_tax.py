# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, models
from odoo.tools import float_compare

from ..exceptions import EcommerceDataError
from ..tools.lookups import cached_lookup


class EcommerceImporter(models.AbstractModel):
    _inherit = "ecommerce.importer"

    # === TAXES === #

    @api.model
    def _map_taxes(self, account, order, tax_lines, cache):
        """The ``account.tax`` records charging ``tax_lines``.

        Each rate is looked up in the account's tax mapping, then among the
        company's sale taxes of that percentage whose price-included setting
        matches the order; zero rates need no tax. Taxes are never created:
        accounting decides which tax books what.

        :param dict cache: lookups already done for this order
        :rtype: account.tax recordset
        :raises EcommerceDataError: when a rate has no matching tax
        """
        taxes = self.env["account.tax"]
        for tax_line in tax_lines:
            if not tax_line.rate:
                continue
            key = (tax_line.rate, order.prices_include_tax)
            if key not in cache:
                cache[key] = self._find_tax(
                    account, tax_line.rate, order.prices_include_tax
                )
            taxes |= cache[key]
        return taxes

    @api.model
    def _find_tax(self, account, rate, price_include):
        """The sale tax of ``rate`` percent, price-included or not (mapping first)."""
        rate_f = float(rate)
        for mapping in account.tax_mapping_ids:
            if (
                mapping.price_include == price_include
                and float_compare(mapping.rate, rate_f, precision_digits=4) == 0
            ):
                return mapping.tax_id
        candidates = cached_lookup(
            self.env,
            ("sale taxes", account.company_id.id),
            lambda: self.env["account.tax"].search(
                [
                    ("type_tax_use", "=", "sale"),
                    ("amount_type", "=", "percent"),
                    ("company_id", "=", account.company_id.id),
                ],
                order="sequence, id",
            ),
        )
        for tax in candidates:
            if (
                float_compare(tax.amount, rate_f, precision_digits=4) == 0
                and tax.price_include == price_include
            ):
                return tax
        kind = "included in" if price_include else "excluded from"
        raise EcommerceDataError(
            f"No sale tax of {rate}% {kind} the price in company "
            f"{account.company_id.name}: create one or map the rate on the account"
        )
