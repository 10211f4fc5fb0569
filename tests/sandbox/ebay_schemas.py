"""Schemas of the eBay OpenAPI contracts that the eBay sandbox answers, and a
small validator of their required fields and types.

Extracted from eBay's official OpenAPI 3 contracts (``sell_fulfillment_v1_oas3``
v1.20.7, ``sell_inventory_v1_oas3`` 1.18.0, ``commerce_notification_v1_oas3``
as mirrored in hendt/ebay-api ``specs/``): only the component schemas reachable
from the answers the sandbox gives, with descriptions dropped; ``$ref`` values
are bare schema names, in ``ebay_schemas.json`` next to this module.
Regenerate that file rather than edit it by hand.
"""

import json
import os

with open(
    os.path.join(os.path.dirname(os.path.abspath(__file__)), "ebay_schemas.json"),
    encoding="utf-8",
) as _schemas:
    SCHEMAS = json.load(_schemas)

_TYPES = {
    "string": str,
    "integer": int,
    "number": (int, float),
    "boolean": bool,
    "object": dict,
    "array": list,
}


def validate(instance, schema_name, path="$"):
    """The list of problems of ``instance`` against schema ``schema_name``:
    wrong types, missing required fields, values outside an enum, and fields
    the contract does not know (eBay's schemas are closed in practice)."""
    return _check(instance, SCHEMAS[schema_name], path)


def _check(value, schema, path):
    if "$ref" in schema:
        return validate(value, schema["$ref"], path)
    problems = []
    kind = schema.get("type")
    expected = _TYPES.get(kind)
    if expected is not None:
        wrong = not isinstance(value, expected) or (
            kind in ("integer", "number") and isinstance(value, bool)
        )
        if wrong:
            return [f"{path}: expected {kind}, got {type(value).__name__}"]
    if "enum" in schema and value not in schema["enum"]:
        problems.append(f"{path}: {value!r} not in {schema['enum']}")
    if isinstance(value, dict) and "properties" in schema:
        for name in schema.get("required") or []:
            if name not in value:
                problems.append(f"{path}: missing required {name}")
        for name, item in value.items():
            if name in schema["properties"]:
                problems += _check(item, schema["properties"][name], f"{path}.{name}")
            else:
                problems.append(f"{path}: unknown field {name}")
    if isinstance(value, list) and "items" in schema:
        for index, item in enumerate(value):
            problems += _check(item, schema["items"], f"{path}[{index}]")
    return problems
