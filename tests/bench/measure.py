"""Measuring helpers: wall time, SQL queries, resident memory."""

import os
import threading
import time
from contextlib import contextmanager

from odoo import sql_db


def rss_mb():
    """Current resident set size of this process, in MB."""
    with open("/proc/self/statm", encoding="ascii") as statm:
        pages = int(statm.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 1024 / 1024


class Meter:
    """Wall time and SQL queries (every cursor of the process) of blocks of
    work, added up over several rounds."""

    def __init__(self):
        self.seconds = 0.0
        self.queries = 0
        self.count = 0

    @contextmanager
    def measure(self, count):
        queries, started = sql_db.sql_counter, time.perf_counter()
        try:
            yield
        finally:
            self.seconds += time.perf_counter() - started
            self.queries += sql_db.sql_counter - queries
            self.count += count

    @property
    def rate(self):
        return self.count / self.seconds if self.seconds else 0.0

    @property
    def per_item_ms(self):
        return 1000 * self.seconds / self.count if self.count else 0.0

    @property
    def queries_per_item(self):
        return self.queries / self.count if self.count else 0.0


class RssSampler:
    """Samples this process's RSS every ``interval`` seconds in a thread, with
    an optional progress callback read at each sample."""

    def __init__(self, interval=0.5, progress=None):
        self.interval = interval
        self.progress = progress
        self.samples = []  # (seconds since start, rss MB, progress)
        self._stop = threading.Event()
        self._thread = None
        self._started = None

    def _sample(self):
        progress = None
        if self.progress:
            try:
                progress = self.progress()
            except Exception:  # a sampler must never break the measured work
                progress = None
        self.samples.append((time.perf_counter() - self._started, rss_mb(), progress))

    def _run(self):
        while not self._stop.wait(self.interval):
            self._sample()

    def __enter__(self):
        self._started = time.perf_counter()
        self._sample()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self._sample()

    @property
    def baseline(self):
        return self.samples[0][1]

    @property
    def peak(self):
        return max(rss for _t, rss, _p in self.samples)

    def rss_at_progress(self, done):
        """RSS of the first sample at or past ``done`` items (else the last)."""
        for _t, rss, progress in self.samples:
            if progress is not None and progress >= done:
                return rss
        return self.samples[-1][1]

    def time_at_progress(self, done):
        for moment, _rss, progress in self.samples:
            if progress is not None and progress >= done:
                return moment, progress
        return None
