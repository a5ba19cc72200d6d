"""Where a client keeps its tokens between calls and between runs."""

from __future__ import annotations

import contextlib
import json
import os
import random
import sys
import tempfile
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from contio.errors import TokenStoreError
from contio.tokens import AuthTokens

__all__ = ["FileTokenStore", "MemoryTokenStore", "TokenStore"]

try:  # POSIX
    import fcntl as _fcntl
except ImportError:  # pragma: no cover - Windows
    _fcntl = None  # type: ignore[assignment]


@runtime_checkable
class TokenStore(Protocol):
    """What a client needs of a token store. Implementations must be thread-safe."""

    def load(self) -> AuthTokens | None:
        """The saved tokens, or None when nothing is saved."""
        ...

    def save(self, tokens: AuthTokens) -> None:
        """Replace the saved tokens."""
        ...

    def clear(self) -> None:
        """Forget the saved tokens."""
        ...


class MemoryTokenStore:
    """Tokens in this process only: the default."""

    def __init__(self, tokens: AuthTokens | None = None) -> None:
        self._tokens = tokens
        self._lock = threading.Lock()

    def load(self) -> AuthTokens | None:
        with self._lock:
            return self._tokens

    def save(self, tokens: AuthTokens) -> None:
        with self._lock:
            self._tokens = tokens

    def clear(self) -> None:
        with self._lock:
            self._tokens = None

    def __repr__(self) -> str:
        return f"MemoryTokenStore(has_tokens={self._tokens is not None})"


# Who, in this process, holds the refresh lock of each token file, through lock()/alock() of
# any FileTokenStore on it: their own loads and saves must not lock again, and a blocking
# save from an event loop whose task holds it must fail rather than deadlock.
_HOLDERS: dict[str, object] = {}

_FORMAT = "contio-tokens"
_VERSION = 1


def encode_document(tokens: AuthTokens) -> str:
    """The JSON document that every contio store keeps: format, version and tokens."""
    return json.dumps({"format": _FORMAT, "version": _VERSION, "tokens": tokens.to_dict()})


def decode_document(raw: bytes | str, name: str) -> AuthTokens | None:
    """Tokens from `encode_document` output; TokenStoreError naming `name` for anything else."""
    try:
        document: Any = json.loads(raw)
    except (ValueError, RecursionError) as exc:
        raise TokenStoreError(f"{name} is not valid JSON; move it away or delete it") from exc
    if (
        not isinstance(document, dict)
        or document.get("format") != _FORMAT
        or "tokens" not in document
    ):
        raise TokenStoreError(
            f"{name} is not a contio token file; refusing to read or overwrite it"
        )
    if document.get("version") != _VERSION:
        raise TokenStoreError(f"{name} has unsupported version {document.get('version')!r}")
    if document["tokens"] is None:
        return None
    try:
        return AuthTokens.from_dict(document["tokens"])
    except ValueError as exc:
        raise TokenStoreError(f"{name} holds invalid tokens: {exc}") from exc


