"""Refreshes spread before they are due, in the budget's idle requests.

An access token lives 24 h: the users who signed in at nine yesterday all need a refresh at
nine today, and a fleet that refreshes only when a call needs one spends its whole budget in
that hour. A `Refresher` renews, each `every` seconds, the tokens expiring within `ahead`,
and, when a burst is coming (more tokens expiring together than the budget renews in time),
enough of the soonest to meet it, as background work (`contio.budget.background()`): it uses
only what the budget keeps free of users and never waits for it, so a user's sign-in always
goes first; a spent budget ends the pass and the next one goes on. Each refresh goes through
the store's lock and fencing, as any refresh does: a token another process renewed meanwhile
is not renewed again.

```python
refresher = Refresher(lambda: clients_by_user.values())
refresher.run_once()  # or run it in a thread: refresher.run(stop_event)
```
"""

from __future__ import annotations

import asyncio
import functools
import math
import threading
from collections.abc import Callable, Generator, Iterable
from datetime import datetime, timedelta
from typing import Any, Generic, TypeVar

from contio._checks import check_number, to_timedelta
from contio.budget import BACKGROUND, background
from contio.client import AsyncOAuthClient, OAuthClient
from contio.errors import BudgetSpentError, ContioError
from contio.tokens import AuthTokens

__all__ = ["AsyncRefresher", "Pass", "Refresher"]

C = TypeVar("C", OAuthClient, AsyncOAuthClient)
#: A step of a pass: a client's call (read its tokens; refresh if expiring), answered with
#: what it returned (awaited, for an AsyncOAuthClient) or the ContioError it raised.
Step = Callable[[], Any]
#: The part of the background share a refresher plans with: the rest is for other
#: background work and the users' calls that spill over.
BURST_USE = 0.8


class Pass:
    """What one pass did: tokens renewed, found renewed by another process, failed (by
    error type), and whether a spent budget ended it early."""

    __slots__ = ("checked", "due", "failed", "renewed", "renewed_elsewhere", "stopped_by_budget")

    def __init__(self) -> None:
        self.checked = self.due = self.renewed = self.renewed_elsewhere = 0
        self.failed: dict[str, int] = {}
        self.stopped_by_budget = False

    def count_failure(self, error: ContioError) -> None:
        name = type(error).__name__
        self.failed[name] = self.failed.get(name, 0) + 1

    def __repr__(self) -> str:
        return (
            f"Pass(checked={self.checked}, due={self.due}, renewed={self.renewed}, "
            f"renewed_elsewhere={self.renewed_elsewhere}, failed={self.failed}, "
            f"stopped_by_budget={self.stopped_by_budget})"
        )


def _expiry(tokens: object) -> datetime | None:
    if not isinstance(tokens, AuthTokens) or not tokens.refresh_token:
        return None
    return tokens.expires_at


def to_renew_now(
    expiries: list[datetime], now: datetime, ahead: timedelta, rate: float | None
) -> int:
    """How many of `expiries` (sorted) to renew now: every one within `ahead`, and enough of
    the soonest that the rest can each be renewed before its own `ahead` at `rate` a second
    (None: no budget, no planning). A thousand tokens due at nine with room for two hundred
    an hour starts five hours early; tokens spread over the day are renewed just in time."""
    count = 0
    for index, expires_at in enumerate(expiries, 1):
        slack = (expires_at - ahead - now).total_seconds()
        if slack <= 0:
            count = index
        elif rate is not None:
            count = max(count, math.ceil(index - rate * slack))
    return count


