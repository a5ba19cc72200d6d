"""The async client's own sender when aiohttp is installed (`contio[aiohttp]`).

httpx2's client layers (auth, redirects, cookies, hooks, its own async transport) cost more
CPU per call than the whole exchange over aiohttp; contio needs none of them for its own
calls: it never follows redirects, sends its own credentials, keeps no cookies. So when
contio makes the async client itself it sends with aiohttp directly (TLS verified, the
proxies of the environment as httpx2 would take them, and nothing else of it: aiohttp's
`trust_env` would also send ~/.netrc's credentials with every request that has no auth).
An app's `http_client=` is always an httpx2 client, driven as such. aiohttp's errors are
judged as httpx-aiohttp's were (see `contio._core.failures`).
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, Any

import httpx2

from contio._core.steps import Received, Send
from contio._io.common import Body

if TYPE_CHECKING:
    import asyncio
    from collections.abc import AsyncGenerator, AsyncIterator

    import aiohttp

__all__ = ["AiohttpSession", "aiohttp_available"]

#: Headers aiohttp writes itself, from the URL and the body.
_OWN = frozenset({b"host", b"content-length"})


class _ReadApart(httpx2.AsyncByteStream):
    """The stream of a response whose body is read apart, into `Received.body` (see
    `Received.full_response`). Given, it spares httpx2 reading an empty body at every
    answer: a twentieth of a call's CPU."""

    async def __aiter__(self) -> AsyncIterator[bytes]:
        return
        yield b""  # an async generator that yields nothing


_READ_APART = _ReadApart()


def aiohttp_available() -> bool:
    try:
        import aiohttp  # noqa: F401
    except ImportError:
        return False
    return True


def _env_proxies() -> dict[str, str]:
    import urllib.request

    found = urllib.request.getproxies()
    return {scheme: found[scheme] for scheme in ("http", "https", "all") if found.get(scheme)}


class AiohttpSession:
    """One aiohttp session per live event loop (its connections belong to the loop that
    opened them), made at the loop's first call and kept while the loop lives: a client used
    from two loops in turn neither opens a session per switch nor hands one loop's session to
    another. A loop's session is closed when the loop shuts down (`asyncio.run` and other
    runners finalize async generators then: a started one per session does it), or, for a
    loop closed without that, at the next call from any loop; every one with the client."""

    def __init__(self) -> None:
        import threading

        self._sessions: dict[
            asyncio.AbstractEventLoop, tuple[aiohttp.ClientSession, AsyncGenerator[None, None]]
        ] = {}
        self._lock = threading.Lock()  # loops of several threads share the client
        self.is_closed = False
        # Read when the client is made, as httpx2 reads them; NO_PROXY judged per host.
        self._proxies = _env_proxies()
        self._proxy_for: dict[tuple[str, str], tuple[Any, Any]] = {}

    async def _for_this_loop(self) -> aiohttp.ClientSession:
        import asyncio

        import aiohttp

        loop = asyncio.get_running_loop()
        with self._lock:
            found = self._sessions.get(loop)
        if found is not None and not found[0].closed:
            return found[0]
        self._forget_closed_loops()
        session = aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(limit=100),
            trust_env=False,  # the proxies come from `_proxy`; never ~/.netrc
            cookie_jar=aiohttp.DummyCookieJar(),
            auto_decompress=False,  # a compressed answer is refused, never inflated
        )
        closer = self._close_at_shutdown(loop, session)
        await closer.asend(None)  # started: the loop finalizes it when it shuts down
        with self._lock:
            self._sessions[loop] = (session, closer)
        return session

    async def _close_at_shutdown(
        self, loop: asyncio.AbstractEventLoop, session: aiohttp.ClientSession
    ) -> AsyncGenerator[None, None]:
        try:
            yield
        finally:
            with self._lock:
                if self._sessions.get(loop, (None,))[0] is session:
                    del self._sessions[loop]
            await session.close()

    def _forget_closed_loops(self) -> None:
        """Drop the sessions of loops closed without finalizing their async generators
        (`loop.close()` alone): their sockets are closed here, nothing can be awaited."""
        with self._lock:
            dead = [loop for loop in self._sessions if loop.is_closed()]
            gone = [self._sessions.pop(loop)[0] for loop in dead]
        for session in gone:
            if session.connector is not None:
                with contextlib.suppress(RuntimeError):  # "Event loop is closed"
                    # Closes the transports at once; what it returns waits on the dead
                    # loop, so it is closed unawaited (without a "never awaited" warning).
                    session.connector.close(abort_ssl=True).__await__().close()
            session.detach()  # nothing left to close: no "Unclosed client session" warning

    async def exchange(self, step: Send) -> Received:
        request = step.request
        headers = [
            (name.decode("latin-1"), value.decode("latin-1"))
            for name, value in request.headers.raw
            if name.lower() not in _OWN
        ]
        session = await self._for_this_loop()
        proxy, proxy_credential = self._proxy(request.url)
        proxy_headers = None
        if proxy_credential is not None:  # as aiohttp's own proxy_auth, not deprecated
            if request.url.scheme == "http":  # the request itself goes to the proxy
                headers.append(("Proxy-Authorization", proxy_credential))
            else:  # on the CONNECT only, never through the tunnel
                proxy_headers = {"Proxy-Authorization": proxy_credential}
        async with session.request(
            request.method,
            str(request.url),
            headers=headers,
            data=request.content or None,
            allow_redirects=False,
            proxy=proxy,
            proxy_headers=proxy_headers,
        ) as answer:
            response = httpx2.Response(
                answer.status, headers=answer.raw_headers, request=request, stream=_READ_APART
            )
            try:
                body = Body(response, step.max_bytes)
                async for chunk in answer.content.iter_any():
                    body.add(chunk)
            except BaseException:
                answer.close()  # unread: drops the connection rather than reading the rest
                raise
        return body.received()

    def _proxy(self, url: httpx2.URL) -> tuple[Any, Any]:
        """The proxy for `url` and its Proxy-Authorization (from the proxy URL), or Nones."""
        if not self._proxies:
            return None, None
        key = (url.scheme, url.host)
        found = self._proxy_for.get(key)
        if found is None:
            import urllib.request

            from aiohttp.helpers import strip_auth_from_url
            from yarl import URL

            chosen = self._proxies.get(url.scheme) or self._proxies.get("all")
            if chosen is None or urllib.request.proxy_bypass(url.host):
                found = (None, None)
            else:
                proxy, auth = strip_auth_from_url(
                    URL(chosen if "://" in chosen else f"http://{chosen}")
                )
                found = (proxy, auth.encode() if auth is not None else None)
            self._proxy_for[key] = found
        return found

    async def aclose(self) -> None:
        """Close the session of every loop: this one's here, a loop running in another
        thread's in that loop (a stopped loop's connections go with it)."""
        import asyncio

        self.is_closed = True
        here = asyncio.get_running_loop()
        with self._lock:
            sessions = list(self._sessions.items())
            self._sessions.clear()
        for loop, (session, _) in sessions:
            if session.closed:
                continue
            if loop is here:
                await session.close()
            elif loop.is_running():
                done = asyncio.run_coroutine_threadsafe(session.close(), loop)
                await asyncio.wrap_future(done)
