# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from dataclasses import asdict

from odoo import api, models

from odoo.addons.ecommerce_base.tools.money import to_decimal

from ..records import EbayStockLevel


class EbayExporter(models.AbstractModel):
    """Stock (and price) levels carry how eBay must be told about them."""

    _name = "ecommerce.ebay.exporter"
    _inherit = "ecommerce.exporter"
    _description = "eBay Exporter"

    @api.model
    def _prepare_stock_levels(self, account, bindings, quantities):
        """The base levels, as :class:`EbayStockLevel` with the listing's API,
        ItemID and offer, and the price when the account syncs prices."""
        result = []
        for binding, level in super()._prepare_stock_levels(
            account, bindings, quantities
        ):
            price, currency = self._ebay_price(account, binding)
            result.append(
                (
                    binding,
                    EbayStockLevel(
                        **asdict(level),
                        listing_api=binding.ebay_listing_api or "inventory",
                        item_id=binding.external_product_id
                        or (
                            binding.external_id.split(":")[0]
                            if binding.ebay_listing_api == "trading"
                            else ""
                        ),
                        offer_id=binding.ebay_offer_id or "",
                        price=price,
                        currency=currency,
                    ),
                )
            )
        return result

    @api.model
    def _ebay_price(self, account, binding):
        """``(price, currency)`` to publish with the stock, or ``(None, "")``
        when the account does not sync prices."""
        if not account.sync_prices or account.owner_price != "odoo":
            return None, ""
        product = binding.product_id.with_company(account.company_id)
        pricelist = account.pricelist_id
        if pricelist:
            value = pricelist._get_product_price(product, 1.0)
            currency = pricelist.currency_id
        else:
            value = product.lst_price
            currency = account.company_id.currency_id
        return to_decimal(value, "price"), currency.name
