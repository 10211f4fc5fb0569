"""The sandbox framework: a loopback HTTP server with routes, a store, a call
log, fault injection and the ``/_sandbox/*`` control endpoints.

A platform sandbox subclasses :class:`SandboxServer`, declares its API with
:func:`route` and overrides the hooks it needs (:meth:`~SandboxServer.authenticate`,
:meth:`~SandboxServer.error_body`, :meth:`~SandboxServer.seed`...)::

    @register("myshop")
    class MyShopSandbox(SandboxServer):
        @route("GET", "/api/items/<item_id>")
        def get_item(self, request, item_id):
            item = self.store.get("items", item_id)
            if item is None:
                raise HttpError(404, "not_found", "No such item")
            return {"item": item}

    with MyShopSandbox() as server:      # started on 127.0.0.1:<free port>
        urlopen(server.url + "/api/items/1")
"""

import math
import socket
import sys
import threading
import time
import traceback
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from .calls import CallLog
from .faults import Faults
from .routing import (
    ROUTES_ATTR,
    HttpError,
    Request,
    Response,
    Router,
    json_response,
    route,
    to_response,
)
from .store import Store
from .webhooks import send_webhook

__all__ = [
    "HttpError",
    "Request",
    "Response",
    "SandboxServer",
    "json_response",
    "route",
    "send_webhook",
]

SANDBOX_PREFIX = "/_sandbox"
LOOPBACK_HOSTS = ("127.0.0.1", "localhost")


class _Handler(BaseHTTPRequestHandler):
    """Reads one request, lets the server answer it, writes the answer."""

    protocol_version = "HTTP/1.1"
    server_version = "PlatformSandbox/1.0"

    def setup(self):
        super().setup()
        self.server.track_connection(self.connection, opened=True)

    def finish(self):
        try:
            super().finish()
        finally:
            self.server.track_connection(self.connection, opened=False)

    def _dispatch(self):
        self.server.dispatch(self)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _dispatch

    def log_message(self, format, *args):  # noqa: A002 (signature of the base)
        if self.server.verbose:
            super().log_message(format, *args)

    def read_body(self):
        """The request body (Content-Length or chunked); ValueError if broken."""
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            chunks = []
            while True:
                size = int(self.rfile.readline(65537).split(b";")[0].strip(), 16)
                if size == 0:
                    while self.rfile.readline(65537) not in (b"\r\n", b"\n", b""):
                        pass
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline(65537)
        length = int(self.headers.get("Content-Length") or 0)
        if length < 0:
            raise ValueError("negative Content-Length")
        return self.rfile.read(length) if length else b""

    def write_response(self, response):
        bodyless = response.status in (204, 304) or response.status < 200
        self.send_response(response.status)
        for name, value in response.headers.items():
            self.send_header(name, str(value))
        if not bodyless:
            self.send_header("Content-Length", str(len(response.body)))
        self.end_headers()
        if not bodyless:
            self.wfile.write(response.body)
        self.wfile.flush()


