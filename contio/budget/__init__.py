"""One OAuth request budget for a whole fleet, inside Contio's rate limit.

Contio's WAF allows 100 requests to its OAuth endpoints (`/oauth2/*`, `/auth/*`) per rolling
5 minutes per client address, and counts the requests it blocks: a process that retries into
the 429 keeps every process behind that address blocked. Every OAuth request of a client is
drawn from its budget first:

- `MemoryBudget`: the requests of one process (the default for Contio's servers: every client
  of the process shares one, with Contio's numbers);
- `RedisBudget`: one per egress address, shared by every process behind it;
- `SQLAlchemyBudget` (`contio.budget.sqlalchemy`) and `DjangoBudget` (`contio.budget.django`):
  the same in the app's own database.

Settings (the same on both): `limit` and `window` (Contio's: 100 per 300 s); `headroom`, the
requests kept unused under the limit (5); `reserve`, the requests of each window only a call a
user waits on may use (20: work inside `background()` stops short of them); `wait`, the longest
a user's call waits for the budget (15 s) and `background_wait`, a background call's (0: it
fails at once); `refused_hold`, how long a client whose credentials were refused
(`invalid_client`) sends no token request (60 s: a worker looping on a wrong secret does not
spend the fleet's budget). A 429 pauses every draw until its `Retry-After` ends.

A call the budget cannot serve within its wait raises `contio.BudgetSpentError` (a
`RateLimitError`: `frees_at`, `retry_after`, `reason`), and nothing is sent.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from contio.budget._base import BACKGROUND, USER, Answer, Priority, background, priority
from contio.budget.memory import MemoryBudget

if TYPE_CHECKING:
    from contio.budget.redis import RedisBudget

__all__ = [
    "BACKGROUND",
    "USER",
    "Answer",
    "MemoryBudget",
    "Priority",
    "RedisBudget",
    "background",
    "priority",
]


def __getattr__(name: str) -> Any:
    if name == "RedisBudget":  # needs the redis extra: imported when asked for
        from contio.budget.redis import RedisBudget

        return RedisBudget
    raise AttributeError(f"module 'contio.budget' has no attribute {name!r}")
