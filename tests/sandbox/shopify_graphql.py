"""A tiny GraphQL executor for the Shopify sandbox, on ``graphql-core``'s parser.

There is no schema: root fields are resolved by the sandbox (``resolve_<name>``
methods) into plain documents shaped like Shopify's objects, and
:func:`project` trims them to the selection set the client asked for, with
aliases, ``__typename``, inline fragments and named fragments. A list field
selected with ``first``/``last`` becomes a connection (``nodes``, ``edges``,
``pageInfo``). Costs follow Shopify's documented model: scalars 0, objects 1,
connections ``2 + first x node cost``, mutations 10.
"""

from graphql import GraphQLSyntaxError, parse
from graphql.language import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    OperationDefinitionNode,
)
from graphql.utilities import value_from_ast_untyped

from .paging import decode_cursor, encode_cursor

MUTATION_COST = 10


class GraphQLError(Exception):
    """A top-level error (``{"errors": [...]}``); ``code`` goes in extensions."""

    def __init__(self, message, code=None):
        super().__init__(message)
        self.code = code

    def as_dict(self):
        error = {"message": str(self)}
        if self.code:
            error["extensions"] = {"code": self.code}
        return error


class Operation:
    """A parsed request: the operation to run, its variables and fragments."""

    def __init__(self, query, variables=None, operation_name=None):
        if not isinstance(query, str) or not query.strip():
            raise GraphQLError("Query missing", "BAD_REQUEST")
        try:
            document = parse(query)
        except GraphQLSyntaxError as error:
            raise GraphQLError(f"Parse error: {error.message}", "PARSE_ERROR") from None
        operations = [
            d for d in document.definitions if isinstance(d, OperationDefinitionNode)
        ]
        self.fragments = {
            d.name.value: d
            for d in document.definitions
            if isinstance(d, FragmentDefinitionNode)
        }
        if operation_name:
            operations = [
                o for o in operations if o.name and o.name.value == operation_name
            ]
        if len(operations) != 1:
            raise GraphQLError("Exactly one operation must be selected", "BAD_REQUEST")
        self.node = operations[0]
        self.kind = self.node.operation.value  # "query" or "mutation"
        self.name = self.node.name.value if self.node.name else ""
        self.variables = dict(variables or {})
        for definition in self.node.variable_definitions or ():
            name = definition.variable.name.value
            if name not in self.variables and definition.default_value is not None:
                self.variables[name] = value_from_ast_untyped(
                    definition.default_value, {}
                )

    # === SELECTIONS === #

    def root_fields(self):
        return list(self.fields(self.node.selection_set, None))

    def fields(self, selection_set, typename):
        """The field nodes of a selection set that apply to ``typename``."""
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                yield selection
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                if condition is None or condition.name.value == typename:
                    yield from self.fields(selection.selection_set, typename)
            elif isinstance(selection, FragmentSpreadNode):
                fragment = self.fragments.get(selection.name.value)
                if fragment is None:
                    raise GraphQLError(f"Unknown fragment {selection.name.value}")
                if fragment.type_condition.name.value == typename:
                    yield from self.fields(fragment.selection_set, typename)

    def arguments(self, field):
        return {
            argument.name.value: value_from_ast_untyped(argument.value, self.variables)
            for argument in field.arguments or ()
        }

    def directive_arguments(self, field, name):
        """Arguments of directive ``@name`` on a field, or None without it."""
        for directive in field.directives or ():
            if directive.name.value == name:
                return {
                    a.name.value: value_from_ast_untyped(a.value, self.variables)
                    for a in directive.arguments or ()
                }
        return None

    # === COST === #

    def requested_cost(self):
        """Cost announced before running, from the ``first`` arguments."""
        if self.kind == "mutation":
            return MUTATION_COST * len(self.root_fields())
        return sum(self._static_cost(f) for f in self.root_fields())

    def _static_cost(self, field):
        if field.selection_set is None:
            return 0
        args = self.arguments(field)
        children = sum(
            self._static_cost(f)
            for f in self._all_fields(field.selection_set)
            if f.name.value not in ("nodes", "edges", "pageInfo", "node")
        )
        inner = [
            f
            for f in self._all_fields(field.selection_set)
            if f.name.value in ("nodes", "edges")
        ]
        size = args.get("first") or args.get("last")
        if inner or size:
            node_cost = max((self._node_cost(f) for f in inner), default=1 + children)
            return 2 + int(size or 1) * node_cost
        return 1 + children

    def _node_cost(self, field):
        if field.name.value == "edges":
            for sub in self._all_fields(field.selection_set):
                if sub.name.value == "node":
                    return self._static_cost(sub)
            return 1
        return self._static_cost(field)

    def _all_fields(self, selection_set):
        """Every field of a selection set, whatever the fragment's type."""
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                yield selection
            elif isinstance(selection, InlineFragmentNode):
                yield from self._all_fields(selection.selection_set)
            elif isinstance(selection, FragmentSpreadNode):
                fragment = self.fragments.get(selection.name.value)
                if fragment is not None:
                    yield from self._all_fields(fragment.selection_set)

    # === PROJECTION === #

    def project(self, value, selection_set):
        """``(trimmed value, actual cost)`` of a stored document."""
        if selection_set is None or value is None:
            return value, 0
        if isinstance(value, list):
            results = [self.project(item, selection_set) for item in value]
            return [r[0] for r in results], sum(r[1] for r in results) or 1
        typename = value.get("__typename")
        result, cost = {}, 1
        for field in self.fields(selection_set, typename):
            name = field.name.value
            key = field.alias.value if field.alias else name
            if name == "__typename":
                result[key] = typename
                continue
            args = self.arguments(field)
            raw = value.get(name)
            if isinstance(raw, list) and ("first" in args or "last" in args):
                result[key], sub = self.connection(raw, args, field.selection_set)
            else:
                result[key], sub = self.project(raw, field.selection_set)
            cost += sub
        return result, cost

    def connection(self, items, args, selection_set, key=None):
        """A connection page of ``items`` (already filtered and sorted).

        Cursors hold the item's sort key (``key(item)``, its index by
        default), so pages do not shift when earlier items change.
        """
        first, last = args.get("first"), args.get("last")
        size = first or last
        if not isinstance(size, int) or not 0 < size <= 250:
            raise GraphQLError(
                "The connection needs `first` or `last` between 1 and 250",
                "BAD_REQUEST",
            )
        keys = [key(item) if key else [index] for index, item in enumerate(items)]
        start = 0
        if args.get("after"):
            try:
                after = decode_cursor(args["after"])
            except ValueError:
                raise GraphQLError("Invalid cursor", "BAD_REQUEST") from None
            start = next((i for i, k in enumerate(keys) if k > after), len(items))
        end = min(start + size, len(items))
        page, page_keys = items[start:end], keys[start:end]
        cursors = [encode_cursor(k) for k in page_keys]
        document = {
            "nodes": page,
            "edges": [
                {"cursor": c, "node": n} for c, n in zip(cursors, page, strict=True)
            ],
            "pageInfo": {
                "hasNextPage": end < len(items),
                "hasPreviousPage": start > 0,
                "startCursor": cursors[0] if cursors else None,
                "endCursor": cursors[-1] if cursors else None,
            },
        }
        projected, cost = self.project(document, selection_set)
        return projected, cost + 1
