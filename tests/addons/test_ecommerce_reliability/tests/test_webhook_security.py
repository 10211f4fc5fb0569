# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Webhook endpoint: missing or wrong signatures, replays outside the
platform's time window, oversize bodies; answers never tell whether an
account exists, and nothing is queued or stored for a refused delivery."""

import json
from datetime import datetime, timedelta, timezone

from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from odoo.addons.test_ecommerce_base.models.testshop_adapter import WEBHOOK_MAX_AGE
from odoo.addons.test_ecommerce_base.tests.common import (
    EcommerceTestCommon,
    format_time,
    sign,
)

from .common import figures

CONTROLLER = "odoo.addons.ecommerce_base.controllers.webhook"


@tagged("post_install", "-at_install")
class TestWebhookSecurity(EcommerceTestCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.checks = 0
        cls.failures = []

    @classmethod
    def tearDownClass(cls):
        figures.record(
            "5b webhook endpoint",
            access_run=cls.checks,
            access_failed=len(cls.failures),
        )
        super().tearDownClass()

    def _post(self, body, signature=None, sent_at=0, account_id=None):
        """POST a delivery; ``sent_at`` is its age in seconds (None: no
        timestamp header)."""
        headers = {"Content-Type": "application/json", "X-Shop-Topic": "orders/updated"}
        if signature is not None:
            headers["X-Shop-Hmac-Sha256"] = signature
        if sent_at is not None:
            moment = datetime.now(timezone.utc) - timedelta(seconds=sent_at)
            headers["X-Shop-Triggered-At"] = format_time(moment)
        return self.url_open(
            f"/ecommerce/webhook/{account_id or self.account.id}",
            data=body,
            headers=headers,
        )

    def _queued(self):
        return (
            self.env["queue.job"]
            .sudo()
            .search_count(
                [
                    ("model_name", "=", "ecommerce.account"),
                    ("method_name", "=", "import_order"),
                ]
            )
        )

    def check(self, label, response, status, body=None):
        type(self).checks += 1
        if response.status_code != status or (
            body is not None and response.content != body
        ):
            type(self).failures.append(
                f"{label}: {response.status_code} {response.content[:60]!r}"
            )

    @mute_logger(CONTROLLER)
    def test_01_refusals_look_alike_and_store_nothing(self):
        body = json.dumps(self.order_doc("WS1")).encode()
        good = sign(self.sandbox.webhook_secret, body)
        unknown = self._post(body, good, account_id=987654)
        self.check("unknown account", unknown, 401)
        same = unknown.content
        self.check("missing signature", self._post(body), 401, same)
        self.check("wrong signature", self._post(body, sign("guess", body)), 401, same)
        self.check("garbage signature", self._post(body, "%%%"), 401, same)
        self.check(
            "signature of another body",
            self._post(body, sign(self.sandbox.webhook_secret, b"{}")),
            401,
            same,
        )
        old = WEBHOOK_MAX_AGE + 60
        self.check("replayed, too old", self._post(body, good, sent_at=old), 401, same)
        self.check("from the future", self._post(body, good, sent_at=-old), 401, same)
        self.check("no timestamp", self._post(body, good, sent_at=None), 401, same)
        self.check(
            "unparsable timestamp",
            self.url_open(
                f"/ecommerce/webhook/{self.account.id}",
                data=body,
                headers={
                    "X-Shop-Topic": "orders/updated",
                    "X-Shop-Hmac-Sha256": good,
                    "X-Shop-Triggered-At": "yesterday",
                },
            ),
            401,
            same,
        )
        self.account.active = False
        self.check("archived account", self._post(body, good), 401, same)
        self.account.active = True
        self.assertEqual(self._queued(), 0)
        self.assertFalse(
            self.env["ecommerce.error.log"].search([("external_id", "=", "WS1")])
        )
        # inside the window (and a little clock skew) it goes through
        self.check("fresh delivery", self._post(body, good, sent_at=30), 200)
        self.check("slightly early clock", self._post(body, good, sent_at=-30), 200)
        self.assertEqual(self._queued(), 1)
        self.assertFalse(self.failures, "\n".join(self.failures))

    def test_02_oversize_bodies_refused_before_any_lookup(self):
        body = b'{"id": "big", "pad": "' + b"x" * (3 * 1024 * 1024) + b'"}'
        good = sign(self.sandbox.webhook_secret, body)
        known = self._post(body, good)
        unknown = self._post(body, good, account_id=987654)
        self.check("oversize, known account", known, 413)
        self.check("oversize, unknown account", unknown, 413, known.content)
        self.assertEqual(self._queued(), 0)
        self.assertFalse(self.failures, "\n".join(self.failures))
