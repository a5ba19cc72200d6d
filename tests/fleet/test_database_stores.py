"""The database token store shared by a fleet (issue 20), on a real PostgreSQL and SQLite.

8 worker processes x 50 asyncio tasks on one expired token send exactly one refresh (the row
lock is the refresh lock); a holder stopped on SQLite (whose lock has no lease) makes the
others wait, then fail clearly, never refresh beside it; PostgreSQL restarted mid-run is a
TokenStoreError, then recovery; sealed rows show nothing of a token. The killed and stopped
holders' tests are tests/fleet/test_lock_holder_killed.py and test_lease_lapsed.py.
"""

from __future__ import annotations

import signal
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import MetaData, create_engine, update
from sqlalchemy.ext.asyncio import create_async_engine

from contio import (
    AsyncOAuthClient,
    AuthTokens,
    OAuthClient,
    TokenStoreError,
    TokensUnreadableError,
)
from contio.stores.sealing import TokenSealer
from contio.stores.sqlalchemy import SQLAlchemyTokenStore, create_token_table, token_table
from contio.testing import ContioMock
from tests.fleet.conftest import (
    ACCESS_TOKEN_LIFETIME,
    Workers,
    alive,
    clear_faults,
    count,
    pending_faults,
    wait_until,
    worker_config,
)
from tests.fleet.databases import Database
from tests.fleet.postgres import PostgresServer
from tests.fleet.test_fleet_refresh import (
    assert_one_refresh_for_all,
    release_fleet,
    sign_in_and_expire,
)


def test_8_processes_x_50_tasks_on_one_row_cause_one_refresh(
    contio_mock: ContioMock, workers: Workers, database: Database, tmp_path: Path
) -> None:
    keys = [TokenSealer.generate_key()]
    store = database.store(sealer=TokenSealer(keys))
    signed = sign_in_and_expire(contio_mock, store)
    before = count(contio_mock)
    reports = release_fleet(contio_mock, workers, database.spec(sealer_keys=keys), tmp_path)
    saved = store.load()
    assert_one_refresh_for_all(contio_mock, reports, signed, saved, before)
    assert not database.lock_held()  # every transaction ended
    row = database.row()
    assert row is not None
    assert row[0] is not None
    assert saved is not None
    assert saved.refresh_token is not None
    for secret in (saved.access_token, saved.refresh_token, signed.refresh_token or "-"):
        assert secret not in row[0]  # sealed: nothing of a token in the row
    assert row[0].startswith("contio-sealed.v1.")


def test_a_stopped_holder_on_sqlite_makes_the_others_wait_then_fail_clearly(
    contio_mock: ContioMock, workers: Workers, tmp_path: Path
) -> None:
    path = tmp_path / "tokens.db"
    db = Database("sqlite", f"sqlite:///{path}", f"sqlite+aiosqlite:///{path}", "stopped")
    try:
        store = db.store()
        signed = sign_in_and_expire(contio_mock, store)
        before = count(contio_mock)
        contio_mock.fault("exchangeOauthToken", status=None, count=1, delay_ms=120_000)
        a = workers.start(worker_config(contio_mock, db.spec(lock_timeout=60), timeout=120))
        wait_until(alive(a, db.lock_held), "worker A to take the lock")
        wait_until(alive(a, lambda: not pending_faults(contio_mock)), "A's refresh to be sent")
        a.send_signal(signal.SIGSTOP)
        try:
            b = Workers.report(
                workers.start(worker_config(contio_mock, db.spec(lock_timeout=1), tasks=3))
            )
            # SQLite's lock has no lease: B waited its lock_timeout and failed clearly,
            # without refreshing beside A.
            assert b["got"] == 0
            assert b["store_errors"] == 3, b["errors"]
            assert all("timed out" in error for error in b["errors"])
            assert count(contio_mock) == before
        finally:
            clear_faults(contio_mock)
            a.send_signal(signal.SIGCONT)
        report = Workers.report(a)  # A goes on: its refresh lands, once
        assert report["errors"] == []
        saved = store.load()
        assert saved is not None
        assert report["tokens"] == [saved.access_token]
        assert saved.refresh_token != signed.refresh_token
        assert count(contio_mock) == before + 1
    finally:
        db.close()


