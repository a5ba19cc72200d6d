"""Tokens sealed at rest (issue 20): nothing of a token readable in the file, the Redis value
or the database row; a rotated key set opens old values and re-seals them at the next save;
a tampered, foreign or unknown-key value is a clear TokensUnreadableError, never a crash, and
the next save replaces it."""

from __future__ import annotations

import base64
import stat
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
import redis

from contio import AuthTokens, OAuthClient, TokenStoreError, TokensUnreadableError
from contio.stores import FileTokenStore, TokenStore
from contio.stores.redis import RedisTokenStore
from contio.stores.sealing import SEALED_PREFIX, TokenSealer
from contio.testing import ContioMock
from tests.fleet.conftest import token_key
from tests.fleet.databases import Database

TOKENS = AuthTokens.from_dict(
    {
        "access_token": "cto_at_v1_readable-access",
        "refresh_token": "cto_rt_v1_readable-refresh",
        "id_token": "eyJhbGciOiJSUzI1NiJ9.e30.c2ln",
        "expires_in": 3600,
        "scope": "openid email",
    },
    received_at=datetime.now(UTC),
)
SECRETS = ("readable-access", "readable-refresh", "eyJhbGciOiJSUzI1NiJ9", "openid email")


def text_of(value: object) -> str:
    """A Redis value as text (redis-py answers bytes)."""
    assert isinstance(value, bytes), value
    return value.decode()


def assert_sealed(raw: str) -> None:
    assert raw.startswith(SEALED_PREFIX)
    for secret in SECRETS:
        assert secret not in raw
    body = base64.urlsafe_b64decode(raw.rsplit(".", 1)[1] + "==")
    for secret in SECRETS:  # not merely encoded either
        assert secret.encode() not in body


def test_a_sealed_token_file_shows_nothing_and_stays_0600(tmp_path: Path) -> None:
    path = tmp_path / "tokens.json"
    sealer = TokenSealer([TokenSealer.generate_key()])
    FileTokenStore(path, sealer=sealer).save(TOKENS)
    assert_sealed(path.read_text())
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert FileTokenStore(path, sealer=sealer).load() == TOKENS
    with pytest.raises(TokensUnreadableError, match="no sealer"):
        FileTokenStore(path).load()


def test_a_sealed_redis_value_shows_nothing(
    redis_url: str, redis_key: str, raw_redis: redis.Redis
) -> None:
    sealer = TokenSealer([TokenSealer.generate_key()])
    store = RedisTokenStore(redis_key, url=redis_url, sealer=sealer)
    try:
        store.save(TOKENS)
        with store.lock():  # the fenced save (a Lua script) seals too
            store.save(TOKENS)
        assert_sealed(text_of(raw_redis.get(token_key(redis_key))))
        assert store.load() == TOKENS
    finally:
        store.close()


async def test_a_sealed_database_row_shows_nothing(database: Database) -> None:
    store = database.store(sealer=TokenSealer([TokenSealer.generate_key()]))
    await store.asave(TOKENS)
    row = database.row()
    assert row is not None
    assert row[0] is not None
    assert_sealed(row[0])
    assert await store.aload() == TOKENS


def stores_of(
    tmp_path: Path, redis_url: str, redis_key: str
) -> dict[str, Callable[..., TokenStore]]:
    return {
        "file": lambda sealer: FileTokenStore(tmp_path / "t.json", sealer=sealer),
        "redis": lambda sealer: RedisTokenStore(redis_key, url=redis_url, sealer=sealer),
    }


@pytest.mark.parametrize("kind", ["file", "redis"])
def test_key_rotation_opens_old_values_and_reseals_them(
    kind: str, tmp_path: Path, redis_url: str, redis_key: str
) -> None:
    make = stores_of(tmp_path, redis_url, redis_key)[kind]
    old, new = TokenSealer.generate_key(), TokenSealer.generate_key()
    make(TokenSealer([old])).save(TOKENS)
    rotated = make(TokenSealer([new, old]))
    assert rotated.load() == TOKENS
    rotated.save(TOKENS)  # the next save seals with the first key
    assert make(TokenSealer([new])).load() == TOKENS
    with pytest.raises(TokensUnreadableError, match="not in this store's key set") as info:
        make(TokenSealer([old])).load()
    assert isinstance(info.value, TokenStoreError)
    assert old not in str(info.value)
    assert new not in str(info.value)


