"""FileTokenStore: 0600, atomic replacement, corrupt files refused, two processes at once,
and clients that keep their tokens in it (sync and async, against the live mock)."""

from __future__ import annotations

import asyncio
import errno
import json
import os
import stat
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from contio import AuthTokens, FileTokenStore, OAuthClient, TokenStoreError
from contio.testing import ContioMock
from tests.facade.conftest import (
    ACCESS_TOKEN_LIFETIME,
    REFRESHES,
    ClientFactory,
    count,
    is_active,
    resolve,
    sign_in,
    sign_in_any,
)


def some_tokens(name: str = "one") -> AuthTokens:
    return AuthTokens(
        access_token=f"cto_at_v1_{name}",
        refresh_token=f"cto_rt_v1_{name}",
        id_token="eyJhbGciOiJIUzI1NiJ9.e30.c2ln",
        expires_at=datetime(2030, 1, 2, 3, 4, 5, tzinfo=UTC),
        scope=("openid", "profile"),
    )


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "state" / "tokens.json"  # the folder does not exist yet


@pytest.fixture
def open_umask() -> Iterator[None]:
    """A umask that would let anyone read new files: the store must not rely on the umask."""
    previous = os.umask(0)
    yield
    os.umask(previous)


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# -- one process ----------------------------------------------------------------------------


@pytest.mark.usefixtures("open_umask")
def test_the_file_is_created_0600(path: Path) -> None:
    store = FileTokenStore(path)
    assert store.load() is None
    store.save(some_tokens())
    assert mode_of(path) == 0o600
    store.save(some_tokens("two"))  # a replacement keeps it private
    assert mode_of(path) == 0o600
    lock = path.with_name(path.name + ".lock")
    assert mode_of(lock) & 0o077 == 0


@pytest.mark.parametrize("umask", [0o000, 0o022, 0o777], ids=["umask-0", "umask-022", "umask-777"])
@pytest.mark.parametrize("how", ["save", "lock", "asave"])
def test_the_folders_it_creates_are_0700_whatever_the_umask(
    tmp_path: Path, umask: int, how: str
) -> None:
    """Others must not even list the folder of a token file; folders that were there already
    (a home directory, say) are left as they are."""
    tmp_path.chmod(0o755)
    path = tmp_path / "state" / "contio" / "tokens.json"
    store = FileTokenStore(path)
    previous = os.umask(umask)
    try:
        if how == "save":
            store.save(some_tokens())
        elif how == "lock":
            with store.lock():
                pass
        else:
            asyncio.run(store.asave(some_tokens()))
    finally:
        os.umask(previous)
    assert mode_of(tmp_path / "state") == 0o700
    assert mode_of(path.parent) == 0o700
    assert mode_of(tmp_path) == 0o755  # there before: not the store's to change
    if how != "lock":
        assert mode_of(path) == 0o600
        assert store.load() == some_tokens()


def test_save_load_clear_round_trip(path: Path) -> None:
    store = FileTokenStore(path)
    tokens = some_tokens()
    store.save(tokens)
    assert store.load() == tokens
    assert FileTokenStore(path).load() == tokens  # what another run of the app sees
    document = json.loads(path.read_text())
    assert document["tokens"]["access_token"] == tokens.access_token
    store.clear()
    assert not path.exists()
    assert store.load() is None
    store.clear()  # nothing to clear: fine


def test_save_replaces_the_file_atomically(path: Path) -> None:
    store = FileTokenStore(path)
    store.save(some_tokens("one"))
    before = path.stat().st_ino
    with path.open("rb") as reader:  # a reader that opened the old file before the save
        store.save(some_tokens("two"))
        old = json.loads(reader.read())
    assert old["tokens"]["access_token"] == "cto_at_v1_one"  # the old file, whole
    assert path.stat().st_ino != before  # a new file renamed into place, not rewritten
    assert store.load() == some_tokens("two")
    assert sorted(p.name for p in path.parent.iterdir()) == ["tokens.json", "tokens.json.lock"]