def _one_pass(
    clients: Iterable[Any], ahead: timedelta, look_ahead: timedelta, share: float
) -> Generator[Step, Any, Pass]:
    """Read every client's tokens, then renew the ones due, the soonest first."""
    report = Pass()
    due: list[tuple[datetime, int, Any]] = []
    rate: float | None = None
    now: datetime | None = None
    for index, client in enumerate(clients):
        report.checked += 1
        tokens = yield client.load_tokens
        if isinstance(tokens, ContioError):
            report.count_failure(tokens)
            continue
        settings = client._core.settings
        now = settings.now()
        expires_at = _expiry(tokens)
        if expires_at is not None and expires_at <= now + max(ahead, look_ahead):
            due.append((expires_at, index, client))
        if settings.budget is not None:  # what of the budget's background share is ours
            limits = settings.budget.limits
            ours = share * BURST_USE * limits.cap(BACKGROUND) / limits.window
            rate = ours if rate is None else max(rate, ours)
    due.sort(key=lambda item: item[:2])
    if now is not None:
        due = due[: to_renew_now([item[0] for item in due], now, ahead, rate)]
    report.due = len(due)
    for _, _, client in due:
        outcome = yield functools.partial(client.refresh_if_expiring, ahead)
        if isinstance(outcome, BudgetSpentError):
            report.stopped_by_budget = True  # the users' turn: the next pass goes on
            break
        if isinstance(outcome, ContioError):
            report.count_failure(outcome)
        elif outcome:
            report.renewed += 1
        else:
            report.renewed_elsewhere += 1
    return report


class _Refresher(Generic[C]):
    def __init__(
        self,
        clients: Callable[[], Iterable[C]],
        *,
        ahead: timedelta | float = timedelta(minutes=30),
        look_ahead: timedelta | float = timedelta(hours=12),
        share: float = 1.0,
        every: float = 60.0,
    ) -> None:
        """Args:
        clients: Gives the clients to look after, one per user (called at each pass).
        ahead: Renew every token expiring within this (a `timedelta` or seconds).
        look_ahead: How far to look for a burst: tokens expiring within this are renewed
            early, the soonest first, when more expire together than the budget's
            background share renews in time.
        share: The part of the budget's background requests this refresher counts on (1/N
            when N processes each run one over their own users).
        every: Seconds between passes (`run`).
        """
        if not callable(clients):
            raise TypeError("clients must be a callable giving the clients to look after")
        self.clients: Callable[[], Iterable[C]] = clients
        self.ahead = to_timedelta(ahead, "ahead", maximum=timedelta(days=7))
        self.look_ahead = to_timedelta(look_ahead, "look_ahead", maximum=timedelta(days=7))
        self.share = check_number(share, "share", minimum=0.0001, maximum=1)
        self.every = check_number(every, "every", minimum=0.001, maximum=86_400)

    def _pass(self) -> Generator[Step, Any, Pass]:
        return _one_pass(self.clients(), self.ahead, self.look_ahead, self.share)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(ahead={self.ahead}, every={self.every:g})"


class Refresher(_Refresher[OAuthClient]):
    """Renews the tokens of blocking `OAuthClient`s before they are due (see the module)."""

    def run_once(self) -> Pass:
        """One pass over the clients."""
        flow = self._pass()
        try:
            step = next(flow)
            while True:
                step = flow.send(self._do(step))
        except StopIteration as stop:
            report: Pass = stop.value
            return report

    @staticmethod
    def _do(call: Step) -> Any:
        try:
            with background():
                return call()
        except ContioError as exc:
            return exc

    def run(self, stop: threading.Event) -> None:
        """Pass after pass, `every` seconds apart, until `stop` is set (run it in a thread)."""
        while not stop.is_set():
            self.run_once()
            stop.wait(self.every)


class AsyncRefresher(_Refresher[AsyncOAuthClient]):
    """`Refresher` for `AsyncOAuthClient`s."""

    async def run_once(self) -> Pass:
        """One pass over the clients."""
        flow = self._pass()
        try:
            step = next(flow)
            while True:
                step = flow.send(await self._do(step))
        except StopIteration as stop:
            report: Pass = stop.value
            return report

    @staticmethod
    async def _do(call: Step) -> Any:
        try:
            with background():
                return await call()
        except ContioError as exc:
            return exc

    async def run(self) -> None:
        """Pass after pass, `every` seconds apart, until cancelled (run it as a task)."""
        while True:
            await self.run_once()
            await asyncio.sleep(self.every)
