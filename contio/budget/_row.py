"""What the database budgets share: the budget's methods over one row per address, read,
decided on (`Window`) and written back in one transaction; each database kind supplies only
how that transaction runs (`_run` blocking, `_arun` for asyncio)."""

from __future__ import annotations

import abc
import json
from collections.abc import Callable
from typing import Any, TypeVar

from contio.budget._base import Answer, Limits, Priority, Window
from contio.errors import BudgetUnavailableError

T = TypeVar("T")
#: The longest address (the row's key).
MAX_ADDRESS = 200
#: A new row's columns besides its address.
EMPTY: dict[str, Any] = {"sent": "[]", "paused_until": 0.0, "refused": "{}"}


def as_row(window: Window) -> dict[str, Any]:
    """The row's columns for `window` (besides its address)."""
    return {
        "sent": json.dumps(window.sent),
        "paused_until": window.paused_until,
        "refused": json.dumps(window.refused),
    }


def from_row(sent: str, paused_until: float, refused: str) -> Window:
    """The window a row holds."""
    return Window(json.loads(sent), float(paused_until), json.loads(refused))


class RowBudget(abc.ABC):
    """A fleet's budget kept in one row per egress address of a database table."""

    def __init__(self, address: str, limits: Limits) -> None:
        if not isinstance(address, str) or not address or len(address) > MAX_ADDRESS:
            raise ValueError(
                f"address must be a non-empty string of at most {MAX_ADDRESS} characters"
            )
        self.address = address
        self.limits = limits

    def __repr__(self) -> str:
        return f"{type(self).__name__}(address={self.address!r}, {self.limits!r})"

    @abc.abstractmethod
    def _run(self, act: Callable[[Window, float], T]) -> T:
        """In one transaction: lock and read the row, `act` on it at the time now, write it."""

    @abc.abstractmethod
    async def _arun(self, act: Callable[[Window, float], T]) -> T:
        """`_run`, without blocking the event loop."""

    def _failed(self, exc: Exception) -> BudgetUnavailableError:
        return BudgetUnavailableError(
            f"the OAuth budget of {self.address!r} in the database cannot be reached "
            f"({type(exc).__name__}); no request was sent"
        )

    def _take(self, priority: Priority, credential: str) -> Callable[[Window, float], Answer]:
        return lambda window, now: window.take(self.limits, priority, credential, now)

    def take(self, priority: Priority, credential: str) -> Answer:
        """Draw one request now, or say how long until one could be drawn and why not."""
        return self._run(self._take(priority, credential))

    def pause(self, seconds: float) -> None:
        """Stop every process's draws for `seconds` (a 429's Retry-After)."""
        self._run(lambda window, now: window.pause(now, seconds))

    def refuse(self, credential: str, seconds: float) -> None:
        """Refuse the draws of `credential` for `seconds`, fleet-wide."""
        self._run(lambda window, now: window.refuse(credential, now, seconds))

    async def atake(self, priority: Priority, credential: str) -> Answer:
        """`take`, without blocking the event loop."""
        return await self._arun(self._take(priority, credential))

    async def apause(self, seconds: float) -> None:
        """`pause`, without blocking the event loop."""
        await self._arun(lambda window, now: window.pause(now, seconds))

    async def arefuse(self, credential: str, seconds: float) -> None:
        """`refuse`, without blocking the event loop."""
        await self._arun(lambda window, now: window.refuse(credential, now, seconds))
