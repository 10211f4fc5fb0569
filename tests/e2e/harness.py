"""Run a real Odoo server (prefork workers + queue_job runner) on a database
of its own, and read what it did through SQL and XML-RPC.

Used by the end-to-end suite (see ``README.md`` here). Settings come from the
environment so ``.ci/test`` and a developer can point it elsewhere:

- ``ODOO_RC``: the Odoo configuration to start from (addons path, db user);
- ``ECOMMERCE_E2E_DB`` (``ecommerce_e2e``): database, dropped and re-created
  unless ``ECOMMERCE_E2E_REUSE_DB=1`` and it already holds the addons; it is
  copied from ``ECOMMERCE_E2E_TEMPLATE_DB`` when set (no session may be
  connected to that one), else created by installing the test platform;
- ``ECOMMERCE_E2E_HTTP_PORT`` (8269), ``ECOMMERCE_E2E_GEVENT_PORT`` (8272);
- ``ECOMMERCE_E2E_PYTHON``: interpreter running Odoo (this one by default).
"""

import configparser
import os
import signal
import subprocess
import sys
import tempfile
import time
import xmlrpc.client
from contextlib import closing

import psycopg2

HERE = os.path.dirname(os.path.abspath(__file__))
REPO_ROOT = os.path.dirname(os.path.dirname(HERE))
ADDONS = "test_ecommerce_base"
FINAL_JOB_STATES = ("done", "failed", "cancelled")


def _env(name, default):
    return os.environ.get(name) or default


