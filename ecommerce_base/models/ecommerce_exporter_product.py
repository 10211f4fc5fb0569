# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from decimal import Decimal

from odoo import api, models

from ..canonical import ProductVariant
from ..exceptions import EcommerceDataError, EcommerceRetryableError

# account field saying who owns it -> canonical field it governs
OWNERSHIP = {
    "owner_name": "title",
    "owner_description": "description",
    "owner_price": "price",
    "owner_images": "image_urls",
}


class EcommerceExporter(models.AbstractModel):
    _inherit = "ecommerce.exporter"

    # === PRODUCT DATA AND PRICES === #

    @api.model
    def odoo_owned_fields(self, account):
        """The canonical product fields Odoo is the master of on this account;
        an export never sends any other.

        :rtype: set of str
        """
        owned = {
            field for owner, field in OWNERSHIP.items() if account[owner] == "odoo"
        }
        if not account.sync_prices:
            owned.discard("price")
        return owned

    @api.model
    def export_products(self, account, counters, full=False):
        """Send the Odoo-owned fields (name, description, price, images) of
        bound products whose data changed, or of all of them with ``full``."""
        owned = self.odoo_owned_fields(account)
        domain = [("account_id", "=", account.id)]
        if not full:
            domain.append(("product_export_pending", "=", True))
        bindings = self.env["ecommerce.product.binding"].search(domain, order="id")
        counters.add("fetched", len(bindings))
        if not owned:
            counters.note("The platform owns every product field: nothing sent")
            bindings.write({"product_export_pending": False})
            return
        adapter, mapper = account._adapter(), account._mapper()
        ErrorLog = self.env["ecommerce.error.log"]
        for binding in bindings:
            variant = self._prepare_product_variant(account, binding, owned)
            try:
                raw = mapper.from_product_variant(account, variant, owned)
                adapter.update_product(account, binding, raw)
            except EcommerceRetryableError:
                raise
            except Exception as exc:  # one refused product never stops the others
                self._product_failed(
                    account, counters, binding.external_id, exc, binding.product_id
                )
                continue
            counters.add("updated")
            binding.product_export_pending = False
        ErrorLog._resolve(
            account,
            "product",
            bindings.filtered(lambda b: not b.product_export_pending).mapped(
                "external_id"
            ),
        )

    @api.model
    def publish_products(self, account, templates, counters):
        """Create on the platform the Odoo products of ``templates`` that the
        account does not sell yet, each template as one platform product with
        its variants, and bind them; their stock follows with the next export.

        A template some of whose variants are already bound is left alone
        (logged): add its new variants on the platform, then import the
        catalog. A variant needs an internal reference (its SKU).
        """
        Binding = self.env["ecommerce.product.binding"]
        bound = Binding.search(
            [
                ("account_id", "=", account.id),
                ("product_id", "in", templates.product_variant_ids.ids),
            ]
        ).product_id
        adapter, mapper = account._adapter(), account._mapper()
        for template in templates:
            products = template.product_variant_ids
            counters.add("fetched")
            if not products - bound:
                counters.add("skipped")
                continue
            try:
                with self.env.cr.savepoint():
                    self._check_publishable(template, products & bound)
                    variants = [
                        self._prepare_new_variant(account, product)
                        for product in products
                    ]
                    created = adapter.create_product(
                        account, mapper.new_product(account, template, variants)
                    )
                    self._bind_published(account, products, variants, created)
            except EcommerceRetryableError:
                raise
            except Exception as exc:  # one refused product never stops the others
                self._product_failed(
                    account,
                    counters,
                    template.default_code or str(template.id),
                    exc,
                    template,
                )
                continue
            counters.add("created")

    @api.model
    def _product_failed(self, account, counters, external_id, exc, record):
        """Count a refused product and log it; the batch goes on."""
        counters.add("failed")
        self.env["ecommerce.error.log"]._log(
            account, "product", external_id, exc, sync_job=counters.run, record=record
        )

    @api.model
    def _check_publishable(self, template, already_bound):
        """Refuse, with a message saying what to do, a template that cannot be
        created as one platform product."""
        if already_bound:
            raise EcommerceDataError(
                f"{template.display_name}: variants "
                f"{', '.join(already_bound.mapped('display_name'))} are already "
                "sold on this channel; add the other variants on the platform, "
                "then import its catalog"
            )
        missing = template.product_variant_ids.filtered(lambda p: not p.default_code)
        if missing:
            raise EcommerceDataError(
                f"{template.display_name}: set an internal reference (the SKU) "
                f"on {', '.join(missing.mapped('display_name'))}"
            )

    @api.model
    def _prepare_new_variant(self, account, product):
        """The canonical variant to create for ``product``: SKU, barcode,
        attribute values as title, price and, per field ownership, the
        description and image.

        :rtype: :class:`~odoo.addons.ecommerce_base.canonical.ProductVariant`
        """
        owned = self.odoo_owned_fields(account) | {"title", "price", "description"}
        variant = self._prepare_product_variant(
            account,
            self.env["ecommerce.product.binding"].new({"product_id": product.id}),
            owned,
        )
        variant.sku = product.default_code
        variant.barcode = product.barcode or ""
        variant.title = (
            product.product_template_attribute_value_ids._get_combination_name()
            or product.name
        )
        return variant

    @api.model
    def _bind_published(self, account, products, variants, created):
        """Bind each created platform variant to its Odoo product, stock to
        be published."""
        values = []
        for product, variant in zip(products, variants, strict=True):
            platform = created.get(variant.sku)
            if not platform or not platform.get("external_id"):
                raise EcommerceDataError(
                    f"The platform did not return the variant of SKU {variant.sku}"
                )
            values.append(
                {
                    **platform,
                    "account_id": account.id,
                    "product_id": product.id,
                    "sku": variant.sku,
                }
            )
        bindings = self.env["ecommerce.product.binding"].create(values)
        bindings._flag_stock_changed()
        return bindings

    @api.model
    def _prepare_product_variant(self, account, binding, owned):
        """The canonical variant of a bound product, filled only with the
        fields in ``owned``.

        :rtype: :class:`~odoo.addons.ecommerce_base.canonical.ProductVariant`
        """
        product = binding.product_id.with_company(account.company_id)
        variant = ProductVariant(
            external_id=binding.external_id,
            sku=binding.sku or "",
            product_external_id=binding.external_product_id or "",
        )
        if "title" in owned:
            variant.title = product.name
        if "description" in owned:
            variant.description = product.description_sale or ""
        if "price" in owned:
            variant.price = self._export_price(account, product)
        if "image_urls" in owned and product.image_1920:
            base = self.env["ir.config_parameter"].sudo().get_param("web.base.url", "")
            variant.image_urls = [
                f"{base}/web/image/product.product/{product.id}/image_1920"
            ]
        return variant

    @api.model
    def _export_price(self, account, product):
        """Price published for ``product``: the account's pricelist price,
        else the sales price, as a ``Decimal`` rounded to the currency.

        :rtype: Decimal
        """
        currency = account.pricelist_id.currency_id or account.company_id.currency_id
        if account.pricelist_id:
            price = account.pricelist_id._get_product_price(product, 1.0)
        else:
            price = product.lst_price
        return Decimal(repr(currency.round(price))).quantize(
            Decimal(1).scaleb(-currency.decimal_places)
        )
