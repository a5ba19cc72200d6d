"""Where a client keeps its tokens between calls and between runs."""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
import threading
from collections.abc import Iterator
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


_FORMAT = "contio-tokens"
_VERSION = 1


class FileTokenStore:
    """Tokens in a JSON file, for command-line tools and scripts.

    The file is created with mode 0600 and replaced atomically (a temporary file in the same
    folder, then a rename), under an advisory lock on a `.lock` file beside it so that several
    processes can share it. A file that is not a contio token file (corrupt, foreign, from a
    newer version) raises TokenStoreError and is never overwritten.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path).expanduser()
        self._lock_path = self.path.with_name(self.path.name + ".lock")
        self._thread_lock = threading.Lock()

    def __repr__(self) -> str:
        return f"FileTokenStore({str(self.path)!r})"

    @contextlib.contextmanager
    def _locked(self, exclusive: bool) -> Iterator[None]:
        with self._thread_lock:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                fd = os.open(self._lock_path, os.O_RDWR | os.O_CREAT, 0o600)
            except OSError as exc:
                raise TokenStoreError(
                    f"cannot lock token file {self.path}: {exc.strerror}"
                ) from exc
            try:
                if _fcntl is not None:
                    _fcntl.flock(fd, _fcntl.LOCK_EX if exclusive else _fcntl.LOCK_SH)
                yield
            finally:
                os.close(fd)  # closing the descriptor releases the lock

    def _read(self) -> AuthTokens | None:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise TokenStoreError(f"cannot read token file {self.path}: {exc.strerror}") from exc
        try:
            document: Any = json.loads(raw)
        except (ValueError, RecursionError) as exc:
            raise TokenStoreError(
                f"token file {self.path} is not valid JSON; move it away or delete it"
            ) from exc
        if (
            not isinstance(document, dict)
            or document.get("format") != _FORMAT
            or "tokens" not in document
        ):
            raise TokenStoreError(
                f"{self.path} is not a contio token file; refusing to read or overwrite it"
            )
        if document.get("version") != _VERSION:
            raise TokenStoreError(
                f"token file {self.path} has unsupported version {document.get('version')!r}"
            )
        if document["tokens"] is None:
            return None
        try:
            return AuthTokens.from_dict(document["tokens"])
        except ValueError as exc:
            raise TokenStoreError(f"token file {self.path} holds invalid tokens: {exc}") from exc

    def load(self) -> AuthTokens | None:
        with self._locked(exclusive=False):
            return self._read()

    def save(self, tokens: AuthTokens) -> None:
        with self._locked(exclusive=True):
            self._read()  # raises for a foreign or corrupt file, which must survive
            self._write({"format": _FORMAT, "version": _VERSION, "tokens": tokens.to_dict()})

    def clear(self) -> None:
        with self._locked(exclusive=True):
            if self._read() is None:
                return
            try:
                self.path.unlink()
            except FileNotFoundError:
                pass
            except OSError as exc:
                raise TokenStoreError(
                    f"cannot remove token file {self.path}: {exc.strerror}"
                ) from exc

    def _write(self, document: dict[str, Any]) -> None:
        data = json.dumps(document, indent=2).encode("utf-8")
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
