# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Access matrix: five kinds of users against every connector model, every
operation, the credential fields and another company's records."""

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from odoo.addons.ecommerce_base.models.ecommerce_account import CREDENTIAL_FIELDS
from odoo.addons.test_ecommerce_base.tests.common import EcommerceTestCommon

from .common import figures

OPERATIONS = ("read", "write", "create", "unlink")
# Who may do what: connector users read everything and work the error queue;
# managers configure; nobody else (public, portal, plain employees) sees a thing.
POLICY = {
    "read": {"connector_user", "connector_manager"},
    "write": {"connector_manager"},
    "create": {"connector_manager"},
    "unlink": {"connector_manager"},
}
EXCEPTIONS = {("ecommerce.error.log", "write"): {"connector_user", "connector_manager"}}
PERSONAS = ("public", "portal", "internal", "connector_user", "connector_manager")


@tagged("post_install", "-at_install")
class TestAccessMatrix(EcommerceTestCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        user = {"company_id": cls.company.id, "company_ids": [cls.company.id]}
        cls.users = {
            "public": cls.env.ref("base.public_user"),
            "portal": new_test_user(
                cls.env, login="rel_portal", groups="base.group_portal", **user
            ),
            "internal": new_test_user(
                cls.env, login="rel_internal", groups="base.group_user", **user
            ),
            "connector_user": new_test_user(
                cls.env,
                login="rel_connector_user",
                groups="ecommerce_base.group_ecommerce_user",
                **user,
            ),
            "connector_manager": new_test_user(
                cls.env,
                login="rel_connector_manager",
                groups="ecommerce_base.group_ecommerce_manager",
                **user,
            ),
        }
        cls.models = sorted(
            name
            for name in cls.env
            if name.startswith("ecommerce.")
            and not cls.env[name]._abstract
            and not cls.env[name]._transient
        )
        cls.checks = 0
        cls.failures = []

    @classmethod
    def tearDownClass(cls):
        figures.record(
            "5a access matrix",
            access_run=cls.checks,
            access_failed=len(cls.failures),
            models=len(cls.models),
        )
        super().tearDownClass()

    def check(self, label, allowed, expected):
        type(self).checks += 1
        if bool(allowed) != bool(expected):
            type(self).failures.append(f"{label}: allowed={allowed}")

    def _allowed(self, func):
        try:
            func()
        except AccessError:
            return False
        return True

    def test_01_every_model_every_operation(self):
        self.assertGreaterEqual(len(self.models), 10, self.models)
        for model in self.models:
            for operation in OPERATIONS:
                allowed_personas = EXCEPTIONS.get((model, operation), POLICY[operation])
                for persona in PERSONAS:
                    records = self.env[model].with_user(self.users[persona])
                    self.check(
                        f"{persona} {operation} {model}",
                        records.has_access(operation),
                        persona in allowed_personas,
                    )
        self.assertFalse(self.failures, "\n".join(self.failures))

    def test_02_real_records_through_the_orm(self):
        """The same answers when the ORM is really asked, on real records."""
        self.import_docs(self.order_doc("ACL1"))
        error = self.env["ecommerce.error.log"]._log(self.account, "order", "X", "Bad")
        records = {
            "ecommerce.account": self.account,
            "ecommerce.order.binding": self.order_binding(self.account, "ACL1"),
            "ecommerce.error.log": error,
            "ecommerce.sync.job": self.env["ecommerce.sync.job"].search(
                [("account_id", "=", self.account.id)], limit=1
            ),
        }
        for model, record in records.items():
            self.assertTrue(record, model)
            for persona in PERSONAS:
                mine = record.with_user(self.users[persona])
                self.check(
                    f"{persona} reads {model} #{record.id}",
                    self._allowed(lambda mine=mine: mine.read(["display_name"])),
                    persona in POLICY["read"],
                )
                self.check(
                    f"{persona} searches {model}",
                    self._allowed(
                        lambda mine=mine: mine.search([("id", "=", mine.id)])
                    ),
                    persona in POLICY["read"],
                )
        self.assertFalse(self.failures, "\n".join(self.failures))

    def test_03_credential_fields(self):
        for persona in PERSONAS:
            account = self.account.with_user(self.users[persona])
            manager = persona == "connector_manager"
            visible = account.fields_get(attributes=["type"])
            for field in CREDENTIAL_FIELDS:
                self.check(
                    f"{persona} reads credential {field}",
                    self._allowed(lambda a=account, f=field: a.read([f])),
                    manager,
                )
                self.check(
                    f"{persona} sees credential {field} in fields_get",
                    field in visible,
                    manager,
                )
                self.check(
                    f"{persona} writes credential {field}",
                    self._allowed(lambda a=account, f=field: a.write({f: "x"})),
                    manager,
                )
        self.assertFalse(self.failures, "\n".join(self.failures))

    def test_04_other_company_records(self):
        """A manager of company A neither reads nor writes company B's
        accounts, orders, errors or sync runs."""
        other = self.setup_other_company(name="Reliability Co B")["company"]
        account_b = self._create_account(
            "testshop",
            name="Shop of company B",
            company_id=other.id,
            warehouse_id=self.env["stock.warehouse"]
            .search([("company_id", "=", other.id)], limit=1)
            .id,
            default_carrier_id=False,
            discount_product_id=False,
            fallback_product_id=False,
            carrier_mapping_ids=False,
            payment_mapping_ids=False,
        )
        error_b = self.env["ecommerce.error.log"]._log(account_b, "order", "B1", "x")
        manager = self.users["connector_manager"]
        changes = {account_b: {"sequence": 99}, error_b: {"state": "ignored"}}
        for record, values in changes.items():
            mine = record.with_user(manager)
            self.check(
                f"manager of A reads {record._name} of B",
                self._allowed(lambda mine=mine: mine.read(["display_name"])),
                False,
            )
            self.check(
                f"manager of A finds {record._name} of B",
                mine.search([("id", "=", record.id)]),
                False,
            )
            self.check(
                f"manager of A writes {record._name} of B",
                self._allowed(lambda mine=mine, v=values: mine.write(v)),
                False,
            )
        self.assertFalse(self.failures, "\n".join(self.failures))
