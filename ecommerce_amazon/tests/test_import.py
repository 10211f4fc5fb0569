# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import time
from datetime import datetime, timedelta, timezone

from odoo import fields
from odoo.tests import tagged

from odoo.addons.ecommerce_base.exceptions import EcommerceNotFound

from .common import DE, UK, US, AmazonCommon, make_order, make_refund, order_total

SEARCH = "GET /orders/2026-01-01/orders"


def utc_now():
    return datetime.now(timezone.utc).replace(microsecond=0)


def mixed_order(index):
    """Orders of three marketplaces, with promotions, shipping tax, several
    items and buyers with and without email."""
    marketplace = (US, DE, UK)[index % 3]
    rate = {US: "10", DE: "19", UK: "20"}[marketplace]
    items = [
        {
            "sku": "TS-MUG-01",
            "quantity": 1 + index % 3,
            "unit_price": f"{12 + index % 7}.{index % 100:02d}",
            "tax_rate": rate,
            "shipping": "4.99" if index % 2 else "0",
        }
    ]
    if index % 4 == 0:
        items.append(
            {
                "sku": "TS-TEE-M",
                "quantity": 1,
                "unit_price": "25.00",
                "tax_rate": rate,
                "promotion": f"{index % 5 + 1}.37",
                "promotion_id": "PROMO-SPRING",
            }
        )
    if index % 5 == 0:
        items.append({"sku": "TS-BOOK", "quantity": 2, "unit_price": "7.95"})
    return make_order(
        f"{100 + index % 3}-{index:07d}-0000000",
        marketplace_id=marketplace,
        items=items,
        buyer_email=None if index % 6 == 0 else f"b{index}@marketplace.amazon.com",
        buyer_name=f"Buyer {index}",
        address={
            "name": f"Buyer {index}",
            "addressLine1": f"{index} Main Street",
            "city": "Seattle",
            "postalCode": "98101",
            "countryCode": "US",
        },
    )


