"""The one place where a client's tokens change.

Every change (a grant's or a refresh's result, `set_tokens`, `clear_tokens`, the effect of a
revoke, tokens read from the store) goes through `TokenState`, which moves an `epoch`. A
refresh notes the epoch when it starts and commits only if it has not moved: a sign-out or
another user's sign-in while the refresh was on the wire is never written over.

Memory changes at once; the store is brought up to date by a `FLUSH` step, which the
client carries out under its write lock (and the store's lock), always writing what memory
holds *now*: concurrent changes converge on the newest, whatever order their writes run in.
A write that fails leaves the state dirty, and the next flush tries again: tokens the server
has already rotated are never lost to a store that was down for a moment.

It also keeps what single-flight refresh shares between callers: the outcome of the last
refresh attempt, and the refresh tokens the server refused for good (`invalid_grant`).
"""

from __future__ import annotations

import contextlib
import dataclasses
import threading
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from contio._core.steps import FLUSH, LOAD, Flow
from contio.errors import ContioError, LeaseLostError, TokensUnreadableError
from contio.tokens import AuthTokens

if TYPE_CHECKING:
    from contio.stores import TokenStore

__all__ = ["Attempt", "Ticket", "TokenState"]

#: How many refused refresh tokens are remembered (each is a few hundred bytes).
_DEAD_KEPT = 16


class Ticket:
    """Where the state stood when a caller asked for a refresh: a refresh attempt that ends
    after this, started from the same tokens, answers this caller too."""

    __slots__ = ("attempts", "epoch", "refresh_token")

    def __init__(self, attempts: int, epoch: int, refresh_token: str | None) -> None:
        self.attempts = attempts
        self.epoch = epoch
        self.refresh_token = refresh_token  # the one this caller would refresh with


class Attempt:
    """How one refresh attempt ended: new tokens, or the error its callers got."""

    __slots__ = ("epoch", "error", "number", "refresh_token", "tokens")

    def __init__(
        self,
        number: int,
        epoch: int,
        refresh_token: str | None,
        tokens: AuthTokens | None,
        error: ContioError | None,
    ) -> None:
        self.number = number
        self.epoch = epoch  # the epoch it started from
        self.refresh_token = refresh_token
        self.tokens = tokens
        self.error = error