class FileTokenStore:
    """Tokens in a JSON file, for command-line tools and scripts.

    The file is created with mode 0600 and replaced atomically (a temporary file in the same
    folder, then a rename), under an advisory lock on a `.lock` file beside it so that several
    processes can share it. A file that is not a contio token file (corrupt, foreign, from a
    newer version) raises TokenStoreError and is never overwritten.
    """

    def __init__(self, path: str | os.PathLike[str], *, lock_timeout: float = 60.0) -> None:
        self.path = Path(path).expanduser()
        self.lock_timeout = lock_timeout
        self._lock_path = self.path.with_name(self.path.name + ".lock")
        # Who holds the exclusive lock through lock()/alock(): its own loads and saves must
        # not lock again (flock locks of two descriptors exclude each other, even in one
        # process, which is also what keeps this process's threads apart).
        self._lock_key = os.path.abspath(self._lock_path)

    def __repr__(self) -> str:
        return f"FileTokenStore({str(self.path)!r})"

    def _open_lock_file(self) -> int:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            return os.open(self._lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as exc:
            raise TokenStoreError(f"cannot lock token file {self.path}: {exc.strerror}") from exc

    def _try_flock(self, fd: int, exclusive: bool) -> bool:
        if _fcntl is None:  # pragma: no cover - no advisory locks on this platform
            return True
        try:
            _fcntl.flock(fd, (_fcntl.LOCK_EX if exclusive else _fcntl.LOCK_SH) | _fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        except OSError as exc:
            raise TokenStoreError(f"cannot lock token file {self.path}: {exc.strerror}") from exc
        return True

    def _timed_out(self) -> TokenStoreError:
        return TokenStoreError(
            f"timed out after {self.lock_timeout:g} s waiting for the lock on {self.path}"
        )

    def _acquire(self) -> int:
        """The lock file's descriptor, locked; waits with backoff, at most lock_timeout."""
        fd = self._open_lock_file()
        try:
            for delay in lock_waits(self.lock_timeout, self._timed_out):
                if self._try_flock(fd, exclusive=True):
                    return fd
                time.sleep(delay)
        except BaseException:
            os.close(fd)
            raise
        raise AssertionError("unreachable")  # pragma: no cover

    async def _acquire_async(self, exclusive: bool = True) -> int:
        """`_acquire` for asyncio: waits with asyncio.sleep, never blocking the event loop."""
        fd = self._open_lock_file()
        try:
            for delay in lock_waits(self.lock_timeout, self._timed_out):
                if self._try_flock(fd, exclusive=exclusive):
                    return fd
                await _async_sleep(delay)
        except BaseException:  # a timeout, or the waiting task cancelled
            os.close(fd)
            raise
        raise AssertionError("unreachable")  # pragma: no cover

    @contextlib.contextmanager
    def _locked(self, exclusive: bool) -> Iterator[None]:
        holder = _HOLDERS.get(self._lock_key)
        if holder is not None and holder == _caller():
            yield  # inside this caller's lock()/alock()
            return
        if holder is not None and _on_this_loop(holder):
            # Waiting in the kernel would block the loop, and with it the task holding the
            # lock that would release it.
            raise TokenStoreError(
                f"token file {self.path} is locked by another task of this event loop; "
                "use the async methods (asave, aclear) from asyncio code"
            )
        # A save holds the lock for a moment: wait for it in the kernel, which is fair to
        # other processes (polling would let a busy writer starve them).
        fd = self._open_lock_file()
        try:
            if _fcntl is not None:
                try:
                    _fcntl.flock(fd, _fcntl.LOCK_EX if exclusive else _fcntl.LOCK_SH)
                except OSError as exc:  # ENOLCK on some network file systems, say
                    raise TokenStoreError(
                        f"cannot lock token file {self.path}: {exc.strerror}"
                    ) from exc
            yield
        finally:
            os.close(fd)  # closing the descriptor releases the lock

    @contextlib.asynccontextmanager
    async def _alocked(self, exclusive: bool) -> AsyncIterator[None]:
        """`_locked` for asyncio. Waiting for the lock in the kernel would block the event
        loop, and with it the task of this loop that holds the lock (alock() across a
        refresh) and would release it: a deadlock. So wait as alock() does."""
        holder = _HOLDERS.get(self._lock_key)
        if holder is not None and holder == _caller():
            yield  # inside this task's alock()
            return
        fd = await self._acquire_async(exclusive)
        try:
            yield
        finally:
            os.close(fd)

    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        """Hold the file's exclusive lock (across a refresh: single flight across processes).

        A process that dies holding it lets go at once: the kernel drops its locks.
        """
        fd = self._acquire()
        _HOLDERS[self._lock_key] = _caller()
        try:
            yield
        finally:
            _HOLDERS.pop(self._lock_key, None)
            os.close(fd)

    @contextlib.asynccontextmanager
    async def alock(self) -> AsyncIterator[None]:
        """`lock()` for asyncio: waits with asyncio.sleep, never blocking the event loop."""
        fd = await self._acquire_async()
        _HOLDERS[self._lock_key] = _caller()
        try:
            yield
        finally:
            _HOLDERS.pop(self._lock_key, None)
            os.close(fd)

    def _read(self) -> AuthTokens | None:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise TokenStoreError(f"cannot read token file {self.path}: {exc.strerror}") from exc
        return decode_document(raw, f"token file {self.path}")

    def load(self) -> AuthTokens | None:
        # No lock: saves replace the file by a rename, so a read sees one whole file.
        return self._read()

    def save(self, tokens: AuthTokens) -> None:
        with self._locked(exclusive=True):
            self._read()  # raises for a foreign or corrupt file, which must survive
            self._write(encode_document(tokens))

    def clear(self) -> None:
        with self._locked(exclusive=True):
            self._remove()

    async def aload(self) -> AuthTokens | None:
        """`load` for asyncio clients (a small file read, without a lock, as `load`)."""
        return self._read()

    async def asave(self, tokens: AuthTokens) -> None:
        """`save` for asyncio clients."""
        async with self._alocked(exclusive=True):
            self._read()
            self._write(encode_document(tokens))

    async def aclear(self) -> None:
        """`clear` for asyncio clients."""
        async with self._alocked(exclusive=True):
            self._remove()

    def _remove(self) -> None:
        if self._read() is None:
            return
        try:
            self.path.unlink()
        except FileNotFoundError:
            pass
        except OSError as exc:
            raise TokenStoreError(f"cannot remove token file {self.path}: {exc.strerror}") from exc

    def _write(self, document: str) -> None:
        data = document.encode("utf-8")
        try:
            fd, tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", dir=self.path.parent)
        except OSError as exc:
            raise TokenStoreError(f"cannot write token file {self.path}: {exc.strerror}") from exc
        try:
            os.fchmod(fd, 0o600) if hasattr(os, "fchmod") else None
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, self.path)
            _fsync_dir(self.path.parent)
        except OSError as exc:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise TokenStoreError(f"cannot write token file {self.path}: {exc.strerror}") from exc


def _fsync_dir(folder: Path) -> None:
    """Make the rename itself durable (POSIX); a no-op where folders cannot be opened."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def lock_waits(timeout: float, timed_out: Callable[[], Exception]) -> Iterator[float]:
    """Pauses between attempts at a lock: 5 ms doubling to 250 ms, with jitter, so a waiter
    never spins hot; raises `timed_out()` rather than pause past `timeout` seconds."""
    deadline = time.monotonic() + timeout
    delay = 0.005
    while True:
        pause = delay * random.uniform(0.5, 1.0)  # noqa: S311 - jitter, not a secret
        if time.monotonic() + pause > deadline:
            raise timed_out()
        yield pause
        delay = min(delay * 2, 0.25)


async def _async_sleep(seconds: float) -> None:
    import asyncio

    await asyncio.sleep(seconds)


def _current_task() -> Any:
    """The running asyncio task, if any (asyncio is only looked at if something loaded it)."""
    aio = sys.modules.get("asyncio")
    if aio is None:
        return None
    try:
        return aio.current_task()
    except RuntimeError:  # no running event loop in this thread
        return None


def _on_this_loop(holder: object) -> bool:
    """Whether `holder` is an asyncio task of the loop running in this thread."""
    task = _current_task()
    get_loop = getattr(holder, "get_loop", None)
    return task is not None and get_loop is not None and get_loop() is task.get_loop()


def _caller() -> object:
    """The current asyncio task, or the current thread: who holds a lock."""
    task = _current_task()
    return task if task is not None else threading.get_ident()
