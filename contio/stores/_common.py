"""What every contio token store shares: the document it keeps, how to wait for a lock, and
who, in this process, is the caller holding one."""

from __future__ import annotations

import json
import random
import sys
import threading
import time
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from contio.errors import TokenStoreError, TokensUnreadableError
from contio.tokens import AuthTokens

if TYPE_CHECKING:
    from contio.stores.sealing import TokenSealer

_FORMAT = "contio-tokens"
_VERSION = 1


#: What a sealed value begins with (contio.stores.sealing; kept here so that reading a store
#: never imports cryptography unless a value is sealed).
_SEALED = "contio-sealed.v1."


def encode_document(
    tokens: AuthTokens, sealer: TokenSealer | None = None, context: str = ""
) -> str:
    """The JSON document that every contio store keeps: format, version and tokens; sealed
    by `sealer`, bound to `context`, when one is given."""
    document = json.dumps({"format": _FORMAT, "version": _VERSION, "tokens": tokens.to_dict()})
    return document if sealer is None else sealer.seal(document, context)


def decode_document(
    raw: bytes | str, name: str, sealer: TokenSealer | None = None, context: str = ""
) -> AuthTokens | None:
    """Tokens from `encode_document` output; TokenStoreError naming `name` for anything else
    (TokensUnreadableError for a sealed value that does not open)."""
    if isinstance(raw, bytes):
        try:
            raw = raw.decode()
        except UnicodeDecodeError as exc:
            raise TokenStoreError(f"{name} is not valid JSON; move it away or delete it") from exc
    sealed = raw.startswith(_SEALED)
    if sealed:
        if sealer is None:
            raise TokensUnreadableError(
                f"{name} holds sealed tokens and this store has no sealer: give it the "
                "TokenSealer with their key"
            )
        raw = sealer.open(raw, context, name)
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
    # Only once it is known to be a token document: anything else is never overwritten.
    if not sealed and sealer is not None and not sealer.accept_unsealed:
        raise TokensUnreadableError(
            f"{name} holds tokens that are not sealed, and this store only reads sealed ones "
            "(TokenSealer(accept_unsealed=True) reads them while moving to sealing)"
        )
    if document["tokens"] is None:
        return None
    try:
        return AuthTokens.from_dict(document["tokens"])
    except ValueError as exc:
        raise TokenStoreError(f"{name} holds invalid tokens: {exc}") from exc


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


async def async_sleep(seconds: float) -> None:
    """asyncio.sleep, with asyncio imported only by the asyncio code paths."""
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


def on_this_loop(holder: object) -> bool:
    """Whether `holder` is an asyncio task of the loop running in this thread."""
    task = _current_task()
    get_loop = getattr(holder, "get_loop", None)
    return task is not None and get_loop is not None and get_loop() is task.get_loop()


def caller() -> object:
    """The current asyncio task, or the current thread: who holds a lock. A client saves
    from the thread (lock()) or the task (alock()) that took its store's lock."""
    task = _current_task()
    return task if task is not None else threading.get_ident()