@tagged("post_install", "-at_install")
class TestAmazonImport(AmazonCommon):
    def test_01_test_connection_lists_marketplace_participations(self):
        self.account.action_test_connection()
        self.assertEqual(self.account.state, "connected")
        self.assertIn("Amazon.de (A1PA6795UKMFR9, EUR)", self.account.state_message)
        self.account.amazon_marketplace_ids.unlink()
        self.account.action_amazon_load_marketplaces()
        self.assertEqual(
            sorted(
                (m.marketplace_id, m.currency_id.name, m.prices_include_tax)
                for m in self.account.amazon_marketplace_ids
            ),
            [(UK, "GBP", True), (DE, "EUR", True), (US, "USD", False)],
        )
        # the access token is cached on the account, not asked again
        self.assertEqual(self.token_calls(), 1)
        self.assertTrue(self.account.sudo().access_token.startswith("Atza|"))

    def test_02_two_hundred_orders_totals_pages_and_rate_limits(self):
        """200 orders over 40 pages: every Odoo total equals Amazon's, and
        searchOrders never goes beyond its burst (20) plus its rate. Orders
        stay quotations: confirmation (and FBA deliveries) is test_03's."""
        self.account.auto_confirm = False
        self.account.payment_mapping_ids.confirm = "never"
        self.sandbox.page_size = 5
        self.sandbox.set_rate_plan("searchOrders", 10.0, 20)
        self.addCleanup(setattr, self.sandbox, "page_size", 100)
        self.set_stock(self.mug, 1000)
        documents = [mixed_order(i) for i in range(200)]
        started = time.monotonic()
        bindings = self.import_docs(*documents)
        elapsed = time.monotonic() - started
        self.assertEqual(len(bindings), 200)
        self.assertFalse(self.errors_of(self.account).mapped("message"))
        self.assertFalse(bindings.filtered("total_mismatch"))
        totals = {d["orderId"]: order_total(d) for d in documents}
        for binding in bindings:
            self.assert_total(binding.sale_order_id, totals[binding.external_id])
            self.assertEqual(binding.sale_order_id.state, "draft")
        currencies = set(bindings.sale_order_id.mapped("currency_id.name"))
        self.assertEqual(currencies, {"USD", "EUR", "GBP"})
        searches = [c for c in self.sandbox.calls() if c["route"] == SEARCH]
        self.assertEqual(len(searches), 40)
        self.assertEqual(self.sandbox.call_count(status=429), 0)
        self.assertEqual(self.token_calls(), 1)
        self.assertEqual(
            self.sandbox.call_count(route="GET /finances/v0/financialEvents"), 1
        )
        # burst + rate x elapsed bounds the calls made
        span = searches[-1]["time"] - searches[0]["time"]
        self.assertLessEqual(len(searches), 20 + 10.0 * span + 1)
        self.assertLess(span, elapsed)
        # one partner per buyer; buyers without email keyed on the address
        self.assertEqual(len(bindings.sale_order_id.partner_id), 200)
        # import again: nothing changed, nothing duplicated
        self.account.import_orders()
        self.assertEqual(
            self.env["ecommerce.order.binding"].search_count(
                [("account_id", "=", self.account.id)]
            ),
            200,
        )

    def test_03_afn_to_fba_warehouse_mfn_to_own_warehouse(self):
        self.set_stock(self.mug, 10)
        bindings = self.import_docs(
            make_order("111-0000001-0000001"),
            make_order(
                "111-0000002-0000002",
                fulfilled_by="AMAZON",
                status="SHIPPED",
                buyer_email=None,
                address=False,
            ),
        )
        mfn = self.sale_order_of("111-0000001-0000001")
        afn = self.sale_order_of("111-0000002-0000002")
        self.assertEqual(len(bindings), 2)
        self.assertEqual(mfn.warehouse_id, self.warehouse)
        self.assertEqual(mfn.amazon_fulfillment_channel, "MFN")
        self.assertEqual(mfn.picking_ids.state, "assigned")
        self.assertEqual(afn.warehouse_id, self.fba_warehouse)
        self.assertEqual(afn.picking_ids.state, "done")
        self.assertEqual(
            afn.picking_ids.picking_type_id.warehouse_id, self.fba_warehouse
        )
        self.assertEqual(afn.partner_id.name, "Amazon customer (Amazon.com)")
        # the sold listing is bound by seller SKU: its stock is exported
        listing = self.env["ecommerce.product.binding"].search(
            [("account_id", "=", self.account.id), ("product_id", "=", self.mug.id)]
        )
        self.assertEqual((listing.external_id, listing.sku), ("TS-MUG-01",) * 2)
        # own stock untouched by the FBA order
        self.assertEqual(
            self.mug.with_context(warehouse_id=self.warehouse.id).qty_available, 10
        )

    def test_04_pending_waits_then_imports_cancelled_cancels(self):
        self.account.payment_mapping_ids.create_invoice = False
        self.import_docs(make_order("111-0000003-0000003", status="PENDING"))
        self.assertFalse(self.order_binding(self.account, "111-0000003-0000003"))
        asked = self.sandbox.calls()[-1]["query"]["fulfillmentStatuses"].split(",")
        self.assertNotIn("PENDING", asked)
        self.assertIn("UNSHIPPED", asked)
        unshipped = make_order(
            "111-0000003-0000003", updated=utc_now() - timedelta(minutes=4)
        )
        self.import_docs(unshipped)
        order = self.sale_order_of("111-0000003-0000003")
        self.assertEqual(order.state, "sale")
        self.assert_total(order, order_total(unshipped))
        self.import_docs(
            make_order(
                "111-0000003-0000003",
                status="CANCELLED",
                updated=utc_now() - timedelta(minutes=3),
            )
        )
        self.assertEqual(order.state, "cancel")

    def test_05_same_buyer_without_email_gives_one_partner(self):
        address = {
            "name": "Kim Lee",
            "addressLine1": "5 Rue Haute",
            "city": "Lyon",
            "postalCode": "69001",
            "countryCode": "FR",
        }
        self.import_docs(
            make_order("111-0000005-0000001", buyer_email=None, address=address),
            make_order("111-0000005-0000002", buyer_email=None, address=address),
        )
        first = self.sale_order_of("111-0000005-0000001")
        second = self.sale_order_of("111-0000005-0000002")
        self.assertEqual(first.partner_id, second.partner_id)
        self.assertFalse(first.partner_id.email)
        self.assertEqual(first.partner_id.city, "Lyon")

    def test_06_refund_events_become_credit_notes(self):
        order_doc = make_order(
            "302-0000006-0000006",
            marketplace_id=DE,
            items=[
                {
                    "sku": "TS-MUG-01",
                    "quantity": 2,
                    "unit_price": "12.50",
                    "tax_rate": "19",
                    "shipping": "3.90",
                },
                {
                    "sku": "TS-TEE-M",
                    "quantity": 1,
                    "unit_price": "25.00",
                    "tax_rate": "19",
                },
            ],
        )
        self.import_docs(order_doc)
        sale_order = self.sale_order_of("302-0000006-0000006")
        self.assertEqual(sale_order.invoice_ids.state, "posted")
        refund = make_refund(
            order_doc,
            items={"302-0000006-0000006-1": 1},
            posted=utc_now() - timedelta(minutes=3),
        )
        self.sandbox.seed_refunds([refund])
        self.account.import_orders()
        credit = sale_order.invoice_ids.filtered(lambda m: m.move_type == "out_refund")
        self.assertEqual(len(credit), 1)
        self.assertEqual(credit.state, "posted")
        self.assertAlmostEqual(credit.amount_total, 12.50)
        self.assertEqual(credit.currency_id, self.eur)
        # seen again: no second credit note
        self.account.import_orders()
        self.assertEqual(
            len(sale_order.invoice_ids.filtered(lambda m: m.move_type == "out_refund")),
            1,
        )
        self.assertEqual(
            self.order_binding(self.account, "302-0000006-0000006").financial_status,
            "partially_refunded",
        )

    def test_07_expired_access_token_is_refreshed_once(self):
        self.sandbox.page_size = 1
        self.addCleanup(setattr, self.sandbox, "page_size", 100)
        self.account.sudo().write(
            {
                "access_token": "Atza|old",
                "amazon_token_expires_at": fields.Datetime.now() - timedelta(hours=1),
            }
        )
        self.import_docs(*(make_order(f"111-0000007-000000{i}") for i in range(4)))
        self.assertEqual(self.token_calls(), 1)
        self.assertGreaterEqual(self.sandbox.call_count(route=SEARCH), 4)
        # Amazon drops the token before its announced expiry: one refresh
        self.sandbox.expire_tokens()
        self.account.orders_cursor_at = False
        self.account.import_orders()
        self.assertEqual(self.token_calls(), 2)
        self.assertEqual(self.sandbox.call_count(status=403), 1)

    def test_08_quota_exceeded_is_retried_and_errors_are_clear(self):
        self.sandbox.seed_orders([make_order("111-0000008-0000008")])
        self.sandbox.set_rate_plan("getOrder", 2.0, 1)
        adapter = self.account._adapter()
        for _attempt in range(2):
            order = adapter.fetch_order(self.account, "111-0000008-0000008")
            self.assertEqual(order["orderId"], "111-0000008-0000008")
        self.assertEqual(
            self.sandbox.call_count(route="GET /orders/2026-01-01/orders/<order_id>"),
            3,
        )
        self.assertEqual(self.sandbox.call_count(status=429), 1)
        with self.assertRaisesRegex(
            EcommerceNotFound, "NotFound: Order nope not found"
        ):
            adapter.fetch_order(self.account, "nope")

    def test_09_overlap_respects_the_two_minute_rule(self):
        now = fields.Datetime.now()
        self.account.write({"orders_cursor_at": now, "import_overlap_minutes": 0})
        self.assertLessEqual(self.account._orders_since(), now - timedelta(minutes=5))
        self.account.import_overlap_minutes = 10
        self.assertEqual(self.account._orders_since(), now - timedelta(minutes=10))

    def test_10_paging_stays_within_the_rate_limit(self):
        """Reading 40 pages as fast as possible: the first 20 go at once
        (burst), the others wait for the rate Amazon announced; Amazon never
        answers 429."""
        self.sandbox.page_size = 5
        self.addCleanup(setattr, self.sandbox, "page_size", 100)
        self.sandbox.set_rate_plan("searchOrders", 10.0, 20)
        self.sandbox.seed_orders([mixed_order(i) for i in range(200)])
        adapter = self.account._adapter()
        since = fields.Datetime.now() - timedelta(hours=1)
        orders = list(adapter.fetch_orders(self.account, since))
        self.assertEqual(len(orders), 200)
        searches = [c for c in self.sandbox.calls() if c["route"] == SEARCH]
        self.assertEqual(len(searches), 40)
        self.assertEqual(self.sandbox.call_count(status=429), 0)
        span = searches[-1]["time"] - searches[0]["time"]
        # 20 more calls than the burst at 10 per second take about 2 s
        self.assertGreaterEqual(span, 1.5)
