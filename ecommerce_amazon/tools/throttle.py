# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Client-side token buckets, one per (database, account, operation).

SP-API meters each operation with a token bucket (``rate`` tokens per second,
``burst`` tokens at most). The adapter takes a token before each call and
waits when none is left, so it never runs into 429 in the first place.
Buckets live in this process: workers of another process keep their own,
and the 429 handling covers what they consume.
"""

import threading
import time


class TokenBucket:
    """``burst`` tokens, refilled at ``rate`` per second."""

    def __init__(self, rate, burst, clock=time.monotonic):
        if rate <= 0 or burst < 1:
            raise ValueError("rate must be > 0 and burst >= 1")
        self.rate = float(rate)
        self.burst = float(burst)
        self._clock = clock
        self._tokens = float(burst)
        self._last = clock()
        self._lock = threading.Lock()

    def _refill(self):
        now = self._clock()
        self._tokens = min(self.burst, self._tokens + (now - self._last) * self.rate)
        self._last = now

    def reserve(self, max_wait=None):
        """Take a token: the seconds to wait before using it (0 when one is
        free). When the wait would exceed ``max_wait`` nothing is taken and
        ``(False, wait)`` is returned; else ``(True, wait)``."""
        with self._lock:
            self._refill()
            wait = 0.0 if self._tokens >= 1 else (1 - self._tokens) / self.rate
            if max_wait is not None and wait > max_wait:
                return False, wait
            self._tokens -= 1
            return True, wait

    def set_rate(self, rate):
        """Adopt the rate the platform announced (``x-amzn-RateLimit-Limit``)."""
        if rate and rate > 0:
            with self._lock:
                self._refill()
                self.rate = float(rate)

    def empty(self):
        """Forget the tokens left: the platform said there are none (429)."""
        with self._lock:
            self._refill()
            self._tokens = min(self._tokens, 0.0)

    @property
    def tokens(self):
        with self._lock:
            self._refill()
            return self._tokens


_buckets = {}
_buckets_lock = threading.Lock()


def bucket(key, rate, burst):
    """The bucket of ``key`` (created with ``rate`` and ``burst``)."""
    with _buckets_lock:
        found = _buckets.get(key)
        if found is None:
            found = _buckets[key] = TokenBucket(rate, burst)
        return found


def forget(prefix):
    """Drop the buckets whose key starts with ``prefix`` (a tuple)."""
    with _buckets_lock:
        for key in [k for k in _buckets if k[: len(prefix)] == prefix]:
            del _buckets[key]
