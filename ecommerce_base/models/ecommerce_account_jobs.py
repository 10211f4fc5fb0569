# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import logging
from datetime import timedelta

import psycopg2.errors

from odoo import SUPERUSER_ID, api, fields, models
from odoo.modules import module as odoo_module

from ..exceptions import EcommerceNotFound, EcommerceRetryableError
from ..tools.lookups import lookups_cached
from ..tools.masking import mask_text

_logger = logging.getLogger(__name__)

# Errors of concurrent transactions: the other job won, try again later.
CONCURRENCY_ERRORS = (
    psycopg2.errors.UniqueViolation,
    psycopg2.errors.SerializationFailure,
    psycopg2.errors.LockNotAvailable,
    psycopg2.errors.DeadlockDetected,
)
JOB_KINDS = {
    "import_orders": ("orders", "import"),
    "import_order": ("order", "import"),
    "import_products": ("products", "import"),
    "export_stock": ("stock", "export"),
    "export_tracking": ("tracking", "export"),
    "export_products": ("products", "export"),
    "reconcile": ("reconcile", "import"),
}
# A long order import commits every so many orders (about one page) when it
# may: see EcommerceAccount._can_commit_batches.
IMPORT_COMMIT_EVERY = 50


class EcommerceAccount(models.Model):
    _inherit = "ecommerce.account"

    # === ENQUEUING === #

    def _job_channel(self):
        """queue_job channel of this account's jobs, one per platform."""
        self.ensure_one()
        return f"root.ecommerce.{self.platform}"

    def _enqueue(self, method, key="", eta=None, **kwargs):
        """Queue ``method`` of this account as a job, once: while a job with
        the same identity (account, method, key) waits, no second one is queued.
        Jobs run as the superuser: they are system work, whoever triggered them.
        """
        self.ensure_one()
        identity = f"ecommerce:{self.id}:{method}:{key}"
        description = f"{self.name}: {method.replace('_', ' ')} {key}".strip()
        return getattr(
            self.with_user(SUPERUSER_ID).with_delay(
                channel=self._job_channel(),
                identity_key=identity,
                description=description,
                eta=eta,
            ),
            method,
        )(**kwargs)

    def _enqueue_retry(self, error):
        """Queue the job that retries the record behind an error-log row."""
        if error.object_type in ("order", "refund") and error.external_id:
            self._enqueue(
                "import_order",
                key=error.external_id,
                external_id=error.external_id,
                trigger="retry",
                force=error.object_type == "refund",
            )
        elif error.object_type == "stock":
            self._enqueue("export_stock", trigger="retry", full=True)
        elif error.object_type == "fulfillment" and error.res_id:
            self._enqueue(
                "export_tracking",
                key=str(error.res_id),
                picking_id=error.res_id,
                trigger="retry",
            )
        else:
            self._enqueue("import_orders", trigger="retry")

    # === JOBS: ORDERS === #

    def import_orders(self, trigger="cron", since=None, force=False):
        """Job: import the orders changed since the cursor (minus the overlap
        window), one savepoint per order, then move the cursor.

        When it may (:meth:`_can_commit_batches`), it commits every
        ``IMPORT_COMMIT_EVERY`` orders, so a sale day's thousands of orders do
        not pile up in one transaction. The cursor still moves only at the
        end: a job that stops half-way starts again from the old cursor, and
        the orders it already committed are skipped as unchanged (no gap, and
        no platform's paging order has to be trusted).
        """
        self.ensure_one()
        started = fields.Datetime.now()
        if since is None:
            since = self._orders_since()
        commit = self._can_commit_batches("import_orders")
        with (
            self.env["ecommerce.sync.job"]._track(
                self, "orders", "import", trigger
            ) as counters,
            lookups_cached(self.env),
        ):
            for raw in self._adapter().fetch_orders(self, since):
                counters.add("fetched")
                self._import_raw_order(raw, counters, force=force)
                if commit and counters.counts["fetched"] % IMPORT_COMMIT_EVERY == 0:
                    self._commit_batch(counters)
            if not force:
                self.sudo().write(
                    {"orders_cursor_at": started, "last_order_import_at": started}
                )
        return self._job_result(counters)

    def _can_commit_batches(self, method):
        """Whether job ``method`` may commit as it goes: inside a queue job
        whose function allows commits (queue_job then runs it on a cursor of
        its own), or when the caller asks with the context key
        ``ecommerce_commit_batches``; never under Odoo's test runners."""
        if odoo_module.current_test:
            return False
        if self.env.context.get("ecommerce_commit_batches"):
            return True
        if not self.env.context.get("job_uuid"):
            return False
        JobFunction = self.env["queue.job.function"]
        name = JobFunction.job_function_name(self._name, method)
        return bool(JobFunction.job_config(name).allow_commit)

    def _commit_batch(self, counters):
        """Commit the orders imported so far with the run's progress, and
        empty the record cache so memory stays flat over a long import."""
        counters.run.sudo().write(dict(counters.counts))
        self.env.cr.commit()  # pylint: disable=invalid-commit
        self.env.invalidate_all()

    def _orders_since(self):
        self.ensure_one()
        if self.orders_cursor_at:
            return self.orders_cursor_at - timedelta(
                minutes=self.import_overlap_minutes or 0
            )
        return self.import_start_date

    def import_order(self, external_id, trigger="webhook", force=False):
        """Job: import one order by its platform id (webhooks, retries);
        ``force`` re-applies it even when it did not change on the platform."""
        self.ensure_one()
        with self.env["ecommerce.sync.job"]._track(
            self, "order", "import", trigger
        ) as counters:
            try:
                raw = self._adapter().fetch_order(self, external_id)
            except EcommerceNotFound as exc:
                counters.add("failed")
                self.env["ecommerce.error.log"]._log(
                    self, "order", external_id, exc, sync_job=counters.run
                )
            else:
                counters.add("fetched")
                self._import_raw_order(raw, counters, force=force)
        return self._job_result(counters)

    def _import_raw_order(self, raw, counters, force=False):
        """Map and import one raw order in its own savepoint: a bad order is
        logged and the batch goes on; a concurrent import of the same order
        makes the whole job retry."""
        mapper = self._mapper()
        external_id = mapper.order_external_id(self, raw)
        try:
            with self.env.cr.savepoint():
                order = mapper.to_order(self, raw)
                action, sale_order = self._importer().import_order(
                    self, order, force=force
                )
        except EcommerceRetryableError:
            raise
        except CONCURRENCY_ERRORS as exc:
            raise EcommerceRetryableError(
                f"Order {external_id} was imported by another job at the same time",
                seconds=5,
                # losing a race is no failure and must not use up the job's
                # retries; only a duplicate key could be a bug that repeats
                ignore_retry=not isinstance(exc, psycopg2.errors.UniqueViolation),
            ) from exc
        except Exception as exc:  # one bad record never stops the batch
            counters.add("failed")
            _logger.info(
                "Order %s of account %s not imported: %s",
                external_id,
                self.id,
                mask_text(str(exc))[:300] or type(exc).__name__,
            )
            self.env["ecommerce.error.log"]._log(
                self, "order", external_id, exc, payload=raw, sync_job=counters.run
            )
            return "failed"
        counters.add(action)
        # an order left unconfirmed for its total keeps its error open
        if not (sale_order and sale_order.ecommerce_total_mismatch):
            self.env["ecommerce.error.log"]._resolve(self, "order", [external_id])
        return action

    # === JOBS: PRODUCTS === #

    def import_products(self, trigger="cron"):
        """Job: read the catalog and bind its variants to Odoo products by
        SKU or barcode."""
        self.ensure_one()
        mapper, importer = self._mapper(), self._importer()
        ErrorLog = self.env["ecommerce.error.log"]
        with self.env["ecommerce.sync.job"]._track(
            self, "products", "import", trigger
        ) as counters:
            for raw in self._adapter().fetch_products(self):
                external_id = str(raw.get("id", "")) if isinstance(raw, dict) else ""
                try:
                    with self.env.cr.savepoint():
                        for variant in mapper.to_product_variants(self, raw):
                            counters.add("fetched")
                            action, _binding = importer.bind_variant(self, variant)
                            counters.add(action)
                except CONCURRENCY_ERRORS as exc:
                    raise EcommerceRetryableError(str(exc), seconds=5) from exc
                except Exception as exc:
                    counters.add("failed")
                    ErrorLog._log(
                        self,
                        "product",
                        external_id,
                        exc,
                        payload=raw,
                        sync_job=counters.run,
                    )
        return self._job_result(counters)

    # === JOBS: EXPORTS === #

    def export_stock(self, trigger="cron", full=False):
        """Job: publish stock; ``full`` looks at every bound product, else only
        at those whose stock moved since the last export."""
        self.ensure_one()
        with self.env["ecommerce.sync.job"]._track(
            self, "stock", "export", trigger
        ) as counters:
            self._exporter().export_stock(self, counters, full=full)
            self.sudo().last_stock_export_at = fields.Datetime.now()
        return self._job_result(counters)

    def export_products(self, trigger="cron", full=False):
        """Job: send the product fields Odoo owns (name, description, price,
        images) of products changed in Odoo, or of all with ``full``."""
        self.ensure_one()
        with self.env["ecommerce.sync.job"]._track(
            self, "products", "export", trigger
        ) as counters:
            self._exporter().export_products(self, counters, full=full)
        return self._job_result(counters)

    def publish_products(self, template_ids, trigger="manual"):
        """Job: create the given Odoo products on the platform and bind them
        (Odoo is the catalog master); see the exporter's ``publish_products``."""
        self.ensure_one()
        templates = self.env["product.template"].browse(template_ids).exists()
        with self.env["ecommerce.sync.job"]._track(
            self, "products", "export", trigger
        ) as counters:
            self._exporter().publish_products(self, templates, counters)
        return self._job_result(counters)

    def _schedule_product_export(self):
        """Queue one debounced product-data export per account."""
        for account in self.filtered(lambda a: a._exporter().odoo_owned_fields(a)):
            eta = fields.Datetime.now() + timedelta(
                seconds=account.stock_export_delay or 0
            )
            account._enqueue("export_products", key="delta", eta=eta, trigger="cron")

    def export_tracking(self, picking_id, trigger="cron"):
        """Job: send one done delivery as a fulfilment with its tracking."""
        self.ensure_one()
        picking = self.env["stock.picking"].browse(picking_id).exists()
        if not picking:
            return "Delivery no longer exists"
        with self.env["ecommerce.sync.job"]._track(
            self, "tracking", "export", trigger
        ) as counters:
            try:
                with self.env.cr.savepoint():
                    action, _ref = self._exporter().export_fulfillment(self, picking)
                counters.add(action)
            except EcommerceRetryableError:
                raise
            except Exception as exc:
                counters.add("failed")
                self.env["ecommerce.error.log"]._log(
                    self,
                    "fulfillment",
                    picking.sale_id.client_order_ref,
                    exc,
                    sync_job=counters.run,
                    record=picking,
                )
        return self._job_result(counters)

    def _schedule_stock_export(self):
        """Queue one debounced delta export per account: stock moves in the
        next ``stock_export_delay`` seconds join the same job."""
        for account in self.filtered(
            lambda a: a.sync_stock and a.owner_stock == "odoo"
        ):
            eta = fields.Datetime.now() + timedelta(
                seconds=account.stock_export_delay or 0
            )
            account._enqueue("export_stock", key="delta", eta=eta, trigger="cron")

    # === JOBS: RECONCILIATION === #

    def reconcile(self, trigger="cron"):
        """Job: re-read the orders changed in the last ``reconcile_days`` and
        the platform's stock of bound products; repair what drifted and say
        what was repaired."""
        self.ensure_one()
        since = fields.Datetime.now() - timedelta(days=self.reconcile_days or 1)
        with (
            self.env["ecommerce.sync.job"]._track(
                self, "reconcile", "import", trigger
            ) as counters,
            lookups_cached(self.env),
        ):
            for raw in self._adapter().fetch_orders(self, since):
                counters.add("fetched")
                action = self._import_raw_order(raw, counters, force=True)
                if action == "created":
                    counters.note(
                        f"Order {self._mapper().order_external_id(self, raw)} "
                        "was missing and is now imported"
                    )
            drifted = self._reconcile_stock(counters)
            if drifted:
                counters.note(
                    f"Stock of {drifted} SKU(s) differed on the platform and was "
                    "published again"
                )
        return self._job_result(counters)

    def _reconcile_stock(self, counters):
        if self.owner_stock != "odoo" or not self.sync_stock:
            return 0
        bindings = self.env["ecommerce.product.binding"].search(
            [
                ("account_id", "=", self.id),
                ("sync_stock", "=", True),
                ("stock_exported_at", "!=", False),
            ]
        )
        if not bindings:
            return 0
        adapter = self._adapter()
        size = max(1, adapter.stock_batch_size(self))
        drifted = self.env["ecommerce.product.binding"]
        for start in range(0, len(bindings), size):
            chunk = bindings[start : start + size]
            platform_qty = adapter.fetch_stock(self, [b.sku for b in chunk if b.sku])
            for binding in chunk:
                published = platform_qty.get(binding.sku)
                if published is not None and published != binding.last_exported_qty:
                    drifted |= binding
        if drifted:
            # forget what we think was published so the export sends it again
            drifted.write({"stock_exported_at": False})
            drifted._flag_stock_changed()
            self._exporter().export_stock(self, counters, full=False)
        return len(drifted)

    # === CRONS === #

    @api.model
    def _cron_enqueue(self, method, interval_field, last_field, **kwargs):
        """Queue ``method`` on every connected account whose interval elapsed."""
        now = fields.Datetime.now()
        for account in self.search([("state", "=", "connected")]):
            if not account._sync_enabled(method):
                continue
            interval = account[interval_field] if interval_field else 0
            last = account[last_field] if last_field else False
            if last and interval and last + timedelta(minutes=interval) > now:
                continue
            account._enqueue(method, trigger="cron", **kwargs)

    def _sync_enabled(self, method):
        self.ensure_one()
        return {
            "import_orders": self.sync_orders,
            "export_stock": self.sync_stock and self.owner_stock == "odoo",
            "reconcile": self.sync_orders or self.sync_stock,
        }.get(method, True)

    @api.model
    def _cron_import_orders(self):
        """Cron: queue an order import for each account that is due. No work here."""
        self._cron_enqueue(
            "import_orders", "order_import_interval", "last_order_import_at"
        )

    @api.model
    def _cron_export_stock(self):
        """Cron: queue a full stock export (only changed quantities are
        sent) for each account that is due."""
        self._cron_enqueue(
            "export_stock", "stock_export_interval", "last_stock_export_at", full=True
        )

    @api.model
    def _cron_reconcile(self):
        """Cron (daily): queue the reconciliation of each account."""
        self._cron_enqueue("reconcile", None, None)

    @staticmethod
    def _job_result(counters):
        counts = ", ".join(f"{k} {v}" for k, v in counters.counts.items() if v)
        return counts or "nothing to do"


class EcommerceAccountWebhooks(models.Model):
    _inherit = "ecommerce.account"

    def _enqueue_webhook_events(self, events):
        """Queue the jobs a verified webhook asks for; five webhooks of the
        same order waiting at once give one job."""
        self.ensure_one()
        for event in events:
            if event.object_type == "order" and event.external_id:
                self._enqueue(
                    "import_order",
                    key=event.external_id,
                    external_id=event.external_id,
                    trigger="webhook",
                )
            elif event.object_type == "product":
                self._enqueue("import_products", trigger="webhook")
