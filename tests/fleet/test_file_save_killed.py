"""A FileTokenStore save killed (SIGKILL) between writing its temporary file and the rename
(issue 10): the temporary file holds tokens, and the next save or clear, by another process,
removes it. Only such leftovers go: never the token file, another store's file, or the
temporary file of a save that is still running.

The saving child stops inside its save at a point this test chooses: its `os.replace` (the
rename) is wrapped, in the child only, to say where the temporary file is and wait for "go".
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from contio import AuthTokens, FileTokenStore
from tests.fleet.conftest import WAIT, alive, file_lock_held, wait_until

CHILD = textwrap.dedent(
    """
    import asyncio, os, sys, time
    from datetime import datetime, timezone
    from pathlib import Path
    from contio import AuthTokens, FileTokenStore

    path, name, how, stalled, go = sys.argv[1:6]
    tokens = AuthTokens(
        access_token=f"cto_at_v1_{name}",
        refresh_token=f"cto_rt_v1_{name}",
        expires_at=datetime(2030, 1, 1, tzinfo=timezone.utc),
        scope="openid",
    )
    if stalled:
        rename = os.replace

        def stall(src, dst):
            # The temporary file is written and synced; the rename has not happened.
            Path(stalled + ".part").write_text(os.fspath(src))
            os.rename(stalled + ".part", stalled)  # os.replace is this very function
            while not os.path.exists(go):
                time.sleep(0.005)
            rename(src, dst)

        os.replace = stall
    store = FileTokenStore(path, lock_timeout=30)
    if how == "save":
        store.save(tokens)
    elif how == "asave":
        asyncio.run(store.asave(tokens))
    elif how == "clear":
        store.clear()
    else:
        asyncio.run(store.aclear())
    print("done", flush=True)
    """
)


def tokens(name: str) -> AuthTokens:
    return AuthTokens(
        access_token=f"cto_at_v1_{name}",
        refresh_token=f"cto_rt_v1_{name}",
        expires_at=datetime(2030, 1, 1, tzinfo=UTC),
        scope=("openid",),
    )


class Children:
    """The child processes of one test; any still running is killed afterwards."""

    def __init__(self) -> None:
        self.started: list[subprocess.Popen[str]] = []

    def start(
        self, path: Path, name: str, how: str = "save", stalled: str = "", go: str = ""
    ) -> subprocess.Popen[str]:
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(path), name, how, stalled, go],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            text=True,
        )
        self.started.append(child)
        return child

    def run(self, path: Path, name: str, how: str) -> None:
        """Run one child to its end; it must succeed."""
        child = self.start(path, name, how)
        out, err = child.communicate(timeout=WAIT)
        assert child.returncode == 0, err
        assert out.strip() == "done"

    def kill_all(self) -> None:
        for child in self.started:
            if child.poll() is None:
                child.kill()
            child.communicate(timeout=10)


@pytest.fixture
def children() -> Iterator[Children]:
    made = Children()
    try:
        yield made
    finally:
        made.kill_all()


def lock_held(path: Path) -> bool:
    """Whether some process holds the token file's flock."""
    return file_lock_held(path.with_name(path.name + ".lock"))


def stalled_in_save(child: subprocess.Popen[str], stalled: Path, path: Path) -> Path:
    """Wait until `child` stands inside its save, before the rename; its temporary file."""
    wait_until(alive(child, stalled.exists, "the saving child"), "it to stop inside its save")
    temporary = Path(stalled.read_text())
    assert temporary.parent == path.parent
    assert temporary.name.startswith(".tokens.json.")  # mkstemp's, beside the token file
    assert lock_held(path)  # the child holds the lock: it is inside the save
    return temporary


#: Files beside the token file that no save may remove.
FOREIGN = {
    ".tokens.json.notes": b"the user's own",  # the prefix, not the pattern
    ".tokens.json.abcdefgh": b"no .tmp suffix",
    ".tokens.json.a.b.tmp": b"a dot in the middle",
    ".other.json.abcdefgh.tmp": b"another store's",
    "tokens.json.abcdefgh.tmp": b"no leading dot",
}


@pytest.mark.parametrize("then", ["save", "asave", "clear", "aclear"])
def test_a_save_killed_before_its_rename_leaves_a_file_the_next_one_removes(
    tmp_path: Path, children: Children, then: str
) -> None:
    path = tmp_path / "tokens.json"
    FileTokenStore(path).save(tokens("one"))
    before = path.read_bytes()
    for name, content in FOREIGN.items():
        (tmp_path / name).write_bytes(content)
    outside = tmp_path / "elsewhere"
    outside.write_bytes(b"a symlink's target")
    (tmp_path / ".tokens.json.zzzzzzzz.tmp").symlink_to(outside)  # ours by name only
    stalled = tmp_path / "stalled"

    dying = children.start(path, "two", "save", str(stalled), str(tmp_path / "never"))
    temporary = stalled_in_save(dying, stalled, path)
    assert b"cto_rt_v1_two" in temporary.read_bytes()  # what a leftover holds: tokens
    dying.send_signal(signal.SIGKILL)
    dying.wait(timeout=WAIT)
    assert dying.returncode == -signal.SIGKILL
    assert temporary.exists()  # the crash left it
    assert path.read_bytes() == before  # and the token file whole, as it was
    assert not lock_held(path)  # the kernel let go of the dead child's flock

    children.run(path, "three", then)  # the next save (or clear), by another process

    assert not temporary.exists()
    names = {entry.name for entry in tmp_path.iterdir()}
    kept = {*FOREIGN, "elsewhere", ".tokens.json.zzzzzzzz.tmp", "stalled", "tokens.json.lock"}
    if then.endswith("save"):
        kept.add("tokens.json")
    assert names == kept  # no leftover, nothing else removed
    for name, content in FOREIGN.items():
        assert (tmp_path / name).read_bytes() == content
    assert outside.read_bytes() == b"a symlink's target"
    expected = tokens("three") if then.endswith("save") else None
    assert FileTokenStore(path).load() == expected


def test_the_temporary_file_of_a_save_still_running_is_left_alone(
    tmp_path: Path, children: Children
) -> None:
    """A save waits for the lock of a save in progress, whose temporary file it must not
    touch: the running save renames it into place, then the waiting one saves over it."""
    path = tmp_path / "tokens.json"
    FileTokenStore(path).save(tokens("one"))
    stalled, go = tmp_path / "stalled", tmp_path / "go"
    running = children.start(path, "two", "save", str(stalled), str(go))
    temporary = stalled_in_save(running, stalled, path)

    failures: list[BaseException] = []

    def save_meanwhile() -> None:
        try:
            FileTokenStore(path, lock_timeout=WAIT).save(tokens("three"))
        except BaseException as exc:  # reported by the test below
            failures.append(exc)

    waiter = threading.Thread(target=save_meanwhile)
    waiter.start()
    waiter.join(0.3)
    assert waiter.is_alive()  # waiting for the lock, not saving beside the running save
    assert temporary.exists()
    assert json.loads(path.read_bytes())["tokens"]["access_token"] == "cto_at_v1_one"

    go.touch()
    out, err = running.communicate(timeout=WAIT)
    assert running.returncode == 0, err  # its rename found its file where it left it
    assert out.strip() == "done"
    waiter.join(WAIT)
    assert not waiter.is_alive()
    assert failures == []
    assert FileTokenStore(path).load() == tokens("three")  # the later save, over the first
    assert {entry.name for entry in tmp_path.iterdir()} == {
        "tokens.json",
        "tokens.json.lock",
        "stalled",
        "go",
    }
