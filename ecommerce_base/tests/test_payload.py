# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import datetime
from decimal import Decimal

from odoo.tests import BaseCase, tagged

from odoo.addons.ecommerce_base.exceptions import EcommerceDataError
from odoo.addons.ecommerce_base.payload import Doc

ORDER = {
    "id": 1042,
    "note": "Leave at the door",
    "total": "19.90",
    "paid": True,
    "created_at": "2026-03-01T10:00:00+01:00",
    "customer": {"email": "jane.doe@example.com"},
    "lines": [{"sku": "MUG-1", "quantity": 2}, {"sku": 77, "quantity": "1"}],
    "edges": {"nodes": [{"id": "gid://x/1"}]},
    "tags": ["a", "b"],
}


@tagged("post_install", "-at_install")
class TestPayload(BaseCase):
    """The typed readers mappers read platform documents with."""

    def doc(self, **changes):
        return Doc.order(dict(ORDER, **changes), "Order 1042")

    def assertDataError(self, pattern, reader, *args):
        with self.assertRaisesRegex(EcommerceDataError, pattern):
            reader(*args)

    def test_reads_valid_fields_with_their_type(self):
        doc = self.doc()
        self.assertEqual(doc.text("id"), "1042", "numbers read as text for ids")
        self.assertEqual(doc.text("note"), "Leave at the door")
        self.assertEqual(doc.money("total"), Decimal("19.90"))
        self.assertIs(doc.flag("paid"), True)
        self.assertEqual(doc.date("created_at"), datetime(2026, 3, 1, 9, 0))
        self.assertEqual(doc.obj("customer").text("email"), "jane.doe@example.com")
        lines = doc.objs("lines")
        self.assertEqual([line.text("sku") for line in lines], ["MUG-1", "77"])
        self.assertEqual(lines[1].money("quantity"), Decimal(1))
        self.assertEqual([n.text("id") for n in doc.nodes("edges")], ["gid://x/1"])
        self.assertEqual([n.text("sku") for n in doc.nodes("lines")], ["MUG-1", "77"])
        self.assertEqual(doc.texts("tags"), ["a", "b"])

    def test_empty_values_read_as_empty(self):
        for empty in (None, "", False, [], {}):
            doc = self.doc(x=empty)
            self.assertEqual(doc.text("x"), "")
            if empty in (None, ""):
                self.assertEqual(doc.money("x"), Decimal(0))
            self.assertFalse(doc.obj("x"))
            self.assertEqual(doc.objs("x"), [])
            self.assertIsNone(doc.date("x"))
        doc = self.doc()
        self.assertEqual(doc.text("missing"), "")
        self.assertEqual(doc.obj("missing").text("deeper"), "")

    def test_wrong_types_name_order_field_and_expectation(self):
        doc = self.doc(
            note=["x"], total={"amount": 1}, customer="jane", lines="none", paid=[1]
        )
        self.assertDataError(
            r"^Order 1042: note should be a text, got a list$", doc.text, "note"
        )
        self.assertDataError(
            r"^Order 1042: total should be a number, got an object$",
            doc.money,
            "total",
        )
        self.assertDataError(
            r"^Order 1042: customer should be an object, got a text$",
            doc.obj,
            "customer",
        )
        self.assertDataError(
            r"^Order 1042: lines should be a list, got a text$", doc.objs, "lines"
        )
        self.assertDataError(r"paid should be true or false", doc.flag, "paid")
        self.assertDataError(r"should be a text, got true", self.doc(x=True).text, "x")
        self.assertDataError(
            r"should be a date, got a number", self.doc(x=12).date, "x"
        )

    def test_nested_paths_in_messages(self):
        doc = self.doc(lines=[{"sku": "A"}, {"sku": {"oops": 1}, "quantity": "x"}])
        line = doc.objs("lines")[1]
        self.assertDataError(
            r"^Order 1042: lines\[1\]\.sku should be a text, got an object$",
            line.text,
            "sku",
        )
        self.assertDataError(
            r"^Order 1042: lines\[1\]\.quantity is not a number: 'x'$",
            line.money,
            "quantity",
        )
        self.assertDataError(
            r"lines\[1\] should be an object, got a number",
            self.doc(lines=[{}, 3]).objs,
            "lines",
        )
        self.assertDataError(
            r"edges\.nodes should be a list, got a text",
            self.doc(edges={"nodes": "x"}).nodes,
            "edges",
        )
        self.assertDataError(
            r"^Order 1042: tags\[1\] should be a text, got an object$",
            self.doc(tags=["a", {"b": 1}]).texts,
            "tags",
        )

    def test_required_and_root(self):
        self.assertDataError(
            r"id should be a text, got null", self.doc(id=None).text, "id", True
        )
        self.assertDataError(
            r"total should be a number, got an empty text",
            self.doc(total="").money,
            "total",
            None,
            True,
        )
        self.assertDataError(r"whole number, got 2.5", self.doc(x="2.5").integer, "x")
        self.assertEqual(self.doc(x="3").integer("x"), 3)
        self.assertEqual(self.doc(x="b").choice("x", ("a", "b"), "a"), "b")
        self.assertEqual(self.doc(x=None).choice("x", ("a", "b"), "a"), "a")
        self.assertDataError(
            r"x should be one of a, b, got 'c'",
            self.doc(x="c").choice,
            "x",
            ("a", "b"),
            "a",
        )
        for bad in ("text", [ORDER], None, 12):
            self.assertDataError(
                r"^Order 9: the document is .+, not an object$",
                Doc.order,
                bad,
                "Order 9",
            )

    def test_long_labels_are_cut(self):
        doc = Doc.order({"x": ["a"]}, "Order " + "Ω" * 5000)
        doc.where = "Order " + "9" * 5000
        with self.assertRaises(EcommerceDataError) as caught:
            doc.text("x")
        self.assertLess(len(str(caught.exception)), 200)
        self.assertTrue(str(caught.exception).startswith("Order 999"))

    def test_messages_do_not_echo_text_values(self):
        """A wrong-typed field's message names its type, never its content
        (it may be personal data)."""
        doc = self.doc(customer={"email": ["jane.doe@example.com"]})
        with self.assertRaises(EcommerceDataError) as caught:
            doc.obj("customer").text("email")
        self.assertNotIn("jane", str(caught.exception))
        self.assertIn("customer.email", str(caught.exception))
