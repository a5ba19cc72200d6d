"""FileTokenStore instances sharing a file: the locks are tracked per file for the whole process,
so a second instance on the same file waits for a lock held in another thread, does not
deadlock inside a lock its own thread holds, and fails at once instead of blocking an event loop
whose task holds it.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from contio import AuthTokens, FileTokenStore, TokenStoreError
from tests.facade.robustness_support import JOIN, run_in_thread

# -- 11. FileTokenStore instances sharing a file ----------------------------------------------


def some_tokens(name: str) -> AuthTokens:
    return AuthTokens(
        access_token=f"cto_at_v1_{name}",
        refresh_token=f"cto_rt_v1_{name}",
        expires_at=datetime(2030, 1, 2, 3, 4, 5, tzinfo=UTC),
    )


@contextlib.contextmanager
def held_in_thread(store: FileTokenStore) -> Iterator[threading.Event]:
    """Hold `store.lock()` in another thread until the yielded event is set."""
    held, release = threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def hold() -> None:
        try:
            with store.lock():
                held.set()
                release.wait(JOIN)
        except BaseException as exc:
            errors.append(exc)
            held.set()

    holder = threading.Thread(target=hold, name="lock holder", daemon=True)
    holder.start()
    assert held.wait(JOIN), "the holder never got the lock"
    try:
        yield release
    finally:
        release.set()
        holder.join(JOIN)
        assert not holder.is_alive()
    if errors:
        raise errors[0]


def test_a_second_instance_waits_for_a_lock_held_in_another_thread(tmp_path: Path) -> None:
    path = tmp_path / "tokens.json"
    holder_store, saver_store = FileTokenStore(path), FileTokenStore(path)
    saver_store.save(some_tokens("before"))
    saved = threading.Event()
    errors: list[BaseException] = []

    def save() -> None:
        try:
            saver_store.save(some_tokens("after"))
            saved.set()
        except BaseException as exc:
            errors.append(exc)

    with held_in_thread(holder_store) as release:
        saver = threading.Thread(target=save, name="saver", daemon=True)
        saver.start()
        time.sleep(0.2)  # long enough for an unguarded save to have gone through
        assert not saved.is_set(), "the save did not wait for the lock"
        assert FileTokenStore(path).load() == some_tokens("before")
        release.set()
    saver.join(JOIN)
    assert not saver.is_alive(), "deadlock: the save never finished"
    assert not errors, errors
    assert FileTokenStore(path).load() == some_tokens("after")


def test_a_second_instance_saves_inside_a_lock_its_own_thread_holds(tmp_path: Path) -> None:
    path = tmp_path / "tokens.json"
    first, second = FileTokenStore(path), FileTokenStore(path)

    def save_under_the_lock() -> AuthTokens | None:
        with first.lock():
            second.save(some_tokens("inside"))
            second.clear()
            second.save(some_tokens("inside"))
            return second.load()

    loaded = run_in_thread(save_under_the_lock, "a save inside this thread's lock")
    assert loaded == some_tokens("inside")
    assert FileTokenStore(path).load() == some_tokens("inside")


def test_a_blocking_save_from_a_loop_whose_task_holds_the_lock_fails_at_once(
    tmp_path: Path,
) -> None:
    path = tmp_path / "tokens.json"
    first, second = FileTokenStore(path), FileTokenStore(path)
    first.save(some_tokens("before"))

    async def scenario() -> None:
        held, release = asyncio.Event(), asyncio.Event()

        async def hold() -> None:
            async with first.alock():
                held.set()
                await release.wait()

        holder = asyncio.ensure_future(hold())
        await held.wait()
        try:
            with pytest.raises(TokenStoreError) as info:
                second.save(some_tokens("blocked"))  # would wait in the kernel for ever
            assert str(path) in str(info.value)
            with pytest.raises(TokenStoreError):
                second.clear()
            # The async methods wait without blocking the loop, and get the lock after.
            waiter = asyncio.ensure_future(second.asave(some_tokens("after")))
            await asyncio.sleep(0.05)
            assert not waiter.done()
        finally:
            release.set()
            await holder
        await asyncio.wait_for(waiter, JOIN)

    run_in_thread(lambda: asyncio.run(scenario()), "a blocking save on the lock's loop")
    assert FileTokenStore(path).load() == some_tokens("after")
