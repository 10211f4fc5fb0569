# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Stock changes waiting for export moved from a flag on the product bindings
to the insert-only ``ecommerce.stock.change`` queue: flagged bindings are
queued, then the old column goes."""


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """
        SELECT 1 FROM information_schema.columns
         WHERE table_name = 'ecommerce_product_binding'
           AND column_name = 'stock_export_pending'
        """
    )
    if not cr.fetchone():
        return
    cr.execute(
        """
        INSERT INTO ecommerce_stock_change (binding_id, account_id)
        SELECT id, account_id FROM ecommerce_product_binding
         WHERE stock_export_pending
        """
    )
    cr.execute("ALTER TABLE ecommerce_product_binding DROP COLUMN stock_export_pending")
