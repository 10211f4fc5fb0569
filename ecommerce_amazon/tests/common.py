# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Shared set-up: the company of ``EcommerceCommon``, the SP-API sandbox on
loopback, and an Amazon account (US, DE and UK marketplaces, an FBA
warehouse) pointing at it."""

from datetime import timedelta

from odoo import fields
from odoo.fields import Command

from odoo.addons.ecommerce_base.tests.common import EcommerceCommon

from sandbox.amazon import (
    AmazonSandbox,
    make_order,
    make_refund,
    order_total,
)

US, DE, UK = "ATVPDKIKX0DER", "A1PA6795UKMFR9", "A1F83G8C2ARO7P"

__all__ = [
    "DE",
    "UK",
    "US",
    "AmazonCommon",
    "make_order",
    "make_refund",
    "order_total",
]


class AmazonCommon(EcommerceCommon):
    # Amazon rounds tax per item: Odoo totals equal Amazon's to the cent
    # with "Round per Line" (see readme/CONFIGURE.md)
    tax_rounding = "round_per_line"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._start_sandbox(AmazonSandbox())
        Currency = cls.env["res.currency"].with_context(active_test=False)
        cls.usd = Currency.search([("name", "=", "USD")])
        cls.eur = Currency.search([("name", "=", "EUR")])
        cls.gbp = Currency.search([("name", "=", "GBP")])
        (cls.usd | cls.eur | cls.gbp).active = True
        for currency in (cls.usd | cls.eur | cls.gbp) - cls.company.currency_id:
            cls.env["product.pricelist"].create(
                {"name": f"Amazon {currency.name}", "currency_id": currency.id}
            )
        cls.fba_warehouse = cls.env["stock.warehouse"].create(
            {"name": "Amazon FBA", "code": "FBA", "company_id": cls.company.id}
        )
        cls.account = cls._create_account(
            "amazon",
            name="Amazon EU+US",
            base_url=cls.sandbox.url,
            amazon_region="eu",
            amazon_seller_id=cls.sandbox.seller_id,
            amazon_lwa_url=f"{cls.sandbox.url}/auth/o2/token",
            api_key=cls.sandbox.client_id,
            api_secret=cls.sandbox.client_secret,
            refresh_token=cls.sandbox.refresh_token,
            amazon_fba_warehouse_id=cls.fba_warehouse.id,
            amazon_feed_poll_interval=0,
            import_start_date=fields.Datetime.now() - timedelta(days=2),
            payment_mapping_ids=[cls._paid_payment_mapping("amazon")],
            amazon_marketplace_ids=[
                Command.create(
                    {
                        "marketplace_id": US,
                        "name": "Amazon.com",
                        "currency_id": cls.usd.id,
                    }
                ),
                Command.create(
                    {
                        "marketplace_id": DE,
                        "name": "Amazon.de",
                        "currency_id": cls.eur.id,
                        "prices_include_tax": True,
                    }
                ),
                Command.create(
                    {
                        "marketplace_id": UK,
                        "name": "Amazon.co.uk",
                        "currency_id": cls.gbp.id,
                        "prices_include_tax": True,
                    }
                ),
            ],
        )

    def setUp(self):
        super().setUp()
        self.account._amazon_reset_throttle()
        self.addCleanup(self.account._amazon_reset_throttle)

    # === HELPERS === #

    def mapper(self):
        return self.account._mapper()

    def import_docs(self, *documents, refunds=()):
        """Seed orders and refund events, then run the import job."""
        self.sandbox.seed_refunds(list(refunds))
        return super().import_docs(*documents)

    def token_calls(self):
        return self.sandbox.call_count(route="POST /auth/o2/token")
