"""Fixtures of the database stores' tests: the session's PostgreSQL, a SQLite file per test,
and what a test needs of either (stores of its key, a worker's description of one, whether
the row's lock is held right now, the raw row).

Imported by tests/fleet/conftest.py, so that every fleet test can ask for them.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from sqlalchemy import Engine, MetaData, create_engine, select

from contio.stores._database import DatabaseTokenStore
from contio.stores.django import DjangoTokenStore
from contio.stores.sqlalchemy import SQLAlchemyTokenStore, create_token_table, token_table
from tests.fleet.postgres import PostgresServer

#: The databases every database-store test runs on: through SQLAlchemy, and Django's ORM.
DATABASES = ["postgresql", "sqlite", "django-postgresql", "django-sqlite"]


class Database:
    """One database of a test, and one key in it."""

    def __init__(
        self, kind: str, url: str, async_url: str, key: str, django: dict[str, str] | None = None
    ) -> None:
        #: "postgresql" or "sqlite" (the database); `django` says how to reach it through
        #: the tests' Django project instead of SQLAlchemy.
        self.kind = kind.removeprefix("django-")
        self.django = django
        self.url = url
        self.async_url = async_url
        self.key = key
        self.engine: Engine = create_engine(url)
        create_token_table(self.engine)

    def store(self, key: str | None = None, **options: Any) -> DatabaseTokenStore:
        """A store of this test's key (options as the store's)."""
        if self.django is not None:
            return DjangoTokenStore(key or self.key, using=self.django["using"], **options)
        return SQLAlchemyTokenStore(key or self.key, engine=self.engine, **options)

    def spec(
        self, lock_lease: float = 30.0, lock_timeout: float = 30.0, **more: Any
    ) -> dict[str, Any]:
        """How a worker config describes an asyncio store of this key."""
        if self.django is not None:
            return {
                "kind": "django",
                **self.django,
                "key": self.key,
                "lock_lease": lock_lease,
                "lock_timeout": lock_timeout,
                **more,
            }
        return {
            "kind": "sqlalchemy",
            "url": self.async_url,
            "key": self.key,
            "lock_lease": lock_lease,
            "lock_timeout": lock_timeout,
            **more,
        }

    def row(self, key: str | None = None) -> tuple[str | None, int] | None:
        """The raw row of `key` (document, version), read behind the store's back."""
        table = token_table(MetaData())
        query = select(table.c.document, table.c.version).where(table.c.key == (key or self.key))
        with self.engine.connect() as conn:
            found = conn.execute(query).first()
        return None if found is None else (found[0], int(found[1]))

    def lock_held(self) -> bool:
        """Whether some transaction holds the row's lock (probed without waiting)."""
        if self.kind == "postgresql":
            dsn = self.url.replace("postgresql+psycopg://", "postgresql://")
            with psycopg.connect(dsn, autocommit=True) as conn:
                try:
                    with conn.transaction():
                        conn.execute(
                            "SELECT 1 FROM contio_tokens WHERE key = %s FOR UPDATE NOWAIT",
                            (self.key,),
                        )
                except psycopg.errors.LockNotAvailable:
                    return True
            return False
        path = self.url.removeprefix("sqlite:///")
        lite = sqlite3.connect(path, timeout=0, isolation_level=None)
        try:
            lite.execute("BEGIN IMMEDIATE")
            lite.execute("ROLLBACK")
        except sqlite3.OperationalError:
            return True
        finally:
            lite.close()
        return False

    def close(self) -> None:
        self.engine.dispose()


@pytest.fixture
def own_postgres() -> Iterator[PostgresServer]:
    """A PostgreSQL of this test alone, which it may stop and start again."""
    server = PostgresServer()
    try:
        server.start()
        yield server
    finally:
        server.close()


def open_database(kind: str, request: pytest.FixtureRequest, tmp_path: Path) -> Database:
    key = f"fleet-{uuid.uuid4().hex}"
    if kind.startswith("django-"):
        sqlite_path = request.getfixturevalue("django_project")
        postgres = request.getfixturevalue("postgres_url")
        using = "postgres" if kind == "django-postgresql" else "default"
        url = postgres if using == "postgres" else f"sqlite:///{sqlite_path}"
        async_url = postgres if using == "postgres" else f"sqlite+aiosqlite:///{sqlite_path}"
        django = {"sqlite": sqlite_path, "postgres": postgres, "using": using}
        return Database(kind, url, async_url, key, django)
    if kind == "postgresql":
        url = request.getfixturevalue("postgres_url")
        return Database(kind, url, url, key)
    path = tmp_path / "tokens.db"
    return Database(kind, f"sqlite:///{path}", f"sqlite+aiosqlite:///{path}", key)


@pytest.fixture(params=DATABASES)
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """This test's key in PostgreSQL, then in SQLite."""
    db = open_database(request.param, request, tmp_path)
    try:
        yield db
    finally:
        db.close()
