# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import dataclasses
from datetime import timedelta

from odoo import api, fields, models

from odoo.addons.ecommerce_base.canonical import StockLevel
from odoo.addons.ecommerce_base.exceptions import EcommerceConfigError
from odoo.addons.ecommerce_base.models.ecommerce_exporter import STOCK_BASIS_FIELDS


class ShopifyExporter(models.AbstractModel):
    """Shopify keeps stock per location on each variant's inventory item:
    one level per (binding, mapped location), compare-and-set against what
    Odoo published last, and a re-read of the levels changed on Shopify."""

    _name = "ecommerce.shopify.exporter"
    _inherit = "ecommerce.exporter"
    _description = "Shopify Exporter"

    @api.model
    def _prepare_stock_levels(self, account, bindings, quantities):
        """One level per binding and mapped Shopify location, with the stock
        of that location's Odoo stock location.

        ``previous_quantity`` (sent as ``changeFromQuantity``) is the quantity
        Odoo last published at that location (``None`` the first time).

        :raises EcommerceConfigError: when no Shopify location is mapped
        """
        locations = account.shopify_location_ids.filtered("stock_location_id")
        if not locations:
            raise EcommerceConfigError(
                self.env._(
                    "Account %(name)s maps no Shopify location to an Odoo stock "
                    "location: test the connection to fetch the locations, then "
                    "map them on the Warehouse and stock tab",
                    name=account.name,
                )
            )
        bindings = self._resolve_inventory_items(account, bindings)
        levels = []
        for location in locations:
            location_qty = self._location_quantities(
                account, bindings.product_id, location.stock_location_id
            )
            for binding in bindings:
                levels.append(
                    (
                        binding,
                        StockLevel(
                            sku=binding.sku or binding.product_id.default_code or "",
                            quantity=self._apply_stock_buffer(
                                account, location_qty[binding.product_id.id]
                            ),
                            external_id=binding.shopify_inventory_item_id,
                            location_external_id=location.external_id,
                            previous_quantity=self._last_published_qty(
                                binding, location.external_id
                            ),
                        ),
                    )
                )
        return levels

    @api.model
    def _location_quantities(self, account, products, stock_location):
        """``{product id: quantity}`` in one stock location (and its children)."""
        field = STOCK_BASIS_FIELDS[account.stock_basis]
        products = products.with_context(location=stock_location.id).with_company(
            account.company_id
        )
        products.invalidate_recordset([field])
        return {p["id"]: p[field] for p in products.read([field], load=False)}

    @api.model
    def _resolve_inventory_items(self, account, bindings):
        """Fill the inventory item of bindings made by order import (one
        query per 250 variants); bindings still without one are logged and
        left out.

        :return: the bindings that have an inventory item
        """
        missing = bindings.filtered(lambda b: not b.shopify_inventory_item_id)
        if missing:
            items = account._adapter().fetch_inventory_items(
                account, missing.mapped("external_id")
            )
            for binding in missing:
                if items.get(binding.external_id):
                    binding.shopify_inventory_item_id = items[binding.external_id]
        unknown = bindings.filtered(lambda b: not b.shopify_inventory_item_id)
        for binding in unknown:
            self.env["ecommerce.error.log"]._log(
                account,
                "stock",
                binding.sku or binding.external_id,
                f"Shopify variant {binding.external_id} ({binding.sku}) has no "
                "inventory item: it was deleted on Shopify or is not bound",
                record=binding.product_id,
            )
        return bindings - unknown

    @api.model
    def _send_stock_levels(self, account, changed, counters):
        """Send the levels, then re-read those Shopify refused: a level that
        changed on Shopify meanwhile is remembered at Shopify's quantity as
        the published one, and a follow-up export sends Odoo's quantity
        against it (compare and set again). A level refused for another
        reason still has the quantity Odoo published and is left to the
        error log, so it cannot loop.

        :return: the refused ``(binding, StockLevel)`` pairs
        """
        refused = super()._send_stock_levels(account, changed, counters)
        if not refused:
            return refused
        current = account._adapter().fetch_levels(
            account, list({level.external_id for _b, level in refused})
        )
        reread = []
        for binding, level in refused:
            quantity = current.get((level.external_id, level.location_external_id))
            if quantity is not None and quantity != level.previous_quantity:
                reread.append((binding, dataclasses.replace(level, quantity=quantity)))
        if not reread:
            return refused
        self._store_exported(reread)
        counters.note(
            f"{len(reread)} level(s) changed on Shopify meanwhile were re-read; "
            "a follow-up export sends them again"
        )
        account._enqueue(
            "export_stock",
            key="shopify-resync",
            eta=fields.Datetime.now()
            + timedelta(seconds=account.stock_export_delay or 0),
            trigger="retry",
            full=True,
        )
        return refused