class SandboxServer(ThreadingHTTPServer):
    """Base of every platform sandbox: a threaded HTTP server on 127.0.0.1.

    :param int port: port to bind, 0 (default) for a free one
    :param str host: ``127.0.0.1`` or ``localhost``; anything else is refused
    :param bool verbose: log each request on stderr (the CLI turns it on)

    The socket is bound on construction, so :attr:`url` is known at once;
    :meth:`start` serves from a daemon thread and :meth:`stop` closes
    everything (a stopped server cannot be restarted). As a context manager
    it starts on enter and stops on exit.

    Attributes for subclasses: :attr:`store` (:class:`~.store.Store`),
    :attr:`call_log` (:class:`~.calls.CallLog`), :attr:`faults`
    (:class:`~.faults.Faults`), :attr:`router` (:class:`~.routing.Router`),
    :attr:`handler_errors` (tracebacks of handlers that crashed with 500).
    """

    #: registry name, set by :func:`sandbox.registry.register`
    platform = "generic"
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128  # listen backlog: bursts of parallel jobs
    __test__ = False  # not a pytest test class, despite subclasses' names

    def __init__(self, port=0, host="127.0.0.1", verbose=False):
        if host not in LOOPBACK_HOSTS:
            raise ValueError(f"Sandboxes only listen on 127.0.0.1, not {host!r}")
        self.verbose = verbose
        self.store = Store()
        self.call_log = CallLog()
        self.faults = Faults()
        self.router = Router()
        self.handler_errors = []
        self._thread = None
        self._closed = False
        self._connections = set()
        self._connections_lock = threading.Lock()
        self._register_declared_routes()
        super().__init__(("127.0.0.1", port), _Handler)

    def __repr__(self):
        return f"<{type(self).__name__} {self.url}>"

    # === LIFECYCLE === #

    @property
    def port(self):
        return self.server_address[1]

    @property
    def url(self):
        """Base URL, e.g. ``http://127.0.0.1:54321`` (no trailing slash)."""
        return f"http://127.0.0.1:{self.port}"

    def start(self):
        """Serve from a background daemon thread; returns ``self``."""
        if self._closed:
            raise RuntimeError("A stopped sandbox cannot be started again")
        if self._thread is None:
            self._thread = threading.Thread(
                target=self.serve_forever,
                kwargs={"poll_interval": 0.05},
                name=f"sandbox-{self.platform}-{self.port}",
                daemon=True,
            )
            self._thread.start()
        return self

    def stop(self):
        """Stop serving, drop open keep-alive connections, close the socket."""
        thread, self._thread = self._thread, None
        if thread is not None:
            self.shutdown()
            thread.join(timeout=5)
        with self._connections_lock:
            connections = list(self._connections)
        for connection in connections:
            try:
                connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        self._closed = True
        self.server_close()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc_info):
        self.stop()

    def track_connection(self, connection, opened):
        with self._connections_lock:
            if opened:
                self._connections.add(connection)
            else:
                self._connections.discard(connection)

    # === ROUTES === #

    def _register_declared_routes(self):
        for klass in reversed(type(self).__mro__):
            for name, attribute in vars(klass).items():
                for method, pattern, auth in getattr(attribute, ROUTES_ATTR, ()):
                    self.router.add(method, pattern, getattr(self, name), auth)

    def add_route(self, method, pattern, handler, auth=True):
        """Register a route at run time (the :func:`route` decorator is the
        usual way). ``handler(request, **path_params)``."""
        return self.router.add(method, pattern, handler, auth)

    # === HOOKS FOR PLATFORM SANDBOXES === #

    def authenticate(self, request):
        """Check the credentials of an API request; raise :class:`HttpError`
        (usually 401) to refuse it.

        Called for routes declared with ``auth=True`` (the default), never for
        ``/_sandbox/*``. The base accepts everything.
        """

    def before_request(self, request):
        """Run after authentication, before the handler (e.g. a rate-limit
        budget). Return a response (or raise :class:`HttpError`) to answer
        instead of the handler, or None to go on. Not called for
        ``/_sandbox/*``."""
        return None

    def after_request(self, request, response):
        """Adjust every API response in place (budget headers...), including
        error and fault answers. Not called for ``/_sandbox/*``."""

    def error_body(self, status, code, message):
        """The JSON document of an error answer, in the platform's format.

        :param int status: HTTP status
        :param str code: short machine code: ``invalid``, ``not_found``,
            ``unauthorized``, ``rate_limited``, ``unavailable``,
            ``method_not_allowed``, ``internal_error`` or platform-specific
        :param str message: human explanation
        :return: a JSON-able object. The base answers
            ``{"error": {"code": code, "message": message}}``.
        """
        return {"error": {"code": code, "message": message}}

    def error_response(self, status, code, message, headers=None):
        """A :class:`Response` carrying :meth:`error_body`."""
        return json_response(self.error_body(status, code, message), status, headers)

    def fault_response(self, kind, retry_after, request):
        """The answer to an injected fault.

        :param str kind: ``"429"``, ``"5xx"`` or ``"down"``
        :param float retry_after: seconds to announce on a 429 (rounded up,
            as Retry-After carries whole seconds)
        """
        if kind == "429":
            return self.error_response(
                429,
                "rate_limited",
                "Too many requests, retry later",
                {"Retry-After": str(math.ceil(retry_after))},
            )
        return self.error_response(
            503, "unavailable", "Service temporarily unavailable"
        )

    def seed(self, payload):
        """Load platform-native documents posted to ``/_sandbox/seed``.

        The base stores ``{"<collection>": [{"id": ...}, ...]}`` as is; a
        platform overrides it to know its collections and derived state.
        Raise ValueError for a payload it cannot take (answered 400).

        :return: a JSON-able summary, e.g. ``{"orders": 3}``
        """
        if not isinstance(payload, dict):
            raise ValueError("Seed payload must be an object of collections")
        summary = {}
        with self.store.lock:
            for name, documents in payload.items():
                if not isinstance(documents, list):
                    raise ValueError(f"{name} must be a list of documents")
                for document in documents:
                    if not isinstance(document, dict) or "id" not in document:
                        raise ValueError(f"Every {name} document needs an id")
                    self.store.put(name, str(document["id"]), document)
                summary[name] = len(documents)
        return summary

    def on_reset(self):
        """Re-create platform state after :meth:`reset` emptied the store."""

    def banner(self):
        """Extra lines the CLI prints under the URL (credentials to use...)."""
        return []

    @classmethod
    def demo_data(cls):
        """A seed payload for the demo (``python -m sandbox <p> --demo``)."""
        return {}

    def now(self):
        """Current UTC time at second precision (override to freeze it)."""
        return datetime.now(timezone.utc).replace(microsecond=0)

    # === PYTHON ACCESSORS === #

    def reset(self):
        """Empty the store, the call log and the faults, then :meth:`on_reset`."""
        self.store.clear()
        self.call_log.clear()
        self.faults.clear()
        self.handler_errors.clear()
        self.on_reset()

    def set_faults(self, **knobs):
        """Replace the fault knobs (see :class:`~.faults.FaultSettings`)."""
        return self.faults.set(**knobs)

    def clear_faults(self):
        self.faults.clear()

    def calls(self, prefix=None, include_internal=False):
        """Recorded calls, oldest first (see :class:`~.calls.CallLog`)."""
        return self.call_log.calls(include_internal, prefix)

    def call_counts(self, prefix=None, include_internal=False):
        """``{"GET /api/orders": 3, ...}``."""
        return self.call_log.counts(include_internal, prefix)

    def call_count(self, route=None, method=None, prefix=None, status=None):
        """Number of API calls matching every given filter."""
        return self.call_log.count(route, method, prefix, status)

    def send_webhook(self, url, body_bytes, headers=None, timeout=10.0):
        """POST to a loopback receiver: ``(status, body)``. See
        :func:`~.webhooks.send_webhook`."""
        return send_webhook(url, body_bytes, headers, timeout)

    # === CONTROL ENDPOINTS === #

    @route("GET", SANDBOX_PREFIX + "/health")
    def handle_sandbox_health(self, request):
        return {"ok": True, "platform": self.platform}

    @route("GET", SANDBOX_PREFIX + "/calls")
    def handle_sandbox_calls(self, request):
        internal = request.arg("internal", "0") not in ("0", "false", "")
        calls = self.call_log.calls(internal, request.arg("prefix"))
        counts = self.call_log.counts(internal, request.arg("prefix"))
        return {"calls": calls, "counts": counts, "total": len(calls)}

    @route("POST", SANDBOX_PREFIX + "/reset")
    def handle_sandbox_reset(self, request):
        self.reset()
        return {"reset": True}

    @route("GET", SANDBOX_PREFIX + "/faults")
    def handle_sandbox_get_faults(self, request):
        return {"faults": self.faults.settings.to_dict()}

    @route("POST", SANDBOX_PREFIX + "/faults")
    def handle_sandbox_set_faults(self, request):
        try:
            settings = self.faults.set(**request.json_object())
        except (TypeError, ValueError) as error:
            raise HttpError(400, "invalid", str(error)) from None
        return {"faults": settings.to_dict()}

    @route("POST", SANDBOX_PREFIX + "/seed")
    def handle_sandbox_seed(self, request):
        try:
            return {"seeded": self.seed(request.json_object())}
        except ValueError as error:
            raise HttpError(400, "invalid", str(error)) from None

    # === REQUEST PIPELINE === #

    def dispatch(self, handler):
        """Answer one request read by ``handler`` and record it."""
        started, stamp = time.monotonic(), time.time()
        path, _, query_string = handler.path.partition("?")
        internal = path == SANDBOX_PREFIX or path.startswith(SANDBOX_PREFIX + "/")
        request = Request(handler.command, path, query_string, handler.headers)
        request.route, params = self.router.find(request.method, path)
        request.params = params or {}
        route_key = request.route.name if request.route else f"{request.method} {path}"
        try:
            request.body = handler.read_body()
        except (ValueError, OSError):
            handler.close_connection = True
            response, fault = self.error_response(400, "invalid", "Bad body"), None
        else:
            response, fault = self._answer(request, internal)
        # Recorded before answering: a client that got its answer sees the call.
        self.call_log.record(
            {
                "method": request.method,
                "path": path,
                "query": request.query_summary(),
                "route": route_key,
                "status": response.status,
                "time": stamp,
                "duration": round(time.monotonic() - started, 6),
                "fault": fault,
                "internal": internal,
            }
        )
        try:
            handler.write_response(response)
        except OSError:
            handler.close_connection = True

    def _answer(self, request, internal):
        if internal:
            return self._handle(request, internal), None
        fault = None
        decision = self.faults.decide(request.path)
        if decision.delay:
            time.sleep(decision.delay)
            fault = "slow"
        if decision.kind:
            fault = decision.kind
            response = self.fault_response(decision.kind, decision.retry_after, request)
        else:
            response = self._handle(request, internal)
        try:
            self.after_request(request, response)
        except Exception:
            response = self._crashed(request)
        return response, fault

    def _handle(self, request, internal):
        try:
            if request.route is None:
                self.router.resolve(request.method, request.path)  # raises
            if not internal:
                if request.route.auth:
                    self.authenticate(request)
                early = self.before_request(request)
                if early is not None:
                    return to_response(early)
            return to_response(request.route.handler(request, **request.params))
        except HttpError as error:
            return self.error_response(
                error.status, error.code, error.message, error.headers
            )
        except Exception:
            return self._crashed(request)

    def _crashed(self, request):
        detail = traceback.format_exc()
        self.handler_errors.append(detail)
        print(
            f"[sandbox] {request.method} {request.path} crashed:\n{detail}",
            file=sys.stderr,
        )
        return self.error_response(500, "internal_error", "Sandbox handler crashed")
