"""Retries, without a server and without sleeping (the sleeps are recorded): idempotent calls are
retried with exponential backoff and Retry-After, up to max_retries; a code exchange is retried
only when its connection never opened; a long Retry-After is not slept.
"""

from __future__ import annotations

import httpx2
import pytest

import contio
import contio._core.sender
import contio._io.awaited
import contio._io.blocking
from contio import (
    ContioAPIError,
    ContioConnectionError,
    ContioError,
    ContioTimeoutError,
    InternalServerError,
    RateLimitError,
)
from tests.facade.units_support import CANNED, Script, async_client, json_response, sync_client

# -- retries -----------------------------------------------------------------------------------


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Record the clients' sleeps instead of sleeping (the sync and the async driver)."""
    recorded: list[float] = []

    async def async_sleep(seconds: float) -> None:
        recorded.append(seconds)

    monkeypatch.setattr(contio._io.blocking, "_sleep", recorded.append)
    monkeypatch.setattr(contio._io.awaited, "_async_sleep", async_sleep)
    return recorded


def unavailable(**headers: str) -> httpx2.Response:
    return json_response(503, {"code": "service_unavailable", "message": "down"}, **headers)


SCOPES_OK = {"scopes": ["openid"]}


def test_idempotent_call_retried_with_exponential_backoff(sleeps: list[float]) -> None:
    script = Script(unavailable(), unavailable(), json_response(200, SCOPES_OK))
    with sync_client(script) as oauth:
        assert oauth.get_available_scopes() == ("openid",)
    assert len(script.requests) == 3
    base = contio._core.sender.BACKOFF_BASE
    assert len(sleeps) == 2
    assert base / 2 <= sleeps[0] <= base
    assert base <= sleeps[1] <= 2 * base


def test_retry_after_is_honoured(sleeps: list[float]) -> None:
    script = Script(unavailable(**{"Retry-After": "7"}), json_response(200, SCOPES_OK))
    with sync_client(script) as oauth:
        assert oauth.get_available_scopes() == ("openid",)
    assert sleeps == [7.0]


def test_retries_stop_after_max_retries(sleeps: list[float]) -> None:
    script = Script(*(unavailable() for _ in range(4)))
    with sync_client(script, max_retries=3) as oauth, pytest.raises(InternalServerError):
        oauth.introspect_token("t")
    assert len(script.requests) == 4
    assert len(sleeps) == 3


def test_error_answer_on_code_exchange_is_not_retried(sleeps: list[float]) -> None:
    for status in (503, 429, 502):
        script = Script(json_response(status, {"error": "e"}), json_response(200, CANNED["token"]))
        with sync_client(script) as oauth, pytest.raises(ContioAPIError) as caught:
            oauth.exchange_code_for_token("code")
        assert caught.value.status_code == status
        assert len(script.requests) == 1
        assert oauth.tokens is None
    script = Script(unavailable(), json_response(200, CANNED["token"]))
    with sync_client(script) as oauth, pytest.raises(InternalServerError):
        oauth.refresh_access_token("rt")
    assert len(script.requests) == 1
    assert sleeps == []


def test_connection_that_never_opened_is_retried_for_exchange(sleeps: list[float]) -> None:
    script = Script(httpx2.ConnectError("refused"), json_response(200, CANNED["token"]))
    with sync_client(script) as oauth:
        tokens = oauth.exchange_code_for_token("code")
    assert tokens.access_token == CANNED["token"]["access_token"]
    assert len(script.requests) == 2
    assert len(sleeps) == 1
    # Both attempts carried the same grant.
    assert script.requests[0].content == script.requests[1].content


@pytest.mark.parametrize(
    ("failure", "expected"),
    [
        (httpx2.ReadError("reset"), ContioConnectionError),
        (httpx2.RemoteProtocolError("dropped"), ContioConnectionError),
        (httpx2.ReadTimeout("slow"), ContioTimeoutError),
        (httpx2.WriteError("broken pipe"), ContioConnectionError),
    ],
    ids=["read-error", "protocol-error", "read-timeout", "write-error"],
)
def test_failure_after_sending_is_not_retried_for_exchange(
    sleeps: list[float], failure: httpx2.TransportError, expected: type[ContioError]
) -> None:
    script = Script(failure, json_response(200, CANNED["token"]))
    with sync_client(script) as oauth, pytest.raises(expected) as caught:
        oauth.exchange_code_for_token("code")
    assert len(script.requests) == 1
    assert sleeps == []
    if expected is ContioConnectionError:
        assert not isinstance(caught.value, ContioTimeoutError)
    assert caught.value.__cause__ is None
    assert caught.value.__suppress_context__


def test_transport_failure_on_idempotent_call_is_retried(sleeps: list[float]) -> None:
    script = Script(
        httpx2.ReadError("reset"), httpx2.ReadTimeout("slow"), json_response(200, SCOPES_OK)
    )
    with sync_client(script) as oauth:
        assert oauth.get_available_scopes() == ("openid",)
    assert len(script.requests) == 3
    assert len(sleeps) == 2


def test_long_retry_after_is_not_slept(sleeps: list[float]) -> None:
    limited = json_response(429, {"error": "rate_limit_exceeded"}, **{"Retry-After": "120"})
    script = Script(limited, json_response(200, SCOPES_OK))
    with sync_client(script) as oauth, pytest.raises(RateLimitError) as caught:
        oauth.get_available_scopes()
    assert caught.value.retry_after == 120.0
    assert caught.value.code == "rate_limit_exceeded"
    assert len(script.requests) == 1
    assert sleeps == []


def test_short_retry_after_on_429_is_retried(sleeps: list[float]) -> None:
    limited = json_response(429, {"error": "rate_limit_exceeded"}, **{"Retry-After": "2"})
    script = Script(limited, json_response(200, SCOPES_OK))
    with sync_client(script) as oauth:
        assert oauth.get_available_scopes() == ("openid",)
    assert sleeps == [2.0]


async def test_async_retries(sleeps: list[float]) -> None:
    script = Script(unavailable(), unavailable(), json_response(200, SCOPES_OK))
    async with async_client(script) as oauth:
        assert await oauth.get_available_scopes() == ("openid",)
    assert len(script.requests) == 3
    assert len(sleeps) == 2

    script = Script(httpx2.ConnectError("refused"), json_response(200, CANNED["token"]))
    async with async_client(script) as oauth:
        await oauth.exchange_code_for_token("code")
    assert len(script.requests) == 2

    script = Script(httpx2.ReadError("reset"), json_response(200, CANNED["token"]))
    async with async_client(script) as oauth:
        with pytest.raises(ContioConnectionError):
            await oauth.exchange_code_for_token("code")
    assert len(script.requests) == 1

    limited = json_response(429, {"error": "rate_limit_exceeded"}, **{"Retry-After": "600"})
    script = Script(limited, json_response(200, SCOPES_OK))
    async with async_client(script) as oauth:
        with pytest.raises(RateLimitError) as caught:
            await oauth.get_available_scopes()
    assert caught.value.retry_after == 600.0
    assert len(script.requests) == 1
    assert len(sleeps) == 3  # the two backoffs of the first call and the ConnectError's
