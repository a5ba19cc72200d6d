"""FileTokenStore's refresh lock between processes: a waiter gives up with TokenStoreError
after lock_timeout while another process holds lock(), and takes it once that one lets go."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from contio import AsyncOAuthClient, ContioError, FileTokenStore, OAuthClient, TokenStoreError
from contio.testing import ContioMock
from tests.fleet.conftest import ACCESS_TOKEN_LIFETIME, REPO, count, wait_until

HOLDER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from contio import FileTokenStore

    path, held, release = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    with FileTokenStore(path).lock():
        held.touch()
        deadline = time.monotonic() + 30
        while not release.exists() and time.monotonic() < deadline:
            time.sleep(0.01)
    """
)


class Holder:
    """Another process that holds the file's lock() until `let_go`."""

    def __init__(self, path: Path, folder: Path) -> None:
        self.held = folder / "held"
        self.release = folder / "release"
        self.process = subprocess.Popen(
            [sys.executable, "-c", HOLDER, str(path), str(self.held), str(self.release)],
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            text=True,
        )

    def wait_held(self) -> None:
        def holding() -> bool:
            if self.process.poll() is not None:
                _, err = self.process.communicate()
                pytest.fail(f"the holder exited with {self.process.returncode}:\n{err}")
            return self.held.exists()

        wait_until(holding, "the other process to take the lock")

    def let_go(self) -> None:
        self.release.touch()
        _, err = self.process.communicate(timeout=30)
        assert self.process.returncode == 0, err

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.communicate(timeout=10)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "tokens.json"


@pytest.fixture
def holder(path: Path, tmp_path: Path) -> Iterator[Holder]:
    started = Holder(path, tmp_path)
    try:
        started.wait_held()
        yield started
    finally:
        started.kill()


def test_a_waiter_gives_up_after_lock_timeout_while_another_process_holds_it(
    path: Path, holder: Holder
) -> None:
    waiter = FileTokenStore(path, lock_timeout=0.5)
    with pytest.raises(TokenStoreError, match=r"timed out after 0\.5 s") as info, waiter.lock():
        pytest.fail("got a lock another process holds")
    assert isinstance(info.value, ContioError)
    assert str(path) in str(info.value)
    holder.let_go()
    with waiter.lock():  # free again: taken at once
        pass


async def test_an_async_waiter_gives_up_after_lock_timeout_while_another_process_holds_it(
    path: Path, holder: Holder
) -> None:
    waiter = FileTokenStore(path, lock_timeout=0.5)
    with pytest.raises(TokenStoreError, match=r"timed out after 0\.5 s"):
        async with waiter.alock():
            pytest.fail("got a lock another process holds")
    holder.let_go()
    async with waiter.alock():
        pass


async def test_clients_give_up_on_a_refresh_lock_held_elsewhere_and_send_nothing(
    contio_mock: ContioMock, path: Path, tmp_path: Path
) -> None:
    store = FileTokenStore(path, lock_timeout=0.5)
    with OAuthClient(**contio_mock.client_kwargs(token_store=store)) as oauth:
        contio_mock.sign_in(oauth)
        signed = oauth.tokens
        assert signed is not None
        contio_mock.advance(ACCESS_TOKEN_LIFETIME + 1)
        before = count(contio_mock)
        async with AsyncOAuthClient(**contio_mock.client_kwargs(token_store=store)) as aoauth:
            other = Holder(path, tmp_path)
            try:
                other.wait_held()
                with pytest.raises(TokenStoreError, match="timed out"):
                    oauth.get_valid_access_token()
                with pytest.raises(TokenStoreError, match="timed out"):
                    await aoauth.get_valid_access_token()
                assert count(contio_mock) == before  # no refresh without the lock
                other.let_go()
            finally:
                other.kill()
            token = await aoauth.get_valid_access_token()
            assert token != signed.access_token
            assert oauth.get_valid_access_token() == token  # found in the file: no refresh
            assert count(contio_mock) == before + 1


def test_tasks_of_one_event_loop_wait_for_the_lock_without_blocking_the_loop(
    path: Path,
) -> None:
    """A task holds alock() across an await (as a refresh holds it across its request) while
    other tasks of the same loop load and save: they wait without blocking the loop (which
    would deadlock: the holder could never release), bounded by lock_timeout. In a process of
    its own so that a deadlock fails this test instead of hanging the session."""
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.fleet.one_loop", str(path)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
    )
    try:
        out, err = process.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        _, err = process.communicate(timeout=10)
        pytest.fail(f"the event loop deadlocked on the file lock:\n{err}")
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate(timeout=10)
    assert process.returncode == 0, err
    report = json.loads(out)
    assert report["holder_loaded"] is True
    assert report["read_while_held"] is True
    assert "timed out after 0.3 s" in report["asave_error"]
    assert str(path) in report["asave_error"]
    assert "another task of this event loop" in report["save_error"]
    assert report["ticks_while_waiting"] > 0  # the loop kept running
    assert report["saved_before_release"] is False
    assert report["final"] is True
    assert report["cleared"] is True
