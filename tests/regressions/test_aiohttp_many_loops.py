"""Issue 18: one AsyncOAuthClient used from many event loops in turn (`asyncio.run` per job,
as Celery tasks, Django's async views and scripts do) kept an aiohttp session, and its
sockets, for every loop it had seen, until the process ran out of file descriptors. A loop's
session now ends with the loop.
"""

from __future__ import annotations

import asyncio
import gc
import os
import warnings

from contio import AsyncOAuthClient
from contio._io.aiohttp_session import AiohttpSession
from contio.testing.sandbox import ContioMock

RUNS = 400


def open_descriptors() -> int:
    return len(os.listdir("/proc/self/fd"))


def sessions_of(client: AsyncOAuthClient) -> int:
    sender = client._http
    assert isinstance(sender, AiohttpSession)  # contio's own aiohttp sender, not httpx2's
    return len(sender._sessions)


def test_asyncio_run_per_job_keeps_descriptors_and_sessions_flat(
    contio_mock: ContioMock,
) -> None:
    client = AsyncOAuthClient(**contio_mock.client_kwargs())

    async def job() -> None:
        assert (await client.get_partner_info()).name

    with warnings.catch_warnings():
        warnings.simplefilter("error", ResourceWarning)  # "Unclosed client session" included
        for _ in range(20):  # warm up: imports, the mock's own connections
            asyncio.run(job())
        gc.collect()
        before = open_descriptors()
        for _ in range(RUNS):
            asyncio.run(job())
            assert sessions_of(client) == 0  # the loop's session ended with the loop
        gc.collect()
        after = open_descriptors()
    assert after - before <= 5, (before, after)
    asyncio.run(client.aclose())


def test_a_loop_closed_without_shutdown_is_let_go_at_the_next_call(
    contio_mock: ContioMock,
) -> None:
    client = AsyncOAuthClient(**contio_mock.client_kwargs())
    for _ in range(30):  # loops closed by hand: no async generator finalization
        loop = asyncio.new_event_loop()
        loop.run_until_complete(client.get_partner_info())
        loop.close()
    assert sessions_of(client) == 1  # each call let the dead loops' sessions go
    gc.collect()
    asyncio.run(client.aclose())
    assert sessions_of(client) == 0


def test_a_living_loop_keeps_its_session(contio_mock: ContioMock) -> None:
    client = AsyncOAuthClient(**contio_mock.client_kwargs())

    async def calls() -> int:
        for _ in range(5):
            await client.get_partner_info()
        count = sessions_of(client)
        await client.aclose()
        return count

    assert asyncio.run(calls()) == 1
