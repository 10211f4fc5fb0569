"""The framework, through a throw-away platform defined here, over real HTTP."""

import http.client
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.error

import pytest

from sandbox.client import SandboxClient
from sandbox.core import HttpError, SandboxServer, route
from sandbox.paging import decode_cursor, encode_cursor, keyset_page, natural_key
from sandbox.ratelimit import LeakyBucket
from sandbox.registry import available, get_platform
from sandbox.testshop import TestshopSandbox
from sandbox.webhooks import is_loopback_url, send_webhook

from .receiver import Receiver

TESTS_DIR = os.path.dirname(os.path.dirname(os.path.dirname(__file__)))


class ProbeSandbox(SandboxServer):
    """A minimal platform: its own error format and a header-based auth."""

    def error_body(self, status, code, message):
        return {"errors": [{"code": code, "detail": message}]}

    def authenticate(self, request):
        if request.header("X-Key") != "k":
            raise HttpError(401, "unauthorized", "bad key")

    @route("GET", "/api/items/<item_id>")
    def get_item(self, request, item_id):
        return {"item_id": item_id, "query": request.query_summary()}

    @route("GET", "/api/items/count")
    def count_items(self, request):
        return {"count": self.store.count("items")}

    @route("POST", "/api/echo")
    def echo(self, request):
        return 201, {"json": request.json(), "raw": request.body.decode()}

    @route("POST", "/api/bump")
    def bump(self, request):
        with self.store.lock:
            counters = self.store.collection("counters")
            value = counters.get("n", 0)
            time.sleep(0.001)  # widen the race window a lock must close
            counters["n"] = value + 1
        return {"n": value + 1}

    @route("GET", "/api/boom")
    def boom(self, request):
        raise RuntimeError("handler bug")

    @route("GET", "/public", auth=False)
    def public(self, request):
        return {"public": True}


@pytest.fixture(scope="module")
def probe_server():
    with ProbeSandbox() as server:
        yield server


@pytest.fixture
def probe(probe_server):
    probe_server.reset()
    return probe_server


@pytest.fixture
def client(probe):
    return SandboxClient(probe.url, {"X-Key": "k"})


# === LIFECYCLE === #


def test_refuses_to_listen_beyond_loopback():
    with pytest.raises(ValueError):
        SandboxServer(host="0.0.0.0")


def test_context_manager_serves_on_ephemeral_port_then_closes():
    with ProbeSandbox() as server:
        assert server.port != 0
        assert server.url == f"http://127.0.0.1:{server.port}"
        assert SandboxClient(server.url).get("/_sandbox/health").json() == {
            "ok": True,
            "platform": "generic",
        }
    with pytest.raises(urllib.error.URLError):
        SandboxClient(server.url, timeout=2).get("/_sandbox/health")
    with pytest.raises(RuntimeError):
        server.start()


def test_stop_drops_kept_alive_connections():
    server = ProbeSandbox().start()
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=2)
    for _ in range(2):  # same socket, HTTP/1.1 keep-alive
        connection.request("GET", "/public")
        assert connection.getresponse().read() == b'{"public":true}'
    server.stop()
    with pytest.raises((ConnectionError, http.client.HTTPException, OSError)):
        connection.request("GET", "/public")
        connection.getresponse()
    connection.close()


# === ROUTING AND REQUESTS === #


def test_path_params_are_decoded_and_literal_routes_win(client):
    answer = client.get("/api/items/a%20b?x=1&x=2&empty=")
    assert answer.json() == {"item_id": "a b", "query": {"x": "1", "empty": ""}}
    # Declared after /api/items/<item_id>, yet more specific: it wins.
    assert client.get("/api/items/count").json() == {"count": 0}


def test_json_body_raw_body_and_tuple_answers(client):
    answer = client.post("/api/echo", {"a": 1})
    assert answer.status == 201
    assert answer.json() == {"json": {"a": 1}, "raw": '{"a": 1}'}


def test_chunked_request_body(probe):
    connection = http.client.HTTPConnection("127.0.0.1", probe.port, timeout=5)
    connection.request(
        "POST",
        "/api/echo",
        body=iter([b'{"chunked":', b" true}"]),
        headers={"X-Key": "k", "Transfer-Encoding": "chunked"},
        encode_chunked=True,
    )
    response = connection.getresponse()
    assert response.status == 201
    assert b'"json":{"chunked":true}' in response.read()
    connection.close()


