"""A fixed-window request limit per client IP, read off the mock clock so tests need not wait."""

from __future__ import annotations

import math


class RateLimiter:
    """At most `limit` requests per `window` seconds per key (Contio: 100 per 5 minutes per IP)."""

    def __init__(self, limit: int, window: float) -> None:
        self.limit = limit
        self.window = window
        self._windows: dict[str, tuple[float, int]] = {}

    def hit(self, key: str, now: float) -> int | None:
        """Count one request; None if allowed, else the seconds to wait (for `Retry-After`)."""
        start, count = self._windows.get(key, (now, 0))
        if now >= start + self.window:
            start, count = now, 0
        if count >= self.limit:
            return max(1, math.ceil(start + self.window - now))
        self._windows[key] = (start, count + 1)
        return None

    def reset(self) -> None:
        self._windows.clear()
