"""A client closed while one of its calls is between attempts (a shutdown hook, a request
handler's `with OAuthClient(...)` left while a background thread still uses it). The retry
meets httpx's "Cannot send a request, as the client has been closed" RuntimeError, which
the drivers let through as it is: a bare RuntimeError from deep inside, not a ContioError.
"""

from __future__ import annotations

import asyncio
import threading
import time

import pytest

from contio import ContioError
from tests.hostile import Exchange, HostileServer, hostile
from tests.regressions.helpers import hostile_client, use_transport


def wait_for_first_request(server: HostileServer) -> None:
    end = time.monotonic() + 10
    while not server.requests:
        assert time.monotonic() < end, "the call never reached the server"
        time.sleep(0.01)


def busy(ex: Exchange) -> None:
    """503 with Retry-After: 1, so the client sleeps a second before its retry."""
    ex.answer(503, b"", {"Retry-After": "1"})


def test_a_sync_client_closed_before_its_retry_raises_a_contio_error() -> None:
    with hostile(busy) as server:
        client = hostile_client("sync", server, max_retries=2)
        outcome: list[BaseException] = []

        def call() -> None:
            try:
                client.get_available_scopes()
            except BaseException as exc:  # what it raises is the point
                outcome.append(exc)

        worker = threading.Thread(target=call)
        worker.start()
        wait_for_first_request(server)
        client.close()  # during the one-second wait before the retry
        worker.join(timeout=30)
    assert outcome, "the call did not end"
    assert isinstance(outcome[0], ContioError), repr(outcome[0])


@pytest.mark.parametrize("transport", ["aiohttp", "httpx"])
async def test_an_async_client_closed_before_its_retry_raises_a_contio_error(
    transport: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_transport(monkeypatch, transport)
    with hostile(busy) as server:
        client = hostile_client("async", server, max_retries=2)
        call = asyncio.ensure_future(client.get_available_scopes())
        await asyncio.to_thread(wait_for_first_request, server)
        await client.aclose()
        with pytest.raises(BaseException) as raised:  # noqa: PT011 - checked below
            await asyncio.wait_for(call, 30)
    assert isinstance(raised.value, ContioError), repr(raised.value)
