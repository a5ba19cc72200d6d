"""Which transport AsyncOAuthClient uses, and that the client behaves the same on each."""

from __future__ import annotations

import httpx2
import pytest

from contio import AsyncOAuthClient, ContioError, OAuthClient
from contio._io.aiohttp_session import AiohttpSession
from contio.testing import ContioMock


async def test_default_transport_follows_what_is_installed(
    mock: ContioMock, async_transport: str
) -> None:
    async with AsyncOAuthClient(**mock.client_kwargs()) as client:
        if async_transport == "aiohttp":
            assert isinstance(client._http, AiohttpSession)
        else:
            assert isinstance(client._http, httpx2.AsyncClient)
            assert isinstance(client._http._transport, httpx2.AsyncHTTPTransport)
        info = await client.get_partner_info()
        assert info.client_id == mock.client_id


async def test_the_apps_http_client_always_wins(mock: ContioMock) -> None:
    async with httpx2.AsyncClient() as http:
        async with AsyncOAuthClient(**mock.client_kwargs(http_client=http)) as client:
            assert client._http is http
            assert (await client.get_available_scopes())[0] == "openid"
        assert not http.is_closed  # not the facade's to close


async def test_a_closed_async_client_says_so(mock: ContioMock) -> None:
    client = AsyncOAuthClient(**mock.client_kwargs())
    await client.aclose()
    with pytest.raises(ContioError, match="closed"):
        await client.get_partner_info()


def test_a_closed_client_says_so(mock: ContioMock) -> None:
    client = OAuthClient(**mock.client_kwargs())
    client.close()
    with pytest.raises(ContioError, match="closed"):
        client.get_partner_info()
