"""Tokens in a Django project's own database, through the ORM, shared by every process and
machine of a fleet, with the database's row lock as the refresh lock.

Add `"contio.web.django"` to `INSTALLED_APPS` and run `manage.py migrate`: its model
(`ContioTokens`, table `contio_tokens`) keeps one row per user key. The store works on
connections of its own (threads of its own, each with Django's connection of that thread), so
that its commits are real commits even inside a view wrapped in the app's transaction
(`ATOMIC_REQUESTS`): a refreshed token that the view's rollback would undo would sign the user
out. The same threads serve the blocking and the asyncio methods: an async view never blocks
its event loop on the database. Install with `pip install 'contio[django]'`.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import threading
from collections.abc import AsyncIterator, Callable, Generator, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING, Any, TypeVar

from contio._extras import extra

with extra("django", "contio.stores.django (DjangoTokenStore)"):
    from django.apps import apps
    from django.db import DatabaseError, IntegrityError, InterfaceError, connections, transaction
    from django.db.models import F

from contio.errors import TokenStoreError
from contio.stores._database import (
    DatabaseTokenStore,
    Rows,
    RowStore,
    classify,
    utc_now,
)

if TYPE_CHECKING:
    from contio.stores.sealing import TokenSealer

__all__ = ["DjangoTokenStore"]

T = TypeVar("T")
#: Threads for the plain reads and writes of every DjangoTokenStore of this process (each
#: holds one database connection per database it used).
_POOL_SIZE = 4
_pool: ThreadPoolExecutor | None = None
_pool_lock = threading.Lock()


def _shared_pool() -> ThreadPoolExecutor:
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(_POOL_SIZE, thread_name_prefix="contio-django-store")
        return _pool


def _model() -> Any:
    """The token table's model, found through Django's app registry (the app
    `contio.web.django`, label `contio`, holds it)."""
    try:
        return apps.get_model("contio", "ContioTokens")
    except LookupError:
        raise TokenStoreError(
            "DjangoTokenStore keeps tokens in the model of the app 'contio.web.django': add it "
            "to INSTALLED_APPS and run manage.py migrate"
        ) from None


@contextlib.contextmanager
def _translated() -> Iterator[None]:
    try:
        yield
    except (DatabaseError, InterfaceError) as exc:
        cause = exc.__cause__ if exc.__cause__ is not None else exc
        raise classify(cause) from None


class _Connection:
    """One thread's connection to one database, and the lock's transaction on it."""

    def __init__(self, using: str) -> None:
        self.using = using
        self.atomic: Any = None


class _Via:
    """Where a store's steps run: a thread (or the shared ones) and its connection."""

    def __init__(self, pool: ThreadPoolExecutor, connection: _Connection) -> None:
        self.pool, self.connection = pool, connection


class _DjangoRows:
    """`Rows` through Django's ORM, on the calling thread's connection."""

    def __init__(self, via: _Connection, key: str) -> None:
        self.via, self.key = via, key
        self.rows = _model().objects.using(via.using).filter(key=key)

    def read(self) -> tuple[str | None, int] | None:
        with _translated():
            found = self.rows.values_list("document", "version").first()
        return None if found is None else (found[0], int(found[1]))

    def upsert(self, document: str | None) -> None:
        changes = {"document": document, "version": F("version") + 1, "updated_at": utc_now()}
        with _translated(), transaction.atomic(using=self.via.using):
            if self.rows.update(**changes):
                return
            try:
                with transaction.atomic(using=self.via.using):
                    self.rows.create(
                        key=self.key, document=document, version=1, updated_at=utc_now()
                    )
            except IntegrityError:  # another process made the row first
                self.rows.update(**changes)

    def ensure(self) -> None:
        with _translated():
            try:
                with transaction.atomic(using=self.via.using):
                    self.rows.get_or_create(key=self.key, defaults={"version": 0})
            except IntegrityError:
                pass  # made by another process meanwhile

    def lock(self, lease: float, wait: float) -> tuple[str | None, int]:
        with _translated():
            connection = connections[self.via.using]
            self.via.atomic = transaction.atomic(using=self.via.using)
            self.via.atomic.__enter__()
            try:
                found = self._locked_row(connection, lease, wait)
            except BaseException:
                self.end(commit=False)  # never leave the thread's connection in a transaction
                raise
        return found[0], int(found[1])

    def _locked_row(self, connection: Any, lease: float, wait: float) -> Any:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":  # both end with the transaction
                cursor.execute(f"SET LOCAL lock_timeout = {max(1, int(wait * 1000))}")
                lease_ms = max(1, int(lease * 1000))
                cursor.execute(f"SET LOCAL idle_in_transaction_session_timeout = {lease_ms}")
            elif connection.vendor == "sqlite":  # the store's own connection: no one else's
                cursor.execute(f"PRAGMA busy_timeout = {max(1, int(wait * 1000))}")
        if connection.vendor == "sqlite":  # a write first: SQLite's write lock
            self.rows.update(version=F("version"))
        return self.rows.select_for_update().values_list("document", "version").get()

    def fenced_write(self, document: str | None, version: int) -> bool:
        with _translated():
            changed = self.rows.filter(version=version).update(
                document=document, version=version + 1, updated_at=utc_now()
            )
        if changed != 1:
            self.end(commit=False)
            return False
        self.end(commit=True)
        return True

    def end(self, commit: bool) -> None:
        atomic, self.via.atomic = self.via.atomic, None
        if atomic is None:
            return
        with _translated():
            if not commit:
                transaction.set_rollback(True, using=self.via.using)
            atomic.__exit__(None, None, None)


