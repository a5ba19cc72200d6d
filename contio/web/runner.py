"""Carrying out the effects of `contio.web.core`'s steps, blocking or awaited.

Each runner keeps one connection pool and, per recently seen user, one client over the
store `store_for(user_key)` gives: requests of one user share that client, so concurrent
requests at expiry refresh once (single-flight), whatever store the app chose.
"""

from __future__ import annotations

import asyncio
import threading
import weakref
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Any, Generic, TypeVar

import httpx2

from contio.client import AsyncOAuthClient, OAuthClient
from contio.errors import ContioError, MissingTokenError, TokenStoreError, TokensUnreadableError
from contio.stores import MemoryTokenStore
from contio.tokens import AuthTokens
from contio.types import TokenTypeHint
from contio.web.core import SignInError, WebSettings, log
from contio.web.effects import Effect, Exchange, Flow, Fresh, Revoke, RevokeToken, Save

__all__ = ["AsyncRunner", "SyncRunner"]

T = TypeVar("T")
K = TypeVar("K")


class _Recent(Generic[K]):
    """The clients of the users seen last, at most `size`; the oldest is dropped (the
    pool it uses is shared, so there is nothing to close)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[str, K] = OrderedDict()

    def get(self, key: str, make: Callable[[], K]) -> K:
        item = self._items.get(key)
        if item is None:
            item = self._items[key] = make()
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        else:
            self._items.move_to_end(key)
        return item

    def drop(self, key: str) -> None:
        self._items.pop(key, None)


def _noted(exc: SignInError) -> SignInError:
    reason = f"{exc.reason}: {exc.detail}" if exc.detail else exc.reason
    log.warning("contio.web: sign-in failed (%s)", reason)
    return exc


def _replaced(load: Callable[[], AuthTokens | None]) -> AuthTokens | None:
    """The tokens a sign-in replaces; None for tokens nobody can open (sealed with a key
    dropped from the key set, changed at rest), which the new ones overwrite."""
    try:
        return load()
    except TokensUnreadableError:
        return None


async def _areplaced(load: Callable[[], Awaitable[AuthTokens | None]]) -> AuthTokens | None:
    """`_replaced` for an AsyncOAuthClient."""
    try:
        return await load()
    except TokensUnreadableError:
        return None


def _revocable(tokens: AuthTokens | None) -> tuple[str, TokenTypeHint] | None:
    if tokens is None:
        return None
    if tokens.refresh_token:
        return tokens.refresh_token, "refresh_token"
    return tokens.access_token, "access_token"


class _Base:
    def __init__(self, settings: WebSettings) -> None:
        self.settings = settings
        # Checks the options now (a clear error at start-up, not at the first sign-in), and
        # builds authorization URLs, which needs no I/O and no tokens.
        self._urls = OAuthClient(**settings.client_options, http_client=_UNUSED)

    def authorization_url(self, state: str, **kwargs: Any) -> str:
        return self._urls.get_authorization_url(state, **kwargs)


#: The URL builder never sends a request; it needs an httpx client all the same.
_UNUSED = httpx2.Client()


class SyncRunner(_Base):
    """For WSGI apps (Flask): blocking I/O; one pool shared by every thread."""

    def __init__(self, settings: WebSettings) -> None:
        super().__init__(settings)
        self._http = httpx2.Client()
        self._clients: _Recent[OAuthClient] = _Recent(settings.max_clients)
        self._lock = threading.Lock()
        # Exchanges codes and revokes replaced grants for every sign-in, so that discovery
        # and the key set are fetched once for all of them; it keeps no one's tokens.
        self._exchanger = self._client(MemoryTokenStore())

    def _client(self, store: Any) -> OAuthClient:
        return OAuthClient(
            **self.settings.client_options, token_store=store, http_client=self._http
        )

    def client_for(self, key: str) -> OAuthClient:
        """The client holding this user's tokens, from their store."""
        with self._lock:
            return self._clients.get(key, lambda: self._client(self.settings.store_for(key)))

    def run(self, flow: Flow[T]) -> T:
        outcome: Any = None
        failure: BaseException | None = None
        while True:
            try:
                effect = flow.throw(failure) if failure is not None else flow.send(outcome)
            except StopIteration as stop:
                result: T = stop.value
                return result
            except SignInError as exc:
                raise _noted(exc) from exc.__cause__
            outcome, failure = None, None
            try:
                outcome = self._do(effect)
            except ContioError as exc:
                failure = exc

    def _do(self, effect: Effect) -> Any:
        if isinstance(effect, Exchange):
            tokens = self._exchanger.exchange_code_for_token(
                effect.code, code_verifier=effect.verifier, nonce=effect.nonce
            )
            self._exchanger.clear_tokens()
            return tokens
        if isinstance(effect, RevokeToken):
            return self._exchanger.revoke_token(effect.token, "refresh_token")
        oauth = self.client_for(effect.key)
        if isinstance(effect, Save):
            try:
                replaced = _replaced(oauth.load_tokens)
                oauth.set_tokens(effect.tokens)
            except TokenStoreError:
                with self._lock:  # a sign-in that failed leaves no tokens held in memory
                    self._clients.drop(effect.key)
                raise
            return replaced
        elif isinstance(effect, Fresh):
            if oauth.load_tokens() is None:
                raise MissingTokenError("no tokens are stored for this user")
            oauth.get_valid_access_token()
        elif isinstance(effect, Revoke):
            revocable = _revocable(oauth.load_tokens())
            if revocable is not None:
                oauth.revoke_token(*revocable)
        else:
            with self._lock:
                self._clients.drop(effect.key)
            oauth.clear_tokens()
        return None

    def close(self) -> None:
        self._http.close()


