"""Credentials from a secret source: files, Redis keys, functions; read when old, read again
once when refused; never shown; published and restored for a rotation and its rollback."""

from __future__ import annotations

import asyncio
import logging
import stat
from pathlib import Path

import pytest
import redis
import redis.asyncio as aioredis

from contio import AsyncOAuthClient, AuthenticationError, OAuthClient
from contio.budget import MemoryBudget
from contio.secrets import FileSecret, FunctionSecret, RedisSecret, SecretSourceError
from contio.testing import ContioMock


def token_requests(mock: ContioMock) -> int:
    return mock.stats().get("exchangeOauthToken:client_credentials", 0)


def test_a_file_secret(tmp_path: Path) -> None:
    path = tmp_path / "secret"
    path.write_text("  first-value \n", encoding="utf-8")
    source = FileSecret(path)
    assert source.read() == "first-value"
    source.publish("second-value")
    assert source.read() == "second-value"
    assert source.previous_path.read_text(encoding="utf-8").strip() == "first-value"
    for written in (path, source.previous_path):
        assert stat.S_IMODE(written.stat().st_mode) == 0o600
    source.restore_previous()
    assert (source.read(), FileSecret(source.previous_path).read()) == (
        "first-value",
        "second-value",
    )
    assert "first-value" not in repr(source)
    assert asyncio.run(source.aread()) == "first-value"


@pytest.mark.parametrize(
    ("content", "message"),
    [(None, "cannot read"), (b"\xff\xfe", "not UTF-8"), (b"x" * 70_000, "larger")],
)
def test_a_file_that_is_no_secret(tmp_path: Path, content: bytes | None, message: str) -> None:
    path = tmp_path / "secret"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(SecretSourceError, match=message):
        FileSecret(path).read()
    with pytest.raises(SecretSourceError, match="no previous value"):
        FileSecret(path).restore_previous()


def test_a_redis_secret(redis_url: str) -> None:
    client = redis.Redis.from_url(redis_url)
    key = "contio-test-secret"
    client.delete(key, key + ":previous")
    source = RedisSecret(key, client=client)
    with pytest.raises(SecretSourceError, match="holds no secret"):
        source.read()
    source.publish("first")
    source.publish("second")
    assert source.read() == "second"
    assert client.get(key + ":previous") == b"first"
    source.restore_previous()
    assert source.read() == "first"

    async def asynchronous() -> str:
        async_client = aioredis.Redis.from_url(redis_url)
        try:
            async_source = RedisSecret(key, async_client=async_client)
            await async_source.apublish("third")
            return await async_source.aread()
        finally:
            await async_client.aclose()

    assert asyncio.run(asynchronous()) == "third"
    client.delete(key, key + ":previous")
    client.close()
    broken = RedisSecret(key, client=redis.Redis(port=1, socket_connect_timeout=0.2))
    with pytest.raises(SecretSourceError, match="cannot read the Redis key"):
        broken.read()


def test_function_secrets() -> None:
    assert FunctionSecret(lambda: "value").read() == "value"

    async def fetched() -> str:
        return "async-value"

    assert asyncio.run(FunctionSecret(fetched).aread()) == "async-value"
    with pytest.raises(SecretSourceError, match="asyncio clients only"):
        FunctionSecret(fetched).read()
    with pytest.raises(SecretSourceError, match="returned a int"):
        FunctionSecret(lambda: 42).read()  # type: ignore[arg-type]

    def failing() -> str:
        raise RuntimeError("the vault said: hunter2")

    with pytest.raises(SecretSourceError) as caught:
        FunctionSecret(failing).read()
    assert "hunter2" not in str(caught.value)
    with pytest.raises(ValueError, match="max_age"):
        FileSecret("x", max_age=-1)
    with pytest.raises(TypeError):
        RedisSecret("key")