@pytest.mark.parametrize("kind", ["file", "redis"])
def test_a_tampered_value_is_a_clear_error_and_the_next_save_replaces_it(
    kind: str, tmp_path: Path, redis_url: str, redis_key: str, raw_redis: redis.Redis
) -> None:
    sealer = TokenSealer([TokenSealer.generate_key()])
    store = stores_of(tmp_path, redis_url, redis_key)[kind](sealer)
    store.save(TOKENS)
    if kind == "file":
        raw = (tmp_path / "t.json").read_text()
    else:
        raw = text_of(raw_redis.get(token_key(redis_key)))
    flipped = raw[:-3] + ("A" if raw[-3] != "A" else "B") + raw[-2:]
    if kind == "file":
        (tmp_path / "t.json").write_text(flipped)
    else:
        raw_redis.set(token_key(redis_key), flipped)
    with pytest.raises(TokensUnreadableError, match="do not open"):
        store.load()
    store.save(TOKENS)  # the user signed in again
    assert store.load() == TOKENS


def test_a_client_on_unreadable_tokens_says_so_and_a_new_sign_in_replaces_them(
    contio_mock: ContioMock, tmp_path: Path
) -> None:
    path = tmp_path / "tokens.json"
    FileTokenStore(path, sealer=TokenSealer([TokenSealer.generate_key()])).save(TOKENS)
    store = FileTokenStore(path, sealer=TokenSealer([TokenSealer.generate_key()]))
    with OAuthClient(**contio_mock.client_kwargs(token_store=store)) as oauth:
        with pytest.raises(TokensUnreadableError, match="signs in again"):
            oauth.get_valid_access_token()
        contio_mock.sign_in(oauth)
        assert oauth.get_valid_access_token()
    assert store.load() is not None


def test_unsealed_values_are_refused_unless_the_app_is_moving_to_sealing(tmp_path: Path) -> None:
    path = tmp_path / "tokens.json"
    FileTokenStore(path).save(TOKENS)
    key = TokenSealer.generate_key()
    with pytest.raises(TokensUnreadableError, match="not sealed"):
        FileTokenStore(path, sealer=TokenSealer([key])).load()
    moving = FileTokenStore(path, sealer=TokenSealer([key], accept_unsealed=True))
    assert moving.load() == TOKENS
    moving.save(TOKENS)
    assert_sealed(path.read_text())


@pytest.mark.parametrize(
    ("keys", "error", "message"),
    [
        ([], ValueError, "at least one key"),
        (["not base64 !!"], ValueError, "not URL-safe base64"),
        ([base64.urlsafe_b64encode(b"short").decode()], ValueError, "32 bytes"),
        ([b"x" * 31], ValueError, "32 bytes"),
        ([42], TypeError, "bytes or str"),
        ([b"k" * 32, b"k" * 32], ValueError, "same key twice"),
    ],
)
def test_bad_keys_are_refused_without_showing_them(
    keys: list[object], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message) as info:
        TokenSealer(keys)  # type: ignore[arg-type]
    assert "kkkkkkkk" not in str(info.value)


def test_keys_come_from_the_environment_newest_first_and_never_show() -> None:
    new, old = TokenSealer.generate_key(), TokenSealer.generate_key()
    sealer = TokenSealer.from_env(environ={"CONTIO_TOKEN_KEYS": f" {new} , {old} "})
    assert len(sealer.key_ids) == 2
    assert new not in repr(sealer)
    assert old not in repr(sealer)
    assert sealer.key_ids[0] == TokenSealer([new]).key_ids[0]
    with pytest.raises(ValueError, match="CONTIO_TOKEN_KEYS holds no key"):
        TokenSealer.from_env(environ={})
    assert len(base64.urlsafe_b64decode(new + "=")) == 32
    assert new != TokenSealer.generate_key()


def test_a_foreign_file_is_never_overwritten_by_a_sealing_store(tmp_path: Path) -> None:
    path = tmp_path / "config.json"
    path.write_text('{"theme": "dark"}')  # the app's own file, named by mistake
    store = FileTokenStore(path, sealer=TokenSealer([TokenSealer.generate_key()]))
    with pytest.raises(TokenStoreError, match="not a contio token file") as info:
        store.save(TOKENS)
    assert not isinstance(info.value, TokensUnreadableError)
    assert path.read_text() == '{"theme": "dark"}'
