"""The fleet's budget in the app's database (SQLAlchemyBudget), on a real PostgreSQL and on
SQLite: the same rules as the memory budget, one transaction per draw so that concurrent
processes never both take the last request, the asyncio engine too, and a database that
cannot be reached sends nothing."""

from __future__ import annotations

import time
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine
from sqlalchemy.ext.asyncio import create_async_engine

from contio import OAuthClient
from contio.budget import BACKGROUND, USER
from contio.budget.sqlalchemy import SQLAlchemyBudget, create_budget_table
from contio.errors import BudgetSpentError, BudgetUnavailableError
from contio.testing import ContioMock
from tests.budget.conftest import granted_at_once


@pytest.fixture(params=["postgresql", "sqlite"])
def urls(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[str, str]:
    """A blocking and an asyncio URL of one database with the budget table."""
    if request.param == "postgresql":
        url = request.getfixturevalue("postgres_url")
        found = (url, url)
    else:
        path = tmp_path / "budget.db"
        found = (f"sqlite:///{path}", f"sqlite+aiosqlite:///{path}")
    engine = create_engine(found[0])
    create_budget_table(engine, TABLE)
    engine.dispose()
    return found


#: Not Django's `contio_budget`: the session's PostgreSQL is the Django project's too, whose
#: migration makes that table.
TABLE = "contio_budget_sqlalchemy_tests"


def address() -> str:
    return f"test-{uuid.uuid4().hex}"


def test_the_rules_in_the_database(urls: tuple[str, str]) -> None:
    engine = create_engine(urls[0])
    budget = SQLAlchemyBudget(
        table=TABLE, engine=engine, address=address(), limit=6, window=1.0, headroom=1, reserve=2
    )
    assert [budget.take(BACKGROUND, "c").granted for _ in range(4)] == [True] * 3 + [False]
    assert budget.take(USER, "c").granted
    assert budget.take(USER, "c").granted  # 5 = 6 - 1 of headroom
    spent = budget.take(USER, "c")
    assert spent.reason == "spent"
    assert 0.5 < spent.wait <= 1.0
    time.sleep(spent.wait + 0.05)
    assert budget.take(USER, "c").granted
    budget.pause(30)
    assert budget.take(USER, "c").reason == "paused"
    other = SQLAlchemyBudget(table=TABLE, engine=engine, address=address())
    other.refuse("bad", 30)
    assert other.take(USER, "bad").reason == "refused"
    assert other.take(USER, "good").granted
    engine.dispose()


def test_concurrent_processes_never_take_more_than_the_window(urls: tuple[str, str]) -> None:
    """Eight workers of their own (an engine each: other connections, as processes have) draw
    as fast as they can from one row: exactly what the window holds is granted."""
    name = address()
    engines = []

    def budget() -> SQLAlchemyBudget:
        engines.append(engine := create_engine(urls[0]))
        return SQLAlchemyBudget(
            table=TABLE, engine=engine, address=name, limit=40, window=60, headroom=0
        )

    assert granted_at_once(budget) == 40
    for engine in engines:
        engine.dispose()


async def test_the_asyncio_engine_draws_from_the_same_row(urls: tuple[str, str]) -> None:
    name = address()
    engine = create_engine(urls[0])
    async_engine = create_async_engine(urls[1])
    sync = SQLAlchemyBudget(
        table=TABLE, engine=engine, address=name, limit=3, headroom=0, reserve=0
    )
    both = SQLAlchemyBudget(
        table=TABLE, async_engine=async_engine, address=name, limit=3, headroom=0, reserve=0
    )
    assert sync.take(USER, "c").granted
    assert (await both.atake(USER, "c")).granted
    await both.apause(0.2)
    assert sync.take(USER, "c").reason == "paused"
    await async_engine.dispose()
    engine.dispose()


def test_a_client_on_a_spent_database_budget_sends_nothing(
    contio_mock: ContioMock, urls: tuple[str, str]
) -> None:
    engine = create_engine(urls[0])
    budget = SQLAlchemyBudget(
        table=TABLE, engine=engine, address=address(), limit=2, headroom=0, wait=0
    )
    before = contio_mock.stats().get("listOauthScopes", 0)
    with OAuthClient(**contio_mock.client_kwargs(budget=budget)) as client:
        client.get_available_scopes()
        client.get_available_scopes()
        with pytest.raises(BudgetSpentError):
            client.get_available_scopes()
    assert contio_mock.stats()["listOauthScopes"] == before + 2
    engine.dispose()


def test_a_database_that_cannot_be_reached_sends_nothing(contio_mock: ContioMock) -> None:
    engine = create_engine("postgresql+psycopg://nobody@127.0.0.1:9/none")
    budget = SQLAlchemyBudget(table=TABLE, engine=engine, address="down")
    before = contio_mock.stats().get("listOauthScopes", 0)
    client = OAuthClient(**contio_mock.client_kwargs(budget=budget))
    with client, pytest.raises(BudgetUnavailableError, match="'down' in the database"):
        client.get_available_scopes()
    assert contio_mock.stats().get("listOauthScopes", 0) == before
    engine.dispose()
