"""What every client's sender needs, checked once: the time limits, the read cap, the headers
sent with every request, and the credential the client authenticates with (the OAuth client's
secret, the admin client's API key); and what an operation's endpoint is."""

from __future__ import annotations

import abc
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import httpx2

from contio._checks import check_number
from contio._version import __version__

if TYPE_CHECKING:
    from contio._core.credential import Credential
    from contio._core.steps import Received

__all__ = ["DEFAULT_MAX_RESPONSE_BYTES", "Connection", "Endpoint"]

DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024
USER_AGENT = f"contio-python/{__version__} httpx2/{httpx2.__version__}"
MAX_RETRIES = 10
MAX_TIMEOUT = 600.0


class Endpoint:
    """One operation: its operationId, the origin it is sent to (and a path that replaces
    the generated client's, for the token URL), and whether it is safe to repeat after a
    failure that may have reached the server."""

    __slots__ = ("budgeted", "idempotent", "name", "origin", "path")

    def __init__(
        self,
        name: str,
        origin: str,
        idempotent: bool,
        path: str | None = None,
        *,
        budgeted: bool = True,
    ) -> None:
        self.name = name  # the operationId, for logs and errors
        self.origin = origin
        self.path = path
        self.idempotent = idempotent
        #: Whether Contio's OAuth rate limit counts it (`/oauth2/*`, `/auth/*`; not
        #: `/.well-known/*`): it is drawn from the budget.
        self.budgeted = budgeted


def _utc_now() -> datetime:
    return datetime.now(UTC)


def _timeout(value: object) -> tuple[float, dict[str, float | None]]:
    """The deadline of one attempt, and the per-phase limits handed to httpx2."""
    if isinstance(value, httpx2.Timeout):
        phases = value.as_dict()
        finite = [v for v in phases.values() if v is not None]
        if not finite:
            raise ValueError("timeout must set at least one limit")
        for phase, limit in phases.items():
            if limit is not None:
                check_number(limit, f"timeout.{phase}", minimum=0.001, maximum=MAX_TIMEOUT)
        return max(finite), phases
    seconds = check_number(value, "timeout", minimum=0.001, maximum=MAX_TIMEOUT)
    return seconds, {"connect": seconds, "read": seconds, "write": seconds, "pool": seconds}


class Connection(abc.ABC):
    """The transport settings of one client. Raises TypeError or ValueError naming the
    parameter, at construction."""

    #: The OAuth request budget (`contio.budget`); the admin paths are not drawn from one.
    budget: Any = None
    #: The credential `authenticate` sends, read again once when the server refuses it.
    credential: Credential[Any]

    def __init__(
        self, *, timeout: object, max_retries: object, clock: object, max_response_bytes: object
    ) -> None:
        self.deadline, self.timeouts = _timeout(timeout)
        self.max_retries = int(
            check_number(max_retries, "max_retries", minimum=0, maximum=MAX_RETRIES, integer=True)
        )
        if clock is not None and not callable(clock):
            raise TypeError(f"clock must be a callable, not {type(clock).__name__}")
        self._clock: Callable[[], datetime] = clock if clock is not None else _utc_now
        self.max_response_bytes = int(
            check_number(
                max_response_bytes,
                "max_response_bytes",
                minimum=1024,
                maximum=1024**3,
                integer=True,
            )
        )
        self.headers = {
            "User-Agent": USER_AGENT,
            "Accept": "application/json",
            # Compressed answers would make the read cap count what was decoded only after
            # the whole chunk was inflated.
            "Accept-Encoding": "identity",
        }

    def now(self) -> datetime:
        """The injected clock's time (aware)."""
        now = self._clock()
        if not isinstance(now, datetime) or now.tzinfo is None:
            raise TypeError("clock() must return a timezone-aware datetime")
        return now

    @abc.abstractmethod
    def authenticate(self, endpoint: Endpoint) -> tuple[dict[str, str], dict[str, str]]:
        """The headers and form fields that authenticate a call to `endpoint`."""

    @abc.abstractmethod
    def refused(self, received: Received) -> bool:
        """Whether the answer refuses the credential (then it is read again, once)."""

    def secrets(self) -> tuple[str, ...]:
        """What of the configuration must never appear in a message."""
        return ()
