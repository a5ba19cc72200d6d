"""Tokens in the app's own database through SQLAlchemy 2, shared by every process and
machine of a fleet, with the database's row lock as the refresh lock.

One row per user key in a table (`contio_tokens` unless you name another): create it with
`create_token_table(engine)`, or add `token_table(your_metadata)` to your migrations. Give a
blocking `Engine`, an `AsyncEngine`, or both: an `AsyncOAuthClient` uses the asyncio one, and
the blocking one from a worker thread when it is the only one. PostgreSQL and SQLite are the
databases it is tested on (others get plain SQL and `SELECT … FOR UPDATE`, with the
server's own lock wait and no lease); on PostgreSQL a holder of the lock that stays idle
past `lock_lease` has its transaction ended by the server, so a stopped worker lets go. On
SQLite the lock is the database's write lock, held for the refresh: it has no lease, so a
stopped holder keeps it until it goes on or dies (waiters time out with TokenStoreError).
Install with `pip install 'contio[sqlalchemy]'` and your database's driver (psycopg for
PostgreSQL: `postgresql+psycopg://...` works with both engines).
"""

from __future__ import annotations

import asyncio
import contextlib
import math
from collections.abc import AsyncIterator, Callable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

from contio._extras import extra

with extra("sqlalchemy", "contio.stores.sqlalchemy (SQLAlchemyTokenStore)"):
    from sqlalchemy import (
        BigInteger,
        Column,
        Connection,
        DateTime,
        Engine,
        MetaData,
        String,
        Table,
        Text,
        select,
        text,
        update,
    )
    from sqlalchemy.dialects import postgresql, sqlite
    from sqlalchemy.exc import DBAPIError, IntegrityError, SQLAlchemyError
    from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from contio.errors import TokenStoreError
from contio.stores._database import (
    DatabaseFailure,
    DatabaseTokenStore,
    Rows,
    RowStore,
    classify,
    utc_now,
)

if TYPE_CHECKING:
    from contio.stores.sealing import TokenSealer

__all__ = ["SQLAlchemyTokenStore", "create_token_table", "token_table"]

T = TypeVar("T")
#: The table's name unless the app names another.
TABLE = "contio_tokens"
#: Where a lock's connection keeps the statement that puts its session setting back.
_RESTORE = "contio_restore"


def token_table(metadata: MetaData, name: str = TABLE) -> Table:
    """The token table's definition in `metadata` (for the app's own migrations).

    Args:
        metadata: The app's MetaData.
        name: The table's name.

    Returns:
        The table.
    """
    return Table(
        name,
        metadata,
        Column("key", String(255), primary_key=True),
        Column("document", Text, nullable=True),
        Column("version", BigInteger, nullable=False, default=0),
        Column("updated_at", DateTime(timezone=True), nullable=True),
    )


_DEFAULT = token_table(MetaData())


def create_token_table(engine: Engine, table: Table | None = None) -> None:
    """Create the token table unless it exists.

    Args:
        engine: A blocking engine on the database.
        table: The table (default: `contio_tokens`).
    """
    (table if table is not None else _DEFAULT).create(engine, checkfirst=True)


def _failure(exc: SQLAlchemyError) -> DatabaseFailure:
    """What went wrong, from the driver's error (SQLAlchemy's text shows the parameters)."""
    invalidated = isinstance(exc, DBAPIError) and exc.connection_invalidated
    orig = getattr(exc, "orig", None)
    return classify(orig if isinstance(orig, BaseException) else exc, invalidated)


@contextlib.contextmanager
def _translated() -> Iterator[None]:
    try:
        yield
    except SQLAlchemyError as exc:
        raise _failure(exc) from None


def _ms(seconds: float) -> int:
    return max(1, math.ceil(seconds * 1000))


