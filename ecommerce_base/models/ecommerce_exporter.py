# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import json
import math

from odoo import api, fields, models

from ..canonical import StockLevel

STOCK_BASIS_FIELDS = {
    "free": "free_qty",
    "on_hand": "qty_available",
    "forecast": "virtual_available",
}


class EcommerceExporter(models.AbstractModel):
    """Odoo -> platform, written once for every platform: stock levels and
    fulfilments (tracking). Platforms override the ``_`` hooks only."""

    _name = "ecommerce.exporter"
    _description = "E-commerce Exporter (extension point)"

    # === STOCK === #

    @api.model
    def export_stock(self, account, counters, full=False):
        """Publish the quantities that changed since the last export.

        ``full`` looks at every bound product; otherwise only at those whose
        stock moved (``stock_export_pending``). Either way only quantities that
        differ from the last published one are sent, in batches of the
        adapter's per-call maximum.
        """
        if account.owner_stock != "odoo" or not account.sync_stock:
            counters.note(
                "Stock is owned by the platform or its sync is off: nothing sent"
            )
            return
        Binding = self.env["ecommerce.product.binding"]
        domain = [("account_id", "=", account.id), ("sync_stock", "=", True)]
        if not full:
            domain.append(("stock_export_pending", "=", True))
        bindings = Binding.search(domain, order="id")
        counters.add("fetched", len(bindings))
        if not bindings:
            return
        quantities = self._compute_stock_quantities(account, bindings.product_id)
        levels = self._prepare_stock_levels(account, bindings, quantities)
        changed = [
            (b, lvl)
            for b, lvl in levels
            if lvl.previous_quantity is None or lvl.previous_quantity != lvl.quantity
        ]
        counters.add("skipped", len(levels) - len(changed))
        self._send_stock_levels(account, changed, counters)
        self._clear_pending(bindings)

    @api.model
    def _compute_stock_quantities(self, account, products):
        """Quantity of each product on the account's basis and locations, in
        one batched computation for all products.

        :return: ``{product id: float}``
        """
        ctx = {}
        if account.stock_location_ids:
            ctx["location"] = account.stock_location_ids.ids
        elif account.warehouse_id:
            ctx["warehouse_id"] = account.warehouse_id.id
        field = STOCK_BASIS_FIELDS[account.stock_basis]
        products = products.with_context(**ctx).with_company(account.company_id)
        # quantities are not stored: drop what this transaction computed before
        products.invalidate_recordset([field])
        return {p["id"]: p[field] for p in products.read([field], load=False)}

    @api.model
    def _apply_stock_buffer(self, account, quantity):
        """Quantity to publish: held back by the account's buffer rules
        (percent, then fixed units), rounded down, never below zero.

        :rtype: int
        """
        quantity = max(quantity, 0.0)
        if account.stock_buffer_percent:
            quantity = quantity * (100.0 - account.stock_buffer_percent) / 100.0
        quantity = math.floor(quantity + 1e-9) - (account.stock_buffer_fixed or 0)
        return max(int(quantity), 0)

    @api.model
    def _prepare_stock_levels(self, account, bindings, quantities):
        """One :class:`StockLevel` per binding; platforms that publish per
        location override this to return one level per mapped location.

        :return: list of ``(binding, StockLevel)``
        """
        return [
            (
                binding,
                StockLevel(
                    sku=binding.sku or binding.product_id.default_code or "",
                    quantity=self._apply_stock_buffer(
                        account, quantities[binding.product_id.id]
                    ),
                    external_id=binding.external_id,
                    previous_quantity=self._last_published_qty(binding),
                ),
            )
            for binding in bindings
        ]

    @api.model
    def _last_published_qty(self, binding, location_external_id=""):
        """Quantity last published for ``binding`` (at one platform location
        when given), ``None`` when nothing was published there yet; a level
        whose quantity equals it is not sent again.

        :rtype: int or None
        """
        if not binding.stock_exported_at:
            return None
        if location_external_id:
            return (binding.exported_location_qty or {}).get(location_external_id)
        return binding.last_exported_qty

    @api.model
    def _send_stock_levels(self, account, changed, counters):
        """Push changed levels in batches of the adapter's maximum; log refused
        SKUs and remember the accepted quantities.

        :return: the refused ``(binding, StockLevel)`` pairs
        """
        adapter, mapper = account._adapter(), account._mapper()
        size = max(1, adapter.stock_batch_size(account))
        ErrorLog = self.env["ecommerce.error.log"]
        refused_levels = []
        for start in range(0, len(changed), size):
            chunk = changed[start : start + size]
            raw = [mapper.from_stock_level(account, level) for _b, level in chunk]
            refused = adapter.push_stock(account, raw) or {}
            accepted = []
            for binding, level in chunk:
                key = mapper.stock_level_key(account, level)
                if key in refused:
                    counters.add("failed")
                    refused_levels.append((binding, level))
                    ErrorLog._log(
                        account,
                        "stock",
                        level.sku,
                        f"Stock of {level.sku} refused: {refused[key]}",
                        sync_job=counters.run,
                        record=binding.product_id,
                    )
                else:
                    accepted.append((binding, level))
            self._store_exported(accepted)
            counters.add("updated", len(accepted))
            ErrorLog._resolve(account, "stock", [lvl.sku for _b, lvl in accepted])
        return refused_levels

    @api.model
    def _store_exported(self, accepted):
        """Remember what was published, in one UPDATE per batch: the quantity
        of each binding, and of each location for levels that name one (the
        binding's quantity is then the sum over its locations)."""
        if not accepted:
            return
        per_binding = {}
        for binding, level in accepted:
            if level.location_external_id:
                known = per_binding.get(binding.id)
                if known is None:
                    known = dict(binding.exported_location_qty or {})
                known[level.location_external_id] = level.quantity
                per_binding[binding.id] = known
            else:
                per_binding[binding.id] = level.quantity
        ids, quantities, by_location = [], [], []
        for binding_id, value in per_binding.items():
            ids.append(binding_id)
            if isinstance(value, dict):
                quantities.append(sum(value.values()))
                by_location.append(json.dumps(value))
            else:
                quantities.append(value)
                by_location.append(None)
        now = fields.Datetime.now()
        self.env.cr.execute(
            """
            UPDATE ecommerce_product_binding AS b
               SET last_exported_qty = v.qty,
                   exported_location_qty = COALESCE(
                       v.levels::jsonb, b.exported_location_qty
                   ),
                   stock_exported_at = %s,
                   sync_date = %s
              FROM (SELECT unnest(%s::int[]) AS id, unnest(%s::int[]) AS qty,
                           unnest(%s::text[]) AS levels) AS v
             WHERE b.id = v.id
            """,
            (now, now, ids, quantities, by_location),
        )
        self.env["ecommerce.product.binding"].browse(ids).invalidate_recordset(
            [
                "last_exported_qty",
                "exported_location_qty",
                "stock_exported_at",
                "sync_date",
            ]
        )

    @api.model
    def _clear_pending(self, bindings):
        """Forget the stock changes of bindings that were looked at."""
        self.env["ecommerce.stock.change"]._consume(bindings.ids)
