"""Thread-safe in-memory store shared by the route handlers of a sandbox."""

import copy
import threading


class Store:
    """Named collections (``dict`` key -> document) behind one re-entrant lock.

    The single-call helpers (:meth:`get`, :meth:`put`, :meth:`values`...)
    lock and copy on their own, so callers never share a document with a
    concurrent request. For read-modify-write sequences hold the lock and
    work on the live dict::

        with store.lock:
            orders = store.collection("orders")
            order = orders[order_id]
            order["status"] = "cancelled"
    """

    def __init__(self):
        self.lock = threading.RLock()
        self._collections = {}

    def collection(self, name):
        """The live dict of collection ``name`` (created empty if missing).

        Only use it while holding :attr:`lock`.
        """
        with self.lock:
            return self._collections.setdefault(name, {})

    def get(self, name, key, default=None):
        """A deep copy of one document, or ``default``."""
        with self.lock:
            found = self._collections.get(name, {}).get(key, default)
            return copy.deepcopy(found)

    def put(self, name, key, document):
        """Store a deep copy of ``document`` under ``key``."""
        with self.lock:
            self.collection(name)[key] = copy.deepcopy(document)

    def delete(self, name, key):
        """Remove one document; True if it existed."""
        with self.lock:
            return self._collections.get(name, {}).pop(key, None) is not None

    def keys(self, name):
        with self.lock:
            return list(self._collections.get(name, {}))

    def values(self, name):
        """Deep copies of every document of a collection, in insertion order."""
        with self.lock:
            return copy.deepcopy(list(self._collections.get(name, {}).values()))

    def count(self, name):
        with self.lock:
            return len(self._collections.get(name, {}))

    def snapshot(self):
        """A deep copy of every collection (for debugging and tests)."""
        with self.lock:
            return copy.deepcopy(self._collections)

    def clear(self):
        """Drop every collection."""
        with self.lock:
            self._collections.clear()
