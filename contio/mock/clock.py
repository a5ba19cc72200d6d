"""The mock's clock: real time plus an offset that tests move forward instead of sleeping."""

from __future__ import annotations

import time
from datetime import UTC, datetime


class MockClock:
    """Wall-clock time shifted by `offset` seconds; every expiry in the mock reads this clock."""

    __slots__ = ("offset",)

    def __init__(self) -> None:
        self.offset = 0.0

    def now(self) -> float:
        """Current mock time as Unix seconds."""
        return time.time() + self.offset

    def advance(self, seconds: float) -> float:
        """Move the clock forward (never backward, so nothing un-expires) and return the time."""
        if seconds < 0:
            raise ValueError("the clock only moves forward")
        self.offset += seconds
        return self.now()

    def reset(self) -> None:
        self.offset = 0.0


def isoformat(timestamp: float) -> str:
    """RFC 3339 / ISO 8601 UTC time with millisecond precision and a `Z` suffix."""
    moment = datetime.fromtimestamp(timestamp, tz=UTC)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")
