"""Where a credential comes from when it is not a fixed string: so that every process of a
fleet picks up a rotated client secret (or API key) without a restart.

Give a client one of these as `client_secret=` (`PartnerAdmin`: `api_key=`):

- `FileSecret(path)`: a file holding the value (a mounted Kubernetes or Docker secret, say);
- `RedisSecret(key, client=...)`: a Redis key the fleet shares;
- any function returning the value (an `async def` one for the asyncio clients).

A client reads its source when it is created, again when the value it holds is older than the
source's `max_age` (default 60 seconds), and at once when Contio refuses the credential
(`invalid_client`; `unauthorized` for an API key), before it fails the call: a rotation
published to the source reaches every process within `max_age`, long before the old value's
grace period ends. `publish(value)` writes a new value and keeps the one it replaces beside it
(what `PartnerAdmin`'s rotations do with `publish_to=`); `restore_previous()` puts that one
back (a rollback). A file is replaced atomically, with mode 0600.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import os
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from contio.errors import ContioError

__all__ = [
    "DEFAULT_MAX_AGE",
    "FileSecret",
    "FunctionSecret",
    "RedisSecret",
    "SecretSource",
    "SecretSourceError",
]

#: Seconds a value read from a source is used before the source is read again.
DEFAULT_MAX_AGE = 60.0
MAX_SECRET_BYTES = 64 * 1024


class SecretSourceError(ContioError):
    """The source could not be read (or written); the message names the source, never the
    value."""


@runtime_checkable
class SecretSource(Protocol):
    """What a client reads a credential from: `read()` (blocking clients) and `aread()`
    (asyncio clients), each the current value; a `max_age` attribute, when it has one, says
    how long a value read is used (default 60 seconds)."""

    def read(self) -> str: ...

    async def aread(self) -> str: ...


def _max_age(value: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 86_400:
        raise ValueError("max_age must be a number of seconds from 0 to 86400")
    return float(value)


class FileSecret:
    """A credential in a file (surrounding whitespace and a final newline ignored)."""

    def __init__(self, path: str | os.PathLike[str], *, max_age: float = DEFAULT_MAX_AGE) -> None:
        self.path = Path(path)
        self.max_age = _max_age(max_age)

    def __repr__(self) -> str:
        return f"FileSecret({str(self.path)!r})"

    def read(self) -> str:
        try:
            with self.path.open("rb") as handle:
                raw = handle.read(MAX_SECRET_BYTES + 1)
        except OSError as exc:
            raise SecretSourceError(
                f"cannot read the secret file {self.path}: {exc.strerror or type(exc).__name__}"
            ) from None
        if len(raw) > MAX_SECRET_BYTES:
            raise SecretSourceError(f"the secret file {self.path} is larger than a secret")
        try:
            return raw.decode("utf-8").strip()
        except UnicodeDecodeError:
            raise SecretSourceError(f"the secret file {self.path} is not UTF-8 text") from None

    async def aread(self) -> str:
        return await asyncio.to_thread(self.read)

    @property
    def previous_path(self) -> Path:
        """Where `publish` keeps the value it replaced."""
        return self.path.with_name(self.path.name + ".previous")

    def publish(self, value: str) -> None:
        """Make `value` the file's, keeping the one it replaces in `previous_path`."""
        if self.path.exists():
            self._write(self.previous_path, self.read())
        self._write(self.path, value)

    def restore_previous(self) -> None:
        """Put back the value `publish` replaced (the rolled-back one is kept as previous)."""
        try:
            previous = FileSecret(self.previous_path).read()
        except SecretSourceError:
            raise SecretSourceError(f"no previous value beside {self.path}") from None
        current = self.read()
        self._write(self.path, previous)
        self._write(self.previous_path, current)

    async def apublish(self, value: str) -> None:
        await asyncio.to_thread(self.publish, value)

    async def arestore_previous(self) -> None:
        await asyncio.to_thread(self.restore_previous)

    @staticmethod
    def _write(path: Path, value: str) -> None:
        """Replace `path` atomically (readers see the old or the new value, whole), readable
        by its owner only."""
        folder = path.parent
        try:
            descriptor, temporary = tempfile.mkstemp(prefix=".contio-", dir=folder)
        except OSError as exc:
            raise SecretSourceError(
                f"cannot write beside {path}: {exc.strerror or type(exc).__name__}"
            ) from None
        try:
            with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
                os.chmod(temporary, 0o600)
                handle.write(value + "\n")
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temporary, path)
        except OSError as exc:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise SecretSourceError(
                f"cannot write the secret file {path}: {exc.strerror or type(exc).__name__}"
            ) from None


