"""Review #3: AsyncOAuthClient's own aiohttp sender ran with aiohttp's `trust_env=True`,
which, besides the proxy variables, reads `~/.netrc` on every request (in a worker thread)
and applies the login it finds for the host (a `default` entry matches every host): every
call that carries contio's own `Authorization` failed with aiohttp's bare ValueError
("Cannot combine AUTHORIZATION header with AUTH argument"), and a call without one (OpenID
discovery, the keys) would carry the netrc password. httpx2 reads no netrc unless asked; the
two senders must agree on that, and both still honour HTTP_PROXY / NO_PROXY.
"""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

import pytest

from contio import AsyncOAuthClient, ContioError, OAuthClient
from tests.facade.conftest import close_client, resolve
from tests.hostile import Exchange, hostile
from tests.regressions.helpers import REDIRECT_URI, SECRET, use_transport

NETRC_PASSWORD = "netrc-password-must-stay-home"
TOKEN = {"access_token": "cto_at_v1_fromserver", "token_type": "Bearer", "expires_in": 3600}
KINDS = ["sync", "async-aiohttp", "async-httpx"]


def _token_server(exchange: Exchange) -> None:
    exchange.json(200, TOKEN)


def _client(kind: str, monkeypatch: pytest.MonkeyPatch, base_url: str) -> Any:
    use_transport(monkeypatch, kind.partition("-")[2])
    cls = OAuthClient if kind == "sync" else AsyncOAuthClient
    return cls("review-client", SECRET, REDIRECT_URI, base_url=base_url, max_retries=0)


def _authorization(request: bytes) -> list[bytes]:
    head = request.split(b"\r\n\r\n", 1)[0]
    return [
        line.split(b":", 1)[1].strip()
        for line in head.split(b"\r\n")[1:]
        if line.lower().startswith(b"authorization:")
    ]


@pytest.mark.parametrize("kind", KINDS)
async def test_a_netrc_login_never_replaces_the_client_credentials(
    kind: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    netrc = tmp_path / ".netrc"
    netrc.write_text(
        f"machine 127.0.0.1 login intruder password {NETRC_PASSWORD}\n"
        f"default login anyone password {NETRC_PASSWORD}\n"
    )
    netrc.chmod(0o600)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("NETRC", str(netrc))
    with hostile(_token_server) as server:
        client = _client(kind, monkeypatch, server.base_url)
        try:
            tokens = await resolve(client.get_client_credentials_token())
        finally:
            await close_client(client)
    assert tokens.access_token == TOKEN["access_token"]
    assert NETRC_PASSWORD.encode() not in server.received()
    expected = base64.b64encode(f"review-client:{SECRET}".encode())
    assert _authorization(server.requests[0]) == [b"Basic " + expected]


@pytest.mark.parametrize("kind", KINDS)
async def test_the_environments_proxy_is_used_and_no_proxy_is_honoured(
    kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with hostile(_token_server) as proxy:
        for name in ("HTTP_PROXY", "http_proxy"):
            monkeypatch.setenv(name, proxy.base_url)
        for name in ("NO_PROXY", "no_proxy"):
            monkeypatch.setenv(name, "127.0.0.10")
        # Loopback addresses where nothing listens: http is allowed only for loopback hosts.
        client = _client(kind, monkeypatch, "http://127.0.0.9:9")
        try:
            tokens = await resolve(client.get_client_credentials_token())
        finally:
            await close_client(client)
        assert tokens.access_token == TOKEN["access_token"]
        first_line = proxy.requests[0].split(b"\r\n", 1)[0]
        assert first_line == b"POST http://127.0.0.9:9/oauth2/token HTTP/1.1"

        # A host NO_PROXY names is reached directly: here, a port where nothing listens.
        client = _client(kind, monkeypatch, "http://127.0.0.10:9")
        try:
            with pytest.raises(ContioError) as caught:
                await resolve(client.get_client_credentials_token())
        finally:
            await close_client(client)
        assert len(proxy.requests) == 1, type(caught.value)