class _SQLRows:
    """`Rows` in SQLAlchemy Core, on one blocking connection (or run_sync's)."""

    def __init__(self, conn: Connection, table: Table, key: str) -> None:
        self.conn, self.table, self.key = conn, table, key
        self.dialect = conn.dialect.name

    def _columns(self) -> Any:
        return select(self.table.c.document, self.table.c.version).where(
            self.table.c.key == self.key
        )

    def read(self) -> tuple[str | None, int] | None:
        with _translated():
            row = self.conn.execute(self._columns()).first()
        return None if row is None else (row[0], int(row[1]))

    def upsert(self, document: str | None) -> None:
        table = self.table
        values = {"key": self.key, "document": document, "version": 1, "updated_at": utc_now()}
        with _translated():
            if self.dialect in ("postgresql", "sqlite"):
                dialect = postgresql if self.dialect == "postgresql" else sqlite
                stmt = dialect.insert(table).values(**values)
                self.conn.execute(
                    stmt.on_conflict_do_update(
                        index_elements=[table.c.key],
                        set_={
                            "document": stmt.excluded.document,
                            "version": table.c.version + 1,
                            "updated_at": stmt.excluded.updated_at,
                        },
                    )
                )
            else:  # plain SQL: update, else insert, else (made meanwhile) update
                bump = (
                    update(table)
                    .where(table.c.key == self.key)
                    .values(document=document, version=table.c.version + 1, updated_at=utc_now())
                )
                if self.conn.execute(bump).rowcount == 0:
                    try:
                        with self.conn.begin_nested():
                            self.conn.execute(table.insert().values(**values))
                    except IntegrityError:
                        self.conn.execute(bump)
            self.conn.commit()

    def ensure(self) -> None:
        table = self.table
        values = {"key": self.key, "document": None, "version": 0, "updated_at": utc_now()}
        with _translated():
            if self.dialect in ("postgresql", "sqlite"):
                dialect = postgresql if self.dialect == "postgresql" else sqlite
                self.conn.execute(dialect.insert(table).values(**values).on_conflict_do_nothing())
            elif self.read() is None:
                try:
                    with self.conn.begin_nested():
                        self.conn.execute(table.insert().values(**values))
                except IntegrityError:  # another process made it first
                    pass
            self.conn.commit()

    def lock(self, lease: float, wait: float) -> tuple[str | None, int]:
        table = self.table
        with _translated():
            if self.dialect == "postgresql":
                self.conn.execute(text(f"SET LOCAL lock_timeout = {_ms(wait)}"))
                self.conn.execute(
                    text(f"SET LOCAL idle_in_transaction_session_timeout = {_ms(lease)}")
                )
            elif self.dialect == "sqlite":
                self._for_the_lock("PRAGMA busy_timeout", "PRAGMA busy_timeout = {}", _ms(wait))
                # A write first: it takes SQLite's write lock, which FOR UPDATE cannot say.
                self.conn.execute(
                    update(table).where(table.c.key == self.key).values(version=table.c.version)
                )
            row = self.conn.execute(self._columns().with_for_update()).one()
        return row[0], int(row[1])

    def fenced_write(self, document: str | None, version: int) -> bool:
        table = self.table
        with _translated():
            changed = self.conn.execute(
                update(table)
                .where(table.c.key == self.key, table.c.version == version)
                .values(document=document, version=version + 1, updated_at=utc_now())
            )
            if changed.rowcount != 1:
                self.conn.rollback()
                return False
            self.conn.commit()
        return True

    def end(self, commit: bool) -> None:
        with _translated():
            if commit:
                self.conn.commit()
            else:
                self.conn.rollback()
            restore = self.conn.info.pop(_RESTORE, None)
            if restore is not None:  # the app's own setting, on the app's own connection
                self.conn.exec_driver_sql(restore)

    def _for_the_lock(self, read: str, write: str, value: int) -> None:
        """Set a session setting for the lock's wait (SQLite's busy timeout), and remember to
        put the connection's own value back when the lock ends (the connection is the app's
        pool's)."""
        if _RESTORE not in self.conn.info:
            before = self.conn.exec_driver_sql(read).scalar()
            self.conn.info[_RESTORE] = write.format(int(before or 0))
        self.conn.exec_driver_sql(write.format(value))


