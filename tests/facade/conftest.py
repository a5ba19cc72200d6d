"""Fixtures for the facade's tests: the project's own pytest plugin (`contio.testing`).

`mock` is the plugin's `contio_mock` (a live mock over real HTTP, reset before every test);
these tests use the same fixtures that apps use for their Contio integration.
"""

from __future__ import annotations

import inspect
import logging
import socket
import sys
from collections.abc import AsyncIterator, Awaitable
from datetime import datetime, timedelta
from typing import Any, TypeVar
from urllib.parse import parse_qsl, urlsplit

import httpx2
import pytest

import contio._core.sender
from contio import AsyncOAuthClient, AuthTokens, ConsentStatus, OAuthClient
from contio.mock import MockConfig
from contio.testing import DEFAULT_REDIRECT_URI, ContioMock
from tests.facade.secrets_support import Evidence

REDIRECT_URI = DEFAULT_REDIRECT_URI
MockControl = ContioMock

#: The async transports every async test runs on: aiohttp (AsyncOAuthClient's own sender when
#: installed) and httpx2's own transport (its default otherwise).
ASYNC_TRANSPORTS = ("aiohttp", "httpx")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Run every test that can make an AsyncOAuthClient once per async transport."""
    uses_async = inspect.iscoroutinefunction(metafunc.function) or bool(
        {"aoauth", "make_client", "any_client"} & set(metafunc.fixturenames)
    )
    if uses_async and "async_transport" in metafunc.fixturenames:
        metafunc.parametrize("async_transport", ASYNC_TRANSPORTS, indirect=True)


@pytest.fixture(autouse=True)
def async_transport(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """The transport a default AsyncOAuthClient gets in this test.

    "aiohttp": contio's own aiohttp sender (contio[aiohttp] installed). "httpx": aiohttp is
    made unimportable, as in an install without contio[aiohttp], so the client's own
    fallback, httpx2's transport, is what the test exercises.
    """
    kind: str = getattr(request, "param", "aiohttp")
    if kind == "httpx":
        monkeypatch.setitem(sys.modules, "aiohttp", None)
    return kind


@pytest.fixture
def mock(contio_mock: ContioMock) -> ContioMock:
    return contio_mock


def client_kwargs(mock: ContioMock, **overrides: Any) -> dict[str, Any]:
    return mock.client_kwargs(**overrides)


@pytest.fixture
def oauth(contio_oauth: OAuthClient) -> OAuthClient:
    return contio_oauth


@pytest.fixture
async def aoauth(mock: ContioMock) -> AsyncIterator[AsyncOAuthClient]:
    async with AsyncOAuthClient(**mock.client_kwargs()) as client:
        yield client


def sign_in(oauth: OAuthClient, mock: ContioMock, email: str = "ada@example.com") -> None:
    """Passwordless sign-in, consent and code exchange: leaves `oauth` holding user tokens."""
    mock.sign_in(oauth, email, "Ada Lovelace")


# -- helpers of the integration tests (flows, single flight, resilience, file store) --------

T = TypeVar("T")
AnyClient = OAuthClient | AsyncOAuthClient

#: The mock's stats key of refresh_token grants: one per refresh request that reached it.
REFRESHES = "exchangeOauthToken:refresh_token"
#: How long the session's mock (default configuration) lets an access token live, in seconds.
ACCESS_TOKEN_LIFETIME = MockConfig().access_token_lifetime


def count(mock: ContioMock, key: str) -> int:
    """How many requests the mock counted under `key` (an operationId or operation:grant)."""
    return mock.stats().get(key, 0)


def _basic(mock: ContioMock) -> httpx2.BasicAuth:
    return httpx2.BasicAuth(mock.client_id, mock.client_secret)


def revoke_out_of_band(mock: ContioMock, token: str, hint: str = "access_token") -> None:
    """Revoke a token at the mock behind the client's back (as another app instance would)."""
    response = mock.http.post(
        "/oauth2/revoke", data={"token": token, "token_type_hint": hint}, auth=_basic(mock)
    )
    response.raise_for_status()


def is_active(mock: ContioMock, token: str) -> bool:
    """Introspect `token` at the mock directly, without any client."""
    response = mock.http.post("/oauth2/introspect", data={"token": token}, auth=_basic(mock))
    response.raise_for_status()
    active: bool = response.json()["active"]
    return active