class RedisSecret:
    """A credential in a Redis key: `client` (a `redis.Redis`) for the blocking clients,
    `async_client` (a `redis.asyncio.Redis`) for the asyncio ones."""

    def __init__(
        self,
        key: str,
        *,
        client: Any = None,
        async_client: Any = None,
        max_age: float = DEFAULT_MAX_AGE,
    ) -> None:
        if not isinstance(key, str) or not key:
            raise TypeError("key must be a non-empty str")
        if client is None and async_client is None:
            raise TypeError("give client= (redis.Redis) or async_client= (redis.asyncio.Redis)")
        self.key = key
        self.client = client
        self.async_client = async_client
        self.max_age = _max_age(max_age)

    def __repr__(self) -> str:
        return f"RedisSecret({self.key!r})"

    def _value(self, raw: object) -> str:
        if raw is None:
            raise SecretSourceError(f"the Redis key {self.key!r} holds no secret")
        if isinstance(raw, bytes):
            try:
                raw = raw.decode("utf-8")
            except UnicodeDecodeError:
                raise SecretSourceError(f"the Redis key {self.key!r} is not UTF-8 text") from None
        if not isinstance(raw, str):
            raise SecretSourceError(f"the Redis key {self.key!r} is not a string")
        return raw.strip()

    @property
    def previous_key(self) -> str:
        """Where `publish` keeps the value it replaced."""
        return self.key + ":previous"

    def _call(self, action: str, method: str, *args: Any) -> Any:
        """One command with the blocking client; its failure a SecretSourceError."""
        if self.client is None:
            raise SecretSourceError("this RedisSecret has no blocking client (client=)")
        try:
            return getattr(self.client, method)(*args)
        except Exception as exc:
            raise self._failed(action, exc) from None

    async def _acall(self, action: str, method: str, *args: Any) -> Any:
        """The same with the asyncio client (or the blocking one in a thread, without one)."""
        if self.async_client is None:
            return await asyncio.to_thread(self._call, action, method, *args)
        try:
            return await getattr(self.async_client, method)(*args)
        except Exception as exc:
            raise self._failed(action, exc) from None

    def _failed(self, action: str, exc: Exception) -> SecretSourceError:
        kind = type(exc).__name__  # not its text: a client's error may quote what it sent
        return SecretSourceError(f"cannot {action} the Redis key {self.key!r}: {kind}")

    def _swapped(self, answer: object) -> None:
        if not answer:
            raise SecretSourceError(f"no previous value under {self.previous_key!r}")

    def read(self) -> str:
        return self._value(self._call("read", "get", self.key))

    async def aread(self) -> str:
        return self._value(await self._acall("read", "get", self.key))

    def publish(self, value: str) -> None:
        """Make `value` the key's, keeping the one it replaces under `previous_key` (one
        atomic step: readers see the old or the new value)."""
        self._call("write", "eval", _PUBLISH, 2, self.key, self.previous_key, value)

    async def apublish(self, value: str) -> None:
        await self._acall("write", "eval", _PUBLISH, 2, self.key, self.previous_key, value)

    def restore_previous(self) -> None:
        """Put back the value `publish` replaced (swapping the two)."""
        self._swapped(self._call("write", "eval", _SWAP, 2, self.key, self.previous_key))

    async def arestore_previous(self) -> None:
        self._swapped(await self._acall("write", "eval", _SWAP, 2, self.key, self.previous_key))


#: KEYS[1] the secret, KEYS[2] its previous value; ARGV[1] the new value.
_PUBLISH = """
local current = redis.call('GET', KEYS[1])
if current then redis.call('SET', KEYS[2], current) end
redis.call('SET', KEYS[1], ARGV[1])
return 1
"""
_SWAP = """
local previous = redis.call('GET', KEYS[2])
if not previous then return 0 end
local current = redis.call('GET', KEYS[1])
redis.call('SET', KEYS[1], previous)
if current then redis.call('SET', KEYS[2], current) end
return 1
"""


class FunctionSecret:
    """A credential an app's function returns (an `async def` one is awaited by the asyncio
    clients, and cannot serve the blocking ones)."""

    def __init__(
        self,
        function: Callable[[], str] | Callable[[], Awaitable[str]],
        *,
        max_age: float = DEFAULT_MAX_AGE,
    ) -> None:
        if not callable(function):
            raise TypeError(f"function must be callable, not {type(function).__name__}")
        self.function = function
        self.max_age = _max_age(max_age)

    def __repr__(self) -> str:
        return f"FunctionSecret({getattr(self.function, '__qualname__', 'function')})"

    def _checked(self, value: object) -> str:
        if not isinstance(value, str):
            raise SecretSourceError(
                f"the secret function returned a {type(value).__name__}, not a str"
            )
        return value

    def read(self) -> str:
        if inspect.iscoroutinefunction(self.function):
            raise SecretSourceError("an async secret function serves the asyncio clients only")
        try:
            value = self.function()
        except Exception as exc:
            raise SecretSourceError(f"the secret function raised {type(exc).__name__}") from None
        if inspect.isawaitable(value):
            with contextlib.suppress(Exception):
                value.close()  # type: ignore[attr-defined]
            raise SecretSourceError("an async secret function serves the asyncio clients only")
        return self._checked(value)

    async def aread(self) -> str:
        """An async function awaited; a plain one run in a thread (it may block: a vault's
        HTTP call), so that the event loop goes on meanwhile."""
        try:
            if inspect.iscoroutinefunction(self.function):
                value: Any = await self.function()
            else:
                value = await asyncio.to_thread(self.function)
            if inspect.isawaitable(value):
                value = await value
        except Exception as exc:
            raise SecretSourceError(f"the secret function raised {type(exc).__name__}") from None
        return self._checked(value)
