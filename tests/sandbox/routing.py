"""Requests, responses and route matching for sandbox servers.

Nothing here touches sockets: :mod:`.core` turns raw HTTP into a
:class:`Request`, asks a :class:`Router` for the handler and writes the
:class:`Response` it gets back.
"""

import json
import re
from datetime import date, datetime
from decimal import Decimal
from urllib.parse import parse_qs, unquote

_PARAM = re.compile(r"<([A-Za-z_][A-Za-z0-9_]*)>")
ROUTES_ATTR = "_sandbox_routes"


class HttpError(Exception):
    """Raise from a handler (or a hook) to answer with an error.

    The server turns it into a response whose body comes from
    :meth:`SandboxServer.error_body`, so each platform answers errors in its
    own format while handlers only say *what* went wrong.
    """

    def __init__(self, status, code, message, headers=None):
        super().__init__(f"{status} {code}: {message}")
        self.status = status
        self.code = code
        self.message = message
        self.headers = dict(headers or {})


def _json_default(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def dumps(data):
    """Encode ``data`` as compact UTF-8 JSON bytes (Decimal as string)."""
    return json.dumps(data, default=_json_default, separators=(",", ":")).encode()


class Response:
    """An HTTP answer: status, body bytes and headers (a plain dict)."""

    def __init__(self, status=200, body=b"", headers=None, content_type=None):
        self.status = status
        self.body = body
        self.headers = dict(headers or {})
        if content_type:
            self.headers.setdefault("Content-Type", content_type)

    def json(self):
        """The body decoded as JSON (for tests and hooks)."""
        return json.loads(self.body) if self.body else None


def json_response(data, status=200, headers=None):
    """A :class:`Response` carrying ``data`` as JSON."""
    return Response(status, dumps(data), headers, "application/json")


def to_response(result):
    """Normalise what a handler returned into a :class:`Response`.

    Handlers may return a :class:`Response`, a JSON-able dict or list
    (answered with 200), or a tuple ``(status, data)`` or
    ``(status, data, headers)``.
    """
    if isinstance(result, Response):
        return result
    if isinstance(result, tuple):
        status, data, *headers = result
        return json_response(data, status, *headers)
    return json_response(result)


class Request:
    """One incoming request, as handlers see it.

    :ivar method: upper-case HTTP method
    :ivar path: path without the query string, still percent-encoded
    :ivar query_string: the raw query string
    :ivar headers: case-insensitive header mapping
    :ivar body: raw body bytes (what webhook signatures are computed on)
    :ivar params: path parameters, decoded
    :ivar route: the matched :class:`Route`, or None
    """

    def __init__(self, method, path, query_string="", headers=None, body=b""):
        self.method = method
        self.path = path
        self.query_string = query_string
        self.headers = headers if headers is not None else {}
        self.body = body
        self.params = {}
        self.route = None
        self.query = parse_qs(query_string, keep_blank_values=True)
        self._json = None

    def header(self, name, default=None):
        """A header value (case-insensitive name), or ``default``."""
        value = self.headers.get(name)
        return default if value is None else value

    def arg(self, name, default=None):
        """The first value of query parameter ``name``, or ``default``."""
        values = self.query.get(name)
        return values[0] if values else default

    def int_arg(self, name, default, minimum=None, maximum=None):
        """Query parameter ``name`` as an int within bounds, else HTTP 400."""
        raw = self.arg(name)
        if raw is None or raw == "":
            return default
        try:
            value = int(raw)
        except ValueError:
            raise HttpError(400, "invalid", f"{name} must be an integer") from None
        if minimum is not None and value < minimum:
            raise HttpError(400, "invalid", f"{name} must be at least {minimum}")
        if maximum is not None and value > maximum:
            raise HttpError(400, "invalid", f"{name} must be at most {maximum}")
        return value

    def json(self):
        """The body decoded as JSON (None when empty); HTTP 400 if invalid."""
        if self._json is None and self.body:
            try:
                self._json = json.loads(self.body)
            except ValueError:
                raise HttpError(400, "invalid", "Body is not valid JSON") from None
        return self._json

    def json_object(self):
        """The body as a JSON object (dict); HTTP 400 otherwise."""
        data = self.json()
        if not isinstance(data, dict):
            raise HttpError(400, "invalid", "Body must be a JSON object")
        return data

    def query_summary(self):
        """Query parameters as ``{name: first value}`` (for the call log)."""
        return {name: values[0] for name, values in self.query.items()}


def route(method, pattern, *, auth=True):
    """Declare a handler method of a :class:`SandboxServer` subclass.

    ``pattern`` is a path with named parameters, e.g.
    ``/api/orders/<order_id>``; each parameter matches one path segment and
    is passed to the handler as a keyword argument::

        @route("GET", "/api/orders/<order_id>")
        def get_order(self, request, order_id):
            ...

    ``auth=False`` skips :meth:`SandboxServer.authenticate` (token
    endpoints, public pages). A subclass overriding the method keeps the
    route. The decorator may be stacked to serve several routes.
    """

    def decorate(function):
        routes = function.__dict__.setdefault(ROUTES_ATTR, [])
        routes.append((method.upper(), pattern, auth))
        return function

    return decorate


def compile_pattern(pattern):
    """Turn ``/a/<name>/b`` into an anchored regex with named groups."""
    if not pattern.startswith("/"):
        raise ValueError(f"Route pattern must start with '/': {pattern!r}")
    parts, last = [], 0
    for match in _PARAM.finditer(pattern):
        parts.append(re.escape(pattern[last : match.start()]))
        parts.append(f"(?P<{match.group(1)}>[^/]+)")
        last = match.end()
    parts.append(re.escape(pattern[last:]))
    return re.compile("^" + "".join(parts) + "$")


class Route:
    """A method + path pattern bound to a handler callable."""

    def __init__(self, method, pattern, handler, auth=True):
        self.method = method.upper()
        self.pattern = pattern
        self.handler = handler
        self.auth = auth
        self.regex = compile_pattern(pattern)
        self.param_count = self.regex.groups
        self.name = f"{self.method} {pattern}"

    def match(self, path):
        """Decoded path parameters if ``path`` matches, else None."""
        found = self.regex.match(path)
        if not found:
            return None
        return {key: unquote(value) for key, value in found.groupdict().items()}

    def __repr__(self):
        return f"<Route {self.name}>"


class Router:
    """The routes of one server.

    When several patterns match a path, the one with the fewest parameters
    wins, so ``/api/orders/count`` beats ``/api/orders/<order_id>`` whatever
    the declaration order.
    """

    def __init__(self):
        self._routes = {}

    def add(self, method, pattern, handler, auth=True):
        """Register (or replace) the handler of ``method pattern``."""
        new = Route(method, pattern, handler, auth)
        self._routes[new.name] = new
        return new

    @property
    def routes(self):
        return list(self._routes.values())

    def _matches(self, path):
        found = []
        for candidate in self._routes.values():
            params = candidate.match(path)
            if params is not None:
                found.append((candidate.param_count, candidate, params))
        found.sort(key=lambda item: item[0])
        return found

    def find(self, method, path):
        """``(route, params)`` for this method and path, or ``(None, None)``."""
        for _count, candidate, params in self._matches(path):
            if candidate.method == method:
                return candidate, params
        return None, None

    def resolve(self, method, path):
        """Like :meth:`find` but raise HTTP 404 / 405 when nothing fits."""
        found, params = self.find(method, path)
        if found:
            return found, params
        allowed = sorted({item[1].method for item in self._matches(path)})
        if allowed:
            raise HttpError(
                405,
                "method_not_allowed",
                f"{method} is not allowed on {path}",
                {"Allow": ", ".join(allowed)},
            )
        raise HttpError(404, "not_found", f"No route for {method} {path}")
