# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Bad input: property-based fuzzing (hypothesis) of every platform's order
mapper and of the importer.

Each example takes a real order document of the platform (the recorded
samples of its tests, or the testshop factory) and breaks one to three of
its fields: removed, null, empty, the wrong type, oversize, exotic unicode,
absurd numbers. Whatever comes in, no exception escapes the batch; a record
that cannot be imported becomes one error-log row with a readable message;
the good records of the same batch are imported."""

import copy
import dataclasses
import itertools
import json
import logging
from collections import Counter
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from odoo.tests import tagged
from odoo.tools.misc import file_open

from odoo.addons.ecommerce_base.exceptions import EcommerceError
from odoo.addons.test_ecommerce_base.tests.common import (
    EcommerceTestCommon,
    make_order,
)

from .common import SOAK, figures

_logger = logging.getLogger(__name__)

EXAMPLES = 300 if SOAK else 20
BATCH_EXAMPLES = 40 if SOAK else 4
FUZZ_SETTINGS = {
    "max_examples": EXAMPLES,
    "deadline": None,
    "derandomize": not SOAK,  # CI: the same examples every run
    "database": None,
    "suppress_health_check": list(HealthCheck),
}

OVERSIZE = "Ω" * 70_000
NASTY_TEXT = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)),
    max_size=40,
)
BAD_VALUES = st.one_of(
    st.none(),
    st.just(""),
    st.just(OVERSIZE),
    NASTY_TEXT,
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(["-1", "1e400", "NaN", "12,50", "0x10", "٣", "🦄", "\x00", "[]"]),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(NASTY_TEXT, st.integers(), max_size=2),
)
#: one value of each wrong JSON type, put in turn at every field of a sample
WRONG_TYPES = (["x"], {"x": 1}, "abc", 7, True)
DELETE = object()
MUTATION = st.one_of(st.just(DELETE), BAD_VALUES)


def _paths(document, prefix=()):
    """Every key path of a JSON document (dict keys and list indices)."""
    paths = []
    items = (
        document.items()
        if isinstance(document, dict)
        else enumerate(document)
        if isinstance(document, list)
        else ()
    )
    for key, value in items:
        path = (*prefix, key)
        paths.append(path)
        paths.extend(_paths(value, path))
    return paths


def _mutate(document, path, value):
    """Set (or delete, for :data:`DELETE`) the node at ``path``, if it is
    still there after earlier mutations."""
    node = document
    for key in path[:-1]:
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError):
            return
    last = path[-1]
    if isinstance(node, dict):
        if value is DELETE:
            node.pop(last, None)
        else:
            node[last] = copy.deepcopy(value)
    elif isinstance(node, list) and isinstance(last, int) and last < len(node):
        if value is DELETE:
            del node[last]
        else:
            node[last] = copy.deepcopy(value)


def _load(path):
    with file_open(path) as handle:
        return json.load(handle)


def _error_names(cls=EcommerceError):
    """Names of the connector's own errors: a row of one of these causes is a
    specific message written by the code that met the problem."""
    names = {cls.__name__}
    for sub in cls.__subclasses__():
        names |= _error_names(sub)
    return names


SPECIFIC_CAUSES = frozenset(_error_names())


def _mistyped(record, path="order"):
    """Fields of a canonical record (and of the records it holds) whose value
    is not of the declared text, amount or flag type."""
    if not dataclasses.is_dataclass(record):
        return []
    problems = []
    for field in dataclasses.fields(record):
        value = getattr(record, field.name)
        where = f"{path}.{field.name}"
        if field.type in (str, Decimal, bool) and not isinstance(value, field.type):
            problems.append(f"{where} is {type(value).__name__}")
        for index, item in enumerate(value if isinstance(value, list) else [value]):
            problems.extend(_mistyped(item, f"{where}[{index}]"))
    return problems


def _is_clear(message):
    """A message a merchant can read: words, not a traceback or a bare repr."""
    text = (message or "").strip()
    return (
        len(text) >= 8
        and " " in text
        and "Traceback" not in text
        and 'File "' not in text
        and len(text) <= 1000
    )


@tagged("post_install", "-at_install")
class TestFuzzMappersAndImporter(EcommerceTestCommon):
    """One account per platform; their mappers and the importer get broken
    documents."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        closed = "http://127.0.0.1:9"  # never called: mapping and import are local
        # unknown SKUs of the samples go to the fallback product, so that the
        # examples reach the partner, tax and line code instead of stopping there
        fallback = {"base_url": closed, "use_fallback_product": True}
        cls.accounts = {
            "testshop": cls.account,
            "shopify": cls._create_account(
                "shopify",
                name="Fuzz Shopify",
                **fallback,
                shopify_api_version="2026-04",
            ),
            "woocommerce": cls._create_account(
                "woocommerce", name="Fuzz WooCommerce", **fallback
            ),
            "amazon": cls._create_account(
                "amazon",
                name="Fuzz Amazon",
                **fallback,
                amazon_region="eu",
                amazon_seller_id="FUZZSELLER",
            ),
            "ebay": cls._create_account(
                "ebay", name="Fuzz eBay", ebay_marketplace_id="EBAY_US", **fallback
            ),
        }
        # orders are confirmed, not invoiced: the examples test reading the
        # input, and an invoice per example would take most of the time
        for account in cls.accounts.values():
            account.payment_mapping_ids.unlink()
        # the WooCommerce sample charges 7.5% tax
        tax_group = cls.tax_21_excl.tax_group_id
        cls.env["account.tax"].create(
            {
                "name": "Sales tax 7.5% excl",
                "amount": 7.5,
                "type_tax_use": "sale",
                "price_include_override": "tax_excluded",
                "tax_group_id": tax_group.id,
            }
        )

        from sandbox.shopify_documents import order_to_graphql

        shopify_rest = _load(
            "ecommerce_shopify/tests/data/shopify_rest_order_get_2025-07.json"
        )
        cls.samples = {
            "testshop": make_order("FZ0", currency=cls.currency.name),
            "shopify": order_to_graphql(shopify_rest["order"]),
            "woocommerce": _load("ecommerce_woocommerce/tests/data/order_727.json"),
            "amazon": _load("ecommerce_amazon/tests/data/searchOrders_example.json")[
                "orders"
            ][0],
            "ebay": _load(
                "ecommerce_ebay/tests/data/ebay_order_assembled_from_schema.json"
            ),
        }
        cls.ids = itertools.count(1)
        cls.stats = Counter()

    def setUp(self):
        super().setUp()
        # problems of this test; the class counts them all for the figures
        self.escapes = []
        self.unclear = []
        self.generic = []

    @classmethod
    def tearDownClass(cls):
        _logger.info(
            "fuzz: %s malformed documents tried, %s error rows "
            "(%s specific, %s generic), %s imported anyway",
            cls.stats["tried"],
            cls.stats["failed"],
            cls.stats["specific"],
            cls.stats["generic"],
            cls.stats["imported"],
        )
        figures.record(
            "4 bad input (fuzzing)",
            bad_tried=cls.stats["tried"],
            bad_caught=cls.stats["tried"] - cls.stats["escaped"] - cls.stats["unclear"],
            escaped=cls.stats["escaped"],
            unclear=cls.stats["unclear"],
            imported_anyway=cls.stats["imported"],
            error_rows=cls.stats["failed"],
            specific_rows=cls.stats["specific"],
            generic_rows=cls.stats["generic"],
            good_in_batches=cls.stats["good"],
            good_imported=cls.stats["good_imported"],
            platforms=len(cls.accounts),
        )
        super().tearDownClass()

    # === HELPERS === #

    def _unique(self, platform, raw):
        """Give a document a fresh platform id, so each example is a new order."""
        number = 910_000 + next(self.ids)
        if platform == "shopify":
            raw["id"] = f"gid://shopify/Order/{number}"
            raw["legacyResourceId"] = str(number)
        elif platform in ("amazon", "ebay"):
            raw["orderId"] = f"FZ-{number}"
        elif platform == "woocommerce":
            raw["id"] = number
        else:
            raw["id"] = f"FZ{number}"
            raw["number"] = f"#FZ{number}"
        return raw

    def _open_error_rows(self, account):
        rows = self.env["ecommerce.error.log"].search([("account_id", "=", account.id)])
        return {row.id: row.occurrences for row in rows}

    def _classify(self, platform, rows):
        """Count a failed record's row as specific (a connector error that
        names the field) or generic (the importer's catch-all "Unexpected
        data" for a crash of the code, e.g. a TypeError in a mapper)."""
        for row in rows:
            if row.cause in SPECIFIC_CAUSES:
                self.stats["specific"] += 1
            else:
                self.stats["generic"] += 1
                self.generic.append(f"{platform}: {row.message[:300]}")

    def _import_one(self, platform, raw):
        """Import one broken document as the batch loop does; check the outcome."""
        account = self.accounts[platform]
        before = self._open_error_rows(account)
        self.stats["tried"] += 1
        try:
            with self.env["ecommerce.sync.job"]._track(
                account, "orders", "import", "manual"
            ) as counters:
                action = account._import_raw_order(raw, counters)
        except Exception as exc:  # the property under test: nothing escapes
            self.escapes.append(f"{platform}: {type(exc).__name__}: {exc}"[:300])
            return
        after = self._open_error_rows(account)
        new_rows = [rid for rid in after if rid not in before]
        bumped = [rid for rid in before if after.get(rid, 0) > before[rid]]
        if action == "failed":
            self.stats["failed"] += 1
            rows = self.env["ecommerce.error.log"].browse(new_rows + bumped)
            self._classify(platform, rows)
            if len(rows) != 1 or not _is_clear(rows.message):
                self.unclear.append(
                    f"{platform}: {len(rows)} error rows: "
                    f"{[r.message[:120] for r in rows]}"
                )
        else:
            self.stats["imported"] += 1
            # imported, perhaps flagged for review (totals differ, a refund
            # waits for its invoice...): each flag must read clearly
            rows = self.env["ecommerce.error.log"].browse(new_rows)
            if not all(_is_clear(row.message) for row in rows):
                self.unclear.append(
                    f"{platform}: {action} with error rows "
                    f"{[r.message[:120] for r in rows]}"
                )

    def tearDown(self):
        self.stats["escaped"] += len(self.escapes)
        self.stats["unclear"] += len(self.unclear)
        for line in self.generic:
            _logger.info("fuzz: generic error row: %s", line)
        super().tearDown()

    def _fuzz(self, platform):
        base = self.samples[platform]
        paths = _paths(base)
        self.assertTrue(paths)
        # the untouched document goes through (baseline of the property)
        self._import_one(platform, self._unique(platform, copy.deepcopy(base)))

        @settings(**FUZZ_SETTINGS)
        @given(
            st.lists(
                st.tuples(st.sampled_from(paths), MUTATION), min_size=1, max_size=3
            )
        )
        def run(mutations):
            raw = self._unique(platform, copy.deepcopy(base))
            for path, value in mutations:
                _mutate(raw, path, value)
            self._import_one(platform, raw)

        run()
        self.assertFalse(self.escapes, "\n".join(self.escapes))
        self.assertFalse(self.unclear, "\n".join(self.unclear))
        # a malformed document is refused by the code that read it, naming
        # the field: never the importer's catch-all for a crash
        self.assertFalse(self.generic, "\n".join(self.generic))

    # === TESTS === #

    def test_01_testshop_mapper(self):
        self._fuzz("testshop")

    def test_02_shopify_mapper(self):
        self._fuzz("shopify")

    def test_03_woocommerce_mapper(self):
        self._fuzz("woocommerce")

    def test_04_amazon_mapper(self):
        self._fuzz("amazon")

    def test_05_ebay_mapper(self):
        self._fuzz("ebay")

    def test_07_wrong_types_at_every_field_are_data_errors(self):
        """Every field of every platform's sample, in turn, gets a value of
        each wrong JSON type (list, object, text, number, true): the mapper
        reads it or refuses the order with an ``EcommerceDataError`` naming
        the field, never a crash of its own code (TypeError, AttributeError...)
        that would reach the merchant as the vague "Unexpected data" row; what
        it reads has the canonical types (no list as SKU, no text as amount)."""
        crashes, tried, refused = [], Counter(), Counter()
        for platform, sample in self.samples.items():
            account = self.accounts[platform]
            mapper = account._component("mapper")
            for path in _paths(sample):
                for value in WRONG_TYPES:
                    raw = copy.deepcopy(sample)
                    _mutate(raw, path, value)
                    tried[platform] += 1
                    where = f"{platform} {'.'.join(map(str, path))} = {value!r}"
                    try:
                        order = mapper.to_order(account, raw)
                    except EcommerceError as exc:
                        refused[platform] += 1
                        if not _is_clear(str(exc)):
                            crashes.append(f"{where}: unclear message {exc}")
                        continue
                    except Exception as exc:  # the property under test
                        crashes.append(f"{where}: {type(exc).__name__}: {exc}"[:300])
                        continue
                    crashes.extend(f"{where}: {p}" for p in _mistyped(order))
        _logger.info(
            "fuzz: wrong types at every field: %s",
            ", ".join(f"{p} {refused[p]} refused of {tried[p]}" for p in self.samples),
        )
        self.assertFalse(crashes, f"{len(crashes)} crashes:\n" + "\n".join(crashes))

    def test_06_importer_batch_keeps_the_good_records(self):
        """A page of the platform mixing good and broken orders: the import
        job ends normally, the good ones are imported, each bad one is one
        error row."""
        base = make_order("FZB", currency=self.currency.name)
        # id and dates stay valid: the platform itself keeps them so
        paths = [
            p for p in _paths(base) if p[0] not in ("id", "updated_at", "created_at")
        ]

        @settings(**dict(FUZZ_SETTINGS, max_examples=BATCH_EXAMPLES))
        @given(
            st.lists(
                st.lists(
                    st.tuples(st.sampled_from(paths), MUTATION), min_size=1, max_size=3
                ),
                min_size=1,
                max_size=6,
            )
        )
        def run(broken_specs):
            self.sandbox.reset()
            good = [
                self._unique("testshop", make_order("G", currency=self.currency.name))
                for _i in range(3)
            ]
            broken = []
            for mutations in broken_specs:
                raw = self._unique("testshop", copy.deepcopy(base))
                for path, value in mutations:
                    _mutate(raw, path, value)
                broken.append(raw)
            self.sandbox.seed_orders(good[:1] + broken + good[1:])
            before = self._open_error_rows(self.account)
            try:
                self.account.import_orders(since=None, force=True)
            except Exception as exc:
                self.escapes.append(f"batch: {type(exc).__name__}: {exc}"[:300])
                return
            self.stats["tried"] += len(broken)
            self.stats["good"] += len(good)
            bindings = self.env["ecommerce.order.binding"].search(
                [("account_id", "=", self.account.id)]
            )
            known = set(bindings.mapped("external_id"))
            self.stats["good_imported"] += sum(1 for g in good if g["id"] in known)
            after = self._open_error_rows(self.account)
            rows = self.env["ecommerce.error.log"].browse(
                [r for r in after if r not in before or after[r] > before[r]]
            )
            for raw in broken:
                mine = rows.filtered(lambda r, raw=raw: r.external_id == raw["id"])
                if raw["id"] in known:
                    self.stats["imported"] += 1
                elif len(mine) == 1 and _is_clear(mine.message):
                    self.stats["failed"] += 1
                    self._classify("batch", mine)
                else:
                    self.unclear.append(
                        f"batch {raw['id']}: {[r.message[:120] for r in mine]}"
                    )

        run()
        self.assertFalse(self.escapes, "\n".join(self.escapes))
        self.assertFalse(self.unclear, "\n".join(self.unclear))
        # a malformed document is refused by the code that read it, naming
        # the field: never the importer's catch-all for a crash
        self.assertFalse(self.generic, "\n".join(self.generic))
        self.assertEqual(self.stats["good_imported"], self.stats["good"])
