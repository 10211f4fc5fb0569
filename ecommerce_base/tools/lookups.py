# Copyright 2026 The E-commerce Connector Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Reference data (currencies, countries, states, taxes, pricelists) looked up
once per import run instead of once per order.

The remembered ids live on the cursor for the duration of the run only, so a
run never sees another run's (or another test's) records.
"""

from contextlib import contextmanager

CACHE_KEY = "ecommerce_lookups"


@contextmanager
def lookups_cached(env):
    """Within the block, :func:`cached_lookup` remembers what it found."""
    cache = env.cr.cache
    if CACHE_KEY in cache:  # an enclosing run already caches
        yield
        return
    cache[CACHE_KEY] = {}
    try:
        yield
    finally:
        cache.pop(CACHE_KEY, None)


def cached_lookup(env, key, find):
    """The records ``find()`` returns for ``key``, found once per run (every
    time outside :func:`lookups_cached`); browsed in ``env``."""
    cache = env.cr.cache.get(CACHE_KEY)
    if cache is None:
        return find()
    if key not in cache:
        found = find()
        cache[key] = (found._name, tuple(found.ids))
    model, ids = cache[key]
    return env[model].browse(ids)
