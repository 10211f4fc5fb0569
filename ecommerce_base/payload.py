# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Typed reading of platform documents (JSON objects) for the mappers.

A platform may send a string where an object is expected, a list where a
number is, ``null`` in a required field. A mapper reads its document through
a :class:`Doc`, whose readers check the type of each field and raise
:class:`~.exceptions.EcommerceDataError` naming the order, the field's path
and what was expected, instead of letting a ``TypeError`` escape::

    doc = Doc.order(raw, f"Order {name}")
    for item in doc.objs("line_items"):
        quantity = item.money("quantity")     # Decimal
        sku = item.text("sku").strip()        # str
    # -> "Order 1042: line_items[1].quantity should be a number, got a list"

Messages name keys and types, never the values of text fields, so no
personal data ends up in them. Empty values (missing key, ``null``, ``""``,
``false``) read as the empty value of the expected type, as platforms send
any of them for "nothing"; ``required=True`` refuses them.
"""

from decimal import Decimal

from .exceptions import EcommerceDataError
from .tools.dates import parse_datetime
from .tools.money import to_decimal

#: scalar types readable as text (ids and codes are often sent as numbers)
_TEXT_TYPES = (str, int, float, Decimal)


def kind(value):
    """How a JSON value is named in messages: ``a list``, ``an object``..."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | Decimal):
        return "a number"
    if isinstance(value, str):
        return "an empty text" if not value else "a text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _empty(value):
    return value is None or value is False or value == "" or value == [] or value == {}


