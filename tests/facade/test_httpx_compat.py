"""contio is built on httpx2; apps still on httpx 0.28 are served too.

`oauth.auth` works on either library's clients (one object both accept), `http_client=` takes
an httpx2 client and says what to pass when given an httpx one, and `import contio` with a
call never imports httpx.
"""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import httpx
import httpx2
import pytest

from contio import AsyncOAuthClient, OAuthClient
from contio.testing import ContioMock
from tests.facade.conftest import ACCESS_TOKEN_LIFETIME, REFRESHES, count

SYNC_CLIENTS = {"httpx2": httpx2.Client, "httpx": httpx.Client}
ASYNC_CLIENTS = {"httpx2": httpx2.AsyncClient, "httpx": httpx.AsyncClient}


@pytest.mark.parametrize("library", sorted(SYNC_CLIENTS))
def test_oauth_auth_on_a_sync_client_of_either_library(mock: ContioMock, library: str) -> None:
    with OAuthClient(**mock.client_kwargs()) as oauth:
        mock.sign_in(oauth)
        with SYNC_CLIENTS[library](base_url=mock.base_url, auth=oauth.auth) as api:
            me = api.get("/oauth2/userInfo")
            assert me.status_code == 200
            assert me.json()["email"] == "ada@example.com"
            assert me.request.headers["authorization"] == f"Bearer {oauth.get_access_token()}"
            mock.advance(ACCESS_TOKEN_LIFETIME + 1)
            old = oauth.get_access_token()
            again = api.get("/oauth2/userInfo")
            assert again.status_code == 200
            assert count(mock, REFRESHES) == 1  # exactly one refresh before the call
            assert oauth.get_access_token() != old


@pytest.mark.parametrize("library", sorted(ASYNC_CLIENTS))
async def test_oauth_auth_on_an_async_client_of_either_library(
    mock: ContioMock, library: str
) -> None:
    async with AsyncOAuthClient(**mock.client_kwargs()) as oauth:
        await mock.async_sign_in(oauth)
        async with ASYNC_CLIENTS[library](base_url=mock.base_url, auth=oauth.auth) as api:
            me = await api.get("/oauth2/userInfo")
            assert me.status_code == 200
            mock.advance(ACCESS_TOKEN_LIFETIME + 1)
            old = oauth.get_access_token()
            again = await api.get("/oauth2/userInfo")
            assert again.status_code == 200
            assert count(mock, REFRESHES) == 1
            assert oauth.get_access_token() != old


def test_one_auth_object_is_both_libraries_auth() -> None:
    oauth = OAuthClient("client", "secret", "https://app.example.com/cb")
    assert isinstance(oauth.auth, httpx2.Auth)
    assert isinstance(oauth.auth, httpx.Auth)  # this process imported httpx
    assert oauth.auth is oauth.auth  # one object, kept


@pytest.mark.parametrize(
    ("cls", "given"), [(OAuthClient, httpx.Client), (AsyncOAuthClient, httpx.AsyncClient)]
)
def test_an_httpx_client_as_http_client_says_what_to_pass(cls: Any, given: Any) -> None:
    http = given()
    with pytest.raises(
        TypeError, match=r"must be an httpx2\.(Async)?Client, not httpx\."
    ) as refused:
        cls("client", "secret", "https://app.example.com/cb", http_client=http)
    assert "same arguments" in str(refused.value)


NO_HTTPX = """
import asyncio, sys

class NoHttpx:
    def find_spec(self, name, path=None, target=None):
        if name == "httpx" or name.startswith("httpx."):
            raise ImportError("contio imported httpx")
        return None

sys.meta_path.insert(0, NoHttpx())

import httpx2
import contio

base_url = sys.argv[1]
args = ("demo-client", "demo-secret", "http://127.0.0.1/callback")
with contio.OAuthClient(*args, base_url=base_url) as oauth:
    oauth.get_partner_info()
    token = oauth.get_client_credentials_token()
    with httpx2.Client(base_url=base_url, auth=oauth.auth) as api:
        api.get("/oauth2/health")

async def main():
    async with contio.AsyncOAuthClient(*args, base_url=base_url) as aoauth:
        await aoauth.get_available_scopes()
        await aoauth.introspect_token(token.access_token)

asyncio.run(main())
loaded = sorted(m for m in sys.modules if m == "httpx" or m.startswith("httpx."))
print("httpx modules:", loaded)
assert not loaded
"""


def test_import_contio_and_its_calls_never_import_httpx(mock: ContioMock) -> None:
    run = subprocess.run(
        [sys.executable, "-c", NO_HTTPX, mock.base_url],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "httpx modules: []" in run.stdout


ALIASED = """
import httpx2
httpx2.alias_httpx()  # httpx is httpx2 now, process-wide
import httpx
from contio import OAuthClient

oauth = OAuthClient("client", "secret", "https://app.example.com/cb")
assert httpx is httpx2
assert type(oauth.auth).__mro__.count(httpx2.Auth) == 1
with httpx.Client(auth=oauth.auth) as http:
    pass
print("ok")
"""


def test_httpx_aliased_to_httpx2_is_just_httpx2() -> None:
    run = subprocess.run(
        [sys.executable, "-c", ALIASED], capture_output=True, text=True, timeout=60
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout.strip() == "ok"
