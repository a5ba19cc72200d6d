"""The budget of one process: the requests it sent in the window, in memory."""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable

from contio.budget._base import GRANTED, PAUSED, REFUSED, SPENT, Answer, Limits, Priority

__all__ = ["MemoryBudget"]

#: Past this many refused credentials remembered, the ones whose hold ended are forgotten.
_SWEEP_AT = 1_000


class MemoryBudget:
    """An OAuth request budget for the clients of one process (threads and event loops
    alike). Processes that share an egress address share Contio's limit: give them a
    `RedisBudget` instead, or divide `limit` between them."""

    def __init__(
        self,
        *,
        limit: int = 100,
        window: float = 300.0,
        headroom: int | None = None,
        reserve: int | None = None,
        wait: float = 15.0,
        background_wait: float = 0.0,
        refused_hold: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """A budget of `limit` requests per rolling `window` seconds, kept `headroom` under
        it; see `contio.budget` for each setting."""
        self.limits = Limits(limit, window, headroom, reserve, wait, background_wait, refused_hold)
        self._clock = clock
        self._lock = threading.Lock()
        self._sent: deque[float] = deque()
        self._paused_until = 0.0
        self._refused: dict[str, float] = {}

    def __repr__(self) -> str:
        return f"MemoryBudget({self.limits!r})"

    def take(self, priority: Priority, credential: str) -> Answer:
        """Draw one request now, or say how long until one could be drawn and why not."""
        limits = self.limits
        with self._lock:
            now = self._clock()
            refused_until = self._refused.get(credential, 0.0)
            if refused_until > now:
                return Answer(False, refused_until - now, REFUSED)
            if self._paused_until > now:
                return Answer(False, self._paused_until - now, PAUSED)
            sent = self._sent
            while sent and sent[0] <= now - limits.window:
                sent.popleft()
            cap = limits.cap(priority)
            if len(sent) < cap:
                sent.append(now)
                return GRANTED
            # One goes once no more than cap - 1 of these are left in the window.
            return Answer(False, sent[len(sent) - cap] + limits.window - now, SPENT)

    def pause(self, seconds: float) -> None:
        """Stop every draw for `seconds` (a 429's Retry-After)."""
        with self._lock:
            self._paused_until = max(self._paused_until, self._clock() + seconds)

    def refuse(self, credential: str, seconds: float) -> None:
        """Refuse the draws of `credential` for `seconds` (the server said invalid_client)."""
        with self._lock:
            now = self._clock()
            if len(self._refused) >= _SWEEP_AT:
                self._refused = {k: v for k, v in self._refused.items() if v > now}
            self._refused[credential] = now + seconds

    async def atake(self, priority: Priority, credential: str) -> Answer:
        return self.take(priority, credential)

    async def apause(self, seconds: float) -> None:
        self.pause(seconds)

    async def arefuse(self, credential: str, seconds: float) -> None:
        self.refuse(credential, seconds)
