"""Figures of the reliability suite: each scenario records what it injected
and what came out; the table of all of them is printed at the end of the
pytest session (``conftest.py``) and copied into the README.

Scenarios that run under Odoo's own test runner (fuzzing, access matrix,
leaks) record theirs too: every scenario writes one JSON file into
``ECOMMERCE_FIGURES_DIR`` (default: ``<tmp>/ecommerce-figures``), so the
table gathers both runners. Standard library only: Odoo tests import it.
"""

import json
import os
import re
import tempfile
import time

COLUMNS = (
    ("deliveries", "deliveries"),
    ("faults", "faults"),
    ("expected", "expected"),
    ("created", "created"),
    ("duplicated", "dup"),
    ("lost", "lost"),
    ("stock_mismatches", "stock diff"),
    ("bad_tried", "bad tried"),
    ("bad_caught", "bad caught"),
    ("access_run", "access run"),
    ("access_failed", "access fail"),
    ("leaks", "leaks"),
)
MUST_BE_ZERO = ("duplicated", "lost", "stock_mismatches", "access_failed", "leaks")
LEGEND = (
    "deliveries: webhooks + cron runs sent | faults: 429/5xx/slow/down answers "
    "or SIGKILLs injected | expected/created/dup/lost: orders | stock diff: SKUs whose "
    "platform quantity differs from Odoo's after convergence | bad tried/"
    "caught: malformed records fed / logged as one error row each | access "
    "run/fail: access checks | leaks: secrets found in logs, error rows, job "
    "arguments or messages"
)


def figures_dir():
    return os.environ.get("ECOMMERCE_FIGURES_DIR") or os.path.join(
        tempfile.gettempdir(), "ecommerce-figures"
    )


def record(scenario, **values):
    """Write the figures of ``scenario`` (a short name, e.g. ``"1 duplicates"``).

    :param values: keys of :data:`COLUMNS` (others are kept as notes)
    """
    directory = figures_dir()
    os.makedirs(directory, exist_ok=True)
    name = re.sub(r"[^a-z0-9]+", "_", scenario.lower()).strip("_")
    document = {"scenario": scenario, "recorded_at": time.time(), **values}
    path = os.path.join(directory, f"{name}.json")
    with open(path + ".tmp", "w") as handle:
        json.dump(document, handle, default=str)
    os.replace(path + ".tmp", path)
    return document


def load_all():
    """Every recorded scenario, sorted by name."""
    directory = figures_dir()
    if not os.path.isdir(directory):
        return []
    rows = []
    for name in sorted(os.listdir(directory)):
        if name.endswith(".json"):
            with open(os.path.join(directory, name)) as handle:
                rows.append(json.load(handle))
    return sorted(rows, key=lambda row: row["scenario"])


def render_table(rows):
    """The figures as a fixed-width text table, with a total line."""
    headers = ["scenario", *(label for _key, label in COLUMNS)]
    lines = []
    totals = dict.fromkeys((key for key, _label in COLUMNS), None)
    for row in rows:
        cells = [row["scenario"]]
        for key, _label in COLUMNS:
            value = row.get(key)
            cells.append("-" if value is None else str(value))
            if isinstance(value, int):
                totals[key] = (totals[key] or 0) + value
        lines.append(cells)
    lines.append(
        ["total", *("-" if totals[k] is None else str(totals[k]) for k, _ in COLUMNS)]
    )
    widths = [max(len(r[i]) for r in [headers, *lines]) for i in range(len(headers))]

    def fmt(cells):
        first = cells[0].ljust(widths[0])
        rest = (c.rjust(w) for c, w in zip(cells[1:], widths[1:], strict=True))
        return " | ".join([first, *rest])

    rule = "-+-".join("-" * w for w in widths)
    return "\n".join(
        [fmt(headers), rule, *(fmt(c) for c in lines[:-1]), rule] + [fmt(lines[-1])]
    )


def problems(rows):
    """Scenario/figure pairs that should be zero and are not."""
    return [
        f"{row['scenario']}: {key} = {row[key]}"
        for row in rows
        for key in MUST_BE_ZERO
        if row.get(key)
    ]
