"""Fault injection: rate limits, server errors, slowness and outages on demand."""

import random
import threading
from dataclasses import asdict, dataclass, fields


@dataclass
class FaultSettings:
    """The knobs, all off by default.

    :ivar rate_429: fraction (0..1) of requests answered 429 + Retry-After
    :ivar retry_after: seconds announced in Retry-After on those 429s
    :ivar rate_5xx: fraction of requests answered 503
    :ivar slow_rate: fraction of requests delayed by ``slow_seconds``
    :ivar slow_seconds: delay applied to slow requests
    :ivar down: answer 503 to every request
    :ivar seed: seed of the random draws (None: not reproducible)
    :ivar only_paths: path prefixes the faults apply to (None: every path)
    """

    rate_429: float = 0.0
    retry_after: float = 1
    rate_5xx: float = 0.0
    slow_rate: float = 0.0
    slow_seconds: float = 0.0
    down: bool = False
    seed: int | None = None
    only_paths: list | None = None

    @classmethod
    def from_dict(cls, knobs):
        """Validated settings from a dict; ValueError on unknown or bad knobs."""
        known = {field.name for field in fields(cls)}
        unknown = sorted(set(knobs) - known)
        if unknown:
            raise ValueError(f"Unknown fault knob(s): {', '.join(unknown)}")
        settings = cls(**knobs)
        settings.validate()
        return settings

    def validate(self):
        for name in ("rate_429", "rate_5xx", "slow_rate"):
            value = getattr(self, name)
            if not _is_number(value) or not 0 <= value <= 1:
                raise ValueError(f"{name} must be a number between 0 and 1")
        for name in ("retry_after", "slow_seconds"):
            value = getattr(self, name)
            if not _is_number(value) or value < 0:
                raise ValueError(f"{name} must be a number >= 0")
        if not isinstance(self.down, bool):
            raise ValueError("down must be true or false")
        if self.seed is not None and (
            isinstance(self.seed, bool) or not isinstance(self.seed, int)
        ):
            raise ValueError("seed must be an integer or null")
        if isinstance(self.only_paths, str):
            self.only_paths = [self.only_paths]
        if self.only_paths is not None and not all(
            isinstance(prefix, str) for prefix in self.only_paths
        ):
            raise ValueError("only_paths must be a list of path prefixes")

    def to_dict(self):
        return asdict(self)


def _is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


@dataclass
class FaultDecision:
    """What to do with one request: ``kind`` is None, "429", "5xx" or "down"."""

    kind: str | None = None
    delay: float = 0.0
    retry_after: float = 0


class Faults:
    """Current settings plus the random generator drawing against them.

    Every request that faults may apply to draws exactly three numbers
    (slow, 429, 5xx), so with a fixed ``seed`` the same sequence of requests
    meets the same faults.
    """

    def __init__(self):
        self._lock = threading.Lock()
        self._settings = FaultSettings()
        self._random = random.Random()

    @property
    def settings(self):
        with self._lock:
            return FaultSettings(**self._settings.to_dict())

    def set(self, **knobs):
        """Replace every knob: those not given go back to their default."""
        settings = FaultSettings.from_dict(knobs)
        with self._lock:
            self._settings = settings
            self._random = random.Random(settings.seed)
        return settings

    def clear(self):
        self.set()

    def applies_to(self, path, settings=None):
        settings = settings or self._settings
        if settings.only_paths is None:
            return True
        return any(path.startswith(prefix) for prefix in settings.only_paths)

    def decide(self, path):
        """The :class:`FaultDecision` for one request to ``path``."""
        with self._lock:
            settings = self._settings
            if not self.applies_to(path, settings):
                return FaultDecision()
            if settings.down:
                return FaultDecision("down")
            draws = [self._random.random() for _ in range(3)]
        delay = settings.slow_seconds if draws[0] < settings.slow_rate else 0.0
        if draws[1] < settings.rate_429:
            return FaultDecision("429", delay, settings.retry_after)
        if draws[2] < settings.rate_5xx:
            return FaultDecision("5xx", delay)
        return FaultDecision(None, delay)