def test_a_failed_write_leaves_the_old_file_and_no_temporary_file(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = FileTokenStore(path)
    store.save(some_tokens("one"))
    saved = path.read_bytes()

    def disk_full(src: str, dst: str) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "replace", disk_full)
    with pytest.raises(TokenStoreError, match="cannot write token file"):
        store.save(some_tokens("two"))
    monkeypatch.undo()
    assert path.read_bytes() == saved
    assert sorted(p.name for p in path.parent.iterdir()) == ["tokens.json", "tokens.json.lock"]


CORRUPT = {
    "garbage-bytes": (b"\x00\xff\xfe not json at all", "not valid JSON"),
    "truncated": (b'{"format": "contio-tokens", "version": 1, "tok', "not valid JSON"),
    "a-token-dict-of-another-tool": (
        b'{"access_token": "cto_at_v1_x", "expires_in": 3600}',
        "not a contio token file",
    ),
    "a-JSON-list": (b"[1, 2, 3]", "not a contio token file"),
    "a-newer-version": (
        b'{"format": "contio-tokens", "version": 2, "tokens": null}',
        "unsupported version",
    ),
    "invalid-tokens": (
        b'{"format": "contio-tokens", "version": 1, "tokens": {"access_token": 5}}',
        "invalid tokens",
    ),
}


@pytest.mark.parametrize(("content", "message"), CORRUPT.values(), ids=CORRUPT.keys())
def test_a_corrupt_or_foreign_file_is_a_clear_error_and_never_overwritten(
    path: Path, content: bytes, message: str
) -> None:
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    store = FileTokenStore(path)
    with pytest.raises(TokenStoreError, match=message) as caught:
        store.load()
    assert str(path) in str(caught.value)  # says which file
    with pytest.raises(TokenStoreError, match=message):
        store.save(some_tokens())
    with pytest.raises(TokenStoreError, match=message):
        store.clear()
    assert path.read_bytes() == content


def test_a_client_on_a_corrupt_file_fails_at_once(path: Path, mock: ContioMock) -> None:
    path.parent.mkdir(parents=True)
    path.write_bytes(b"{{{")
    with pytest.raises(TokenStoreError, match="not valid JSON"):
        OAuthClient(**mock.client_kwargs(token_store=FileTokenStore(path)))
    assert path.read_bytes() == b"{{{"


# -- two processes --------------------------------------------------------------------------

WORKER = textwrap.dedent(
    """
    import json, os, re, sys, time
    from datetime import datetime, timezone
    from contio import AuthTokens, FileTokenStore

    path, name, rounds, go = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    store = FileTokenStore(path)
    id_token = "eyJ" + "x" * 20_000 + ".e30.sig"  # a big file: a torn write would show
    pattern = re.compile(r"cto_at_v1_[ab]_[0-9]+")
    open(f"{go}.{name}", "w").close()  # ready
    while not os.path.exists(go):
        time.sleep(0.001)
    loads = nones = others = 0
    started = time.time()
    problems = []
    for i in range(rounds):
        store.save(AuthTokens(
            access_token=f"cto_at_v1_{name}_{i}",
            refresh_token=f"cto_rt_v1_{name}_{i}",
            id_token=id_token,
            expires_at=datetime(2030, 1, 1, tzinfo=timezone.utc),
            scope="openid profile",
        ))
        loaded = store.load()
        loads += 1
        if loaded is None:
            nones += 1
        elif not (
            isinstance(loaded, AuthTokens)
            and pattern.fullmatch(loaded.access_token)
            and loaded.refresh_token == loaded.access_token.replace("_at_", "_rt_")
            and loaded.id_token == id_token
        ):
            problems.append(repr(loaded))
        elif not loaded.access_token.startswith(f"cto_at_v1_{name}_"):
            others += 1  # the other process saved in between
    print(json.dumps({
        "loads": loads, "nones": nones, "others": others, "problems": problems,
        "started": started, "finished": time.time(),
    }))
    """
)


