"""Registry of platform sandboxes, so the CLI can find them by name."""

import importlib
import pkgutil
import re

PLATFORMS = {}

_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
# Modules of the framework itself, never platform sandboxes.
_FRAMEWORK = {
    "calls",
    "client",
    "conftest",
    "core",
    "faults",
    "paging",
    "ratelimit",
    "registry",
    "routing",
    "store",
    "webhooks",
}


def register(name):
    """Class decorator: make a :class:`~.core.SandboxServer` subclass known
    under ``name`` (sets its ``platform`` attribute)."""
    if not _NAME.match(name):
        raise ValueError(f"Invalid platform name {name!r}")

    def decorate(cls):
        cls.platform = name
        PLATFORMS[name] = cls
        return cls

    return decorate


def get_platform(name):
    """The sandbox class of ``name``, importing module ``sandbox.<name>`` if
    it is not registered yet. KeyError if there is none."""
    if name not in PLATFORMS and _NAME.match(name) and name not in _FRAMEWORK:
        try:
            importlib.import_module(f".{name}", __package__)
        except ModuleNotFoundError as error:
            if error.name != f"{__package__}.{name}":
                raise
    return PLATFORMS[name]


def available():
    """Names of every platform sandbox of the package (imports them all)."""
    package = importlib.import_module(__package__)
    for module in pkgutil.iter_modules(package.__path__):
        if module.ispkg or module.name.startswith("_") or module.name in _FRAMEWORK:
            continue
        importlib.import_module(f".{module.name}", __package__)
    return sorted(PLATFORMS)