class Doc:
    """A JSON object of a platform document, read with the type each field
    must have.

    :param data: the object (a ``dict``)
    :param where: what the document is, for messages (``"Order 1042"``)
    :param path: path of this object inside the document (``"lineItems[0]"``)
    """

    __slots__ = ("_where", "data", "path")

    #: longest ``where`` kept in messages (an order number may be garbage too)
    WHERE_SIZE = 100

    def __init__(self, data, where, path=""):
        self.data = data
        self.where = where
        self.path = path

    @property
    def where(self):
        """What the document is, as messages start (``"Order 1042"``)."""
        return self._where

    @where.setter
    def where(self, value):
        value = str(value)
        if len(value) > self.WHERE_SIZE:
            value = value[: self.WHERE_SIZE - 1] + "…"
        self._where = value

    @classmethod
    def order(cls, raw, where):
        """The root object of a document; refuses anything but an object.

        :raises EcommerceDataError: when ``raw`` is not an object
        """
        doc = cls(raw if isinstance(raw, dict) else {}, where)
        if not isinstance(raw, dict):
            raise EcommerceDataError(
                f"{doc.where}: the document is {kind(raw)}, not an object"
            )
        return doc

    # === RAW ACCESS === #

    def get(self, key, default=None):
        """The raw value of ``key``, unchecked (for comparisons and presence
        tests, which work whatever the type)."""
        return self.data.get(key, default)

    def __bool__(self):
        return bool(self.data)

    def __contains__(self, key):
        return key in self.data

    def at(self, key):
        """The path of ``key`` in the document, as shown in messages."""
        if isinstance(key, int):
            return f"{self.path}[{key}]"
        return f"{self.path}.{key}" if self.path else str(key)

    def error(self, key, expected, value=None):
        """The error to raise for a field that is not what was ``expected``.

        :param expected: what the field should be (``"a number"``)
        :rtype: EcommerceDataError
        """
        return EcommerceDataError(
            f"{self.where}: {self.at(key)} should be {expected}, got {kind(value)}"
        )

    # === OBJECTS AND LISTS === #

    def obj(self, key, required=False):
        """The object under ``key`` as a :class:`Doc` (empty when missing).

        :raises EcommerceDataError: when the value is not an object
        """
        value = self.data.get(key)
        if isinstance(value, dict) and (value or not required):
            return Doc(value, self.where, self.at(key))
        if _empty(value) and not required:
            return Doc({}, self.where, self.at(key))
        raise self.error(key, "an object", value)

    def values(self, key, required=False):
        """The list under ``key`` (empty when missing), items unchecked.

        :raises EcommerceDataError: when the value is not a list
        """
        value = self.data.get(key)
        if isinstance(value, list) and (value or not required):
            return value
        if _empty(value) and not required:
            return []
        raise self.error(key, "a list", value)

    def objs(self, key, required=False):
        """The list of objects under ``key``, each as a :class:`Doc`.

        :raises EcommerceDataError: when it is not a list of objects
        """
        return self._objs(key, self.values(key, required), self.at(key))

    def nodes(self, key):
        """The objects of a GraphQL connection (``{"nodes": [...]}``) or of a
        plain list under ``key``, each as a :class:`Doc`.

        :raises EcommerceDataError: when it is neither
        """
        value = self.data.get(key)
        if isinstance(value, list):
            return self._objs(key, value, self.at(key))
        connection = self.obj(key)
        return self._objs(key, connection.values("nodes"), connection.at("nodes"))

    def _objs(self, key, items, path):
        result = []
        for index, item in enumerate(items):
            if not isinstance(item, dict):
                raise EcommerceDataError(
                    f"{self.where}: {path}[{index}] should be an object, "
                    f"got {kind(item)}"
                )
            result.append(Doc(item, self.where, f"{path}[{index}]"))
        return result

    # === SCALARS === #

    def texts(self, key):
        """The list of texts under ``key`` (empty when missing).

        :raises EcommerceDataError: when it is not a list of texts
        """
        items = self.values(key)
        holder = Doc(dict(enumerate(items)), self.where, self.at(key))
        return [holder.text(index) for index in range(len(items))]

    def text(self, key, required=False):
        """The text under ``key`` (``""`` when empty); numbers are read as
        their text, as platforms send ids and codes either way.

        :raises EcommerceDataError: for an object, a list or ``true``
        """
        value = self.data.get(key)
        if _empty(value):
            if required:
                raise self.error(key, "a text", value)
            return ""
        if isinstance(value, bool) or not isinstance(value, _TEXT_TYPES):
            raise self.error(key, "a text", value)
        return str(value)

    def choice(self, key, allowed, default):
        """The text under ``key`` if it is one of ``allowed``, ``default``
        when empty.

        :raises EcommerceDataError: for any other value
        """
        value = self.text(key)
        if not value:
            return default
        if value not in allowed:
            raise EcommerceDataError(
                f"{self.where}: {self.at(key)} should be one of "
                f"{', '.join(allowed)}, got {value[:40]!r}"
            )
        return value

    def money(self, key, what=None, required=False):
        """The number under ``key`` as a ``Decimal`` (0 when empty).

        :param what: how the amount is called in messages (default: its path)
        :raises EcommerceDataError: when it is not a finite number
        """
        value = self.data.get(key)
        if required and (value is None or value == ""):
            raise self.error(key, "a number", value)
        label = f"{self.where}: {what or self.at(key)}"
        if isinstance(value, list | dict):
            raise EcommerceDataError(f"{label} should be a number, got {kind(value)}")
        return to_decimal(value, label)

    def integer(self, key):
        """The whole number under ``key`` (0 when empty).

        :raises EcommerceDataError: when it is not a whole number
        """
        value = self.money(key)
        if value != value.to_integral_value():
            raise EcommerceDataError(
                f"{self.where}: {self.at(key)} should be a whole number, got {value}"
            )
        return int(value)

    def flag(self, key):
        """The boolean under ``key``; ``false`` when empty.

        :raises EcommerceDataError: when it is an object or a list
        """
        value = self.data.get(key)
        if isinstance(value, list | dict) and value:
            raise self.error(key, "true or false", value)
        return bool(value)

    def date(self, key, what=None):
        """The ISO 8601 timestamp under ``key`` as a naive UTC datetime
        (``None`` when empty).

        :raises EcommerceDataError: when it is not a date
        """
        value = self.data.get(key)
        if _empty(value):
            return None
        label = f"{self.where}: {what or self.at(key)}"
        if not isinstance(value, str):
            raise EcommerceDataError(f"{label} should be a date, got {kind(value)}")
        return parse_datetime(value, label)
