# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The order import now commits in batches: its job function record is
``noupdate``, so databases installed before 19.0.1.1.0 get the flag here."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    function = env.ref(
        "ecommerce_base.job_function_import_orders", raise_if_not_found=False
    )
    if function:
        function.allow_commit = True
