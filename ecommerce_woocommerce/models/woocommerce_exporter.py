# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import dataclasses

from odoo import api, models
from odoo.tools import float_compare

from ..const import WooFulfillment, WooStockLevel


def _values(record):
    """Fields of a dataclass instance, shallow (``asdict`` would turn nested
    records into dicts)."""
    return {f.name: getattr(record, f.name) for f in dataclasses.fields(record)}


class WooCommerceExporter(models.AbstractModel):
    """Stock levels know their parent product (variations are updated through
    it) and fulfilments know whether they complete the order."""

    _name = "ecommerce.woocommerce.exporter"
    _inherit = "ecommerce.exporter"
    _description = "WooCommerce Exporter"

    @api.model
    def _prepare_stock_levels(self, account, bindings, quantities):
        """The base's levels with the parent product of variations, simple
        products first and variations grouped by parent, so that batches of
        100 need as few calls as possible.

        :return: list of ``(binding, WooStockLevel)``
        """
        result = []
        for binding, level in super()._prepare_stock_levels(
            account, bindings, quantities
        ):
            parent = binding.external_product_id or ""
            if parent == binding.external_id:
                parent = ""
            result.append(
                (
                    binding,
                    WooStockLevel(**dict(_values(level), parent_external_id=parent)),
                )
            )
        result.sort(key=lambda pair: (pair[1].parent_external_id, pair[0].id))
        return result

    @api.model
    def _prepare_fulfillment(self, account, binding, picking):
        """The base's fulfilment, and whether every good of the order has now
        left (WooCommerce then marks the order completed)."""
        fulfillment = super()._prepare_fulfillment(account, binding, picking)
        goods = picking.sale_id.order_line.filtered(
            lambda line: line.ecommerce_line_external_id
            and not line.is_delivery
            and line.product_id.type == "consu"
        )
        complete = all(
            float_compare(
                line.qty_delivered,
                line.product_uom_qty,
                precision_rounding=line.product_uom_id.rounding,
            )
            >= 0
            for line in goods
        )
        return WooFulfillment(**dict(_values(fulfillment), completes_order=complete))

    @api.model
    def publish_products(self, account, products):
        """Create on the store the Odoo products not bound yet (Odoo is the
        catalog master), as simple products managing their stock, and bind
        them; their stock follows with the next export.

        :return: the new bindings
        """
        Binding = self.env["ecommerce.product.binding"]
        bound = Binding.search(
            [("account_id", "=", account.id), ("product_id", "in", products.ids)]
        ).product_id
        adapter, mapper = account._adapter(), account._mapper()
        owned = self.odoo_owned_fields(account) | {"title", "price"}
        created = Binding
        for product in products - bound:
            variant = self._prepare_product_variant(
                account, Binding.new({"product_id": product.id}), owned
            )
            variant.sku = product.default_code or ""
            external_id = adapter.create_product(
                account, mapper.new_product(account, variant)
            )
            created |= Binding.create(
                {
                    "account_id": account.id,
                    "external_id": external_id,
                    "external_product_id": external_id,
                    "product_id": product.id,
                    "sku": product.default_code or False,
                    "stock_export_pending": True,
                }
            )
        return created
