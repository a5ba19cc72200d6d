"""Contio's rate limit as its WAF enforces it: a rolling window per client address that counts
every request reaching it, the blocked ones included; read off the mock clock, so tests
compress time instead of waiting."""

from __future__ import annotations

import math
from collections import deque

#: Past this many addresses, the ones whose requests all left the window are forgotten.
_SWEEP_AT = 10_000


class RateLimiter:
    """At most `limit` requests per rolling `window` seconds per address (Contio: 100 per
    5 minutes per client IP on its OAuth endpoints). Every request is counted when it arrives,
    a blocked one too: a client that keeps retrying into the 429 keeps its address blocked, as
    behind AWS's WAF. (The WAF itself checks about every 30 s, so a real burst can pass the
    limit briefly before it blocks; the mock blocks at once.)"""

    def __init__(self, limit: int, window: float) -> None:
        self.limit = limit
        self.window = window
        self._seen: dict[str, deque[float]] = {}

    def hit(self, key: str, now: float) -> int | None:
        """Count one request of `key` at `now`; None if it passes, else the whole seconds
        until one would pass again if nothing more came (for `Retry-After`)."""
        seen = self._seen.get(key)
        if seen is None:
            if len(self._seen) >= _SWEEP_AT:
                self._sweep(now)
            seen = self._seen[key] = deque()
        while seen and seen[0] <= now - self.window:
            seen.popleft()
        seen.append(now)
        if len(seen) > self.limit * 4:  # far over the limit: keep what decides when it ends
            seen.popleft()
        if len(seen) <= self.limit:
            return None
        # A request passes once no more than limit - 1 of these are left in the window.
        passes_at = seen[len(seen) - self.limit] + self.window
        return max(1, math.ceil(passes_at - now))

    def _sweep(self, now: float) -> None:
        for key in [key for key, seen in self._seen.items() if seen[-1] <= now - self.window]:
            del self._seen[key]

    def reset(self) -> None:
        self._seen.clear()
