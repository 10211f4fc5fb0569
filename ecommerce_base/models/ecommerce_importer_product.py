# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models

from ..exceptions import EcommerceDataError


class EcommerceImporter(models.AbstractModel):
    _inherit = "ecommerce.importer"

    # === PRODUCTS === #

    @api.model
    def _match_products(self, account, order):
        """The Odoo product of each line: by binding, then SKU
        (``default_code``), then barcode, in three queries for the whole order.
        Lines matched by SKU or barcode get a binding for next time.

        :return: ``{line external id: product.product}``
        :raises EcommerceDataError: listing the unmatched lines, unless the
            account has a fallback product for them
        """
        lines = order.lines
        bindings = self.env["ecommerce.product.binding"]._find(
            account,
            {line.variant_external_id for line in lines if line.variant_external_id},
        )
        # lines of bound variants need no search by SKU or barcode
        unbound = [
            line
            for line in lines
            if not (
                line.variant_external_id in bindings
                and bindings[line.variant_external_id].product_id
            )
        ]
        by_sku = self._products_by_field(
            account, "default_code", {line.sku for line in unbound if line.sku}
        )
        by_barcode = self._products_by_field(
            account, "barcode", {line.barcode for line in unbound if line.barcode}
        )
        result, missing, new_bindings = {}, [], {}
        for line in lines:
            binding = bindings.get(line.variant_external_id)
            product = binding.product_id if binding else None
            if not product:
                product = by_sku.get(line.sku) or by_barcode.get(line.barcode)
                if product and line.variant_external_id:
                    new_bindings[line.variant_external_id] = (product, line)
            if (
                not product
                and account.use_fallback_product
                and account.fallback_product_id
            ):
                product = account.fallback_product_id
            if not product:
                missing.append(line)
                continue
            result[line.external_id] = product
        if missing:
            described = ", ".join(
                f"{line.title or line.external_id!r} (SKU {line.sku or '-'}, "
                f"barcode {line.barcode or '-'})"
                for line in missing
            )
            raise EcommerceDataError(
                f"Order {order.name}: no Odoo product for {described}; create or bind "
                "the product, or set a fallback product on the account"
            )
        self._bind_products(account, new_bindings)
        return result

    @api.model
    def _products_by_field(self, account, field, values):
        """Active sellable products whose ``field`` is in ``values``, as
        ``{value: product}``; a value shared by several products is an error."""
        values = {v for v in values if v}
        if not values:
            return {}
        products = self.env["product.product"].search(
            [
                (field, "in", list(values)),
                ("sale_ok", "=", True),
                ("company_id", "in", (account.company_id.id, False)),
            ]
        )
        result = {}
        for product in products:
            key = product[field]
            if key in result:
                raise EcommerceDataError(
                    f"{field} {key!r} is used by several products "
                    f"({result[key].display_name}, {product.display_name}): "
                    "make it unique"
                )
            result[key] = product
        return result

    @api.model
    def _bind_products(self, account, new_bindings):
        """Bind platform variants to the products they were matched with by SKU or
        barcode, so the next order and the stock export find them directly."""
        if not new_bindings:
            return
        now = fields.Datetime.now()
        self.env["ecommerce.product.binding"].create(
            [
                {
                    "account_id": account.id,
                    "external_id": external_id,
                    "product_id": product.id,
                    "external_product_id": line.product_external_id or False,
                    "sku": line.sku or product.default_code,
                    "sync_date": now,
                }
                for external_id, (product, line) in new_bindings.items()
            ]
        )

    @api.model
    def bind_variant(self, account, variant):
        """Bind a catalog variant to the Odoo product with its SKU or barcode.

        :param variant: :class:`~odoo.addons.ecommerce_base.canonical.ProductVariant`
        :return: ``(action, binding)``; action ``created``, ``updated`` or ``skipped``
            (no Odoo product matches)
        """
        Binding = self.env["ecommerce.product.binding"]
        binding = Binding._find(account, [variant.external_id]).get(variant.external_id)
        product = self._products_by_field(account, "default_code", {variant.sku}).get(
            variant.sku
        ) or self._products_by_field(account, "barcode", {variant.barcode}).get(
            variant.barcode
        )
        vals = {
            "sku": variant.sku or False,
            "external_updated_at": variant.updated_at,
            "external_product_id": variant.product_external_id or False,
            "sync_date": fields.Datetime.now(),
        }
        if binding:
            if product and product != binding.product_id:
                vals["product_id"] = product.id
            binding.write(vals)
            return "updated", binding
        if not product:
            return "skipped", Binding
        vals.update(
            account_id=account.id,
            external_id=variant.external_id,
            product_id=product.id,
        )
        return "created", Binding.create(vals)
