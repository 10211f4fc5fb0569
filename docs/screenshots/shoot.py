# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Take the README's screenshots from a running Odoo, in headless Chromium.

    python docs/screenshots/shoot.py http://127.0.0.1:8069 DB [admin [admin]]

Logs in over JSON-RPC, hands the session cookie to Chromium through its
DevTools protocol, opens the dashboard, the demo account and the error
queue and the order analysis, and writes ``docs/dashboard.png``,
``docs/account.png``, ``docs/errors.png`` and ``docs/orders.png``.
"""

import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from urllib.parse import urlparse

import requests
import websocket

DOCS = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
WIDTH, HEIGHT = 1440, 900


def login(base, db, user, password):
    session = requests.Session()
    answer = session.post(
        f"{base}/web/session/authenticate",
        json={"params": {"db": db, "login": user, "password": password}},
        timeout=30,
    ).json()
    if answer.get("error"):
        raise SystemExit(f"login failed: {answer['error']}")
    return session.cookies["session_id"], session


class Chrome:
    def __init__(self):
        exe = shutil.which("chromium") or shutil.which("google-chrome")
        if not exe:
            raise SystemExit("chromium not found")
        self.profile = tempfile.mkdtemp(prefix="shots_")
        self.process = subprocess.Popen(
            [
                exe,
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
                f"--window-size={WIDTH},{HEIGHT}",
                "--remote-debugging-port=9333",
                f"--user-data-dir={self.profile}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _attempt in range(50):
            try:
                pages = requests.get("http://127.0.0.1:9333/json", timeout=2).json()
                page = next(p for p in pages if p["type"] == "page")
                break
            except (requests.RequestException, StopIteration):
                time.sleep(0.2)
        else:
            raise SystemExit("chromium did not start")
        self.ws = websocket.create_connection(
            page["webSocketDebuggerUrl"], suppress_origin=True
        )
        self.ids = 0

    def call(self, method, **params):
        self.ids += 1
        self.ws.send(json.dumps({"id": self.ids, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self.ids:
                if "error" in message:
                    raise RuntimeError(message["error"])
                return message.get("result", {})

    def wait_for(self, selector, timeout=30):
        expression = f"!!document.querySelector({json.dumps(selector)})"
        deadline = time.time() + timeout
        while time.time() < deadline:
            result = self.call("Runtime.evaluate", expression=expression)
            if result.get("result", {}).get("value"):
                time.sleep(1.5)  # let the last renders and fonts settle
                return
            time.sleep(0.3)
        raise SystemExit(f"{selector} never appeared")

    def shoot(self, url, selector, path, then=None):
        self.call("Page.navigate", url=url)
        self.wait_for(selector)
        if then:
            self.call("Runtime.evaluate", expression=then)
            time.sleep(1.5)
        data = self.call("Page.captureScreenshot", format="png")["data"]
        with open(path, "wb") as file:
            file.write(base64.b64decode(data))
        sys.stdout.write(f"{path}: {os.path.getsize(path)} bytes\n")

    def close(self):
        self.ws.close()
        self.process.terminate()
        self.process.wait(10)
        shutil.rmtree(self.profile, ignore_errors=True)


def main(base, db, user="admin", password="admin"):
    cookie, session = login(base, db, user, password)
    account_id = session.post(
        f"{base}/web/dataset/call_kw/ecommerce.account/search",
        json={
            "params": {
                "model": "ecommerce.account",
                "method": "search",
                "args": [[("name", "=", "Demo shop (sandbox)")]],
                "kwargs": {},
            }
        },
        timeout=30,
    ).json()["result"][0]
    chrome = Chrome()
    try:
        chrome.call(
            "Emulation.setDeviceMetricsOverride",
            width=WIDTH,
            height=HEIGHT,
            deviceScaleFactor=1,
            mobile=False,
        )
        chrome.call(
            "Network.setCookie",
            name="session_id",
            value=cookie,
            domain=urlparse(base).hostname,
            path="/",
        )
        chrome.shoot(
            f"{base}/odoo/ecommerce-dashboard",
            ".o_ecommerce_dashboard .o_kanban_record",
            os.path.join(DOCS, "dashboard.png"),
        )
        chrome.shoot(
            f"{base}/odoo/ecommerce-dashboard/{account_id}",
            ".o_form_view .o_notebook",
            os.path.join(DOCS, "account.png"),
            then="[...document.querySelectorAll('.o_notebook .nav-link')]"
            ".find((tab) => tab.textContent.trim() === 'Health').click()",
        )
        chrome.shoot(
            f"{base}/odoo/action-ecommerce_base.ecommerce_error_log_action",
            ".o_list_view .o_group_header",
            os.path.join(DOCS, "errors.png"),
            then="document.querySelector('.o_list_view .o_group_header').click()",
        )
        chrome.shoot(
            f"{base}/odoo/action-ecommerce_base.ecommerce_sale_order_action",
            ".o_graph_renderer canvas",
            os.path.join(DOCS, "orders.png"),
        )
    finally:
        chrome.close()


if __name__ == "__main__":
    main(*sys.argv[1:])
