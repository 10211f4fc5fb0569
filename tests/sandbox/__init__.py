"""Platform sandboxes: small stateful HTTP servers speaking each sales
platform's wire format, for the tests, the benchmarks and the demo.

Import with ``tests/`` on ``sys.path``::

    from sandbox.testshop import TestshopSandbox, make_order

The framework lives in :mod:`.core`; each platform in a module of its own
(:mod:`.testshop`...) registered with :func:`.registry.register`.
"""

from .core import HttpError, Request, Response, SandboxServer, json_response, route
from .registry import get_platform, register

__all__ = [
    "HttpError",
    "Request",
    "Response",
    "SandboxServer",
    "get_platform",
    "json_response",
    "register",
    "route",
]
