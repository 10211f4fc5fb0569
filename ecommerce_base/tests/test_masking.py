# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import json
import time

from odoo.tests import BaseCase, tagged

from odoo.addons.ecommerce_base.tools.masking import mask_payload, mask_text


@tagged("post_install", "-at_install")
class TestMasking(BaseCase):
    def test_payload_masks_personal_keys_and_secrets(self):
        payload = {
            "id": 1001,
            "Email": "jane.doe@example.com",
            "billing": {
                "first_name": "Jane",
                "address_1": "Rue de la Loi 16",
                "postcode": "1000",
                "country": "BE",
            },
            "access_token": "shpat_0123456789",
            "line_items": [{"sku": "TS-MUG-01", "name": "Jane's mug"}],
            "note": "call +32 470 12 34 56",
        }
        text = json.dumps(mask_payload(payload))
        for secret in (
            "jane.doe@example.com",
            "Jane",
            "Rue de la Loi",
            "shpat_",
            "470 12",
        ):
            self.assertNotIn(secret, text)
        masked = mask_payload(payload)
        self.assertEqual(masked["id"], 1001)
        self.assertEqual(masked["billing"]["country"], "BE")
        self.assertEqual(masked["line_items"][0]["sku"], "TS-MUG-01")
        self.assertEqual(masked["access_token"], "***")

    def test_platform_keys_extend_the_list(self):
        masked = mask_payload(
            {"BuyerTaxInfo": "BE0123456789"}, extra_keys=("BuyerTaxInfo",)
        )
        self.assertNotIn("0123456789", json.dumps(masked))

    def test_free_text(self):
        text = mask_text(
            "Refused for bob@shop.example (Authorization: Bearer abcdef123456)"
        )
        self.assertNotIn("bob@shop.example", text)
        self.assertNotIn("abcdef123456", text)

    def test_long_text_is_masked_in_linear_time(self):
        """Oversize fields from a platform must not hang a worker."""
        for text in ("\u03a9" * 200_000, "a@" + "b" * 200_000, "1 " * 100_000 + "x"):
            started = time.monotonic()
            mask_text(text)
            self.assertLess(time.monotonic() - started, 5)
        self.assertNotIn("jane", mask_text("mail jane.doe@example.co.uk now"))
