"""Shared pieces of the facade's robustness tests (the modules split from the former
`test_robustness.py`): the client of their fake servers, and the bounded waits on threads that
turn a deadlock into a failed test instead of a hung one.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar

import pytest

T = TypeVar("T")

#: A client of the fake servers (httpx2.MockTransport) of these tests.
ID_CLIENT = ("id-client", "id-secret", "https://app.example.com/callback")

#: The bound on every wait for a thread: a deadlock fails the test instead of hanging it.
JOIN = 20.0


def run_in_thread(work: Callable[[], T], what: str, limit: float = JOIN) -> T:
    """`work()` in a daemon thread; its result, or its exception re-raised here. A thread
    still running after `limit` seconds fails the test as a deadlock."""
    results: list[T] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            results.append(work())
        except BaseException as exc:
            errors.append(exc)

    thread = threading.Thread(target=run, name=what, daemon=True)
    thread.start()
    thread.join(limit)
    if thread.is_alive():
        pytest.fail(f"deadlock: {what} did not finish within {limit:g} s")
    if errors:
        raise errors[0]
    return results[0]


def all_at_once(works: list[Callable[[], Any]]) -> list[Any]:
    """Run each of `works` in its own thread, released together by a barrier; every result,
    in order (an exception of any is re-raised here)."""
    barrier = threading.Barrier(len(works))
    results: list[Any] = [None] * len(works)
    errors: list[BaseException] = []

    def run(index: int, work: Callable[[], Any]) -> None:
        try:
            barrier.wait(timeout=JOIN)
            results[index] = work()
        except BaseException as exc:
            errors.append(exc)

    threads = [
        threading.Thread(target=run, args=(index, work), daemon=True)
        for index, work in enumerate(works)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(JOIN * 2)
    assert not any(thread.is_alive() for thread in threads), "a thread never finished"
    if errors:
        raise errors[0]
    return results