def test_two_processes_saving_and_loading_at_once_never_see_a_partial_file(
    tmp_path: Path,
) -> None:
    path = tmp_path / "tokens.json"
    go = tmp_path / "go"
    rounds = 200
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, str(path), name, str(rounds), str(go)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("a", "b")
    ]
    deadline = time.monotonic() + 60
    while not all(go.with_name(f"go.{name}").exists() for name in ("a", "b")):
        assert all(worker.poll() is None for worker in workers), "a worker died while starting"
        assert time.monotonic() < deadline, "the workers did not start"
        time.sleep(0.005)
    go.touch()  # both start their loops together
    # Meanwhile this process reads the file without any lock: the rename makes every
    # read see one whole file or another, never a mix.
    raw_reads = 0
    while any(worker.poll() is None for worker in workers):
        try:
            document = json.loads(path.read_bytes())
        except FileNotFoundError:
            time.sleep(0.001)  # no save yet
            continue
        assert document["format"] == "contio-tokens"
        raw_reads += 1
    others = 0
    spans = []
    for worker in workers:
        out, err = worker.communicate(timeout=60)
        assert worker.returncode == 0, err  # a TokenStoreError would have ended it
        report = json.loads(out)
        assert report["problems"] == []
        assert report["loads"] == rounds
        assert report["nones"] == 0  # a save happened before each load
        others += report["others"]
        spans.append((report["started"], report["finished"]))
    # The two really ran at the same time: their loops overlapped (loads take no lock, so
    # seeing the other's save between one's own save and load is luck, not a guarantee).
    assert max(start for start, _ in spans) < min(end for _, end in spans)
    assert raw_reads > 0
    final = FileTokenStore(path).load()
    assert final is not None
    assert final.access_token in {f"cto_at_v1_a_{rounds - 1}", f"cto_at_v1_b_{rounds - 1}"}
    assert mode_of(path) == 0o600
    leftovers = {p.name for p in tmp_path.iterdir()} - {"go", "go.a", "go.b"}
    assert leftovers == {"tokens.json", "tokens.json.lock"}  # no temporary file left behind


# -- clients on a file store ----------------------------------------------------------------


async def test_a_client_saves_its_tokens_and_a_new_client_starts_with_them(
    make_client: ClientFactory, mock: ContioMock, path: Path
) -> None:
    first = make_client(token_store=FileTokenStore(path))
    await sign_in_any(first, mock)
    tokens = first.tokens
    assert tokens is not None
    assert FileTokenStore(path).load() == tokens
    assert mode_of(path) == 0o600

    later = make_client(token_store=FileTokenStore(path))  # the next run of the app
    assert later.tokens == tokens
    assert not later.is_token_expired()
    assert (await resolve(later.get_user_info())).email == "ada@example.com"

    refreshed = await resolve(later.refresh_access_token())
    assert FileTokenStore(path).load() == refreshed
    assert make_client(token_store=FileTokenStore(path)).tokens == refreshed

    await resolve(later.revoke_token(refreshed.access_token))
    stored = FileTokenStore(path).load()
    assert stored is not None
    assert stored.refresh_token == refreshed.refresh_token  # kept for the next refresh
    assert refreshed.refresh_token is not None
    await resolve(later.revoke_token(refreshed.refresh_token, "refresh_token"))
    assert FileTokenStore(path).load() is None


def test_clients_sharing_the_file_use_a_refresh_done_by_another(
    mock: ContioMock, path: Path
) -> None:
    """Another process (here: another client on its own FileTokenStore) refreshed while these
    still held the old tokens: they must pick up the new ones, not refresh with the rotated-out
    refresh token, which would revoke the whole grant."""
    with OAuthClient(**mock.client_kwargs(token_store=FileTokenStore(path))) as one:
        sign_in(one, mock)
        with (
            OAuthClient(**mock.client_kwargs(token_store=FileTokenStore(path))) as two,
            OAuthClient(**mock.client_kwargs(token_store=FileTokenStore(path))) as three,
        ):
            assert two.tokens == three.tokens == one.tokens
            mock.advance(ACCESS_TOKEN_LIFETIME - 30)
            new = one.get_valid_access_token()
            assert two.get_valid_access_token() == new
            assert three.refresh_access_token().access_token == new
            assert count(mock, REFRESHES) == 1
            assert is_active(mock, new)