def _fresh(using: str) -> None:
    """Before a step on a store thread: drop a connection that no longer answers (the
    database restarted, or ended a lock's transaction), so that the first call after the
    database is back works: a `SELECT 1`, as SQLAlchemy's `pool_pre_ping`. Django does its
    own checks around requests, which these threads never serve; its CONN_MAX_AGE is for
    requests, so these threads keep their connections."""
    connection = connections[using]
    if connection.in_atomic_block or connection.connection is None:
        return
    if connection.is_usable():
        connection.errors_occurred = False
    else:
        connection.close()


def submit(using: str, job: Callable[[], T]) -> Future[T]:
    """Run `job` on one of the shared store threads, on that thread's own connection to
    `using` (checked first): never inside the calling view's transaction."""

    def run() -> T:
        _fresh(using)
        return job()

    return _shared_pool().submit(run)


class _LockThreads:
    """Threads that each carry one lock at a time (its transaction lives on the thread's
    connection), kept for the next lock with their connections: at most `idle` wait."""

    def __init__(self, idle: int = 4) -> None:
        self._idle: list[ThreadPoolExecutor] = []
        self._lock = threading.Lock()
        self._max = idle

    def take(self) -> ThreadPoolExecutor:
        with self._lock:
            if self._idle:
                return self._idle.pop()
        return ThreadPoolExecutor(1, thread_name_prefix="contio-django-lock")

    def give_back(self, thread: ThreadPoolExecutor, using: str) -> None:
        clean = thread.submit(lambda: not connections[using].in_atomic_block).result()
        with self._lock:
            if clean and len(self._idle) < self._max:
                self._idle.append(thread)
                return
        with contextlib.suppress(DatabaseError, InterfaceError):
            thread.submit(connections[using].close).result()
        thread.shutdown()

    def forget(self) -> None:
        """In a forked child: the threads stayed in the parent."""
        self._idle = []
        self._lock = threading.Lock()


_lock_threads = _LockThreads()


def _after_fork() -> None:
    """A forked child (a pre-forking server's worker) has none of the parent's threads: a
    pool made before the fork would queue work that no thread ever runs."""
    global _pool, _pool_lock
    _pool, _pool_lock = None, threading.Lock()
    _lock_threads.forget()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork)


class DjangoTokenStore(DatabaseTokenStore):
    """The tokens of one key (say one user) in one row of the `contio_tokens` table.

    Refresh tokens rotate: two workers that refresh the same token at once sign the user out.
    `lock()` (the client takes it before a refresh) is a transaction holding the row's lock
    (`SELECT … FOR UPDATE`; SQLite's write lock), so N workers on M machines send one
    refresh; the holder's save is fenced (inside its transaction, on the version it read).
    On PostgreSQL a holder idle in its transaction past `lock_lease` has it ended by the
    server, so a stopped worker lets go. Database errors are TokenStoreError naming the store.
    """

    def __init__(
        self,
        key: str,
        *,
        using: str = "default",
        sealer: TokenSealer | None = None,
        lock_lease: float = 60.0,
        lock_timeout: float = 60.0,
    ) -> None:
        """A store of one user's tokens in the project's database (nothing is sent yet).

        Args:
            key: The user's key (the web integration's user key; at most 255 characters).
            using: The database alias (`DATABASES`) of the table.
            sealer: Seals the tokens at rest (contio.stores.sealing), bound to `key`.
            lock_lease: Seconds a holder may stay idle in its transaction before PostgreSQL
                ends it (longer than a refresh's deadline).
            lock_timeout: Seconds a waiter waits for the lock before TokenStoreError.

        Raises:
            ValueError: An empty or too long key, a bad number.
        """
        self.using = using
        self.core = RowStore(
            key,
            name=f"Django token store {key!r} in contio_tokens of database {using!r}",
            sealer=sealer,
            lock_lease=lock_lease,
            lock_timeout=lock_timeout,
        )

    def __repr__(self) -> str:
        return f"DjangoTokenStore(key={self.core.key!r}, using={self.using!r})"

    # Plain reads and writes run on the shared threads; each lock on a thread of its own,
    # whose connection keeps the lock's transaction until the lock ends.

    def _job(self, via: _Via, step: Callable[[Rows], T]) -> Callable[[], T]:
        def run() -> T:
            if via.connection.using not in connections.settings:
                raise TokenStoreError(
                    f"{self.core.name}: settings.DATABASES has no database {self.using!r}"
                )
            _fresh(via.connection.using)
            return step(_DjangoRows(via.connection, self.core.key))

        return run

    def _threads(self, locking: bool) -> Generator[_Via, None, None]:
        if not locking:
            yield _Via(_shared_pool(), _Connection(self.using))
            return
        own = _lock_threads.take()
        try:
            yield _Via(own, _Connection(self.using))
        finally:
            _lock_threads.give_back(own, self.using)

    def _connection(self, locking: bool) -> contextlib.AbstractContextManager[_Via]:
        return contextlib.contextmanager(self._threads)(locking)

    def _step(self, via: _Via, step: Callable[[Rows], T]) -> T:
        return via.pool.submit(self._job(via, step)).result()

    @contextlib.asynccontextmanager
    async def _aconnection(self, locking: bool) -> AsyncIterator[_Via]:
        threads = self._threads(locking)
        via = next(threads)
        try:
            yield via
        finally:
            await asyncio.to_thread(threads.close)

    async def _astep(self, via: _Via, step: Callable[[Rows], T]) -> T:
        return await asyncio.wrap_future(via.pool.submit(self._job(via, step)))
