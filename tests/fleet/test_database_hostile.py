"""The database stores against careless apps and bad days (issue 20's hostile pass): a waiter
that times out leaves nothing half-done behind, the app's own connection gets its settings
back, a password never shows, a wrong database alias or a missing table is a clear
TokenStoreError, and a forked worker (a pre-forking server) can use a store its parent used."""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import Connection, create_engine

from contio import AuthTokens, TokenStoreError
from contio.stores.sqlalchemy import SQLAlchemyTokenStore
from tests.fleet.databases import Database, open_database

TOKENS = AuthTokens.from_dict(
    {"access_token": "at", "refresh_token": "rt", "expires_in": 3600},
    received_at=datetime.now(UTC),
)


def hold_row_lock(database: Database) -> psycopg.Connection:
    """Another process's transaction holding the row's lock (PostgreSQL)."""
    dsn = database.url.replace("postgresql+psycopg://", "postgresql://")
    conn = psycopg.connect(dsn)
    conn.execute("SELECT 1 FROM contio_tokens WHERE key = %s FOR UPDATE", (database.key,))
    return conn


@pytest.fixture(params=["postgresql", "django-postgresql"])
def on_postgres(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """This test's key on PostgreSQL, through SQLAlchemy and through Django's ORM."""
    database = open_database(request.param, request, tmp_path)
    yield database
    database.close()


def test_a_waiter_that_times_out_says_so_and_the_next_lock_works(on_postgres: Database) -> None:
    database = on_postgres
    store = database.store(lock_timeout=0.3)
    store.save(TOKENS)
    other = hold_row_lock(database)
    try:
        for _ in range(3):  # the same threads and connections, each time cleaned up
            with (
                pytest.raises(TokenStoreError, match=r"timed out after 0\.3 s"),
                store.lock(),
            ):
                pass
    finally:
        other.rollback()
        other.close()
    with store.lock():
        assert store.load() == TOKENS
        store.save(TOKENS)  # fenced, inside the lock: lands
    assert store.load() == TOKENS
    assert not database.lock_held()


def test_the_apps_sqlite_connection_gets_its_busy_timeout_back(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path}/app.db", pool_size=1, max_overflow=0)
    from contio.stores.sqlalchemy import create_token_table

    create_token_table(engine)
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA busy_timeout = 1234")
    store = SQLAlchemyTokenStore("user", engine=engine, lock_timeout=9)
    with store.lock():
        store.save(TOKENS)
    with engine.connect() as conn:  # the pool's one connection, the store's lock's
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 1234


def test_a_password_never_shows_in_the_store_or_its_errors() -> None:
    url = "postgresql+psycopg://contio:pa55-w0rd-secret@127.0.0.1:1/app"
    store = SQLAlchemyTokenStore("user", engine=create_engine(url))
    assert "pa55-w0rd-secret" not in repr(store)
    with pytest.raises(TokenStoreError) as info:
        store.load()
    assert "pa55-w0rd-secret" not in str(info.value)
    assert "***" in str(info.value)  # the URL, with its password hidden
    assert "'user'" in str(info.value)


def test_a_missing_table_or_alias_is_a_clear_store_error(
    django_project: str, tmp_path: Path
) -> None:
    from contio.stores.django import DjangoTokenStore

    with pytest.raises(TokenStoreError, match="DATABASES has no database 'nowhere'"):
        DjangoTokenStore("user", using="nowhere").load()
    bare = SQLAlchemyTokenStore("user", engine=create_engine(f"sqlite:///{tmp_path}/bare.db"))
    with pytest.raises(TokenStoreError, match="no such table: contio_tokens"):
        bare.load()


def _in_the_child(queue: multiprocessing.Queue[str]) -> None:
    from contio.stores.django import DjangoTokenStore

    store = DjangoTokenStore("forked", using="default")
    loaded = store.load()
    queue.put("loaded" if loaded is not None else "nothing")


def test_a_forked_worker_uses_a_store_its_parent_used(django_project: str) -> None:
    from contio.stores.django import DjangoTokenStore

    DjangoTokenStore("forked", using="default").save(TOKENS)  # the parent's threads start
    context = multiprocessing.get_context("fork")
    queue: multiprocessing.Queue[str] = context.Queue()
    child = context.Process(target=_in_the_child, args=(queue,))
    child.start()
    child.join(30)
    if child.is_alive():
        child.kill()
        pytest.fail("the forked worker hung on the store (its parent's threads)")
    assert child.exitcode == 0
    assert queue.get(timeout=5) == "loaded"


async def test_an_asyncio_client_with_only_a_blocking_engine_never_blocks_its_loop(
    tmp_path: Path,
) -> None:
    from contio.stores.sqlalchemy import create_token_table

    engine = create_engine(f"sqlite:///{tmp_path}/tokens.db")
    create_token_table(engine)
    store = SQLAlchemyTokenStore("user", engine=engine)
    loop_thread = threading.get_ident()
    seen: list[int] = []
    real_connect = store._connect

    def connect() -> Connection:
        seen.append(threading.get_ident())
        return real_connect()

    store._connect = connect  # type: ignore[method-assign]
    await store.asave(TOKENS)
    async with store.alock():
        assert await store.aload() == TOKENS
        await store.asave(TOKENS)  # fenced, on the lock's connection, from worker threads
    assert await store.aload() == TOKENS
    assert seen
    assert loop_thread not in seen  # every connection was opened off the event loop


def test_without_the_app_the_django_store_says_what_to_add(django_project: str) -> None:
    from django.test import override_settings

    from contio.stores.django import DjangoTokenStore

    with (
        override_settings(INSTALLED_APPS=["django.contrib.sessions"]),
        pytest.raises(TokenStoreError, match="add it to INSTALLED_APPS"),
    ):
        DjangoTokenStore("user").load()
    assert DjangoTokenStore("user").load() is None  # with the app back, it reads again


def test_the_plain_sql_path_of_other_databases_writes_once_per_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from contio.stores import sqlalchemy as module

    engine = create_engine(f"sqlite:///{tmp_path}/plain.db")
    module.create_token_table(engine)
    real = module._SQLRows.__init__

    def as_another_database(self: object, *args: object) -> None:
        real(self, *args)  # type: ignore[arg-type]
        self.dialect = "another"  # type: ignore[attr-defined]

    monkeypatch.setattr(module._SQLRows, "__init__", as_another_database)
    store = SQLAlchemyTokenStore("plain", engine=engine)
    store.save(TOKENS)  # insert
    store.save(TOKENS)  # update
    with store.lock():  # ensure finds the row; FOR UPDATE where the database has it
        store.save(TOKENS)
    assert store.load() == TOKENS
    with engine.connect() as conn:
        rows = conn.exec_driver_sql("SELECT key, version FROM contio_tokens").all()
    assert rows == [("plain", 3)]
