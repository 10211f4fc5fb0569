# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.tools import SQL


class EcommerceStockChange(models.Model):
    """Queue of product bindings whose stock moved since their last export.

    Stock moves only ever INSERT rows here and the delta export DELETEs the
    rows it has seen. Flagging the binding rows themselves made every
    transaction that moves a product UPDATE the bindings of every account
    selling it: two imports on different accounts (or two workers on one)
    then fought over the same rows and failed with serialization errors.
    Inserts never conflict, and a row committed after the export's snapshot
    is invisible to its DELETE, so it waits for the next export.
    """

    _name = "ecommerce.stock.change"
    _description = "E-commerce Stock Change"
    _log_access = False
    _order = "id"

    binding_id = fields.Many2one(
        "ecommerce.product.binding", required=True, ondelete="cascade", index=True
    )
    account_id = fields.Many2one(
        "ecommerce.account", required=True, ondelete="cascade", index=True
    )

    def init(self):
        # top-level transaction id, so one transaction queues a binding once
        # even across savepoints (xmin would be the savepoint's)
        self.env.cr.execute(
            "ALTER TABLE ecommerce_stock_change ADD COLUMN IF NOT EXISTS "
            "transaction xid8 NOT NULL DEFAULT pg_current_xact_id()"
        )

    @api.model
    def _record(self, condition):
        """Queue the stock-synced bindings matching ``condition`` (an SQL
        condition on the bindings ``b``), skipping those this transaction has
        queued already.

        :return: ids of the accounts that got new rows
        """
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO ecommerce_stock_change (binding_id, account_id)
                SELECT b.id, b.account_id
                  FROM ecommerce_product_binding b
                 WHERE %s AND b.sync_stock
                   AND NOT EXISTS (
                       SELECT 1 FROM ecommerce_stock_change c
                        WHERE c.binding_id = b.id
                          AND c.transaction = pg_current_xact_id())
             RETURNING account_id
                """,
                condition,
            )
        )
        account_ids = {row[0] for row in self.env.cr.fetchall()}
        if account_ids:
            self.env["ecommerce.product.binding"].invalidate_model(
                ["stock_export_pending"]
            )
        return account_ids

    @api.model
    def _record_products(self, product_ids):
        """Queue the bindings of ``product_ids``; returns the accounts concerned."""
        return self._record(SQL("b.product_id = ANY(%s)", list(product_ids)))

    @api.model
    def _record_bindings(self, binding_ids):
        """Queue the bindings ``binding_ids``; returns the accounts concerned."""
        return self._record(SQL("b.id = ANY(%s)", list(binding_ids)))

    @api.model
    def _pending_binding_ids(self, binding_ids):
        """The ids among ``binding_ids`` that have a stock change waiting."""
        self.env.cr.execute(
            "SELECT DISTINCT binding_id FROM ecommerce_stock_change "
            "WHERE binding_id = ANY(%s)",
            (list(binding_ids),),
        )
        return {row[0] for row in self.env.cr.fetchall()}

    @api.model
    def _consume(self, binding_ids):
        """Drop the changes of ``binding_ids`` that this transaction can see:
        their export has just read the stock they produced."""
        self.env.cr.execute(
            "DELETE FROM ecommerce_stock_change WHERE binding_id = ANY(%s)",
            (list(binding_ids),),
        )
        self.env["ecommerce.product.binding"].invalidate_model(["stock_export_pending"])
