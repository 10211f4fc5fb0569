# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, models


class EcommerceMapper(models.AbstractModel):
    """Raw platform dicts <-> canonical records. Pure: no writes, no HTTP.

    A platform addon defines ``ecommerce.<platform>.mapper`` with
    ``_inherit = "ecommerce.mapper"``; this is where its quirks live.
    Mappers raise :class:`~..exceptions.EcommerceDataError` with a clear
    message for data they cannot read.
    """

    _name = "ecommerce.mapper"
    _description = "E-commerce Mapper (extension point)"
    #: key of a raw order's platform id, read by ``order_external_id``
    _order_id_key = "id"

    @api.model
    def order_external_id(self, account, raw):
        """The platform id of a raw order, read even from a broken payload so
        its error can be logged against it.

        :rtype: str
        """
        value = raw.get(self._order_id_key) if isinstance(raw, dict) else None
        return "" if value is None or value == "" else str(value)

    @api.model
    def to_order(self, account, raw):
        """Read a raw order.

        :rtype: :class:`~odoo.addons.ecommerce_base.canonical.Order`
        """
        raise NotImplementedError

    @api.model
    def to_product_variants(self, account, raw):
        """Read a raw catalog product into its sellable variants.

        :rtype: list of :class:`~odoo.addons.ecommerce_base.canonical.ProductVariant`
        """
        raise NotImplementedError

    @api.model
    def from_stock_level(self, account, level):
        """Shape one :class:`StockLevel` the way the adapter's ``push_stock`` sends it.

        :rtype: dict
        """
        raise NotImplementedError

    @api.model
    def stock_level_key(self, account, level):
        """Key under which ``push_stock`` reports a refused level (SKU by default)."""
        return level.sku

    @api.model
    def from_fulfillment(self, account, fulfillment):
        """Shape a :class:`Fulfillment` for the adapter's ``create_fulfillment``.

        :rtype: dict
        """
        raise NotImplementedError

    @api.model
    def from_product_variant(self, account, variant, fields):
        """Shape the Odoo-owned ``fields`` of a variant for ``update_product``;
        fields not in ``fields`` must not be sent.

        :param set fields: canonical field names (title, description, price,
            image_urls) that Odoo owns on this account
        :rtype: dict
        """
        raise NotImplementedError

    @api.model
    def new_product(self, account, template, variants):
        """Shape a product to create on the platform for ``create_product``:
        one platform product for the Odoo ``template``, with one platform
        variant per canonical variant (SKU, barcode, title, price,
        description, images filled from Odoo).

        :param template: the ``product.template``
        :param variants: list of canonical ``ProductVariant`` without
            ``external_id``; ``title`` names the variant's attribute values
        :rtype: dict
        """
        raise NotImplementedError

    @api.model
    def sensitive_keys(self, account):
        """Payload keys of this platform that hold personal data or secrets,
        on top of the common ones, masked before a payload is stored.

        :rtype: tuple of str
        """
        return ()
