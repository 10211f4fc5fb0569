# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Two real database connections import the same order at the same time.

The data must be committed for the second connection to see it, so this test
commits its own records and removes them at the end.
"""

from contextlib import closing

from odoo import SUPERUSER_ID, api
from odoo.sql_db import db_connect
from odoo.tests import BaseCase, tagged
from odoo.tests.common import get_db_name
from odoo.tools import mute_logger

from odoo.addons.ecommerce_base.exceptions import EcommerceRetryableError

from .common import TestshopSandbox, make_order


@tagged("post_install", "-at_install")
class TestConcurrentImport(BaseCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sandbox = TestshopSandbox().start()
        cls.addClassCleanup(cls.sandbox.stop)

    def setUp(self):
        super().setUp()
        self.sandbox.reset()
        self.dbname = get_db_name()
        with self._cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            company = env.ref("base.main_company")
            self.product_id = (
                env["product.product"]
                .create(
                    {
                        "name": "Race item",
                        "default_code": "RACE-1",
                        "list_price": 10,
                    }
                )
                .id
            )
            carrier_product = env["product.product"].create(
                {"name": "Race shipping", "type": "service"}
            )
            self.carrier_id = (
                env["delivery.carrier"]
                .create({"name": "Race carrier", "product_id": carrier_product.id})
                .id
            )
            self.carrier_product_id = carrier_product.id
            self.account_id = (
                env["ecommerce.account"]
                .create(
                    {
                        "name": "Race shop",
                        "platform": "testshop",
                        "company_id": company.id,
                        "base_url": self.sandbox.url,
                        "access_token": self.sandbox.token,
                        "default_carrier_id": self.carrier_id,
                        "auto_confirm": False,
                    }
                )
                .id
            )
            self.currency = company.currency_id.name
            cr.commit()  # pylint: disable=invalid-commit
        self.account_ids = [self.account_id]
        self.addCleanup(self._cleanup)

    def _cursor(self):
        return closing(db_connect(self.dbname).cursor())

    def _account(self, cr):
        return api.Environment(cr, SUPERUSER_ID, {})["ecommerce.account"].browse(
            self.account_id
        )

    def _doc(self, order_id, customer_id):
        line = {
            "id": f"{order_id}-1",
            "sku": "RACE-1",
            "title": "Race item",
            "quantity": 1,
            "unit_price": "10.00",
            "tax_rate": "0",
        }
        doc = make_order(
            order_id,
            currency=self.currency,
            lines=[line],
            shipping=[{"code": "std", "title": "Std", "price": "0", "tax_rate": "0"}],
            financial_status="pending",
        )
        doc["customer"]["id"] = customer_id
        doc["customer"]["email"] = f"{customer_id}@race.example"
        doc["billing_address"]["email"] = doc["customer"]["email"]
        doc["total"] = "10.00"
        return doc

    def _cleanup(self):
        with self._cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            account = env["ecommerce.account"].browse(self.account_ids)
            moves = env["stock.move"].search([("product_id", "=", self.product_id)])
            moves._action_cancel()
            moves.unlink()
            orders = (
                env["ecommerce.order.binding"]
                .search([("account_id", "in", account.ids)])
                .sale_order_id
            )
            partners = (
                env["ecommerce.partner.binding"]
                .search([("account_id", "in", account.ids)])
                .partner_id
            )
            for model in (
                "ecommerce.order.binding",
                "ecommerce.partner.binding",
                "ecommerce.product.binding",
                "ecommerce.sync.job",
                "ecommerce.error.log",
            ):
                env[model].search([("account_id", "in", account.ids)]).unlink()
            orders.unlink()
            (partners | partners.child_ids).unlink()
            account.unlink()
            env["delivery.carrier"].browse(self.carrier_id).unlink()
            env["product.product"].browse(
                [self.product_id, self.carrier_product_id]
            ).unlink()
            cr.commit()  # pylint: disable=invalid-commit

    def _count(self, model, extra=()):
        with self._cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            return env[model].search_count(
                [("account_id", "=", self.account_id), *extra]
            )

    def test_01_two_jobs_one_order(self):
        self.sandbox.seed_orders([self._doc("R100", "cust-1")])
        with self._cursor() as cr_a, self._cursor() as cr_b:
            self._account(cr_a).import_orders()  # holds the order's lock, not committed
            with self.assertRaises(EcommerceRetryableError):
                self._account(cr_b).import_orders()
            cr_b.rollback()
            cr_a.commit()
            self._account(cr_b).import_orders()  # the retry: sees the order, skips it
            cr_b.commit()
        self.assertEqual(self._count("ecommerce.order.binding"), 1)
        # the run that had to retry is on record, although its transaction rolled back
        self.assertEqual(
            self._count("ecommerce.sync.job", [("state", "=", "failed")]), 1
        )
        with self._cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            self.assertEqual(
                env["sale.order"].search_count(
                    [("ecommerce_account_id", "=", self.account_id)]
                ),
                1,
            )

    @mute_logger("odoo.sql_db")
    def test_02_snapshot_taken_before_commit_still_gives_one_order(self):
        """The second job started before the first committed, so it cannot see
        the first one's order: the unique binding makes it retry."""
        self.sandbox.seed_orders([self._doc("R200", "cust-2")])
        with self._cursor() as cr_a, self._cursor() as cr_b:
            cr_b.execute(
                "SELECT 1 FROM ecommerce_order_binding LIMIT 1"
            )  # snapshot now
            self._account(cr_a).import_orders()
            cr_a.commit()
            with self.assertRaises(EcommerceRetryableError):
                self._account(cr_b).import_orders()
            cr_b.rollback()
            self._account(cr_b).import_orders()
            cr_b.commit()
        self.assertEqual(self._count("ecommerce.order.binding"), 1)
        self.assertEqual(self._count("ecommerce.partner.binding"), 1)

    @mute_logger("odoo.sql_db")
    def test_03_two_orders_of_one_new_customer_give_one_partner(self):
        self.sandbox.seed_orders([self._doc("R300", "cust-3")])
        with self._cursor() as cr_a, self._cursor() as cr_b:
            cr_b.execute("SELECT 1 FROM res_partner LIMIT 1")  # snapshot now
            self._account(cr_a).import_orders()
            cr_a.commit()
            self.sandbox.seed_orders([self._doc("R301", "cust-3")])
            with self.assertRaises(EcommerceRetryableError):
                self._account(cr_b).import_order("R301")
            cr_b.rollback()
            self._account(cr_b).import_order("R301")
            cr_b.commit()
        self.assertEqual(self._count("ecommerce.order.binding"), 2)
        with self._cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            partners = (
                env["ecommerce.order.binding"]
                .search([("account_id", "=", self.account_id)])
                .sale_order_id.partner_id
            )
            self.assertEqual(len(partners), 1)

    def _bind_on_two_accounts(self):
        """A second account selling the race item: both bindings committed.
        Returns their ids, this test's account first."""
        with self._cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            first = env["ecommerce.account"].browse(self.account_id)
            second = first.copy({"name": "Race shop 2"})
            self.account_ids.append(second.id)
            bindings = env["ecommerce.product.binding"].create(
                [
                    {
                        "account_id": account.id,
                        "product_id": self.product_id,
                        "external_id": f"race-{account.id}",
                        "sku": "RACE-1",
                    }
                    for account in first | second
                ]
            )
            cr.commit()  # pylint: disable=invalid-commit
            return bindings.ids

    def _move_race_item(self, cr):
        """Confirm a delivery of the race item in ``cr``, not committed."""
        env = api.Environment(cr, SUPERUSER_ID, {})
        warehouse = env["stock.warehouse"].search(
            [("company_id", "=", env.ref("base.main_company").id)], limit=1
        )
        env["stock.move"].create(
            {
                "product_id": self.product_id,
                "product_uom_qty": 1,
                "location_id": warehouse.lot_stock_id.id,
                "location_dest_id": env.ref("stock.stock_location_customers").id,
            }
        )._action_confirm()

    def _pending(self, cr, binding_ids):
        env = api.Environment(cr, SUPERUSER_ID, {})
        return set(
            env["ecommerce.product.binding"]
            .search([("id", "in", binding_ids), ("stock_export_pending", "=", True)])
            .ids
        )

    def test_04_two_transactions_moving_one_product_do_not_wait(self):
        """Sales of one product on two accounts at once: each transaction
        queues the stock change of both accounts' bindings without waiting
        for the other (flagging shared binding rows used to block, then fail
        with a serialization error)."""
        binding_ids = self._bind_on_two_accounts()
        with self._cursor() as cr_a, self._cursor() as cr_b:
            self._move_race_item(cr_a)
            cr_b.execute("SET LOCAL lock_timeout = '2s'")
            self._move_race_item(cr_b)  # raises LockNotAvailable if it waited
            cr_a.commit()
            cr_b.commit()
            self.assertEqual(self._pending(cr_a, binding_ids), set(binding_ids))
            # one transaction queued each binding once, despite three move writes
            cr_a.execute(
                "SELECT binding_id, count(*) FROM ecommerce_stock_change "
                "WHERE binding_id = ANY(%s) GROUP BY binding_id",
                (binding_ids,),
            )
            self.assertEqual(dict(cr_a.fetchall()), dict.fromkeys(binding_ids, 2))

    def test_05_move_during_an_export_waits_for_the_next_one(self):
        """A move committed while an export runs, after the export read the
        stock, is not swallowed by that export: it stays queued."""
        first, second = self._bind_on_two_accounts()
        self.sandbox.seed_products(
            [{"id": "race", "sku": "RACE-1", "inventory_quantity": 5}]
        )
        with self._cursor() as cr:
            self._move_race_item(cr)
            cr.commit()  # pylint: disable=invalid-commit
        with self._cursor() as cr_export, self._cursor() as cr_move:
            account = self._account(cr_export)
            self.assertEqual(self._pending(cr_export, [first]), {first})  # snapshot
            self._move_race_item(cr_move)
            cr_move.commit()
            account.export_stock(trigger="manual")
            cr_export.commit()
            self.assertEqual(
                self.sandbox.inventory().get("RACE-1"), 0, "the export ran"
            )
            self.assertEqual(
                self._pending(cr_move, [first, second]),
                {first, second},
                "the move the export could not see is still queued",
            )
            cr_move.commit()
            self._account(cr_move).export_stock(trigger="manual")
            cr_move.commit()
            self.assertEqual(self._pending(cr_move, [first, second]), {second})
