"""A tiny loopback HTTP receiver recording what it is sent (webhook tests).

Plain http.server on purpose: it does not depend on the framework under test.
"""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class _Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.server.received.append(
            {"path": self.path, "headers": dict(self.headers.items()), "body": body}
        )
        answer = self.server.answer_body
        self.send_response(self.server.answer_status)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, format, *args):  # noqa: A002
        pass


class Receiver(ThreadingHTTPServer):
    """Answers every POST with ``answer_status`` / ``answer_body`` and keeps
    ``received``: dicts of path, headers and raw body."""

    daemon_threads = True

    def __init__(self, answer_status=200, answer_body=b"ok"):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.answer_status = answer_status
        self.answer_body = answer_body
        self.received = []
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server_address[1]}/hook"

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc_info):
        self.shutdown()
        self.server_close()
