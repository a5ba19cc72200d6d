"""What the database token stores share: one row per user key, the refresh lock that is the
database's own row lock, and the fencing of a holder's writes, written once.

A store supplies `Rows` (its SQL on one connection: SQLAlchemy Core, Django's ORM) and two
ways to run a step on a connection: blocking, or awaited (SQLAlchemy's `run_sync`, a thread
for Django). The steps below (`read`, `write`, `take`, `release`) are the whole logic; the
blocking and the asyncio methods only run them.

The row: `key` (primary key), `document` (the token document, sealed or not; NULL when
cleared) and `version`, which every write increases. The refresh lock is a transaction that
holds the row's lock (`SELECT … FOR UPDATE`; on SQLite the database's write lock). On
PostgreSQL the transaction ends by itself when its holder stays idle past `lock_lease`
(`idle_in_transaction_session_timeout`), so a stopped holder lets go; a killed one lets go
when its connection drops. The holder's writes are fenced twice: they run inside its own
transaction, and only where the row still has the version the holder read.
"""

from __future__ import annotations

import abc
import contextlib
from collections.abc import AsyncIterator, Callable, Iterator
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from contio._checks import check_number
from contio.errors import LeaseLostError, TokenStoreError
from contio.stores._common import caller, decode_document, encode_document
from contio.tokens import AuthTokens

if TYPE_CHECKING:
    from contio.stores.sealing import TokenSealer

__all__ = ["DatabaseFailure", "DatabaseTokenStore", "Held", "RowStore", "Rows", "classify"]

T = TypeVar("T")


def utc_now() -> datetime:
    """When a row was written (its `updated_at`)."""
    return datetime.now(UTC)


class DatabaseFailure(Exception):
    """What `Rows` raises: `busy` (the lock is held elsewhere: try again), `ended` (the
    database ended the connection or its transaction), or `failed` (anything else)."""

    def __init__(self, kind: str, detail: str) -> None:
        super().__init__(detail)
        self.kind = kind
        self.detail = detail


#: SQLSTATEs of PostgreSQL: lock_timeout ran out; the server ended the session or transaction.
_BUSY = {"55P03"}
_ENDED = {"25P03", "57P01", "57P02", "57P03"}
_ENDED_WORDS = (
    "terminating connection",
    "server closed the connection",
    "connection is closed",
    "connection already closed",
    "the connection is lost",
)


def classify(error: BaseException, invalidated: bool = False) -> DatabaseFailure:
    """A database driver's error as a DatabaseFailure: busy, ended or failed. Only the
    driver's own first line is kept: a library's text may show the statement's parameters
    (the token document)."""
    lines = str(error).strip().splitlines()
    detail = f"{type(error).__name__}: {lines[0] if lines else ''}".rstrip(": ")
    state = getattr(error, "sqlstate", None) or getattr(error, "pgcode", None) or ""
    lowered = detail.lower()
    if state in _BUSY or "database is locked" in lowered or "lock wait timeout" in lowered:
        return DatabaseFailure("busy", detail)
    if (
        invalidated
        or state in _ENDED
        or state.startswith("08")
        or any(words in lowered for words in _ENDED_WORDS)
    ):
        return DatabaseFailure("ended", detail)
    return DatabaseFailure("failed", detail)


class Rows(Protocol):
    """A store's SQL on one connection, for one key."""

    def read(self) -> tuple[str | None, int] | None:
        """The row's document and version, or None without a row (no lock taken)."""
        ...

    def upsert(self, document: str | None) -> None:
        """Write the document (creating the row), its version increased, and commit."""
        ...

    def ensure(self) -> None:
        """Create the row (document NULL, version 0) unless it exists, and commit."""
        ...

    def lock(self, lease: float, wait: float) -> tuple[str | None, int]:
        """Begin a transaction holding the row's lock (waiting at most `wait` seconds:
        `busy` after that), ended by the database after `lease` idle seconds where it can;
        the row's document and version."""
        ...

    def fenced_write(self, document: str | None, version: int) -> bool:
        """In the lock's transaction: write where the version is still `version` (increased
        by one) and commit; False, and nothing written, when no row had `version`."""
        ...

    def end(self, commit: bool) -> None:
        """End the lock's transaction."""
        ...


class Held:
    """The lock one caller holds: its connection (a `Rows`, or what runs steps on it for an
    asyncio caller), the version it last read or wrote, and whether it lost the lock."""

    def __init__(self, via: object, version: int) -> None:
        self.via = via
        self.version = version
        self.lost = False


