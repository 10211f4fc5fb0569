# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import dataclasses

from odoo import api, fields, models

from odoo.addons.ecommerce_base.exceptions import EcommerceDataError

from ..const import FEE_LINE_PREFIX


class WooCommerceImporter(models.AbstractModel):
    """What the generic import needs to know of WooCommerce: fee lines sell
    the account's fee product; catalog variants carry ``manage_stock``, and
    missing products may be created."""

    _name = "ecommerce.woocommerce.importer"
    _inherit = "ecommerce.importer"
    _description = "WooCommerce Importer"

    @api.model
    def _match_products(self, account, order):
        """Products of the order lines; fee lines get the account's fee product.

        :raises EcommerceDataError: when the order has fees and the account no
            fee product
        """
        fees = [
            line for line in order.lines if line.external_id.startswith(FEE_LINE_PREFIX)
        ]
        if not fees:
            return super()._match_products(account, order)
        product = account.woocommerce_fee_product_id
        if not product:
            raise EcommerceDataError(
                f"Order {order.name} has fee line(s) "
                f"{', '.join(repr(line.title) for line in fees)}: set a fee product "
                "on the account"
            )
        fee_ids = {line.external_id for line in fees}
        items = [line for line in order.lines if line.external_id not in fee_ids]
        result = super()._match_products(
            account, dataclasses.replace(order, lines=items)
        )
        result.update(dict.fromkeys(fee_ids, product))
        return result

    @api.model
    def bind_variant(self, account, variant):
        """Bind a catalog variant (see the base), create the Odoo product when
        none matches and the account asks for it, and publish stock only for
        variants whose stock WooCommerce manages."""
        action, binding = super().bind_variant(account, variant)
        if not binding and account.woocommerce_create_products:
            product = self.env["product.product"].create(
                self._prepare_product_vals(account, variant)
            )
            binding = self.env["ecommerce.product.binding"].create(
                {
                    "account_id": account.id,
                    "external_id": variant.external_id,
                    "external_product_id": variant.product_external_id or False,
                    "product_id": product.id,
                    "sku": variant.sku or False,
                    "external_updated_at": variant.updated_at,
                    "sync_date": fields.Datetime.now(),
                }
            )
            action = "created"
        if binding and binding.sync_stock != variant.manage_stock:
            binding.sync_stock = variant.manage_stock
        return action, binding

    @api.model
    def _prepare_product_vals(self, account, variant):
        """Values of the Odoo product made from a WooCommerce variant.

        :rtype: dict
        """
        vals = {
            "name": variant.title or variant.sku or variant.external_id,
            "default_code": variant.sku or False,
            "barcode": variant.barcode or False,
            "type": "consu",
            "is_storable": bool(getattr(variant, "manage_stock", False)),
            "sale_ok": True,
        }
        if variant.price is not None:
            vals["list_price"] = float(variant.price)
        return vals