class SQLAlchemyTokenStore(DatabaseTokenStore):
    """The tokens of one key (say one user) in one row of the app's database.

    Refresh tokens rotate: two workers that refresh the same token at once sign the user out.
    `lock()` (the client takes it before a refresh) is a transaction holding the row's lock,
    so that N workers on M machines send one refresh; the holder's save is fenced (it lands
    only inside its transaction, on the row version it read). Database errors are
    TokenStoreError naming the store, never a silent fallback.
    """

    def __init__(
        self,
        key: str,
        *,
        engine: Engine | None = None,
        async_engine: AsyncEngine | None = None,
        table: Table | None = None,
        sealer: TokenSealer | None = None,
        lock_lease: float = 60.0,
        lock_timeout: float = 60.0,
    ) -> None:
        """A store of one user's tokens in a database table (nothing is sent yet).

        Args:
            key: The user's key (at most 255 characters).
            engine: A blocking engine (`create_engine(...)`; `pool_pre_ping=True` recovers
                quietly from a database restart).
            async_engine: An asyncio engine, for an `AsyncOAuthClient`.
            table: The token table (default: `contio_tokens`; see `token_table`).
            sealer: Seals the tokens at rest (contio.stores.sealing), bound to `key`.
            lock_lease: Seconds a holder of the lock may stay idle in its transaction before
                PostgreSQL ends it (longer than a refresh's deadline).
            lock_timeout: Seconds a waiter waits for the lock before TokenStoreError.

        Raises:
            ValueError: No engine, an empty or too long key, a bad number.
        """
        if engine is None and async_engine is None:
            raise ValueError("give engine and/or async_engine")
        where = (engine or async_engine).url.render_as_string(hide_password=True)  # type: ignore[union-attr]
        self.table = table if table is not None else _DEFAULT
        self.core = RowStore(
            key,
            name=f"database token store {key!r} in {self.table.name} at {where}",
            sealer=sealer,
            lock_lease=lock_lease,
            lock_timeout=lock_timeout,
        )
        self.engine, self.async_engine = engine, async_engine

    def __repr__(self) -> str:
        return f"SQLAlchemyTokenStore(key={self.core.key!r}, table={self.table.name!r})"

    def _rows(self, conn: Connection) -> Rows:
        return _SQLRows(conn, self.table, self.core.key)

    def _connect(self) -> Connection:
        if self.engine is None:
            raise TokenStoreError(f"{self.core.name} has no blocking engine; give engine")
        try:
            return self.engine.connect()
        except SQLAlchemyError as exc:
            raise self.core.failed("connect", _failure(exc)) from None

    @contextlib.contextmanager
    def _connection(self, locking: bool = False) -> Iterator[Connection]:
        conn = self._connect()
        try:
            yield conn
        finally:
            with contextlib.suppress(SQLAlchemyError):
                conn.close()

    def _step(self, via: Connection, step: Callable[[Rows], T]) -> T:
        return step(self._rows(via))

    @contextlib.asynccontextmanager
    async def _aconnection(
        self, locking: bool = False
    ) -> AsyncIterator[AsyncConnection | Connection]:
        if self.async_engine is None:  # the blocking engine, from a worker thread
            conn = await asyncio.to_thread(self._connect)
            try:
                yield conn
            finally:
                with contextlib.suppress(SQLAlchemyError):
                    await asyncio.to_thread(conn.close)
            return
        try:
            aconn = await self.async_engine.connect()
        except SQLAlchemyError as exc:
            raise self.core.failed("connect", _failure(exc)) from None
        try:
            yield aconn
        finally:
            with contextlib.suppress(SQLAlchemyError):
                await aconn.close()

    async def _astep(self, via: AsyncConnection | Connection, step: Callable[[Rows], T]) -> T:
        if isinstance(via, Connection):
            return await asyncio.to_thread(self._step, via, step)
        return await via.run_sync(lambda conn: step(self._rows(conn)))
