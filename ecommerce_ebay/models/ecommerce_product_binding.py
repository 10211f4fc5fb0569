# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models


class EcommerceProductBinding(models.Model):
    """eBay listing details of a product binding.

    An eBay binding's ``external_id`` is the SKU of an Inventory API item, or
    ``<legacy item id>[:<variation id>]`` of a listing sold without SKU;
    ``external_product_id`` is the listing's legacy item id (ItemID).
    """

    _inherit = "ecommerce.product.binding"

    ebay_listing_api = fields.Selection(
        [
            ("inventory", "Inventory API (by SKU)"),
            ("trading", "Trading API (by ItemID)"),
        ],
        string="eBay listing managed by",
        compute="_compute_ebay_listing_api",
        store=True,
        readonly=False,
        help="Listings created with the Inventory API are updated by SKU with "
        "bulkUpdatePriceQuantity; listings created on the eBay site or with "
        "the Trading API only through ReviseInventoryStatus.",
    )
    ebay_offer_id = fields.Char(
        string="eBay offer id",
        help="Published offer of the SKU: needed to send its price.",
    )

    @api.depends("platform", "sku", "external_id")
    def _compute_ebay_listing_api(self):
        for binding in self:
            if binding.platform != "ebay":
                binding.ebay_listing_api = False
            elif not binding.ebay_listing_api:
                by_sku = binding.sku and binding.external_id == binding.sku
                binding.ebay_listing_api = "inventory" if by_sku else "trading"
