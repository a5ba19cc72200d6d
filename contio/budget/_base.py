"""What every budget shares: its limits, the answer to a draw, and whose work a draw is for.

Contio's WAF allows 100 OAuth requests per rolling 5 minutes per client address, counting
the ones it blocks. A budget keeps the requests of every process behind one address a little
under that (`headroom`), keeps the last `reserve` requests of each window for calls a user
waits on, and stops everyone while a 429's `Retry-After` lasts.
"""

from __future__ import annotations

import bisect
import contextlib
import contextvars
import hashlib
from collections.abc import Iterator
from typing import Literal, TypedDict

from contio._checks import check_number

__all__ = [
    "BACKGROUND",
    "USER",
    "Answer",
    "LimitSettings",
    "Limits",
    "Priority",
    "background",
    "priority",
]

Priority = Literal["user", "background"]
#: A user waits on the answer: a code exchange at the callback, a refresh a call waits on.
USER: Priority = "user"
#: Nobody waits: an early refresh, a nightly sync, a cache fill.
BACKGROUND: Priority = "background"

_priority: contextvars.ContextVar[Priority] = contextvars.ContextVar(
    "contio_budget_priority", default=USER
)


@contextlib.contextmanager
def background() -> Iterator[None]:
    """Mark the OAuth requests made inside as work nobody waits for (in this thread or
    task, and the tasks it starts): they use only what the budget keeps free for users and
    never wait for it.

    ```python
    with contio.budget.background():
        client.refresh_access_token()
    ```
    """
    token = _priority.set(BACKGROUND)
    try:
        yield
    finally:
        _priority.reset(token)


def priority() -> Priority:
    """Whose work the OAuth requests made here are for (`USER` unless inside `background()`)."""
    return _priority.get()


#: Why a draw was not granted.
SPENT = "spent"
PAUSED = "paused"
REFUSED = "refused"


class Answer:
    """A draw's outcome: granted, or the seconds until one could be and why not now
    (`spent`: the window is full for this priority; `paused`: a 429's Retry-After lasts;
    `refused`: the client's credentials were refused a moment ago)."""

    __slots__ = ("granted", "reason", "wait")

    def __init__(self, granted: bool, wait: float = 0.0, reason: str = "") -> None:
        self.granted = granted
        self.wait = max(0.0, wait)
        self.reason = reason

    def __repr__(self) -> str:
        if self.granted:
            return "Answer(granted)"
        return f"Answer({self.reason}, wait={self.wait:.3f})"


GRANTED = Answer(True)


class LimitSettings(TypedDict, total=False):
    """The settings every budget takes, as keywords (see `contio.budget` for each)."""

    limit: int
    window: float
    headroom: int | None
    reserve: int | None
    wait: float
    background_wait: float
    refused_hold: float


class Limits:
    """A budget's numbers, checked once (ValueError naming the parameter)."""

    __slots__ = (
        "background_wait",
        "headroom",
        "limit",
        "refused_hold",
        "reserve",
        "wait",
        "window",
    )

    def __init__(
        self,
        limit: object = 100,
        window: object = 300.0,
        headroom: object = None,
        reserve: object = None,
        wait: object = 15.0,
        background_wait: object = 0.0,
        refused_hold: object = 60.0,
    ) -> None:
        self.limit = int(check_number(limit, "limit", minimum=1, maximum=10**6, integer=True))
        self.window = check_number(window, "window", minimum=0.001, maximum=86_400)
        if headroom is None:  # a twentieth: 5 of Contio's 100
            headroom = self.limit // 20
        self.headroom = int(
            check_number(headroom, "headroom", minimum=0, maximum=self.limit - 1, integer=True)
        )
        usable = self.limit - self.headroom
        if reserve is None:  # a fifth of the rest: 19 of Contio's 95
            reserve = usable // 5
        self.reserve = int(
            check_number(reserve, "reserve", minimum=0, maximum=usable - 1, integer=True)
        )
        self.wait = check_number(wait, "wait", minimum=0, maximum=3600)
        self.background_wait = check_number(
            background_wait, "background_wait", minimum=0, maximum=3600
        )
        self.refused_hold = check_number(refused_hold, "refused_hold", minimum=0, maximum=3600)

    def cap(self, priority: Priority) -> int:
        """How many requests of the window a draw of `priority` may find spent and still go."""
        usable = self.limit - self.headroom
        return usable if priority == USER else usable - self.reserve

    def longest_wait(self, priority: Priority) -> float:
        return self.wait if priority == USER else self.background_wait

    def __repr__(self) -> str:
        return (
            f"limit={self.limit}, window={self.window:g}, headroom={self.headroom}, "
            f"reserve={self.reserve}"
        )


class Window:
    """What a budget decides on: the requests sent in the window (their times, oldest first),
    the pause, the refused credentials. The memory budget keeps one; the database budget
    reads one from its row and writes it back, in one transaction."""

    __slots__ = ("paused_until", "refused", "sent")

    def __init__(
        self,
        sent: list[float] | None = None,
        paused_until: float = 0.0,
        refused: dict[str, float] | None = None,
    ) -> None:
        self.sent = sent if sent is not None else []
        self.paused_until = paused_until
        self.refused = refused if refused is not None else {}

    def take(self, limits: Limits, whose: Priority, credential: str, now: float) -> Answer:
        """Draw one request at `now`, or say how long until one could be drawn and why not."""
        self._bound(limits, now)
        refused_until = self.refused.get(credential)
        if refused_until is not None and refused_until > now:
            return Answer(False, refused_until - now, REFUSED)
        if self.paused_until > now:
            return Answer(False, self.paused_until - now, PAUSED)
        sent = self.sent
        del sent[: bisect.bisect_right(sent, now - limits.window)]
        cap = limits.cap(whose)
        if len(sent) < cap:
            sent.append(now)
            return GRANTED
        # One goes once no more than cap - 1 of these are left in the window.
        return Answer(False, sent[len(sent) - cap] + limits.window - now, SPENT)

    def _bound(self, limits: Limits, now: float) -> None:
        """After the clock went back (a database budget reads the processes' clocks), nothing
        lasts past what it could have from now: a request sent "later" counts as sent now."""
        sent = self.sent
        if sent and sent[-1] > now:
            self.sent = sent = [min(t, now) for t in sent]
        self.paused_until = min(self.paused_until, now + limits.window)
        if self.refused and max(self.refused.values()) > now + limits.refused_hold:
            hold = now + limits.refused_hold
            self.refused = {k: min(v, hold) for k, v in self.refused.items()}

    def pause(self, now: float, seconds: float) -> None:
        self.paused_until = max(self.paused_until, now + seconds)

    def refuse(self, credential: str, now: float, seconds: float) -> None:
        if len(self.refused) >= _REFUSED_SWEEP:
            self.refused = {k: v for k, v in self.refused.items() if v > now}
        self.refused[credential] = now + seconds


#: Past this many refused credentials remembered, the ones whose hold ended are forgotten.
_REFUSED_SWEEP = 1_000


def credential_id(basic_credential: str) -> str:
    """What a budget remembers of refused credentials: 16 bits of their hash, enough to tell
    a rotated secret from the old one, too few to check a guessed secret against (a Redis
    backup shows it)."""
    return hashlib.sha256(basic_credential.encode()).hexdigest()[:4]