async def test_postgres_restarted_mid_run_is_a_store_error_then_recovers(
    contio_mock: ContioMock, own_postgres: PostgresServer
) -> None:
    engine = create_engine(own_postgres.url, pool_pre_ping=True)
    async_engine = create_async_engine(own_postgres.url, pool_pre_ping=True)
    create_token_table(engine)
    store = SQLAlchemyTokenStore("restart", engine=engine, async_engine=async_engine)
    oauth = OAuthClient(**contio_mock.client_kwargs(token_store=store))
    aoauth = AsyncOAuthClient(**contio_mock.client_kwargs(token_store=store))
    try:
        contio_mock.sign_in(oauth)
        signed = store.load()
        assert signed is not None
        contio_mock.advance(ACCESS_TOKEN_LIFETIME + 1)  # the next use needs the store's lock
        own_postgres.stop()
        before = count(contio_mock)
        for call in (oauth.get_valid_access_token, store.load):
            with pytest.raises(TokenStoreError) as info:
                call()
            assert "'restart'" in str(info.value)
            assert "contio_tokens" in str(info.value)
            assert signed.access_token not in str(info.value)
        with pytest.raises(TokenStoreError):
            await aoauth.get_valid_access_token()
        assert count(contio_mock) == before  # no refresh without the lock

        own_postgres.start()
        token = oauth.get_valid_access_token()  # recovered: the refresh, under the lock
        assert count(contio_mock) == before + 1
        saved = store.load()
        assert saved is not None
        assert saved.access_token == token
        assert await aoauth.get_valid_access_token() == token
        assert await store.aload() == saved
    finally:
        oauth.close()
        await aoauth.aclose()
        await async_engine.dispose()
        engine.dispose()


async def test_a_sealed_row_opens_after_rotation_and_not_for_another_user(
    database: Database,
) -> None:
    old, new = TokenSealer.generate_key(), TokenSealer.generate_key()
    tokens = _tokens()
    database.store(sealer=TokenSealer([old])).save(tokens)
    rotated = database.store(sealer=TokenSealer([new, old]))
    assert rotated.load() == tokens  # the rotated key set opens the old value
    rotated.save(tokens)  # ... and re-seals it with the new key
    assert database.store(sealer=TokenSealer([new])).load() == tokens
    with pytest.raises(TokensUnreadableError, match="not in this store's key set"):
        database.store(sealer=TokenSealer([old])).load()
    # Another user's row copied over this one's does not open here.
    other = database.store(f"{database.key}-other", sealer=TokenSealer([new]))
    other.save(tokens)
    copied = database.row(other.core.key)
    assert copied is not None
    assert copied[0] is not None
    victim = database.store(f"{database.key}-victim", sealer=TokenSealer([new]))
    _write_raw(database, victim.core.key, copied[0])
    with pytest.raises(TokensUnreadableError, match="another user"):
        victim.load()
    victim.save(tokens)  # the user signs in again: the next save replaces it
    assert victim.load() == tokens
    assert await victim.aload() == tokens


def _tokens() -> AuthTokens:
    return AuthTokens.from_dict(
        {"access_token": "at-secret", "refresh_token": "rt-secret", "expires_in": 3600},
        received_at=datetime.now(UTC),
    )


def _write_raw(database: Database, key: str, document: str) -> None:
    """Put `document` in `key`'s row behind the store's back."""
    SQLAlchemyTokenStore(key, engine=database.engine).save(_tokens())
    table = token_table(MetaData())
    with database.engine.begin() as conn:
        conn.execute(update(table).where(table.c.key == key).values(document=document))


def test_postgres_restarted_under_the_django_store_is_a_store_error_then_recovers(
    contio_mock: ContioMock, own_postgres: PostgresServer, django_project: str
) -> None:
    from django.db import connections

    from contio.stores.django import DjangoTokenStore
    from tests.django_project import database_settings

    # A database alias of this test's own server, added as Django itself fills one in.
    alias = f"restart_{own_postgres.port}"
    connections.settings[alias] = {
        **connections.settings["postgres"],
        **database_settings(own_postgres.url),
    }
    create_token_table(create_engine(own_postgres.url))
    store = DjangoTokenStore("restart", using=alias)
    with OAuthClient(**contio_mock.client_kwargs(token_store=store)) as oauth:
        contio_mock.sign_in(oauth)
        signed = store.load()
        assert signed is not None
        contio_mock.advance(ACCESS_TOKEN_LIFETIME + 1)
        own_postgres.stop()
        before = count(contio_mock)
        with pytest.raises(TokenStoreError) as info:
            oauth.get_valid_access_token()
        assert "'restart'" in str(info.value)
        assert count(contio_mock) == before  # no refresh without the lock
        own_postgres.start()
        token = oauth.get_valid_access_token()  # the store's threads reconnect
        assert count(contio_mock) == before + 1
        saved = store.load()
        assert saved is not None
        assert saved.access_token == token
