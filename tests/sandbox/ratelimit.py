"""A leaky-bucket request budget, the way several platforms meter their APIs."""

import math
import threading
import time


class LeakyBucket:
    """``size`` slots, drained at ``leak_rate`` slots per second.

    Each accepted request fills one slot; a request finding the bucket full
    is refused with the number of seconds until a slot frees up.
    """

    def __init__(self, size=40, leak_rate=2.0, clock=time.monotonic):
        if size < 1 or leak_rate <= 0:
            raise ValueError("size must be >= 1 and leak_rate > 0")
        self.size = size
        self.leak_rate = leak_rate
        self._clock = clock
        self._lock = threading.Lock()
        self._level = 0.0
        self._last = clock()

    def _drain(self):
        now = self._clock()
        self._level = max(0.0, self._level - (now - self._last) * self.leak_rate)
        self._last = now

    def acquire(self):
        """Take a slot: ``(accepted, retry_after_seconds)``."""
        with self._lock:
            self._drain()
            if self._level + 1 > self.size:
                wait = (self._level + 1 - self.size) / self.leak_rate
                return False, wait
            self._level += 1
            return True, 0.0

    def used(self):
        """Slots in use now, rounded up (what budget headers report)."""
        with self._lock:
            self._drain()
            return min(self.size, math.ceil(self._level - 1e-9))

    def reset(self):
        with self._lock:
            self._level = 0.0
            self._last = self._clock()
