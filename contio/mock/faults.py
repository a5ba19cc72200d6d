"""Fault injection: make the next n calls of an operation fail, stall or lose their connection."""

from __future__ import annotations

import asyncio
import time
from dataclasses import asdict, dataclass
from typing import Any

ANY_OPERATION = "*"


@dataclass
class FaultRule:
    """What to do to the next `count` calls of `operation` (an operationId or `*`)."""

    operation: str
    count: int = 1
    #: HTTP status to answer with; None: no error answer (only the delay, or the drop).
    status: int | None = None
    retry_after: int | None = None
    delay_ms: int = 0
    drop_connection: bool = False
    #: Act once the handler has done its work (the answer lost on its way back), not before.
    after: bool = False

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class FaultInjector:
    """Rules in the order they were added; the first rule that matches a call is spent on it."""

    def __init__(self) -> None:
        self.rules: list[FaultRule] = []
        self._generation = 0  # bumped by clear(), which ends the delays in progress

    def add(self, rule: FaultRule) -> None:
        self.rules.append(rule)

    def clear(self) -> None:
        """Forget the rules and cut short the delays in progress (so nothing hangs on)."""
        self.rules.clear()
        self._generation += 1

    async def pause(self, seconds: float) -> None:
        """An injected delay: `seconds`, or until the faults are cleared.

        Polls in short sleeps rather than waiting on an asyncio.Event, which would tie the
        mock to the first event loop that waited on it.
        """
        generation = self._generation
        deadline = time.monotonic() + seconds
        while self._generation == generation:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return
            await asyncio.sleep(min(remaining, 0.05))

    def take(self, operation: str) -> FaultRule | None:
        """Spend one use of the first rule matching `operation`, if any."""
        if not self.rules:  # the common case: a single cheap check per request
            return None
        for index, rule in enumerate(self.rules):
            if rule.operation in (operation, ANY_OPERATION):
                rule.count -= 1
                if rule.count <= 0:
                    del self.rules[index]
                return rule
        return None
