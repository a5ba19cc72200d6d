"""The budget of a fleet in the app's own database, through SQLAlchemy 2 (`pip install
'contio[sqlalchemy]'`): for a fleet that has a database and no Redis.

One row per egress address (`contio_budget` unless you name another table: create it with
`create_budget_table(engine)`, or add `budget_table(your_metadata)` to your migrations) holds
the window's send times, the pause and the refused credentials. Each draw is one short
transaction that takes the row's lock (an UPDATE first: the row lock on PostgreSQL, the
database's write lock on SQLite), decides as the memory budget does, and writes the row back:
two processes never both take the last request. Times are the processes' own clocks (Unix
time): keep the fleet's clocks in step (NTP), as a window of minutes needs only seconds.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar, Unpack

from contio._extras import extra

with extra("sqlalchemy", "contio.budget.sqlalchemy (SQLAlchemyBudget)"):
    from sqlalchemy import (
        Column,
        Connection,
        Engine,
        Float,
        MetaData,
        String,
        Table,
        Text,
        insert,
        select,
        update,
    )
    from sqlalchemy.exc import IntegrityError, SQLAlchemyError
    from sqlalchemy.ext.asyncio import AsyncEngine

from contio.budget._base import Limits, LimitSettings, Window
from contio.budget._row import EMPTY, RowBudget, as_row, from_row

__all__ = ["SQLAlchemyBudget", "budget_table", "create_budget_table"]

T = TypeVar("T")
TABLE = "contio_budget"


def budget_table(metadata: MetaData, name: str = TABLE) -> Table:
    """The budget table's definition in `metadata` (for the app's own migrations)."""
    return Table(
        name,
        metadata,
        Column("address", String(200), primary_key=True),
        Column("sent", Text, nullable=False),  # JSON: the send times in the window
        Column("paused_until", Float, nullable=False),
        Column("refused", Text, nullable=False),  # JSON: credential id -> until
    )


def create_budget_table(engine: Engine, name: str = TABLE) -> Table:
    """Create the budget table if it is missing; the table."""
    table = budget_table(MetaData(), name)
    table.metadata.create_all(engine)
    return table


class SQLAlchemyBudget(RowBudget):
    """One OAuth request budget for every process of a fleet behind one egress address, in
    a table of the app's database. Give the same `address` in every process behind it; a
    database that cannot be reached is `BudgetUnavailableError` and nothing is sent."""

    def __init__(
        self,
        *,
        engine: Engine | None = None,
        async_engine: AsyncEngine | None = None,
        address: str = "default",
        table: str = TABLE,
        **settings: Unpack[LimitSettings],
    ) -> None:
        """A fleet's budget of `limit` requests per rolling `window` seconds, kept
        `headroom` under it; see `contio.budget` for each setting.

        Args:
            engine: A blocking `Engine`, for blocking clients.
            async_engine: An `AsyncEngine`, for asyncio clients.
            address: The egress address's name: the processes giving the same one share.
            table: The table's name.
        """
        if engine is None and async_engine is None:
            raise ValueError("give engine and/or async_engine")
        limits = Limits(**settings)
        super().__init__(address, limits)
        self._engine = engine
        self._async_engine = async_engine
        self._table = budget_table(MetaData(), table)

    def _locked(self, conn: Connection) -> Window:
        """Take the row's lock (making the row first if it is missing) and read it."""
        table, where = self._table, self._table.c.address == self.address
        while True:
            touched = conn.execute(update(table).where(where).values(address=self.address))
            if touched.rowcount:
                break
            try:
                with conn.begin_nested():
                    conn.execute(insert(table).values(address=self.address, **EMPTY))
            except IntegrityError:
                continue  # another process made it first: take its lock
        row = conn.execute(select(table).where(where)).one()
        return from_row(row.sent, row.paused_until, row.refused)

    def _change(self, conn: Connection, act: Callable[[Window, float], T]) -> T:
        window = self._locked(conn)
        outcome = act(window, time.time())
        conn.execute(
            update(self._table)
            .where(self._table.c.address == self.address)
            .values(**as_row(window))
        )
        return outcome

    def _run(self, act: Callable[[Window, float], T]) -> T:
        if self._engine is None:
            raise ValueError("this SQLAlchemyBudget has no blocking engine; give engine=")
        try:
            with self._engine.begin() as conn:
                return self._change(conn, act)
        except SQLAlchemyError as exc:
            raise self._failed(exc) from None

    async def _arun(self, act: Callable[[Window, float], T]) -> T:
        if self._async_engine is None:
            raise ValueError("this SQLAlchemyBudget has no asyncio engine; give async_engine=")
        try:
            async with self._async_engine.begin() as conn:
                return await conn.run_sync(self._change, act)
        except SQLAlchemyError as exc:
            raise self._failed(exc) from None
