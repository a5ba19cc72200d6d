"""The async client's own sender when aiohttp is installed (`contio[aiohttp]`).

httpx2's client layers (auth, redirects, cookies, hooks, its own async transport) cost more
CPU per call than the whole exchange over aiohttp; contio needs none of them for its own
calls: it never follows redirects, sends its own credentials, keeps no cookies. So when
contio makes the async client itself it sends with aiohttp directly (TLS verified, the
proxies of the environment as httpx2 would take them). aiohttp's `trust_env` is not used: it
also reads `~/.netrc` on every request (in a worker thread) and applies the login it finds
there: a call with contio's own `Authorization` then fails, one without carries the netrc
password. httpx2 reads no netrc unless asked. An app's `http_client=` is always an httpx2
client, driven as such. aiohttp's errors are judged as httpx-aiohttp's were (see
`contio._core.failures`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import httpx2

from contio._core.steps import Received, Send
from contio._io.common import Body

if TYPE_CHECKING:
    import asyncio

    import aiohttp

__all__ = ["AiohttpSession", "aiohttp_available"]

#: Headers aiohttp writes itself, from the URL and the body.
_OWN = frozenset({b"host", b"content-length"})


def aiohttp_available() -> bool:
    try:
        import aiohttp  # noqa: F401
    except ImportError:
        return False
    return True


class AiohttpSession:
    """One aiohttp session per event loop (its connections belong to the loop that opened
    them), made at the first call; closed with the client."""

    def __init__(self) -> None:
        self._session: aiohttp.ClientSession | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self.is_closed = False
        #: The environment's proxy for each (scheme, host), read once as httpx2 reads it
        #: once per client: (proxy URL, its credentials) or None for a direct connection.
        self._proxies: dict[tuple[str, str], tuple[Any, Any] | None] = {}

    def _for_this_loop(self) -> aiohttp.ClientSession:
        import asyncio

        import aiohttp

        loop = asyncio.get_running_loop()
        if self._session is None or self._loop is not loop or self._session.closed:
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=100),
                trust_env=False,  # no ~/.netrc; the proxies are _proxy_for()'s
                cookie_jar=aiohttp.DummyCookieJar(),
                auto_decompress=False,  # a compressed answer is refused, never inflated
            )
            self._loop = loop
        return self._session

    def _proxy_for(self, url: httpx2.URL) -> tuple[Any, Any] | None:
        """HTTP(S)_PROXY / ALL_PROXY for the URL's scheme unless NO_PROXY names its host."""
        key = (url.scheme, url.host)
        if key not in self._proxies:
            from aiohttp.helpers import get_env_proxy_for_url
            from yarl import URL

            try:
                self._proxies[key] = get_env_proxy_for_url(URL(f"{url.scheme}://{url.host}/"))
            except LookupError:
                self._proxies[key] = None
        return self._proxies[key]

    async def exchange(self, step: Send) -> Received:
        request = step.request
        proxy, proxy_auth = self._proxy_for(request.url) or (None, None)
        headers = [
            (name.decode("latin-1"), value.decode("latin-1"))
            for name, value in request.headers.raw
            if name.lower() not in _OWN
        ]
        session = self._for_this_loop()
        async with session.request(
            request.method,
            str(request.url),
            headers=headers,
            data=request.content or None,
            allow_redirects=False,
            proxy=proxy,
            proxy_auth=proxy_auth,
        ) as answer:
            response = httpx2.Response(answer.status, headers=answer.raw_headers, request=request)
            try:
                body = Body(response, step.max_bytes)
                async for chunk in answer.content.iter_any():
                    body.add(chunk)
            except BaseException:
                answer.close()  # unread: drops the connection rather than reading the rest
                raise
        return body.received()

    async def aclose(self) -> None:
        self.is_closed = True
        if self._session is not None and not self._session.closed:
            await self._session.close()
