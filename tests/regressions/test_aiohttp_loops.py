"""Review 3: AsyncOAuthClient's aiohttp sender kept one session, for the loop of the last
call. A client used from two event loops in turn (two threads, each with its loop) opened a
new session at every switch and dropped the old one unclosed, its connections with it; two
loops at once could be handed each other's session (aiohttp's RuntimeError "Timeout context
manager should be used inside a task", not a ContioError). Each loop now keeps its own
session, and `aclose` closes them all.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Coroutine, Iterator
from typing import Any, TypeVar

import pytest

from contio import AsyncOAuthClient
from tests.hostile import Exchange, HostileServer, hostile
from tests.regressions.helpers import hostile_client

pytest.importorskip("aiohttp")

T = TypeVar("T")


class LoopThread:
    """An event loop running in a thread of its own, for as long as the test."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()

    def run(self, work: Coroutine[Any, Any, T]) -> T:
        return asyncio.run_coroutine_threadsafe(work, self.loop).result(timeout=30)

    def stop(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=10)
        self.loop.close()


@pytest.fixture
def loops() -> Iterator[tuple[LoopThread, LoopThread]]:
    first, second = LoopThread(), LoopThread()
    try:
        yield first, second
    finally:
        first.stop()
        second.stop()


def _introspection(exchange: Exchange) -> None:
    exchange.json(200, {"active": False})


@pytest.fixture
def server() -> Iterator[HostileServer]:
    with hostile(_introspection) as running:
        yield running


async def _active(client: AsyncOAuthClient) -> bool:
    return (await client.introspect_token("cto_at_v1_x")).active


def test_two_loops_in_turn_keep_one_connection_each(
    loops: tuple[LoopThread, LoopThread], server: HostileServer
) -> None:
    client: AsyncOAuthClient = hostile_client("async", server)
    first, second = loops
    for _ in range(3):
        assert first.run(_active(client)) is False
        assert second.run(_active(client)) is False
    assert server.connections == 2  # one kept-alive connection per loop, not one per switch
    first.run(client.aclose())
    first.run(client.aclose())  # twice is fine


def test_aclose_closes_the_sessions_of_every_loop(
    loops: tuple[LoopThread, LoopThread], server: HostileServer
) -> None:
    client: AsyncOAuthClient = hostile_client("async", server)
    first, second = loops
    first.run(_active(client))
    second.run(_active(client))
    sessions = [session for session, _ in client._http._sessions.values()]  # type: ignore[attr-defined]
    assert len(sessions) == 2
    first.run(client.aclose())
    assert all(session.closed for session in sessions)


def test_two_loops_at_once_each_use_their_own_session(server: HostileServer) -> None:
    client: AsyncOAuthClient = hostile_client("async", server)
    threads = [LoopThread() for _ in range(4)]
    ready = threading.Barrier(len(threads))

    async def together() -> object:
        ready.wait(timeout=10)  # every loop makes its session at the same moment
        try:
            return await _active(client)
        except Exception as exc:  # the test reports what escaped
            return exc

    try:
        calls = [asyncio.run_coroutine_threadsafe(together(), t.loop) for t in threads]
        assert [call.result(timeout=30) for call in calls] == [False] * len(threads)
        threads[0].run(client.aclose())
    finally:
        for thread in threads:
            thread.stop()
