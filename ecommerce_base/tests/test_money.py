# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from decimal import Decimal

from odoo.tests import BaseCase, tagged

from odoo.addons.ecommerce_base.exceptions import EcommerceDataError
from odoo.addons.ecommerce_base.tools.money import (
    quantize,
    split_proportionally,
    to_decimal,
)


@tagged("post_install", "-at_install")
class TestMoney(BaseCase):
    def test_to_decimal_reads_platform_amounts(self):
        self.assertEqual(to_decimal("12.50"), Decimal("12.50"))
        self.assertEqual(to_decimal(3), Decimal(3))
        self.assertEqual(to_decimal(0.1), Decimal("0.1"), "floats read through repr")
        self.assertEqual(to_decimal(None), Decimal(0))
        for bad in ("abc", "NaN", "Infinity", True, "1,50"):
            with self.assertRaises(EcommerceDataError):
                to_decimal(bad, "price")

    def test_quantize_rounds_half_up(self):
        self.assertEqual(quantize(Decimal("0.125")), Decimal("0.13"))
        self.assertEqual(quantize(Decimal("2.675")), Decimal("2.68"))
        self.assertEqual(quantize(Decimal("1.5"), 0), Decimal("2"))

    def test_split_keeps_every_cent(self):
        parts = split_proportionally(Decimal("10.00"), [Decimal(1)] * 3)
        self.assertEqual(sum(parts), Decimal("10.00"))
        self.assertEqual(
            sorted(parts), [Decimal("3.33"), Decimal("3.33"), Decimal("3.34")]
        )
        parts = split_proportionally(Decimal("5.00"), [Decimal("30"), Decimal("10")])
        self.assertEqual(parts, [Decimal("3.75"), Decimal("1.25")])
        self.assertEqual(
            split_proportionally(Decimal("1"), [Decimal(0), Decimal(0)]),
            [Decimal("1"), Decimal(0)],
        )
