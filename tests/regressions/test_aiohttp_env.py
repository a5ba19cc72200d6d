"""Review 3: AsyncOAuthClient's own aiohttp sender took more from the environment than the
proxies. aiohttp's `trust_env=True` also reads ~/.netrc (or $NETRC) for every request without
auth: a `default` entry, or one for Contio's host, was sent as Basic credentials to discovery
and the key set, and every call that carries contio's own Authorization failed with aiohttp's
raw ValueError ("Cannot combine AUTHORIZATION header with AUTH argument"). httpx2 reads no
netrc unless asked (`NetRCAuth`): the proxies of the environment, and nothing else, must
reach the aiohttp sender.
"""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from tests.hostile import Exchange, hostile
from tests.regressions.helpers import SECRET, hostile_client

pytest.importorskip("aiohttp")

NETRC_PASSWORD = "netrc-password-Z9"


@pytest.fixture
def netrc(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "netrc"
    path.write_text(f"default login netrc-user password {NETRC_PASSWORD}\n")
    monkeypatch.setenv("NETRC", str(path))
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)


def _introspection(exchange: Exchange) -> None:
    exchange.json(200, {"active": False})


def _netrc_credential() -> bytes:
    return base64.b64encode(f"netrc-user:{NETRC_PASSWORD}".encode())


@pytest.mark.usefixtures("netrc")
async def test_netrc_credentials_never_go_to_the_key_set() -> None:
    def handler(exchange: Exchange) -> None:
        exchange.json(200, {"keys": []})

    with hostile(handler) as server:
        async with hostile_client("async", server) as client:
            await client.get_jwks()
        sent = server.received()
    assert b"authorization" not in sent.lower()
    assert _netrc_credential() not in sent


@pytest.mark.usefixtures("netrc")
async def test_netrc_entry_does_not_break_client_authentication() -> None:
    with hostile(_introspection) as server:
        async with hostile_client("async", server) as client:
            result = await client.introspect_token("cto_at_v1_x")
        sent = server.received()
    assert result.active is False
    own = base64.b64encode(f"review-client:{SECRET}".encode())
    assert b"Authorization: Basic " + own in sent
    assert _netrc_credential() not in sent


@pytest.mark.usefixtures("netrc")
async def test_proxy_of_the_environment_is_still_used(monkeypatch: pytest.MonkeyPatch) -> None:
    # The hostile server plays the proxy: a plain-HTTP request through it comes in
    # absolute form, naming the origin the client meant.
    with hostile(_introspection) as proxy:
        monkeypatch.setenv("HTTP_PROXY", f"http://proxy-user:proxy-pass@127.0.0.1:{proxy.port}")
        monkeypatch.setenv("NO_PROXY", "")
        from contio import AsyncOAuthClient

        async with AsyncOAuthClient(
            "review-client",
            SECRET,
            "https://app.example.com/callback",
            base_url="http://localhost:8123",
            max_retries=0,
        ) as client:
            result = await client.introspect_token("cto_at_v1_x")
        sent = proxy.received()
    assert result.active is False
    assert sent.startswith(b"POST http://localhost:8123/oauth2/introspect ")
    proxy_credential = base64.b64encode(b"proxy-user:proxy-pass")
    assert b"Proxy-Authorization: Basic " + proxy_credential in sent
    assert _netrc_credential() not in sent


@pytest.mark.usefixtures("netrc")
async def test_no_proxy_is_honoured(monkeypatch: pytest.MonkeyPatch) -> None:
    with hostile(_introspection) as server, hostile(_introspection) as proxy:
        monkeypatch.setenv("HTTP_PROXY", proxy.base_url)
        monkeypatch.setenv("NO_PROXY", "127.0.0.1")
        async with hostile_client("async", server) as client:
            await client.introspect_token("cto_at_v1_x")
        assert proxy.received() == b""
        assert server.received().startswith(b"POST /oauth2/introspect ")
