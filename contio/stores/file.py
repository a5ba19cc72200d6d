"""FileTokenStore: tokens in a JSON file, for command-line tools and scripts."""

from __future__ import annotations

import contextlib
import os
import re
import stat
import tempfile
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from contio._checks import check_number
from contio.errors import TokenStoreError, TokensUnreadableError
from contio.stores._common import (
    async_sleep,
    caller,
    decode_document,
    encode_document,
    lock_waits,
    on_this_loop,
)
from contio.tokens import AuthTokens

if TYPE_CHECKING:
    from contio.stores.sealing import TokenSealer

__all__ = ["FileTokenStore"]

try:  # POSIX
    import fcntl as _fcntl
except ImportError:  # pragma: no cover - Windows
    _fcntl = None  # type: ignore[assignment]

# Who, in this process, holds the refresh lock of each token file, through lock()/alock() of
# any FileTokenStore on it: their own loads and saves must not lock again, and a blocking
# save from an event loop whose task holds it must fail rather than deadlock.
_HOLDERS: dict[str, object] = {}

#: How a save names its temporary file beside the token file: `.<name>.<random>.tmp`.
_TEMP_SUFFIX = ".tmp"


class FileTokenStore:
    """Tokens in a JSON file, for command-line tools and scripts.

    The file is created with mode 0600 and replaced atomically (a temporary file in the same
    folder, then a rename), under an advisory lock on a `.lock` file beside it so that several
    processes can share it. Folders it creates are 0700 whatever the umask, and a save removes
    the temporary files that saves killed before their rename left behind (they hold tokens).
    A file that is not a contio token file (corrupt, foreign, from a newer version) raises
    TokenStoreError and is never overwritten.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        lock_timeout: float = 60.0,
        sealer: TokenSealer | None = None,
    ) -> None:
        """A store over the JSON file at `path` (nothing is read yet).

        Args:
            path: The JSON file (`~` is expanded); its folder is made (mode 0700) when needed.
            lock_timeout: Seconds to wait for another process's lock before TokenStoreError.
            sealer: Seals the file's tokens at rest (contio.stores.sealing); None: readable
                JSON, mode 0600.

        Raises:
            ValueError: A negative or too long `lock_timeout`.
        """
        self.path = Path(path).expanduser()
        self.lock_timeout = check_number(lock_timeout, "lock_timeout", minimum=0, maximum=86400)
        self.sealer = sealer
        self._lock_path = self.path.with_name(self.path.name + ".lock")
        # Who holds the exclusive lock through lock()/alock(): its own loads and saves must
        # not lock again (flock locks of two descriptors exclude each other, even in one
        # process, which is also what keeps this process's threads apart).
        self._lock_key = os.path.abspath(self._lock_path)
        # The temporary files of this file's saves, and nothing else: `.<name>.<random>.tmp`
        # with mkstemp's random part (never a dot in it, so another store's never match).
        self._leftover = re.compile(
            re.escape(f".{self.path.name}.") + "[a-z0-9_]+" + re.escape(_TEMP_SUFFIX)
        )

    def __repr__(self) -> str:
        return f"FileTokenStore({str(self.path)!r})"

    def _open_lock_file(self) -> int:
        try:
            _make_folders(self.path.parent)
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
                await async_sleep(delay)
        except BaseException:  # a timeout, or the waiting task cancelled
            os.close(fd)
            raise
        raise AssertionError("unreachable")  # pragma: no cover

    @contextlib.contextmanager
    def _locked(self, exclusive: bool) -> Iterator[None]:
        holder = _HOLDERS.get(self._lock_key)
        if holder is not None and holder == caller():
            yield  # inside this caller's lock()/alock()
            return
        if holder is not None and on_this_loop(holder):
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
        if holder is not None and holder == caller():
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
        with self._holding(self._acquire()):
            yield

    @contextlib.asynccontextmanager
    async def alock(self) -> AsyncIterator[None]:
        """`lock()` for asyncio: waits with asyncio.sleep, never blocking the event loop."""
        with self._holding(await self._acquire_async()):
            yield

    @contextlib.contextmanager
    def _holding(self, fd: int) -> Iterator[None]:
        """The lock taken on `fd` is this caller's until the block ends; then let go."""
        _HOLDERS[self._lock_key] = caller()
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
        return decode_document(raw, f"token file {self.path}", self.sealer)

    def _check_replaceable(self) -> None:
        """Before a save: a foreign or corrupt file must survive (TokenStoreError); tokens of
        this store's format that cannot be opened (a dropped key) are replaced."""
        with contextlib.suppress(TokensUnreadableError):
            self._read()

    def load(self) -> AuthTokens | None:
        # No lock: saves replace the file by a rename, so a read sees one whole file.
        """The tokens in the file.

        Returns:
            The tokens, or None when there is no file.

        Raises:
            TokenStoreError: The file is unreadable or holds no token set.
        """
        return self._read()

    def save(self, tokens: AuthTokens) -> None:
        """Replace the file's tokens atomically (mode 0600), under the file's lock.

        Args:
            tokens: The tokens to keep.

        Raises:
            TokenStoreError: The file could not be written, or the lock not had in time.
        """
        with self._locked(exclusive=True):
            self._check_replaceable()
            self._remove_leftovers()
            self._write(encode_document(tokens, self.sealer))

    def clear(self) -> None:
        """Remove the file (and what an interrupted save left behind).

        Raises:
            TokenStoreError: The file could not be removed, or the lock not had in time.
        """
        with self._locked(exclusive=True):
            self._remove()
            self._remove_leftovers()

    async def aload(self) -> AuthTokens | None:
        """`load` for asyncio clients (a small file read, without a lock, as `load`)."""
        return self._read()

    async def asave(self, tokens: AuthTokens) -> None:
        """`save` for asyncio clients.

        Args:
            tokens: The tokens to keep.

        Raises:
            TokenStoreError: As `save`.
        """
        async with self._alocked(exclusive=True):
            self._check_replaceable()
            self._remove_leftovers()
            self._write(encode_document(tokens, self.sealer))

    async def aclear(self) -> None:
        """`clear` for asyncio clients."""
        async with self._alocked(exclusive=True):
            self._remove()
            self._remove_leftovers()

    def _remove(self) -> None:
        if self._read() is None:
            return
        try:
            self.path.unlink()
        except FileNotFoundError:
            pass
        except OSError as exc:
            raise TokenStoreError(f"cannot remove token file {self.path}: {exc.strerror}") from exc

    def _remove_leftovers(self) -> None:
        """Remove the temporary files of saves of this file that died before their rename (a
        crash, a SIGKILL): they hold tokens. Called under the exclusive lock, which every save
        holds while it writes one, so none of them belongs to a save still running. Only
        regular files of this user named as this store names them; best effort."""
        if _fcntl is None:  # pragma: no cover - no lock, so a live save's file may be there
            return
        try:
            entries = list(os.scandir(self.path.parent))
        except OSError:
            return  # the save itself will say what is wrong with the folder
        for entry in entries:
            if not self._leftover.fullmatch(entry.name):
                continue
            try:
                info = entry.stat(follow_symlinks=False)
                if stat.S_ISREG(info.st_mode) and info.st_uid == os.geteuid():
                    os.unlink(entry.path)
            except OSError:
                continue  # gone meanwhile, or not ours to remove

    def _write(self, document: str) -> None:
        data = document.encode("utf-8")
        try:
            fd, tmp = tempfile.mkstemp(
                prefix=f".{self.path.name}.", suffix=_TEMP_SUFFIX, dir=self.path.parent
            )
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


def _make_folders(folder: Path) -> None:
    """Create `folder` and its missing parents with mode 0700, whatever the umask: who can
    list the folder of a token file sees when it changes. Folders that exist stay as they
    are (a home directory is not ours to change)."""
    missing: list[Path] = []
    current = folder
    while not os.path.lexists(current) and current.parent != current:
        missing.append(current)
        current = current.parent
    for each in reversed(missing):
        try:
            os.mkdir(each, 0o700)  # the umask can only take bits away from 0700
        except FileExistsError:
            continue  # made by another process meanwhile: left as it made it
        if stat.S_IMODE(os.stat(each).st_mode) != 0o700:  # a umask that took the owner's
            os.chmod(each, 0o700)


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
