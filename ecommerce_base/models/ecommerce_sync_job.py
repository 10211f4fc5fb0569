# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import logging
from contextlib import contextmanager

from odoo import SUPERUSER_ID, api, fields, models

from ..tools import api_calls

_logger = logging.getLogger(__name__)

COUNTERS = ("fetched", "created", "updated", "skipped", "failed")


class EcommerceSyncJob(models.Model):
    """One run of one sync of one account, with what it did."""

    _name = "ecommerce.sync.job"
    _description = "E-commerce Sync Run"
    _order = "id desc"
    _rec_name = "kind"

    account_id = fields.Many2one(
        "ecommerce.account", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(
        related="account_id.company_id", store=True, index=True, precompute=True
    )
    platform = fields.Selection(related="account_id.platform", store=True)
    kind = fields.Selection(
        [
            ("orders", "Orders"),
            ("order", "One order"),
            ("products", "Products"),
            ("stock", "Stock"),
            ("tracking", "Tracking"),
            ("prices", "Prices"),
            ("reconcile", "Reconciliation"),
        ],
        required=True,
    )
    direction = fields.Selection(
        [("import", "Import"), ("export", "Export")], required=True
    )
    trigger = fields.Selection(
        [
            ("cron", "Scheduled"),
            ("webhook", "Webhook"),
            ("manual", "Manual"),
            ("retry", "Retry"),
        ],
        required=True,
        default="cron",
    )
    state = fields.Selection(
        [
            ("running", "Running"),
            ("done", "Done"),
            ("partial", "Done with errors"),
            ("failed", "Failed"),
        ],
        default="running",
        required=True,
        index=True,
    )
    date_start = fields.Datetime(default=fields.Datetime.now, required=True)
    date_end = fields.Datetime()
    duration = fields.Float(
        compute="_compute_duration", store=True, string="Duration (s)", aggregator="avg"
    )
    fetched = fields.Integer()
    created = fields.Integer()
    updated = fields.Integer()
    skipped = fields.Integer()
    failed = fields.Integer()
    api_calls = fields.Integer(string="API calls")
    summary = fields.Text()
    queue_job_uuid = fields.Char(index=True, help="The queue job that ran this sync.")
    error_ids = fields.One2many("ecommerce.error.log", "sync_job_id")

    @api.depends("date_start", "date_end")
    def _compute_duration(self):
        for job in self:
            end = job.date_end
            job.duration = (end - job.date_start).total_seconds() if end else 0.0

    @api.model
    @contextmanager
    def _track(self, account, kind, direction, trigger="cron"):
        """Record a sync run around a block of work.

        Yields a :class:`SyncCounters` to count on; at the end the counts, API
        calls and state are written. When the block raises, the run is stored
        as failed in its own transaction (the job's transaction rolls back),
        then the error propagates so queue_job retries or fails the job.
        """
        account._check_live_allowed()
        counters = SyncCounters()
        job_uuid = self.env.context.get("job_uuid")
        run = self.sudo().create(
            {
                "account_id": account.id,
                "kind": kind,
                "direction": direction,
                "trigger": trigger,
                "queue_job_uuid": job_uuid,
            }
        )
        counters.run = run
        token = api_calls.start()
        try:
            yield counters
        except Exception as exc:
            calls = api_calls.stop(token)
            self._store_failed_run(
                account, kind, direction, trigger, counters, calls, exc
            )
            raise
        calls = api_calls.stop(token)
        run.write(counters.values(calls))

    @api.model
    def _store_failed_run(
        self, account, kind, direction, trigger, counters, calls, exc
    ):
        vals = counters.values(calls, failed_with=exc)
        vals.update(
            account_id=account.id,
            kind=kind,
            direction=direction,
            trigger=trigger,
            date_start=counters.started,
        )
        try:
            with self.env.registry.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                # a job that committed batches already stored its run: end it
                committed = env[self._name].browse(counters.run.id).exists()
                if committed:
                    committed.write(vals)
                    return
                # an account created in the same, rolled back, transaction
                # (a test, a first sync) cannot hold a run
                cr.execute(
                    "SELECT 1 FROM ecommerce_account WHERE id = %s", (account.id,)
                )
                if cr.fetchone():
                    env[self._name].create(vals)
        except Exception as log_exc:  # never hide the original error behind this one
            _logger.warning(
                "Could not record the failed sync run of account %s: %s",
                account.id,
                log_exc,
            )


class SyncCounters:
    """Mutable counts of a running sync; ``add('created')`` and friends."""

    def __init__(self):
        self.run = None
        self.started = fields.Datetime.now()
        self.counts = dict.fromkeys(COUNTERS, 0)
        self.notes = []

    def add(self, counter, amount=1):
        self.counts[counter] += amount

    def note(self, text):
        self.notes.append(text)

    def values(self, calls, failed_with=None):
        if failed_with is not None:
            state = "failed"
            self.notes.append(str(failed_with)[:500])
        else:
            state = "partial" if self.counts["failed"] else "done"
        return {
            **self.counts,
            "api_calls": calls,
            "state": state,
            "date_end": fields.Datetime.now(),
            "summary": "\n".join(self.notes) or False,
        }
