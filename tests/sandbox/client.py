"""A small HTTP client for sandboxes, for tests and for driving a sandbox that
runs in another process (end-to-end suite, demo scripts).

It never raises on HTTP error statuses: it returns them, since asserting on
401/429/503 is the point of most sandbox tests.
"""

import json
import urllib.error
import urllib.request
from urllib.parse import urlencode

# Loopback only: never through a proxy from the environment.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class ClientResponse:
    """``status``, ``headers`` (case-insensitive) and ``body`` bytes."""

    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body

    def json(self):
        return json.loads(self.body) if self.body else None

    def __repr__(self):
        return f"<ClientResponse {self.status} {self.body[:80]!r}>"


class SandboxClient:
    """Speak to a sandbox at ``url``.

    :param str url: base URL, e.g. ``server.url``
    :param dict headers: sent with every request (e.g. the platform token)
    :param float timeout: socket timeout in seconds
    """

    def __init__(self, url, headers=None, timeout=10.0):
        self.url = url.rstrip("/")
        self.headers = dict(headers or {})
        self.timeout = timeout

    def request(self, method, path, body=None, headers=None, query=None):
        """Send one request; ``body`` may be bytes or a JSON-able object."""
        url = self.url + path
        if query:
            url += "?" + urlencode(query)
        all_headers = {**self.headers, **(headers or {})}
        if body is not None and not isinstance(body, bytes):
            body = json.dumps(body).encode()
            all_headers.setdefault("Content-Type", "application/json")
        req = urllib.request.Request(url, data=body, headers=all_headers, method=method)
        try:
            with _OPENER.open(req, timeout=self.timeout) as answer:
                return ClientResponse(answer.status, answer.headers, answer.read())
        except urllib.error.HTTPError as error:
            with error:
                return ClientResponse(error.code, error.headers, error.read())

    def get(self, path, query=None, headers=None):
        return self.request("GET", path, headers=headers, query=query)

    def post(self, path, body=None, headers=None, query=None):
        body = {} if body is None else body
        return self.request("POST", path, body, headers, query)

    # === /_sandbox/* controls === #

    def _control(self, method, path, body=None):
        answer = self.request(method, "/_sandbox" + path, body)
        if answer.status >= 400:
            raise RuntimeError(f"Sandbox refused {method} {path}: {answer!r}")
        return answer.json()

    def health(self):
        return self._control("GET", "/health")

    def reset(self):
        return self._control("POST", "/reset")

    def seed(self, payload):
        return self._control("POST", "/seed", payload)["seeded"]

    def set_faults(self, **knobs):
        return self._control("POST", "/faults", knobs)["faults"]

    def clear_faults(self):
        return self.set_faults()

    def calls(self, prefix=None):
        path = "/calls" + ("?" + urlencode({"prefix": prefix}) if prefix else "")
        return self._control("GET", path)

    def call_counts(self, prefix=None):
        return self.calls(prefix)["counts"]