class RowStore:
    """The logic of a database token store (see the module): the steps its sync and asyncio
    methods run, on a connection the store opens for them."""

    def __init__(
        self,
        key: str,
        *,
        name: str,
        sealer: TokenSealer | None,
        lock_lease: float,
        lock_timeout: float,
    ) -> None:
        if not isinstance(key, str) or not key:
            raise ValueError("key must be a non-empty string")
        if len(key) > 255:
            raise ValueError("key must be at most 255 characters (the column's size)")
        self.key = key
        self.name = name
        self.sealer = sealer
        self.lock_lease = check_number(lock_lease, "lock_lease", minimum=0.5, maximum=86400)
        self.lock_timeout = check_number(lock_timeout, "lock_timeout", minimum=0.01, maximum=86400)
        self.holders: dict[object, Held] = {}

    # -- who holds the lock --------------------------------------------------------------------

    def held(self) -> Held | None:
        """The lock the caller (this thread, or this asyncio task) holds, if any."""
        return self.holders.get(caller())

    def hold(self, via: object, version: int) -> object:
        holder = caller()
        self.holders[holder] = Held(via, version)
        return holder

    def let_go(self, holder: object) -> Callable[[Rows], None]:
        """Forget the caller's holding; the step that ends its transaction (run on the
        holding's connection)."""
        held = self.holders.pop(holder)
        return lambda rows: self.release(rows, held)

    # -- errors --------------------------------------------------------------------------------

    def failed(self, what: str, failure: DatabaseFailure) -> TokenStoreError:
        return TokenStoreError(f"{self.name}: cannot {what}: {failure.detail}")

    def lease_lost(self, what: str, why: str) -> LeaseLostError:
        return LeaseLostError(
            f"{self.name}: the refresh lock is no longer this holder's ({why}; another worker "
            f"may have saved newer tokens): nothing was {what}"
        )

    # -- the steps -----------------------------------------------------------------------------

    def decode(self, row: tuple[str | None, int] | None) -> AuthTokens | None:
        if row is None or row[0] is None:
            return None
        return decode_document(row[0], self.name, self.sealer, self.key)

    def encode(self, tokens: AuthTokens | None) -> str | None:
        return None if tokens is None else encode_document(tokens, self.sealer, self.key)

    def read(self, rows: Rows) -> AuthTokens | None:
        """A plain read."""
        try:
            row = rows.read()
        except DatabaseFailure as failure:
            raise self.failed("load tokens", failure) from None
        return self.decode(row)

    def write(self, rows: Rows, tokens: AuthTokens | None) -> None:
        """A plain save (`tokens`) or clear (None): nobody's lock is checked."""
        document = self.encode(tokens)
        try:
            rows.upsert(document)
        except DatabaseFailure as failure:
            raise self.failed("save tokens" if tokens else "clear tokens", failure) from None

    def write_held(self, rows: Rows, held: Held, tokens: AuthTokens | None) -> None:
        """The holder's save or clear: fenced by its transaction and the version it read."""
        what = "saved" if tokens is not None else "cleared"
        if held.lost:
            raise self.lease_lost(what, "the database ended its transaction")
        document = self.encode(tokens)
        try:
            written = rows.fenced_write(document, held.version)
        except DatabaseFailure as failure:
            if failure.kind == "failed":
                raise self.failed("save tokens", failure) from None
            held.lost = True
            raise self.lease_lost(
                what,
                f"the database ended its transaction: its {self.lock_lease:g} s lease lapsed, "
                f"or the connection dropped ({failure.detail})",
            ) from None
        if not written:
            held.lost = True
            raise self.lease_lost(what, "the row changed since the holder read it")
        # Written and committed. The holder takes the lock again for the rest of its job;
        # if someone wrote in between, or the lock cannot be had, its later writes are refused.
        try:
            again = rows.lock(self.lock_lease, self.lock_timeout)[1]
        except DatabaseFailure:
            held.lost = True
            return
        held.lost = again != held.version + 1
        held.version = again

    def take(self, rows: Rows) -> int:
        """Take the row's lock (creating the row first), waiting at most `lock_timeout`
        (the database waits: PostgreSQL's lock_timeout, SQLite's busy timeout): the version
        under it."""
        try:
            rows.ensure()
            return rows.lock(self.lock_lease, self.lock_timeout)[1]
        except DatabaseFailure as failure:
            if failure.kind == "busy":
                raise TokenStoreError(
                    f"{self.name}: timed out after {self.lock_timeout:g} s waiting for the "
                    "refresh lock"
                ) from None
            raise self.failed("take the refresh lock", failure) from None

    def release(self, rows: Rows, held: Held) -> None:
        """End the lock's transaction (its writes are committed already)."""
        with contextlib.suppress(DatabaseFailure):  # else it ends with the connection
            rows.end(commit=not held.lost)