class OdooServer:
    """One Odoo server process for the end-to-end suite.

    :param str log_path: where the server's output goes
    """

    def __init__(self, log_path):
        self.db = _env("ECOMMERCE_E2E_DB", "ecommerce_e2e")
        self.http_port = int(_env("ECOMMERCE_E2E_HTTP_PORT", "8269"))
        self.gevent_port = int(_env("ECOMMERCE_E2E_GEVENT_PORT", "8272"))
        self.python = _env("ECOMMERCE_E2E_PYTHON", sys.executable)
        self.log_path = log_path
        self.url = f"http://127.0.0.1:{self.http_port}"
        self.process = None
        self.workdir = tempfile.mkdtemp(prefix="ecommerce-e2e-")
        self.config_path = self._write_config()
        self._log = None
        self.db_user = None

    # === CONFIGURATION AND DATABASE === #

    def _write_config(self):
        """A copy of ``ODOO_RC`` with what the suite needs: four prefork
        workers, the queue_job runner on two channels, no cron thread (the
        tests trigger crons), the repository's addons."""
        base = os.environ.get("ODOO_RC") or os.environ.get("ODOO_CONFIG")
        parser = configparser.ConfigParser(interpolation=None)
        if base and os.path.exists(base):
            parser.read(base)
        if not parser.has_section("options"):
            parser.add_section("options")
        options = parser["options"]
        if not options.get("addons_path"):
            options["addons_path"] = ",".join(
                [REPO_ROOT, os.path.join(REPO_ROOT, "tests", "addons")]
            )
        options.update(
            {
                "server_wide_modules": "base,rpc,web,queue_job",
                "http_interface": "127.0.0.1",
                "http_port": str(self.http_port),
                "gevent_port": str(self.gevent_port),
                # jobs run inside HTTP workers: 2 for the runner (root:2),
                # 2 more so webhooks and RPC calls are answered meanwhile
                "workers": "4",
                "max_cron_threads": "0",
                "limit_time_real": "600",
                "limit_time_cpu": "600",
                "limit_request": "100000",
                "without_demo": "True",
                "list_db": "False",
                "dbfilter": f"^{self.db}$",
                "data_dir": os.path.join(self.workdir, "data"),
                "log_level": "info",
            }
        )
        self.db_user = options.get("db_user") or None
        if not parser.has_section("queue_job"):
            parser.add_section("queue_job")
        parser["queue_job"]["channels"] = "root:2"
        path = os.path.join(self.workdir, "odoo.conf")
        with open(path, "w") as handle:
            parser.write(handle)
        return path

    def _odoo(self, *args, command=(), **kwargs):
        env = dict(os.environ)
        # .ci/test turns the runner off for pytest-odoo; this server needs it
        env["ODOO_QUEUE_JOB_CHANNELS"] = "root:2"
        cmd = [*self._odoo_bin(), *command, "-c", self.config_path]
        return subprocess.Popen(
            [*cmd, "-d", self.db, *args],
            env=env,
            cwd=self.workdir,
            start_new_session=True,
            **kwargs,
        )

    def _odoo_bin(self):
        """How to start Odoo: its ``odoo-bin`` script when there is one (the
        prefork server re-runs ``sys.argv[0]`` for its long-polling process,
        which ``python -m odoo`` cannot be), else ``python -m odoo``."""
        import odoo.release  # noqa: PLC0415 (only where Odoo is importable)

        source = os.path.dirname(
            os.path.dirname(os.path.abspath(odoo.release.__file__))
        )
        script = os.path.join(source, "odoo-bin")
        if os.path.exists(script):
            return [self.python, script]
        return [self.python, "-m", "odoo"]

    def connect(self, dbname=None):
        """A psycopg2 connection (autocommit) to the suite's database."""
        conn = psycopg2.connect(dbname=dbname or self.db, user=self.db_user)
        conn.autocommit = True
        return conn

    def _has_addons(self):
        try:
            with closing(self.connect()) as conn, conn.cursor() as cr:
                cr.execute(
                    "SELECT 1 FROM ir_module_module WHERE name = %s "
                    "AND state = 'installed'",
                    (ADDONS,),
                )
                return bool(cr.fetchone())
        except psycopg2.Error:
            return False

    def prepare_database(self, setup_script):
        """Create the database with the test platform installed (skipped when
        reusing one) and run ``setup_script`` in an Odoo shell on it."""
        reuse = os.environ.get("ECOMMERCE_E2E_REUSE_DB") == "1" and self._has_addons()
        template = os.environ.get("ECOMMERCE_E2E_TEMPLATE_DB")
        os.makedirs(os.path.dirname(self.log_path), exist_ok=True)
        with open(self.log_path, "ab") as log:
            if not reuse:
                with closing(self.connect("postgres")) as conn, conn.cursor() as cr:
                    cr.execute(f'DROP DATABASE IF EXISTS "{self.db}"')
                    if template:
                        # a copy of a database with the addons: seconds, not minutes
                        cr.execute(f'CREATE DATABASE "{self.db}" TEMPLATE "{template}"')
            if not reuse and not template:
                install = self._odoo(
                    "-i",
                    ADDONS,
                    "--stop-after-init",
                    "--no-http",
                    stdout=log,
                    stderr=log,
                )
                if install.wait(timeout=900):
                    raise RuntimeError(f"Installing {ADDONS} failed: {self.log_path}")
            shell = self._odoo(
                "--no-http",
                command=("shell",),
                stdin=subprocess.PIPE,
                stdout=log,
                stderr=log,
            )
            shell.communicate(setup_script.encode(), timeout=300)
            if shell.returncode:
                raise RuntimeError(f"Setting up {self.db} failed: {self.log_path}")

    # === PROCESS === #

    def start(self):
        """Start the server and wait until it answers."""
        self._log = open(self.log_path, "ab")  # noqa: SIM115 (closed in stop)
        self.process = self._odoo(stdout=self._log, stderr=self._log)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"Odoo stopped at start: {self.log_path}")
            try:
                self.common().version()
                return self
            except OSError:
                time.sleep(0.5)
        raise RuntimeError(f"Odoo did not answer in 120 s: {self.log_path}")

    def stop(self):
        """Stop the server (SIGINT, then SIGKILL of its process group)."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGINT)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        self.process = None
        if self._log:
            self._log.close()
            self._log = None

    def kill_all(self):
        """SIGKILL the server and all its processes at once (a crash)."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)
        self.process = None
        if self._log:
            self._log.close()
            self._log = None

    def kill_worker_running(self, job_uuid):
        """SIGKILL the worker process that runs a started job.

        :return: the pid killed
        """
        with closing(self.connect()) as conn, conn.cursor() as cr:
            cr.execute("SELECT worker_pid FROM queue_job WHERE uuid = %s", (job_uuid,))
            (pid,) = cr.fetchone()
        if not pid or pid == self.process.pid:
            raise RuntimeError(f"Job {job_uuid} runs in no worker process ({pid})")
        os.kill(pid, signal.SIGKILL)
        return pid

    # === RPC === #

    def common(self):
        return xmlrpc.client.ServerProxy(f"{self.url}/xmlrpc/2/common")

    def call(self, model, method, *args, **kwargs):
        """``execute_kw`` as admin."""
        proxy = xmlrpc.client.ServerProxy(
            f"{self.url}/xmlrpc/2/object", allow_none=True
        )
        return proxy.execute_kw(self.db, 2, "admin", model, method, list(args), kwargs)

    def trigger_cron(self, xmlid):
        """Run a scheduled action now, as the scheduler would."""
        module, name = xmlid.split(".")
        [cron_id] = self.call(
            "ir.model.data",
            "search_read",
            [("module", "=", module), ("name", "=", name)],
            fields=["res_id"],
        )
        self.call("ir.cron", "method_direct_trigger", [cron_id["res_id"]])

    # === SQL === #

    def sql(self, query, params=()):
        with closing(self.connect()) as conn, conn.cursor() as cr:
            cr.execute(query, params)
            return cr.fetchall() if cr.description else []

    def pending_jobs(self):
        return self.sql(
            "SELECT count(*) FROM queue_job WHERE state NOT IN %s",
            (FINAL_JOB_STATES,),
        )[0][0]

    def wait_jobs_done(self, timeout, poke=None):
        """Wait until no job waits or runs (twice in a row, 1 s apart).

        :param poke: called every few seconds while waiting (e.g. a cron)
        :return: seconds waited
        """
        started = last_poke = time.monotonic()
        quiet = 0
        while time.monotonic() - started < timeout:
            if self.process is not None and self.process.poll() is not None:
                raise RuntimeError(f"Odoo stopped: {self.log_path}")
            quiet = quiet + 1 if not self.pending_jobs() else 0
            if quiet >= 2:
                return time.monotonic() - started
            if poke and time.monotonic() - last_poke > 5:
                poke()
                last_poke = time.monotonic()
            time.sleep(1)
        raise TimeoutError(
            f"{self.pending_jobs()} job(s) still waiting after {timeout} s"
        )
