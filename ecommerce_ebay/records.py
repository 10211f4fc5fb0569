# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""eBay's additions to the canonical records."""

from dataclasses import dataclass
from decimal import Decimal

from odoo.addons.ecommerce_base.canonical import StockLevel


@dataclass
class EbayStockLevel(StockLevel):
    """A stock level with what eBay needs to route it: listings created with
    the Inventory API are updated by SKU (and offer, for the price); other
    listings by ItemID (and SKU for a variation) through the Trading API."""

    listing_api: str = "inventory"
    item_id: str = ""
    offer_id: str = ""
    price: Decimal | None = None
    currency: str = ""