def test_errors_use_the_platform_error_format(client):
    invalid = client.request("POST", "/api/echo", b"{not json")
    assert invalid.status == 400
    assert invalid.json() == {
        "errors": [{"code": "invalid", "detail": "Body is not valid JSON"}]
    }
    missing = client.get("/api/nothing")
    assert missing.status == 404
    assert missing.json()["errors"][0]["code"] == "not_found"
    wrong_method = client.request("DELETE", "/api/echo")
    assert wrong_method.status == 405
    assert wrong_method.headers["Allow"] == "POST"


def test_handler_crash_answers_500_and_keeps_the_traceback(client, probe):
    answer = client.get("/api/boom")
    assert answer.status == 500
    assert answer.json()["errors"][0]["code"] == "internal_error"
    assert "handler bug" in probe.handler_errors[-1]


def test_authenticate_hook_guards_api_routes_only(probe):
    anonymous = SandboxClient(probe.url)
    assert anonymous.get("/api/items/1").status == 401
    assert anonymous.get("/public").status == 200  # auth=False
    assert anonymous.get("/_sandbox/health").status == 200  # never authenticated


def test_concurrent_requests_with_store_lock(client, probe):
    # A burst of parallel connections, as parallel queue jobs would make.
    statuses = []

    def bump():
        try:
            statuses.append(client.post("/api/bump").status)
        except OSError as error:
            statuses.append(repr(error))

    threads = [threading.Thread(target=bump) for _ in range(64)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [200] * 64
    assert probe.store.get("counters", "n") == 64
    assert probe.call_count(route="POST /api/bump", status=200) == 64


def test_generic_seed_endpoint_stores_documents(client, probe):
    seeded = client.seed({"items": [{"id": 1, "name": "one"}, {"id": "2"}]})
    assert seeded == {"items": 2}
    assert probe.store.get("items", "1") == {"id": 1, "name": "one"}
    assert client.get("/api/items/count").json() == {"count": 2}
    refused = client.request("POST", "/_sandbox/seed", {"items": [{"name": "x"}]})
    assert refused.status == 400


# === CALL LOG AND RESET === #


def test_call_log_records_and_counts_by_route(client, probe):
    client.get("/api/items/1", query={"expand": "all"})
    client.get("/api/items/2")
    client.get("/api/items/count")
    client.get("/api/nothing")
    client.health()

    assert probe.call_counts() == {
        "GET /api/items/<item_id>": 2,
        "GET /api/items/count": 1,
        "GET /api/nothing": 1,
    }
    assert probe.call_count(route="GET /api/items/<item_id>") == 2
    assert probe.call_count(status=404) == 1
    first = probe.calls()[0]
    assert (first["method"], first["path"], first["query"]) == (
        "GET",
        "/api/items/1",
        {"expand": "all"},
    )
    assert first["status"] == 200 and first["fault"] is None
    assert abs(first["time"] - time.time()) < 60

    over_http = client.calls()
    assert over_http["counts"] == probe.call_counts()
    assert over_http["total"] == 4
    with_internal = client.get("/_sandbox/calls", {"internal": "1"}).json()
    assert with_internal["counts"]["GET /_sandbox/health"] == 1
    assert client.calls(prefix="/api/items/count")["total"] == 1


def test_reset_clears_store_calls_and_faults(client, probe):
    client.seed({"items": [{"id": "1"}]})
    client.get("/api/items/1")
    client.set_faults(rate_5xx=1.0)
    client.reset()
    assert probe.store.count("items") == 0
    assert probe.calls() == []
    assert probe.faults.settings.rate_5xx == 0
    assert client.get("/api/items/count").json() == {"count": 0}


# === FAULTS === #


def test_rate_429_answers_retry_after_in_platform_format(client, probe):
    faults = client.set_faults(rate_429=1.0, retry_after=7, seed=1)
    assert faults["rate_429"] == 1.0
    answer = client.get("/api/items/1")
    assert answer.status == 429
    assert answer.headers["Retry-After"] == "7"
    assert answer.json() == {
        "errors": [{"code": "rate_limited", "detail": "Too many requests, retry later"}]
    }
    assert probe.calls()[-1]["fault"] == "429"
    # Faults never touch the control endpoints.
    assert client.health()["ok"] is True
    assert client.calls()["total"] == 1


def test_rate_5xx_answers_503(client):
    client.set_faults(rate_5xx=1.0)
    answer = client.get("/api/items/1")
    assert answer.status == 503
    assert answer.json()["errors"][0]["code"] == "unavailable"


def test_down_refuses_everything_but_the_sandbox_endpoints(client, probe):
    probe.set_faults(down=True)
    assert client.get("/api/items/1").status == 503
    assert client.get("/public").status == 503
    assert client.get("/no/such/path").status == 503
    assert client.calls()["total"] == 3  # /_sandbox/calls still answers
    client.clear_faults()
    assert client.get("/api/items/1").status == 200


def test_only_paths_limits_the_faults(client):
    client.set_faults(rate_5xx=1.0, only_paths=["/api/items"])
    assert client.get("/api/items/1").status == 503
    assert client.post("/api/echo", {}).status == 201


def test_seeded_faults_are_reproducible(client):
    def statuses():
        client.set_faults(rate_429=0.5, seed=42)
        return [client.get("/api/items/1").status for _ in range(30)]

    first = statuses()
    assert set(first) == {200, 429}
    assert statuses() == first


def test_slow_requests_are_delayed(client, probe):
    client.set_faults(slow_rate=1.0, slow_seconds=0.3)
    started = time.monotonic()
    assert client.get("/api/items/1").status == 200
    assert time.monotonic() - started >= 0.3
    assert probe.calls()[-1]["fault"] == "slow"


def test_bad_fault_knobs_are_refused(client):
    assert client.request("POST", "/_sandbox/faults", {"rate_429": 2}).status == 400
    assert client.request("POST", "/_sandbox/faults", {"bogus": 1}).status == 400
    assert client.request("POST", "/_sandbox/faults", {"down": "yes"}).status == 400


# === WEBHOOK SENDER === #


def test_send_webhook_posts_to_loopback_and_returns_the_answer():
    with Receiver(answer_status=202, answer_body=b"queued") as receiver:
        status, body = send_webhook(receiver.url, b"{}", {"X-Sig": "abc"})
    assert (status, body) == (202, b"queued")
    assert receiver.received[0]["body"] == b"{}"
    assert receiver.received[0]["headers"]["X-Sig"] == "abc"


def test_send_webhook_refuses_other_hosts():
    assert is_loopback_url("http://localhost:8069/x")
    assert is_loopback_url("http://127.0.0.2/x")
    assert not is_loopback_url("http://example.com/x")
    assert not is_loopback_url("ftp://127.0.0.1/x")
    with pytest.raises(ValueError):
        send_webhook("http://192.0.2.1/hook", b"{}")


# === BUILDING BLOCKS === #


def test_leaky_bucket_fills_and_drains():
    now = [0.0]
    bucket = LeakyBucket(size=2, leak_rate=2.0, clock=lambda: now[0])
    assert bucket.acquire() == (True, 0.0)
    assert bucket.acquire() == (True, 0.0)
    accepted, wait = bucket.acquire()
    assert not accepted and wait == pytest.approx(0.5)
    assert bucket.used() == 2
    now[0] = 0.5  # one slot drained
    assert bucket.used() == 1
    assert bucket.acquire() == (True, 0.0)


def test_cursors_and_keyset_pages():
    assert decode_cursor(encode_cursor(["2026-11-20T10:00:00Z", "1001"])) == [
        "2026-11-20T10:00:00Z",
        "1001",
    ]
    with pytest.raises(ValueError):
        decode_cursor("not a cursor!")
    assert sorted(["10", "9", "a"], key=natural_key) == ["9", "10", "a"]
    keyed = [(natural_key(i), i) for i in ["3", "1", "2"]]
    assert keyset_page(keyed, 2) == (["1", "2"], natural_key("2"), True)
    assert keyset_page(keyed, 2, natural_key("2")) == (["3"], natural_key("3"), False)


# === REGISTRY AND CLI === #


def test_registry_finds_platforms():
    assert get_platform("testshop") is TestshopSandbox
    assert "testshop" in available()
    with pytest.raises(KeyError):
        get_platform("nosuchplatform")


def test_cli_serves_until_interrupted():
    process = subprocess.Popen(
        [sys.executable, "-m", "sandbox", "testshop", "--demo", "--quiet"],
        cwd=TESTS_DIR,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        first_line = process.stdout.readline()
        assert first_line.startswith("testshop sandbox listening on http://127.0.0.1:")
        url = first_line.rsplit(" ", 1)[1].strip()
        api = SandboxClient(url, {"X-Shop-Token": "test-token"})
        assert api.get("/api/shop").json() == {
            "shop": {"name": "Test Shop", "currency": "EUR"}
        }
        assert len(api.get("/api/orders").json()["orders"]) == 5
    finally:
        process.send_signal(signal.SIGINT)
        _out, err = process.communicate(timeout=10)
    assert process.returncode == 0, err