class DatabaseTokenStore(abc.ABC):
    """The TokenStore methods of a database store, run on connections a subclass opens:
    `_connection()` and `_step(via, step)` for the blocking ones, `_aconnection()` and
    `_astep(via, step)` for the asyncio ones (`via` is what runs a step on one connection)."""

    core: RowStore
    #: A client reads the tokens at its first call (an asyncio one never blocks its loop).
    loads_lazily = True

    # -- what a subclass supplies --------------------------------------------------------------

    @abc.abstractmethod
    def _connection(self, locking: bool) -> contextlib.AbstractContextManager[Any]:
        """A connection for one plain step, or (`locking`) for a lock and its steps."""

    @abc.abstractmethod
    def _step(self, via: Any, step: Callable[[Rows], T]) -> T:
        """Run `step` on the connection `via`, blocking."""

    @abc.abstractmethod
    def _aconnection(self, locking: bool) -> contextlib.AbstractAsyncContextManager[Any]:
        """`_connection`, for the asyncio methods."""

    @abc.abstractmethod
    async def _astep(self, via: Any, step: Callable[[Rows], T]) -> T:
        """Run `step` on the connection `via`, without blocking the event loop."""

    # -- blocking ------------------------------------------------------------------------------

    def _run(self, step: Callable[[Rows, Held | None], T]) -> T:
        held = self.core.held()
        if held is not None:
            return self._step(held.via, lambda rows: step(rows, held))
        with self._connection(locking=False) as via:
            return self._step(via, lambda rows: step(rows, None))

    def load(self) -> AuthTokens | None:
        """The tokens of this key.

        Returns:
            The tokens, or None.

        Raises:
            TokenStoreError: The database is unreachable, or the row holds no token set
                (TokensUnreadableError: sealed with an unknown key, or changed).
        """
        return self._run(lambda rows, _held: self.core.read(rows))

    def save(self, tokens: AuthTokens) -> None:
        """Replace the tokens (fenced when this thread holds the refresh lock).

        Args:
            tokens: The tokens to keep.

        Raises:
            LeaseLostError: The lock this holder took is no longer its own; nothing written.
            TokenStoreError: The database is unreachable.
        """
        self._run(lambda rows, held: self._write(rows, held, tokens))

    def clear(self) -> None:
        """Forget the tokens (fenced as `save`).

        Raises:
            LeaseLostError: As `save`.
            TokenStoreError: As `save`.
        """
        self._run(lambda rows, held: self._write(rows, held, None))

    def _write(self, rows: Rows, held: Held | None, tokens: AuthTokens | None) -> None:
        if held is None:
            self.core.write(rows, tokens)
        else:
            self.core.write_held(rows, held, tokens)

    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        """Hold the refresh lock of this key: the row's lock, across processes and machines.

        Raises:
            TokenStoreError: Not had within `lock_timeout`, or the database is unreachable.
        """
        with self._connection(locking=True) as via:
            version = self._step(via, self.core.take)
            holder = self.core.hold(via, version)
            try:
                yield
            finally:
                self._step(via, self.core.let_go(holder))

    # -- asyncio -------------------------------------------------------------------------------

    async def _arun(self, step: Callable[[Rows, Held | None], T]) -> T:
        held = self.core.held()
        if held is not None:
            return await self._astep(held.via, lambda rows: step(rows, held))
        async with self._aconnection(locking=False) as via:
            return await self._astep(via, lambda rows: step(rows, None))

    async def aload(self) -> AuthTokens | None:
        """`load`, without blocking the event loop.

        Returns:
            The tokens, or None.

        Raises:
            TokenStoreError: As `load`.
        """
        return await self._arun(lambda rows, _held: self.core.read(rows))

    async def asave(self, tokens: AuthTokens) -> None:
        """`save`, without blocking the event loop (fenced when this task holds the lock).

        Args:
            tokens: The tokens to keep.

        Raises:
            LeaseLostError: As `save`.
            TokenStoreError: As `save`.
        """
        await self._arun(lambda rows, held: self._write(rows, held, tokens))

    async def aclear(self) -> None:
        """`clear`, without blocking the event loop.

        Raises:
            LeaseLostError: As `save`.
            TokenStoreError: As `save`.
        """
        await self._arun(lambda rows, held: self._write(rows, held, None))

    @contextlib.asynccontextmanager
    async def alock(self) -> AsyncIterator[None]:
        """`lock()` for asyncio: the task that enters holds it."""
        async with self._aconnection(locking=True) as via:
            version = await self._astep(via, self.core.take)
            holder = self.core.hold(via, version)
            try:
                yield
            finally:
                await self._astep(via, self.core.let_go(holder))
