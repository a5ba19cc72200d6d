"""The OAuth budget's part in sending (see `contio.budget`): a request is drawn from the
budget before it is sent, waiting for it as long as its priority may; a 429 pauses every
draw until its Retry-After ends; refused credentials hold the token requests back.

Flows: the drivers carry out the `Call` steps with the budget's blocking or asyncio methods.
"""

from __future__ import annotations

import random
import time
from datetime import UTC, datetime, timedelta

import httpx2

from contio._core.settings import Endpoint, Settings
from contio._core.steps import Call, Flow, Received, Sleep
from contio._text import parse_retry_after
from contio.budget._base import PAUSED, REFUSED, Answer, priority
from contio.errors import BudgetSpentError

__all__ = ["draw", "heard"]

#: A 429 without a usable Retry-After pauses this long (the WAF looks again about every 30 s).
DEFAULT_PAUSE = 30.0


def draw(settings: Settings, endpoint: Endpoint) -> Flow[None]:
    """Draw one request for `endpoint`, waiting while the budget frees within the wait of
    the caller's priority; else BudgetSpentError and nothing is sent."""
    budget = settings.budget
    if budget is None or not endpoint.budgeted:
        return
    whose = priority()
    longest = budget.limits.longest_wait(whose)
    started = time.monotonic()
    while True:
        answer: Answer = yield Call(budget, "take", whose, settings.credential_id)
        if answer.granted:
            return
        left = longest - (time.monotonic() - started)
        if answer.reason == REFUSED or answer.wait > left:
            raise _spent(endpoint, answer, whose)
        # A little later than due, spread: the waiters of a fleet do not all come at once.
        yield Sleep(min(left, answer.wait + random.uniform(0, 0.05)))  # noqa: S311


def heard(settings: Settings, received: Received, request: httpx2.Request) -> Flow[bool]:
    """Tell the budget what an answer says of the limit: a 429 pauses every draw (True: the
    next attempt draws again, waiting out the pause); `invalid_client` to a request that
    carried the client's credentials holds them back."""
    budget = settings.budget
    if budget is None:
        return False
    status = received.status_code
    if status == 429:
        seconds = parse_retry_after(received.response.headers.get("retry-after"))
        seconds = DEFAULT_PAUSE if seconds is None else seconds
        # Never longer than the limit's window: that is when anything blocked has left it.
        yield Call(budget, "pause", min(max(seconds, 0.001), budget.limits.window))
        return True
    if (
        status == 401
        and budget.limits.refused_hold > 0
        and b"invalid_client" in received.body
        and _carried_credentials(settings, request)
    ):
        yield Call(budget, "refuse", settings.credential_id, budget.limits.refused_hold)
    return False


def _carried_credentials(settings: Settings, request: httpx2.Request) -> bool:
    if request.headers.get("authorization") == settings.basic:
        return True
    return b"client_secret=" in (request.content or b"")


def _spent(endpoint: Endpoint, answer: Answer, whose: str) -> BudgetSpentError:
    frees_at = datetime.now(UTC) + timedelta(seconds=answer.wait)
    if answer.reason == REFUSED:
        why = (
            "the client's credentials were refused (invalid_client) a moment ago; no token "
            "request is sent with them"
        )
    elif answer.reason == PAUSED:
        why = "Contio answered 429 and every process of the budget waits its Retry-After"
    elif whose == "background":
        why = "the rest of the OAuth budget is kept for calls a user waits on"
    else:
        why = "the OAuth budget's requests for this window are spent"
    return BudgetSpentError(
        f"{endpoint.name}: not sent: {why}; it frees at {frees_at:%H:%M:%S} UTC "
        f"(in {answer.wait:.1f} s)",
        frees_at=frees_at,
        reason=answer.reason,
        retry_after=answer.wait,
    )