def test_a_rotated_secret_is_read_again_once_when_refused(
    contio_mock: ContioMock, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    reads: list[str] = []
    values = ["demo-secret"]

    def current() -> str:
        reads.append(values[-1])
        return values[-1]

    source = FunctionSecret(current, max_age=3600)
    caplog.set_level(logging.DEBUG)
    with OAuthClient(**contio_mock.client_kwargs(client_secret=source)) as oauth:
        assert reads == []  # nothing is read before a call needs it
        oauth.get_client_credentials_token()
        assert reads == ["demo-secret"]
        contio_mock.running.state.admin.credentials[contio_mock.client_id][
            "client_secret"
        ].value = "rotated-secret"  # rotated elsewhere, grace period over
        values.append("rotated-secret")
        before = token_requests(contio_mock)
        oauth.get_client_credentials_token()
        assert token_requests(contio_mock) - before == 2
        assert len(reads) == 2
        # The source still gives a refused value: one more read, then the refusal stands.
        values.append("wrong-secret")
        contio_mock.running.state.admin.credentials[contio_mock.client_id][
            "client_secret"
        ].value = "newest-secret"
        before = token_requests(contio_mock)
        with pytest.raises(AuthenticationError) as caught:
            oauth.get_client_credentials_token()
        assert token_requests(contio_mock) - before == 2
        text = str(caught.value) + repr(caught.value) + repr(oauth) + caplog.text
        for secret in ("demo-secret", "rotated-secret", "wrong-secret"):
            assert secret not in text


def test_an_old_value_is_read_again_before_sending(contio_mock: ContioMock) -> None:
    reads = 0

    def current() -> str:
        nonlocal reads
        reads += 1
        return "demo-secret"

    with OAuthClient(
        **contio_mock.client_kwargs(client_secret=FunctionSecret(current, max_age=0))
    ) as oauth:
        oauth.get_client_credentials_token()
        oauth.get_client_credentials_token()
    assert reads == 2


def test_a_source_that_fails_fails_the_call_clearly(
    contio_mock: ContioMock, tmp_path: Path
) -> None:
    source = FileSecret(tmp_path / "missing")
    with (
        OAuthClient(**contio_mock.client_kwargs(client_secret=source)) as oauth,
        pytest.raises(SecretSourceError, match="cannot read the secret file"),
    ):
        oauth.get_client_credentials_token()
    assert token_requests(contio_mock) == 0


def test_a_shared_budget_holds_back_the_refused_secret_only(contio_mock: ContioMock) -> None:
    """One process's refusal holds every process's requests with that secret back (by its
    hash): a process still holding it reads its source instead of failing, and the new
    secret is not held."""
    published = ["demo-secret"]
    budget = MemoryBudget()
    kwargs = {"budget": budget}
    first = OAuthClient(
        **contio_mock.client_kwargs(
            client_secret=FunctionSecret(lambda: published[-1], max_age=3600), **kwargs
        )
    )
    second = OAuthClient(
        **contio_mock.client_kwargs(
            client_secret=FunctionSecret(lambda: published[-1], max_age=3600), **kwargs
        )
    )
    with first, second:
        first.get_client_credentials_token()
        second.get_client_credentials_token()
        credentials = contio_mock.running.state.admin.credentials[contio_mock.client_id]
        credentials["client_secret"].value = "rotated-secret"  # the old one has died
        published.append("rotated-secret")
        before = token_requests(contio_mock)
        first.get_client_credentials_token()  # refused (the budget holds the old one), reread
        second.get_client_credentials_token()  # held back, reread: nothing sent with the old
        assert token_requests(contio_mock) - before == 3


async def test_the_async_client_awaits_its_source(contio_mock: ContioMock) -> None:
    async def current() -> str:
        await asyncio.sleep(0)
        return "demo-secret"

    async with AsyncOAuthClient(
        **contio_mock.client_kwargs(client_secret=FunctionSecret(current))
    ) as oauth:
        tokens = await oauth.get_client_credentials_token()
    assert tokens.access_token


@pytest.mark.parametrize("given", [42, b"bytes", object()])
def test_a_client_secret_of_no_kind(contio_mock: ContioMock, given: object) -> None:
    with pytest.raises(TypeError, match="client_secret must be"):
        OAuthClient(**contio_mock.client_kwargs(client_secret=given))


async def test_an_api_key_from_a_source_follows_a_rotation(
    contio_mock: ContioMock, tmp_path: Path
) -> None:
    """Another admin process rotates the API key (no grace period) and publishes it: this
    one, refused with the old key, reads its source once and goes on."""
    from contio.admin import AsyncPartnerAdmin, PartnerAdmin

    key_file = tmp_path / "api-key"
    key_file.write_text(contio_mock.api_key, encoding="utf-8")
    source = FileSecret(key_file, max_age=3600)
    async with AsyncPartnerAdmin(**contio_mock.admin_kwargs(api_key=source)) as reader:
        await reader.get_credential_status()
        with PartnerAdmin(**contio_mock.admin_kwargs()) as rotator:
            rotator.rotate_api_key("confirm", grace_period_hours=0, publish_to=source)
        before = contio_mock.stats()["getCredentialStatus"]
        assert (await reader.get_credential_status())["api_key"].last_rotated_at is not None
        assert contio_mock.stats()["getCredentialStatus"] - before == 2  # refused, then served
