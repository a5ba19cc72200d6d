"""The budget of one process: the requests it sent in the window, in memory."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Unpack

from contio.budget._base import Answer, Limits, LimitSettings, Priority, Window

__all__ = ["MemoryBudget"]


class MemoryBudget:
    """An OAuth request budget for the clients of one process (threads and event loops
    alike). Processes that share an egress address share Contio's limit: give them a
    `RedisBudget` instead, or divide `limit` between them."""

    def __init__(
        self,
        *,
        clock: Callable[[], float] = time.monotonic,
        **settings: Unpack[LimitSettings],
    ) -> None:
        """A budget of `limit` requests per rolling `window` seconds, kept `headroom` under
        it; see `contio.budget` for each setting."""
        self.limits = Limits(**settings)
        self._clock = clock
        self._lock = threading.Lock()
        self._window = Window()

    def __repr__(self) -> str:
        return f"MemoryBudget({self.limits!r})"

    def take(self, priority: Priority, credential: str) -> Answer:
        """Draw one request now, or say how long until one could be drawn and why not."""
        with self._lock:
            return self._window.take(self.limits, priority, credential, self._clock())

    def pause(self, seconds: float) -> None:
        """Stop every draw for `seconds` (a 429's Retry-After)."""
        with self._lock:
            self._window.pause(self._clock(), seconds)

    def refuse(self, credential: str, seconds: float) -> None:
        """Refuse the draws of `credential` for `seconds` (the server said invalid_client)."""
        with self._lock:
            self._window.refuse(credential, self._clock(), seconds)

    async def atake(self, priority: Priority, credential: str) -> Answer:
        return self.take(priority, credential)

    async def apause(self, seconds: float) -> None:
        self.pause(seconds)

    async def arefuse(self, credential: str, seconds: float) -> None:
        self.refuse(credential, seconds)
