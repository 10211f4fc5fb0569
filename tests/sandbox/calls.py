"""The call log: every request a sandbox answered, for assertions on API usage."""

import threading
from collections import Counter


class CallLog:
    """Thread-safe list of call records.

    Each record is a dict with ``method``, ``path``, ``query`` (first value of
    each parameter), ``route`` (``"GET /api/orders/<order_id>"``, or
    ``"GET /raw/path"`` when nothing matched), ``status``, ``time`` (epoch
    seconds), ``duration`` (seconds), ``fault`` (``"429"``, ``"5xx"``,
    ``"down"``, ``"slow"`` or None) and ``internal`` (True for
    ``/_sandbox/*``). Internal calls are left out of the accessors unless
    asked for, so counts reflect what a connector did.
    """

    def __init__(self):
        self._lock = threading.Lock()
        self._calls = []

    def record(self, call):
        with self._lock:
            self._calls.append(dict(call))

    def clear(self):
        with self._lock:
            self._calls.clear()

    def __len__(self):
        with self._lock:
            return len(self._calls)

    def calls(self, include_internal=False, prefix=None):
        """Copies of the records, oldest first, optionally under a path prefix."""
        with self._lock:
            records = list(self._calls)
        return [
            dict(call)
            for call in records
            if (include_internal or not call["internal"])
            and (prefix is None or call["path"].startswith(prefix))
        ]

    def counts(self, include_internal=False, prefix=None):
        """``{route: number of calls}``."""
        calls = self.calls(include_internal, prefix)
        return dict(Counter(call["route"] for call in calls))

    def count(
        self, route=None, method=None, prefix=None, status=None, include_internal=False
    ):
        """How many calls match every given filter.

        :param str route: exact route key, e.g. ``"GET /api/orders"``
        :param str method: HTTP method
        :param str prefix: path prefix, e.g. ``"/api/"``
        :param int status: answered status
        :param bool include_internal: count ``/_sandbox/*`` calls too
        """
        return sum(
            1
            for call in self.calls(include_internal, prefix)
            if (route is None or call["route"] == route)
            and (method is None or call["method"] == method)
            and (status is None or call["status"] == status)
        )