class _LoopPool:
    """What one event loop's requests share: an asyncio client cannot cross loops."""

    def __init__(self, size: int) -> None:
        self.http = _async_http()
        self.clients: _Recent[AsyncOAuthClient] = _Recent(size)
        #: Exchanges codes for every sign-in on this loop (see SyncRunner._exchanger).
        self.exchanger: AsyncOAuthClient | None = None


def _async_http() -> httpx2.AsyncClient:
    # The transport AsyncOAuthClient itself prefers (see contio[aiohttp]), when installed.
    try:
        from httpx_aiohttp.httpx2 import Httpx2AiohttpClient
    except ImportError:
        return httpx2.AsyncClient()
    return Httpx2AiohttpClient()


class AsyncRunner(_Base):
    """For ASGI apps (Starlette, FastAPI): awaited I/O, one pool per event loop."""

    def __init__(self, settings: WebSettings) -> None:
        super().__init__(settings)
        self._pools: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _LoopPool] = (
            weakref.WeakKeyDictionary()
        )

    def _pool(self) -> _LoopPool:
        loop = asyncio.get_running_loop()
        pool = self._pools.get(loop)
        if pool is None:
            pool = self._pools[loop] = _LoopPool(self.settings.max_clients)
        return pool

    def _client(self, store: Any) -> AsyncOAuthClient:
        return AsyncOAuthClient(
            **self.settings.client_options, token_store=store, http_client=self._pool().http
        )

    def _exchanger(self) -> AsyncOAuthClient:
        pool = self._pool()
        if pool.exchanger is None:
            pool.exchanger = self._client(MemoryTokenStore())
        return pool.exchanger

    def client_for(self, key: str) -> AsyncOAuthClient:
        """The client holding this user's tokens, from their store."""
        return self._pool().clients.get(key, lambda: self._client(self.settings.store_for(key)))

    async def run(self, flow: Flow[T]) -> T:
        outcome: Any = None
        failure: BaseException | None = None
        while True:
            try:
                effect = flow.throw(failure) if failure is not None else flow.send(outcome)
            except StopIteration as stop:
                result: T = stop.value
                return result
            except SignInError as exc:
                raise _noted(exc) from exc.__cause__
            outcome, failure = None, None
            try:
                outcome = await self._do(effect)
            except ContioError as exc:
                failure = exc

    async def _do(self, effect: Effect) -> Any:
        if isinstance(effect, Exchange):
            exchanger = self._exchanger()
            tokens = await exchanger.exchange_code_for_token(
                effect.code, code_verifier=effect.verifier, nonce=effect.nonce
            )
            await exchanger.aclear_tokens()
            return tokens
        if isinstance(effect, RevokeToken):
            return await self._exchanger().revoke_token(effect.token, "refresh_token")
        oauth = self.client_for(effect.key)
        if isinstance(effect, Save):
            try:
                replaced = await _areplaced(oauth.load_tokens)
                await oauth.aset_tokens(effect.tokens)
            except TokenStoreError:
                self._pool().clients.drop(effect.key)  # a failed sign-in holds no tokens
                raise
            return replaced
        elif isinstance(effect, Fresh):
            if await oauth.load_tokens() is None:
                raise MissingTokenError("no tokens are stored for this user")
            await oauth.get_valid_access_token()
        elif isinstance(effect, Revoke):
            revocable = _revocable(await oauth.load_tokens())
            if revocable is not None:
                await oauth.revoke_token(*revocable)
        else:
            self._pool().clients.drop(effect.key)
            await oauth.aclear_tokens()
        return None

    def close_soon(self) -> None:
        """From any thread: close each running loop's pool on that loop (the pools of
        loops that stopped went with them)."""
        for loop, pool in list(self._pools.items()):
            if loop.is_running() and not loop.is_closed():
                asyncio.run_coroutine_threadsafe(pool.http.aclose(), loop)
        self._pools.clear()

    async def aclose(self) -> None:
        """Close the connection pool of the running event loop."""
        loop = asyncio.get_running_loop()
        pool = self._pools.pop(loop, None)
        if pool is not None:
            await pool.http.aclose()