class TokenState:
    """Tokens in memory, the epoch of their last change, and what the store still lacks."""

    def __init__(self, store: TokenStore, *, read_now: bool) -> None:
        self.store = store
        self._mutex = threading.Lock()  # short sections only: no I/O is done under it
        self._tokens: AuthTokens | None = None
        self._loaded = False
        self.epoch = 0
        self._dirty = False  # memory holds a change the store has not taken yet
        self._attempts = 0
        self._last: Attempt | None = None
        self._dead: dict[str, ContioError] = {}
        self._news: tuple[AuthTokens | None] | None = None  # a write on_tokens has not heard
        if read_now:
            # Tokens nobody can open (sealed with a dropped key) are said at the first use,
            # not here: a client must be able to sign the user in again over them.
            with contextlib.suppress(TokensUnreadableError):
                self._tokens, self._loaded = store.load(), True

    # -- reading ---------------------------------------------------------------------------

    @property
    def loaded(self) -> bool:
        return self._loaded or self._dirty

    @property
    def held(self) -> AuthTokens | None:
        """The tokens in memory, without reading the store (None until it was read)."""
        return self._tokens

    @property
    def dirty(self) -> bool:
        return self._dirty

    def read_blocking(self) -> AuthTokens | None:
        """The tokens, reading the store with its blocking `load` the first time."""
        if not self.loaded:
            epoch = self.epoch
            self._adopt(self.store.load(), epoch)
        return self._tokens

    def current(self) -> Flow[AuthTokens | None]:
        """The tokens, reading the store the first time (no lock needed: it only reads)."""
        if not self.loaded:
            epoch = self.epoch
            loaded: AuthTokens | None = yield LOAD
            self._adopt(loaded, epoch)
        return self._tokens

    def reload(self) -> Flow[AuthTokens | None]:
        """Under the refresh lock: the store's tokens now (another thread or process may
        have refreshed), after writing any change it has not taken yet."""
        if self._dirty:
            yield FLUSH
        epoch = self.epoch
        loaded: AuthTokens | None = yield LOAD
        self._adopt(loaded, epoch)
        return self._tokens

    def _adopt(self, loaded: AuthTokens | None, epoch: int) -> None:
        """Take what the store held, unless this client changed its tokens since the read
        began (its change is newer) or still has one to write."""
        with self._mutex:
            if self.epoch != epoch or self._dirty:
                return
            if loaded != self._tokens:
                self._tokens = loaded
                self.epoch += 1
            self._loaded = True

    # -- changing --------------------------------------------------------------------------

    def replace(self, tokens: AuthTokens | None, expected_epoch: int | None = None) -> bool:
        """Make `tokens` (None: no tokens) the client's, unless `expected_epoch` is given
        and the tokens changed since. Returns whether it did; a FLUSH must follow."""
        with self._mutex:
            if expected_epoch is not None and self.epoch != expected_epoch:
                return False
            self._tokens, self._loaded, self._dirty = tokens, True, True
            self.epoch += 1
            return True

    def change(self, tokens: AuthTokens | None) -> Flow[None]:
        """`set_tokens` / `clear_tokens`: in memory at once, then in the store."""
        self.replace(tokens)
        yield FLUSH

    def revoked(self, token: str, now: Callable[[], datetime]) -> Flow[None]:
        """After a revoke: a revoked refresh token ends the grant (the tokens go); a revoked
        access token is marked spent, so the next use refreshes."""
        with self._mutex:
            held = self._tokens
        if held is None:
            return
        if token == held.refresh_token:
            self.replace(None)
        elif token == held.access_token:
            self.replace(dataclasses.replace(held, expires_at=now()))
        else:
            return
        yield FLUSH

    # -- writing (the client's flush calls these under its write lock) -----------------------

    def pending_write(self) -> tuple[int, AuthTokens | None] | None:
        """(epoch, tokens to save, or None to clear) when the store lacks a change."""
        with self._mutex:
            return (self.epoch, self._tokens) if self._dirty else None

    def written(self, epoch: int, tokens: AuthTokens | None) -> None:
        """The store took `tokens` (the change of `epoch`)."""
        with self._mutex:
            if self.epoch == epoch:
                self._dirty = False
            self._news = (tokens,)

    def take_news(self) -> tuple[AuthTokens | None] | None:
        """The tokens the store took last, once: for the app's `on_tokens` (the newest
        only, when several writes came before anyone told it)."""
        with self._mutex:
            news, self._news = self._news, None
            return news

    def write_failed(self, epoch: int, error: Exception) -> None:
        """A refused fenced write (LeaseLostError) means another holder saved newer tokens:
        forget ours and read the store at the next call. Any other failure keeps the change
        to write later."""
        if isinstance(error, LeaseLostError):
            with self._mutex:
                if self.epoch == epoch:
                    self._dirty, self._loaded, self._tokens = False, False, None
                    self.epoch += 1

    # -- what single-flight refresh shares -----------------------------------------------

    def ticket(self) -> Ticket:
        held = self._tokens if self._loaded else None
        return Ticket(self._attempts, self.epoch, held.refresh_token if held else None)

    def shared_error(self, ticket: Ticket) -> ContioError | None:
        """The error of a refresh attempt that ended after `ticket` was taken, started from
        the same tokens and (unless it failed at the store, before sending) with the refresh
        token this caller would use: the answer of every caller that waited for it. Raised
        afresh, without the tracebacks of earlier raises."""
        last = self._last
        if (
            last is not None
            and last.error is not None
            and last.number > ticket.attempts
            and last.epoch == ticket.epoch
            and last.refresh_token in (None, ticket.refresh_token)
        ):
            return last.error.with_traceback(None)
        return None

    def refreshed_after(self, ticket: Ticket, refresh_token: str) -> AuthTokens | None:
        """The tokens a refresh of `refresh_token` got after `ticket` was taken."""
        last = self._last
        if (
            last is not None
            and last.number > ticket.attempts
            and last.refresh_token == refresh_token
        ):
            return last.tokens
        return None

    def attempt_ended(
        self,
        epoch: int,
        refresh_token: str | None,
        *,
        tokens: AuthTokens | None = None,
        error: ContioError | None = None,
    ) -> None:
        """Record a refresh attempt's end (no tokens and no error: nothing to share, the
        waiters read the store again). No refresh token: it failed before sending, at the
        store."""
        with self._mutex:
            self._attempts += 1
            self._last = Attempt(self._attempts, epoch, refresh_token, tokens, error)

    def dead(self, refresh_token: str) -> ContioError | None:
        """The error of the server's final refusal of this refresh token, if any."""
        error = self._dead.get(refresh_token)
        return error.with_traceback(None) if error is not None else None

    def bury(self, refresh_token: str, error: ContioError) -> None:
        """The server refused this refresh token for good (invalid_grant)."""
        with self._mutex:
            if len(self._dead) >= _DEAD_KEPT:
                self._dead.pop(next(iter(self._dead)))
            self._dead[refresh_token] = error