def closed_port_url() -> str:
    """The URL of a loopback port that nobody listens on: connections are refused."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


async def resolve(value: Awaitable[T] | T) -> T:
    """The result of a call on either client: awaited for the async one."""
    if inspect.isawaitable(value):
        return await value
    return value


async def close_client(client: AnyClient) -> None:
    if isinstance(client, AsyncOAuthClient):
        await client.aclose()
    else:
        client.close()


async def sign_in_any(client: AnyClient, mock: ContioMock, email: str = "ada@example.com") -> None:
    """`sign_in` for either client."""
    if isinstance(client, AsyncOAuthClient):
        await mock.async_sign_in(client, email, "Ada Lovelace")
    else:
        mock.sign_in(client, email, "Ada Lovelace")


class ClientFactory:
    """Makes clients of one kind (`"sync"` or `"async"`) for the mock; keyword arguments
    override `client_kwargs`. `close_all` closes every client made."""

    def __init__(self, mock: ContioMock, kind: str) -> None:
        self.mock = mock
        self.kind = kind
        self.made: list[AnyClient] = []

    def __call__(self, **overrides: Any) -> AnyClient:
        cls: type[AnyClient] = OAuthClient if self.kind == "sync" else AsyncOAuthClient
        client = cls(**self.mock.client_kwargs(**overrides))
        self.made.append(client)
        return client

    async def close_all(self) -> None:
        for client in self.made:
            await close_client(client)


@pytest.fixture(params=["sync", "async"])
async def make_client(
    request: pytest.FixtureRequest, mock: ContioMock
) -> AsyncIterator[ClientFactory]:
    """A ClientFactory of one kind: the test runs once with each client."""
    factory = ClientFactory(mock, request.param)
    yield factory
    await factory.close_all()


@pytest.fixture
def any_client(make_client: ClientFactory) -> AnyClient:
    """A default client, sync or async (the test runs once with each)."""
    return make_client()


def consented_code(
    oauth: OAuthClient, mock: ContioMock, email: str = "ada@example.com", **consent: Any
) -> str:
    """Sign `email` in through `oauth` (initiate + verify), consent; the authorization code.

    `consent` adds fields to the consent request, e.g. a PKCE `code_challenge`."""
    challenge = oauth.initiate_partner_auth(email, "Ada Lovelace")
    code, _ = mock.last_code(email)
    oauth.verify_partner_auth(email, code, challenge.session)
    return mock.consent(email, **consent)


async def async_consented_code(
    aoauth: AsyncOAuthClient, mock: ContioMock, email: str = "ada@example.com", **consent: Any
) -> str:
    """`consented_code` through the async client."""
    challenge = await aoauth.initiate_partner_auth(email, "Ada Lovelace")
    code, _ = mock.last_code(email)
    await aoauth.verify_partner_auth(email, code, challenge.session)
    return mock.consent(email, **consent)


async def async_sign_in(
    aoauth: AsyncOAuthClient, mock: ContioMock, email: str = "ada@example.com"
) -> None:
    """`sign_in` for the async client."""
    await aoauth.exchange_code_for_token(await async_consented_code(aoauth, mock, email))


def assert_user_tokens(
    tokens: AuthTokens, mock: ContioMock, before: datetime, after: datetime
) -> None:
    """Tokens of a user grant as the mock issues them, received between `before` and `after`
    (mock time): expires_at is the time of receipt plus expires_in."""
    assert tokens.access_token.startswith("cto_at_v1_")
    assert tokens.refresh_token is not None
    assert tokens.refresh_token.startswith("cto_rt_v1_")
    assert tokens.id_token is not None
    assert tokens.id_token.count(".") == 2
    assert tokens.scope == tuple(mock.scope)
    assert tokens.token_type == "Bearer"
    lifetime = timedelta(seconds=ACCESS_TOKEN_LIFETIME)
    assert tokens.expires_at is not None
    assert tokens.expires_at.utcoffset() == timedelta(0)
    assert before + lifetime <= tokens.expires_at <= after + lifetime


def authorization_query(url: str, mock: ContioMock) -> list[tuple[str, str]]:
    """The query of an authorization URL, in order, after checking where the URL points."""
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == f"{mock.base_url}/oauth2/authorize"
    assert not parts.fragment
    return parse_qsl(parts.query, keep_blank_values=True, strict_parsing=True)


def expected_authorization_query(
    mock: ContioMock, *extra: tuple[str, str]
) -> list[tuple[str, str]]:
    """What the TypeScript SDK puts in the query: these four first, then the optional ones."""
    return [
        ("client_id", mock.client_id),
        ("redirect_uri", mock.redirect_uri),
        ("response_type", "code"),
        ("scope", " ".join(mock.scope)),
        *extra,
    ]


def callback_params(response: httpx2.Response, mock: ContioMock) -> dict[str, str]:
    """The query of the redirect back to the app from GET /oauth2/authorize."""
    assert response.status_code == 302
    location = urlsplit(response.headers["location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == mock.redirect_uri
    return dict(parse_qsl(location.query))


def consent_flags(status: ConsentStatus) -> tuple[bool, bool, bool | None]:
    """(has_consent, requires_consent, session_valid) of a check_consent answer."""
    return status.has_consent, status.requires_consent, status.session_valid


# -- fixtures of the no-secret-ever-shows tests (test_secrets_*.py) ------------------------


@pytest.fixture
def evidence(caplog: pytest.LogCaptureFixture) -> Evidence:
    """DEBUG on for the root logger and every logger that exists, captured by caplog."""
    caplog.set_level(logging.DEBUG)
    for name in list(logging.root.manager.loggerDict):
        caplog.set_level(logging.DEBUG, logger=name)
    return Evidence()


@pytest.fixture
def fast_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(contio._core.sender, "BACKOFF_BASE", 0.001)
