# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The canonical order with the few facts that are Amazon's own."""

from dataclasses import dataclass

from odoo.addons.ecommerce_base.canonical import Order


@dataclass
class AmazonOrder(Order):
    """An Amazon order: which marketplace sold it, who fulfils it (``AFN``
    for Amazon, ``MFN`` for the merchant) and whether Amazon still holds it
    as pending (no prices yet: it is not imported until it moves on)."""

    marketplace_id: str = ""
    pending: bool = False
