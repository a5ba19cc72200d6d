"""The clients the CPU measures compare: their row names, and how each is made.

Importing this loads no HTTP library: each maker imports its own when called, so that the
fresh-process child (which times the construction) holds only what the row it measures uses.
httpx2 is the library contio is built on; httpx 0.28, the library it left, is kept as a
reference row; over aiohttp means httpx-aiohttp's transport for that library, and contio's
own aiohttp the sender AsyncOAuthClient() makes itself when aiohttp is installed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import httpx
    import httpx2

    from contio import AsyncOAuthClient

# Rows, sync.
RAW2_SYNC = "raw httpx2 Client"
HTTPX_SYNC = "ref: httpx 0.28 Client"
CONTIO_SYNC = "contio OAuthClient"
# Rows, async.
RAW2_ASYNC = "raw httpx2 AsyncClient"
RAW2_AIOHTTP = "raw httpx2 over aiohttp"
HTTPX_ASYNC = "ref: httpx 0.28 AsyncClient"
HTTPX_AIOHTTP = "ref: httpx 0.28 over aiohttp"
PLAIN_AIOHTTP = "plain aiohttp"
CONTIO_HTTPX2 = "contio over httpx2 transport"
CONTIO_AIOHTTP = "contio over aiohttp"
CONTIO_NATIVE = "contio over its own aiohttp"

# What AsyncOAuthClient() may send through (an httpx2 transport, or contio's own aiohttp
# sender), and the row that measures it.
HTTPX2_TRANSPORT = "httpx2.AsyncHTTPTransport"
AIOHTTP_TRANSPORT = "httpx_aiohttp.httpx2.transport.AiohttpTransport"
NATIVE_SENDER = "contio._io.aiohttp_session.AiohttpSession"
CONTIO_ROWS = {
    HTTPX2_TRANSPORT: CONTIO_HTTPX2,
    AIOHTTP_TRANSPORT: CONTIO_AIOHTTP,
    NATIVE_SENDER: CONTIO_NATIVE,
}


def httpx2_sync() -> httpx2.Client:
    import httpx2

    return httpx2.Client()


def httpx_sync() -> httpx.Client:
    import httpx

    return httpx.Client()


def httpx2_async() -> httpx2.AsyncClient:
    import httpx2

    return httpx2.AsyncClient()


def httpx2_over_aiohttp() -> httpx2.AsyncClient:
    import httpx2
    from httpx_aiohttp.httpx2 import AiohttpTransport

    return httpx2.AsyncClient(transport=AiohttpTransport())


def httpx_async() -> httpx.AsyncClient:
    import httpx

    return httpx.AsyncClient()


def httpx_over_aiohttp() -> httpx.AsyncClient:
    import httpx
    from httpx_aiohttp import AiohttpTransport

    return httpx.AsyncClient(transport=AiohttpTransport())


def aiohttp_session() -> Any:
    """An aiohttp.ClientSession (Any: aiohttp may be absent for the type checker)."""
    import aiohttp

    return aiohttp.ClientSession()


def transport_name(client: AsyncOAuthClient) -> str:
    """The class AsyncOAuthClient sends through, with its module: its httpx2 client's
    transport, or contio's own sender (private attributes, read as best effort)."""
    http = getattr(client, "_http", None)
    if http is None:
        return "unknown"
    transport = getattr(http, "_transport", http)
    kind = type(transport)
    return f"{kind.__module__}.{kind.__qualname__}"


def contio_row(transport: str) -> str:
    """The row that measures contio over `transport`, or "" when no row does."""
    return CONTIO_ROWS.get(transport, "")
