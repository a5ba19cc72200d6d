"""The review fixes of the facade, each proven by a test that fails without it.

- New tokens are kept in memory when the store fails to save them after a refresh, and are
  saved first at the next call (no second refresh, no reuse of the rotated refresh token).
- The async single-flight refresh survives the cancellation of the caller that started it.
- An explicit refresh_access_token(stored refresh token) joins the single flight.
- An app http_client whose response hook raises for the status: the error is judged as the
  response it carries (a 400 is a BadRequestError, not a connection failure, not retried).
- An app http_client that carries oauth.auth and is also the client's own: token calls send
  Basic, and a proactive refresh through it does not recurse or deadlock.
- ContioAPIError pickles; request secrets (codes, verifiers, sessions, tokens given as
  arguments) never show in an error's str or repr.
- Tokens of unknown expiry are used as they are (a 401 still refreshes once); a refresh
  without an ID token keeps the grant's.
- FileTokenStore locks are tracked per file for the whole process: a second instance on
  the same file waits for a lock held in another thread, does not deadlock inside a lock its
  own thread holds, and fails at once instead of blocking an event loop whose task holds it.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
import pickle
import threading
import time
from collections.abc import Awaitable, Callable, Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import parse_qsl, quote, quote_plus

import attrs
import httpx2
import pytest

from contio import (
    AsyncOAuthClient,
    AuthenticationError,
    AuthTokens,
    BadRequestError,
    ConflictError,
    ContioAPIError,
    ContioConnectionError,
    ContioError,
    FileTokenStore,
    MemoryTokenStore,
    OAuthClient,
    RateLimitError,
    TokenStore,
    TokenStoreError,
)
from contio.testing import ContioMock
from tests.facade.conftest import (
    ACCESS_TOKEN_LIFETIME,
    REFRESHES,
    async_sign_in,
    count,
    is_active,
    revoke_out_of_band,
    sign_in,
)

T = TypeVar("T")

#: A client of the fake servers (httpx2.MockTransport) of these tests.
ID_CLIENT = ("id-client", "id-secret", "https://app.example.com/callback")

#: The bound on every wait for a thread: a deadlock fails the test instead of hanging it.
JOIN = 20.0


def run_in_thread(work: Callable[[], T], what: str, limit: float = JOIN) -> T:
    """`work()` in a daemon thread; its result, or its exception re-raised here. A thread
    still running after `limit` seconds fails the test as a deadlock."""
    results: list[T] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            results.append(work())
        except BaseException as exc:
            errors.append(exc)

    thread = threading.Thread(target=run, name=what, daemon=True)
    thread.start()
    thread.join(limit)
    if thread.is_alive():
        pytest.fail(f"deadlock: {what} did not finish within {limit:g} s")
    if errors:
        raise errors[0]
    return results[0]


def all_at_once(works: list[Callable[[], Any]]) -> list[Any]:
    """Run each of `works` in its own thread, released together by a barrier; every result,
    in order (an exception of any is re-raised here)."""
    barrier = threading.Barrier(len(works))
    results: list[Any] = [None] * len(works)
    errors: list[BaseException] = []

    def run(index: int, work: Callable[[], Any]) -> None:
        try:
            barrier.wait(timeout=JOIN)
            results[index] = work()
        except BaseException as exc:
            errors.append(exc)

    threads = [
        threading.Thread(target=run, args=(index, work), daemon=True)
        for index, work in enumerate(works)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(JOIN * 2)
    assert not any(thread.is_alive() for thread in threads), "a thread never finished"
    if errors:
        raise errors[0]
    return results


# -- 1. a failed save after a refresh keeps the new tokens ------------------------------------


class FlakyStore:
    """A TokenStore that delegates to another, whose next save fails when told to."""

    def __init__(self, inner: TokenStore) -> None:
        self.inner = inner
        self.fail_next_save = False
        self.failed = 0

    def _maybe_fail(self) -> None:
        if self.fail_next_save:
            self.fail_next_save = False
            self.failed += 1
            raise TokenStoreError("the token store is down (injected by the test)")

    def load(self) -> AuthTokens | None:
        return self.inner.load()

    def save(self, tokens: AuthTokens) -> None:
        self._maybe_fail()
        self.inner.save(tokens)

    def clear(self) -> None:
        self.inner.clear()


class AsyncFlakyStore(FlakyStore):
    """FlakyStore with the async methods an AsyncOAuthClient prefers (FileTokenStore's)."""

    inner: FileTokenStore

    def __init__(self, inner: FileTokenStore) -> None:
        super().__init__(inner)

    async def aload(self) -> AuthTokens | None:
        return await self.inner.aload()

    async def asave(self, tokens: AuthTokens) -> None:
        self._maybe_fail()
        await self.inner.asave(tokens)

    async def aclear(self) -> None:
        await self.inner.aclear()


@pytest.fixture(params=["memory", "file"])
def inner_store(request: pytest.FixtureRequest, tmp_path: Path) -> TokenStore:
    if request.param == "memory":
        return MemoryTokenStore()
    return FileTokenStore(tmp_path / "tokens.json")


def test_a_save_failure_after_a_refresh_keeps_the_new_tokens_and_saves_them_next(
    mock: ContioMock, inner_store: TokenStore
) -> None:
    store = FlakyStore(inner_store)
    with OAuthClient(**mock.client_kwargs(token_store=store)) as oauth:
        sign_in(oauth, mock)
        old = oauth.tokens
        assert old is not None
        assert old.refresh_token is not None
        mock.advance(ACCESS_TOKEN_LIFETIME + 1)

        store.fail_next_save = True
        with pytest.raises(TokenStoreError):
            oauth.get_valid_access_token()
        assert store.failed == 1
        assert count(mock, REFRESHES) == 1  # the server rotated the refresh token
        new = oauth.tokens
        assert new is not None
        assert new.access_token != old.access_token
        assert new.refresh_token not in (None, old.refresh_token)  # the rotated one is kept
        assert store.inner.load() == old  # the store did not take them

        # The store is back: the kept tokens are saved first, and no second refresh (which
        # would present the rotated-out refresh token: invalid_grant, the grant revoked).
        assert oauth.get_valid_access_token() == new.access_token
        assert store.inner.load() == new
        assert oauth.tokens == new
        assert count(mock, REFRESHES) == 1
        assert is_active(mock, new.access_token)  # no reuse of the old refresh token


def test_after_a_failed_save_a_forced_refresh_uses_the_kept_refresh_token(
    mock: ContioMock, inner_store: TokenStore
) -> None:
    store = FlakyStore(inner_store)
    with OAuthClient(**mock.client_kwargs(token_store=store)) as oauth:
        sign_in(oauth, mock)
        old = oauth.tokens
        assert old is not None
        store.fail_next_save = True
        with pytest.raises(TokenStoreError):
            oauth.refresh_access_token()
        kept = oauth.tokens
        assert kept is not None
        assert kept.refresh_token != old.refresh_token
        # The next refresh presents the kept (current) refresh token, not the rotated one.
        newer = oauth.refresh_access_token()
        assert count(mock, REFRESHES) == 2
        assert newer.access_token not in (old.access_token, kept.access_token)
        assert store.inner.load() == newer
        assert is_active(mock, newer.access_token)


async def test_async_a_save_failure_after_a_refresh_keeps_the_new_tokens(
    mock: ContioMock, tmp_path: Path
) -> None:
    store = AsyncFlakyStore(FileTokenStore(tmp_path / "tokens.json"))
    async with AsyncOAuthClient(**mock.client_kwargs(token_store=store)) as aoauth:
        await async_sign_in(aoauth, mock)
        old = aoauth.tokens
        assert old is not None
        mock.advance(ACCESS_TOKEN_LIFETIME + 1)

        store.fail_next_save = True
        with pytest.raises(TokenStoreError):
            await aoauth.get_valid_access_token()
        new = aoauth.tokens
        assert new is not None
        assert new.refresh_token not in (None, old.refresh_token)
        assert store.inner.load() == old

        assert await aoauth.get_valid_access_token() == new.access_token
        assert store.inner.load() == new
        assert count(mock, REFRESHES) == 1
        assert is_active(mock, new.access_token)


# -- 2. a cancelled caller does not abandon the refresh ---------------------------------------


async def test_a_caller_cancelled_mid_refresh_does_not_abandon_it(
    aoauth: AsyncOAuthClient, mock: ContioMock
) -> None:
    await async_sign_in(aoauth, mock)
    old = aoauth.tokens
    assert old is not None
    mock.advance(ACCESS_TOKEN_LIFETIME + 1)
    mock.fault("exchangeOauthToken", status=None, delay_ms=500)
    token_requests = count(mock, "exchangeOauthToken")

    task_a = asyncio.ensure_future(aoauth.get_valid_access_token())
    await asyncio.sleep(0.1)  # A's refresh is at the mock, held by the delay
    assert not task_a.done()
    task_a.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task_a

    # B waits for the refresh A started, rather than sending one of its own. (The mock
    # drops a request whose client hung up, so A's request abandoned mid-flight would be
    # counted at the operation but never as a refresh grant: count both.)
    token_b = await aoauth.get_valid_access_token()
    assert count(mock, "exchangeOauthToken") == token_requests + 1  # one request, A's
    assert count(mock, REFRESHES) == 1  # and it went through
    new = aoauth.tokens
    assert new is not None
    assert token_b == new.access_token != old.access_token
    assert new.refresh_token not in (None, old.refresh_token)
    assert is_active(mock, token_b)


class RotatingServer:
    """A token endpoint that rotates the refresh token as soon as a refresh arrives and
    answers half a second later: a caller that hangs up meanwhile loses the only good
    refresh token unless the refresh goes on without it."""

    def __init__(self) -> None:
        self.current = "rt-0"
        self.requests = 0

    async def __call__(self, request: httpx2.Request) -> httpx2.Response:
        form = dict(parse_qsl(request.content.decode()))
        self.requests += 1
        if form.get("refresh_token") != self.current:
            error = {"error": "invalid_grant", "error_description": "refresh token reused"}
            return httpx2.Response(400, json=error)
        number = self.requests
        self.current = f"rt-{number}"  # done at the server: only the answer is slow
        await asyncio.sleep(0.5)
        body = {
            "access_token": f"at-{number}",
            "refresh_token": f"rt-{number}",
            "token_type": "Bearer",
            "expires_in": 3600,
        }
        return httpx2.Response(200, json=body)


async def test_a_cancelled_caller_does_not_lose_a_refresh_the_server_has_done() -> None:
    server = RotatingServer()
    http = httpx2.AsyncClient(transport=httpx2.MockTransport(server))
    async with (
        http,
        AsyncOAuthClient(*ID_CLIENT, base_url="https://contio.test", http_client=http) as aoauth,
    ):
        expired = datetime.now(timezone.utc) - timedelta(minutes=1)
        aoauth.set_tokens(AuthTokens(access_token="at-0", refresh_token="rt-0", expires_at=expired))

        task_a = asyncio.ensure_future(aoauth.get_valid_access_token())
        await asyncio.sleep(0.1)  # the server has rotated; its answer is on the way
        assert server.current == "rt-1"
        task_a.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task_a

        assert await aoauth.get_valid_access_token() == "at-1"
        assert server.requests == 1
        tokens = aoauth.tokens
        assert tokens is not None
        assert (tokens.access_token, tokens.refresh_token) == ("at-1", "rt-1")


# -- 3. an explicit refresh with the stored token joins the single flight ---------------------


def test_explicit_refreshes_with_the_stored_token_join_automatic_ones(
    oauth: OAuthClient, mock: ContioMock
) -> None:
    sign_in(oauth, mock)
    old = oauth.tokens
    assert old is not None
    stored_refresh = old.refresh_token
    assert stored_refresh is not None
    mock.advance(ACCESS_TOKEN_LIFETIME + 1)
    # Hold the refresh at the mock, so that every caller asks while it is in flight.
    mock.fault("exchangeOauthToken", status=None, delay_ms=500)

    explicit: list[Callable[[], Any]] = [
        lambda: oauth.refresh_access_token(stored_refresh) for _ in range(20)
    ]
    automatic: list[Callable[[], Any]] = [oauth.get_valid_access_token for _ in range(20)]
    results = all_at_once(explicit + automatic)

    assert count(mock, REFRESHES) == 1
    new = oauth.tokens
    assert new is not None
    assert new.access_token != old.access_token
    assert results[:20] == [new] * 20
    assert results[20:] == [new.access_token] * 20
    assert is_active(mock, new.access_token)


async def test_async_explicit_refreshes_with_the_stored_token_join_automatic_ones(
    aoauth: AsyncOAuthClient, mock: ContioMock
) -> None:
    await async_sign_in(aoauth, mock)
    old = aoauth.tokens
    assert old is not None
    stored_refresh = old.refresh_token
    assert stored_refresh is not None
    mock.advance(ACCESS_TOKEN_LIFETIME + 1)
    mock.fault("exchangeOauthToken", status=None, delay_ms=300)

    explicit = [aoauth.refresh_access_token(stored_refresh) for _ in range(20)]
    automatic = [aoauth.get_valid_access_token() for _ in range(20)]
    tokens = await asyncio.gather(*explicit)
    access = await asyncio.gather(*automatic)

    assert count(mock, REFRESHES) == 1
    new = aoauth.tokens
    assert new is not None
    assert new.access_token != old.access_token
    assert tokens == [new] * 20
    assert access == [new.access_token] * 20
    assert is_active(mock, new.access_token)


async def test_async_explicit_and_automatic_refreshes_interleaved(
    aoauth: AsyncOAuthClient, mock: ContioMock
) -> None:
    await async_sign_in(aoauth, mock)
    old = aoauth.tokens
    assert old is not None
    stored_refresh = old.refresh_token
    assert stored_refresh is not None
    mock.advance(ACCESS_TOKEN_LIFETIME + 1)
    mock.fault("exchangeOauthToken", status=None, delay_ms=300)

    calls: list[Awaitable[Any]] = []
    for _ in range(20):
        calls.append(aoauth.get_valid_access_token())
        calls.append(aoauth.refresh_access_token(stored_refresh))
    results = await asyncio.gather(*calls)

    assert count(mock, REFRESHES) == 1
    new = aoauth.tokens
    assert new is not None
    assert results == [new.access_token, new] * 20


# -- 4. an app's raise_for_status response hook ----------------------------------------------


def raise_for_status(response: httpx2.Response) -> None:
    response.raise_for_status()


def read_then_raise_for_status(response: httpx2.Response) -> None:
    response.read()
    response.raise_for_status()


async def async_raise_for_status(response: httpx2.Response) -> None:
    response.raise_for_status()


async def async_read_then_raise_for_status(response: httpx2.Response) -> None:
    await response.aread()
    response.raise_for_status()


SYNC_HOOKS = {"raise_for_status": raise_for_status, "read_first": read_then_raise_for_status}
ASYNC_HOOKS = {
    "raise_for_status": async_raise_for_status,
    "read_first": async_read_then_raise_for_status,
}


@pytest.mark.parametrize("hook", sorted(SYNC_HOOKS))
def test_a_raise_for_status_hook_error_is_judged_as_its_response(
    mock: ContioMock, hook: str
) -> None:
    http = httpx2.Client(event_hooks={"response": [SYNC_HOOKS[hook]]})
    with http, OAuthClient(**mock.client_kwargs(http_client=http)) as oauth:
        with pytest.raises(BadRequestError) as bad:
            oauth.refresh_access_token("cto_rt_v1_NeverIssuedRefreshTokenValue0123456789")
        # A hook that raises before reading leaves no body (httpx closes the response): the
        # error is judged by its status and keeps its request id; one that reads first
        # keeps the code too.
        assert bad.value.code == ("invalid_grant" if hook == "read_first" else None)
        assert bad.value.request_id is not None
        assert bad.value.status_code == 400
        assert not isinstance(bad.value, ContioConnectionError)
        assert count(mock, REFRESHES) == 1

        # An idempotent call, which a connection failure would have retried.
        with pytest.raises(AuthenticationError) as unauthorized:
            oauth.get_user_info("cto_at_v1_NeverIssuedAccessTokenValue0123456789")
        assert unauthorized.value.status_code == 401
        assert count(mock, "getOauthUserInfo") == 1

        assert oauth.get_partner_info().name  # a normal call still succeeds
        sign_in(oauth, mock)
        assert oauth.get_user_info().email == "ada@example.com"


def async_http_client(transport: str, **options: Any) -> httpx2.AsyncClient:
    """An app's async HTTP client on the transport of this test run."""
    if transport == "aiohttp":
        from httpx_aiohttp.httpx2 import Httpx2AiohttpClient

        return Httpx2AiohttpClient(**options)
    return httpx2.AsyncClient(**options)


@pytest.mark.parametrize("hook", sorted(ASYNC_HOOKS))
async def test_async_a_raise_for_status_hook_error_is_judged_as_its_response(
    mock: ContioMock, async_transport: str, hook: str
) -> None:
    http = async_http_client(async_transport, event_hooks={"response": [ASYNC_HOOKS[hook]]})
    async with http, AsyncOAuthClient(**mock.client_kwargs(http_client=http)) as aoauth:
        with pytest.raises(BadRequestError) as bad:
            await aoauth.refresh_access_token("cto_rt_v1_NeverIssuedRefreshTokenValue0123456789")
        assert bad.value.code == ("invalid_grant" if hook == "read_first" else None)
        assert bad.value.request_id is not None
        assert bad.value.status_code == 400
        assert count(mock, REFRESHES) == 1

        with pytest.raises(AuthenticationError):
            await aoauth.get_user_info("cto_at_v1_NeverIssuedAccessTokenValue0123456789")
        assert count(mock, "getOauthUserInfo") == 1

        assert (await aoauth.get_partner_info()).name
        await async_sign_in(aoauth, mock)
        assert (await aoauth.get_user_info()).email == "ada@example.com"


# -- 5. an http_client carrying oauth.auth, shared with the client ----------------------------


def test_an_http_client_carrying_oauth_auth_can_be_the_clients_own(mock: ContioMock) -> None:
    sent: list[tuple[str, str, str]] = []

    def record(request: httpx2.Request) -> None:
        sent.append((request.method, request.url.path, request.headers.get("authorization", "")))

    http = httpx2.Client(event_hooks={"request": [record]})
    with http, OAuthClient(**mock.client_kwargs(http_client=http)) as oauth:
        http.auth = oauth.auth
        run_in_thread(lambda: sign_in(oauth, mock), "sign-in through the shared client")
        old = oauth.tokens
        assert old is not None
        token_calls = [auth for method, path, auth in sent if path == "/oauth2/token"]
        assert len(token_calls) == 1
        assert all(auth.startswith("Basic ") for auth in token_calls)

        mock.advance(ACCESS_TOKEN_LIFETIME + 1)
        sent.clear()
        url = f"{mock.base_url}/oauth2/userInfo"
        response = run_in_thread(lambda: http.get(url), "a proactive refresh through oauth.auth")
        assert response.status_code == 200
        assert response.json()["email"] == "ada@example.com"
        assert count(mock, REFRESHES) == 1
        new = oauth.tokens
        assert new is not None
        assert new.access_token != old.access_token
        # The refresh went out with the client's Basic credentials, the call with the new token.
        assert [(method, path) for method, path, _ in sent] == [
            ("POST", "/oauth2/token"),
            ("GET", "/oauth2/userInfo"),
        ]
        assert sent[0][2].startswith("Basic ")
        assert sent[1][2] == f"Bearer {new.access_token}"


async def test_async_an_http_client_carrying_oauth_auth_can_be_the_clients_own(
    mock: ContioMock, async_transport: str
) -> None:
    sent: list[tuple[str, str]] = []

    async def record(request: httpx2.Request) -> None:
        sent.append((request.url.path, request.headers.get("authorization", "")))

    http = async_http_client(async_transport, event_hooks={"request": [record]})
    async with http, AsyncOAuthClient(**mock.client_kwargs(http_client=http)) as aoauth:
        http.auth = aoauth.auth
        await asyncio.wait_for(async_sign_in(aoauth, mock), JOIN)
        assert next(auth for path, auth in sent if path == "/oauth2/token").startswith("Basic ")
        mock.advance(ACCESS_TOKEN_LIFETIME + 1)
        sent.clear()
        response = await asyncio.wait_for(http.get(f"{mock.base_url}/oauth2/userInfo"), JOIN)
        assert response.status_code == 200
        assert count(mock, REFRESHES) == 1
        new = aoauth.tokens
        assert new is not None
        assert [path for path, _ in sent] == ["/oauth2/token", "/oauth2/userInfo"]
        assert sent[0][1].startswith("Basic ")
        assert sent[1][1] == f"Bearer {new.access_token}"


# -- 6. ContioAPIError pickles ----------------------------------------------------------------


def api_errors() -> list[ContioAPIError]:
    request = httpx2.Request("POST", "https://contio.test/oauth2/token")
    conflict = httpx2.Response(
        409,
        json={
            "code": "workspace_conflict",
            "error": "the user already belongs to a workspace",
            "workspace_id": "3f1e2d4c-5b6a-4789-8abc-def012345678",
        },
        headers={"x-request-id": "req-409"},
        request=request,
    )
    return [
        BadRequestError(
            "refresh token already used",
            code="invalid_grant",
            status_code=400,
            request_id="req-400",
        ),
        ConflictError.from_response(conflict),
        RateLimitError(
            "rate limit exceeded",
            code="rate_limit_exceeded",
            status_code=429,
            response=httpx2.Response(429, request=request),
            request_id="req-429",
            retry_after=7.5,
        ),
    ]


@pytest.mark.parametrize("error", api_errors(), ids=lambda error: type(error).__name__)
def test_api_errors_survive_a_pickle_round_trip(error: ContioAPIError) -> None:
    copy = pickle.loads(pickle.dumps(error))  # noqa: S301 - our own bytes
    assert type(copy) is type(error)
    assert isinstance(copy, ContioAPIError)
    for field in ("message", "code", "status_code", "request_id", "retry_after", "workspace_id"):
        assert getattr(copy, field) == getattr(error, field), field
    assert copy.response is None
    assert str(copy) == str(error)
    assert copy.args == error.args


def test_pickled_error_fields_are_the_ones_given() -> None:
    bad, conflict, limited = (pickle.loads(pickle.dumps(e)) for e in api_errors())  # noqa: S301
    assert (bad.code, bad.status_code, bad.request_id) == ("invalid_grant", 400, "req-400")
    assert conflict.workspace_id == "3f1e2d4c-5b6a-4789-8abc-def012345678"
    assert (conflict.code, conflict.request_id) == ("workspace_conflict", "req-409")
    assert conflict.message == "the user already belongs to a workspace"
    assert (limited.retry_after, limited.status_code) == (7.5, 429)


# -- 7. request secrets never show in an error ------------------------------------------------

CLIENT_SECRET = "client-SECRET-value-9871"
EXPLICIT_SECRETS = {
    "code": "ac_SECRETCODE123",
    "verifier": "pkce-VERIFIER-SECRET-0123456789-abcdefghijklmnopq",
    "access": "opaque-explicit-token-xyz",
    "one_time": "938271",
    "session": "ses_SECRET_SESSION",
    "refresh": "explicit-refresh-abc123",
}
EMAIL = "grace@example.com"


def echoed(request: httpx2.Request) -> str:
    """What a hostile server repeats back: the request's credentials and its whole body."""
    authorization = request.headers.get("authorization", "")
    scheme, _, credential = authorization.partition(" ")
    decoded = ""
    if scheme.lower() == "basic":
        decoded = base64.b64decode(credential).decode()
    return f"cred={credential} basic={decoded} body={request.content.decode()}"


def echo_server(request: httpx2.Request) -> httpx2.Response:
    return httpx2.Response(
        400, json={"error": "invalid_request", "error_description": echoed(request)}
    )


def refusing_server(request: httpx2.Request) -> httpx2.Response:
    raise httpx2.ConnectError(
        f"refused after reading {request.content!r} with {echoed(request)}", request=request
    )


def hostile_client(handler: Callable[[httpx2.Request], httpx2.Response]) -> OAuthClient:
    return OAuthClient(
        "hostile-client",
        CLIENT_SECRET,
        "https://app.example.com/callback",
        base_url="https://contio.test",
        http_client=httpx2.Client(transport=httpx2.MockTransport(handler)),
        max_retries=0,
    )


def hostile_async_client(handler: Callable[[httpx2.Request], httpx2.Response]) -> AsyncOAuthClient:
    return AsyncOAuthClient(
        "hostile-client",
        CLIENT_SECRET,
        "https://app.example.com/callback",
        base_url="https://contio.test",
        http_client=httpx2.AsyncClient(transport=httpx2.MockTransport(handler)),
        max_retries=0,
    )


def sync_calls(oauth: OAuthClient) -> dict[str, Callable[[], object]]:
    s = EXPLICIT_SECRETS
    return {
        "exchange_code_for_token": lambda: oauth.exchange_code_for_token(
            s["code"], code_verifier=s["verifier"]
        ),
        "get_user_info": lambda: oauth.get_user_info(s["access"]),
        "verify_partner_auth": lambda: oauth.verify_partner_auth(
            EMAIL, s["one_time"], session=s["session"]
        ),
        "refresh_access_token": lambda: oauth.refresh_access_token(s["refresh"]),
    }


def async_calls(aoauth: AsyncOAuthClient) -> dict[str, Callable[[], Awaitable[object]]]:
    s = EXPLICIT_SECRETS
    return {
        "exchange_code_for_token": lambda: aoauth.exchange_code_for_token(
            s["code"], code_verifier=s["verifier"]
        ),
        "get_user_info": lambda: aoauth.get_user_info(s["access"]),
        "verify_partner_auth": lambda: aoauth.verify_partner_auth(
            EMAIL, s["one_time"], session=s["session"]
        ),
        "refresh_access_token": lambda: aoauth.refresh_access_token(s["refresh"]),
    }


def assert_no_secret(error: BaseException, call: str) -> None:
    text = f"{error}\n{error!r}"
    for name, secret in [*EXPLICIT_SECRETS.items(), ("client_secret", CLIENT_SECRET)]:
        assert secret not in text, f"{call}: the {name} shows in {text!r}"
    # The echo did reach the message (not cut off before the secrets): it was redacted.
    assert "[redacted]" in text, text
    assert "body=" in text, text


SERVERS = {"echoing 400": echo_server, "transport failure": refusing_server}


@pytest.mark.parametrize("server", sorted(SERVERS))
def test_request_secrets_never_show_in_an_error(server: str) -> None:
    expected = BadRequestError if server == "echoing 400" else ContioConnectionError
    with hostile_client(SERVERS[server]) as oauth:
        for call, work in sync_calls(oauth).items():
            with pytest.raises(ContioError) as info:
                work()
            assert isinstance(info.value, expected), (call, info.value)
            assert_no_secret(info.value, call)


@pytest.mark.parametrize("server", sorted(SERVERS))
async def test_async_request_secrets_never_show_in_an_error(server: str) -> None:
    expected = BadRequestError if server == "echoing 400" else ContioConnectionError
    async with hostile_async_client(SERVERS[server]) as aoauth:
        for call, work in async_calls(aoauth).items():
            with pytest.raises(ContioError) as info:
                await work()
            assert isinstance(info.value, expected), (call, info.value)
            assert_no_secret(info.value, call)


# -- 8. tokens of unknown expiry --------------------------------------------------------------


def test_tokens_of_unknown_expiry_are_used_as_they_are(
    oauth: OAuthClient, mock: ContioMock
) -> None:
    oauth.set_tokens(AuthTokens(access_token="opaque-at-unknown", refresh_token="opaque-rt"))
    assert oauth.is_token_expired()  # nothing says they are good...
    assert oauth.get_valid_access_token() == "opaque-at-unknown"  # ...nor that they are not
    assert count(mock, REFRESHES) == 0
    assert mock.stats().get("exchangeOauthToken", 0) == 0


def test_unknown_expiry_a_401_through_auth_refreshes_once(
    oauth: OAuthClient, mock: ContioMock
) -> None:
    sign_in(oauth, mock)
    signed = oauth.tokens
    assert signed is not None
    oauth.set_tokens(attrs.evolve(signed, expires_at=None))
    assert oauth.is_token_expired()
    assert oauth.get_valid_access_token() == signed.access_token
    assert count(mock, REFRESHES) == 0

    revoke_out_of_band(mock, signed.access_token)
    with httpx2.Client(auth=oauth.auth) as api:
        response = api.get(f"{mock.base_url}/oauth2/userInfo")
    assert response.status_code == 200
    assert count(mock, REFRESHES) == 1
    new = oauth.tokens
    assert new is not None
    assert new.access_token != signed.access_token
    assert response.request.headers["authorization"] == f"Bearer {new.access_token}"
    assert new.expires_at is not None  # the refresh said when these expire


async def test_async_tokens_of_unknown_expiry_are_used_as_they_are(
    aoauth: AsyncOAuthClient, mock: ContioMock
) -> None:
    aoauth.set_tokens(AuthTokens(access_token="opaque-at-unknown", refresh_token="opaque-rt"))
    assert aoauth.is_token_expired()
    assert await aoauth.get_valid_access_token() == "opaque-at-unknown"
    assert count(mock, REFRESHES) == 0


# -- 9. a refresh without an ID token keeps the grant's ---------------------------------------


class TokenServer:
    """A token endpoint that answers refreshes from a script of ID tokens (None: none)."""

    def __init__(self, id_tokens: list[str | None]) -> None:
        self.id_tokens = id_tokens
        self.refreshes = 0

    def __call__(self, request: httpx2.Request) -> httpx2.Response:
        assert request.url.path == "/oauth2/token"
        form = dict(parse_qsl(request.content.decode()))
        assert form["grant_type"] == "refresh_token"
        self.refreshes += 1
        body: dict[str, Any] = {
            "access_token": f"at-{self.refreshes}",
            "refresh_token": f"rt-{self.refreshes}",
            "token_type": "Bearer",
            "expires_in": 3600,
        }
        id_token = self.id_tokens[self.refreshes - 1]
        if id_token is not None:
            body["id_token"] = id_token
        return httpx2.Response(200, content=json.dumps(body).encode())


ORIGINAL_ID = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJvcmlnaW5hbCJ9.c2lnLW9yaWdpbmFs"
NEW_ID = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJuZXcifQ.c2lnLW5ldw"


def signed_in_tokens() -> AuthTokens:
    return AuthTokens(
        access_token="at-0",
        refresh_token="rt-0",
        id_token=ORIGINAL_ID,
        expires_at=datetime.now(timezone.utc) + timedelta(hours=1),
        scope=("openid", "profile"),
    )


def test_a_refresh_without_an_id_token_keeps_the_grants() -> None:
    server = TokenServer([None, None, NEW_ID, None])
    http = httpx2.Client(transport=httpx2.MockTransport(server))
    with OAuthClient(*ID_CLIENT, base_url="https://contio.test", http_client=http) as oauth:
        oauth.set_tokens(signed_in_tokens())
        first = oauth.refresh_access_token()
        assert (first.access_token, first.id_token) == ("at-1", ORIGINAL_ID)
        # The stored refresh token given back explicitly: the same grant, the same ID token.
        second = oauth.refresh_access_token("rt-1")
        assert (second.access_token, second.id_token) == ("at-2", ORIGINAL_ID)
        third = oauth.refresh_access_token()
        assert (third.access_token, third.id_token) == ("at-3", NEW_ID)  # replaced
        fourth = oauth.refresh_access_token()
        assert (fourth.access_token, fourth.id_token) == ("at-4", NEW_ID)
        assert oauth.tokens == fourth
        assert server.refreshes == 4


async def test_async_a_refresh_without_an_id_token_keeps_the_grants() -> None:
    server = TokenServer([None, NEW_ID])
    http = httpx2.AsyncClient(transport=httpx2.MockTransport(server))
    async with AsyncOAuthClient(
        *ID_CLIENT, base_url="https://contio.test", http_client=http
    ) as aoauth:
        aoauth.set_tokens(signed_in_tokens())
        first = await aoauth.refresh_access_token()
        assert (first.access_token, first.id_token) == ("at-1", ORIGINAL_ID)
        second = await aoauth.refresh_access_token()
        assert (second.access_token, second.id_token) == ("at-2", NEW_ID)
    await http.aclose()


# -- 11. FileTokenStore instances sharing a file ----------------------------------------------


def some_tokens(name: str) -> AuthTokens:
    return AuthTokens(
        access_token=f"cto_at_v1_{name}",
        refresh_token=f"cto_rt_v1_{name}",
        expires_at=datetime(2030, 1, 2, 3, 4, 5, tzinfo=timezone.utc),
    )


@contextlib.contextmanager
def held_in_thread(store: FileTokenStore) -> Iterator[threading.Event]:
    """Hold `store.lock()` in another thread until the yielded event is set."""
    held, release = threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def hold() -> None:
        try:
            with store.lock():
                held.set()
                release.wait(JOIN)
        except BaseException as exc:
            errors.append(exc)
            held.set()

    holder = threading.Thread(target=hold, name="lock holder", daemon=True)
    holder.start()
    assert held.wait(JOIN), "the holder never got the lock"
    try:
        yield release
    finally:
        release.set()
        holder.join(JOIN)
        assert not holder.is_alive()
    if errors:
        raise errors[0]


def test_a_second_instance_waits_for_a_lock_held_in_another_thread(tmp_path: Path) -> None:
    path = tmp_path / "tokens.json"
    holder_store, saver_store = FileTokenStore(path), FileTokenStore(path)
    saver_store.save(some_tokens("before"))
    saved = threading.Event()
    errors: list[BaseException] = []

    def save() -> None:
        try:
            saver_store.save(some_tokens("after"))
            saved.set()
        except BaseException as exc:
            errors.append(exc)

    with held_in_thread(holder_store) as release:
        saver = threading.Thread(target=save, name="saver", daemon=True)
        saver.start()
        time.sleep(0.2)  # long enough for an unguarded save to have gone through
        assert not saved.is_set(), "the save did not wait for the lock"
        assert FileTokenStore(path).load() == some_tokens("before")
        release.set()
    saver.join(JOIN)
    assert not saver.is_alive(), "deadlock: the save never finished"
    assert not errors, errors
    assert FileTokenStore(path).load() == some_tokens("after")


def test_a_second_instance_saves_inside_a_lock_its_own_thread_holds(tmp_path: Path) -> None:
    path = tmp_path / "tokens.json"
    first, second = FileTokenStore(path), FileTokenStore(path)

    def save_under_the_lock() -> AuthTokens | None:
        with first.lock():
            second.save(some_tokens("inside"))
            second.clear()
            second.save(some_tokens("inside"))
            return second.load()

    loaded = run_in_thread(save_under_the_lock, "a save inside this thread's lock")
    assert loaded == some_tokens("inside")
    assert FileTokenStore(path).load() == some_tokens("inside")


def test_a_blocking_save_from_a_loop_whose_task_holds_the_lock_fails_at_once(
    tmp_path: Path,
) -> None:
    path = tmp_path / "tokens.json"
    first, second = FileTokenStore(path), FileTokenStore(path)
    first.save(some_tokens("before"))

    async def scenario() -> None:
        held, release = asyncio.Event(), asyncio.Event()

        async def hold() -> None:
            async with first.alock():
                held.set()
                await release.wait()

        holder = asyncio.ensure_future(hold())
        await held.wait()
        try:
            with pytest.raises(TokenStoreError) as info:
                second.save(some_tokens("blocked"))  # would wait in the kernel for ever
            assert str(path) in str(info.value)
            with pytest.raises(TokenStoreError):
                second.clear()
            # The async methods wait without blocking the loop, and get the lock after.
            waiter = asyncio.ensure_future(second.asave(some_tokens("after")))
            await asyncio.sleep(0.05)
            assert not waiter.done()
        finally:
            release.set()
            await holder
        await asyncio.wait_for(waiter, JOIN)

    run_in_thread(lambda: asyncio.run(scenario()), "a blocking save on the lock's loop")
    assert FileTokenStore(path).load() == some_tokens("after")


def test_secrets_are_redacted_as_sent_too() -> None:
    """A secret with characters that form encoding escapes is redacted in both spellings."""

    def echo(request: httpx2.Request) -> httpx2.Response:
        return httpx2.Response(
            400, json={"error": "invalid_grant", "error_description": request.content.decode()}
        )

    secret = "rt/with+base64=chars"
    http = httpx2.Client(transport=httpx2.MockTransport(echo))
    with http, OAuthClient(
        "client", "s3cret-client", "https://app.example.com/cb", http_client=http
    ) as oauth, pytest.raises(BadRequestError) as bad:
        oauth.refresh_access_token(secret)
    text = str(bad.value) + repr(bad.value)
    assert "refresh_token=" in text  # the echo came through, minus the secret
    for spelling in (secret, quote_plus(secret), quote(secret, safe="")):
        assert spelling not in text


async def test_a_refresh_beside_a_revoke_returns_usable_tokens(
    aoauth: AsyncOAuthClient, mock: ContioMock
) -> None:
    """A revoke marks the stored access token spent: a refresh queued behind it must not
    take that as 'someone refreshed already' and answer with the revoked token."""
    await async_sign_in(aoauth, mock)
    tokens = aoauth.tokens
    assert tokens is not None
    _, refreshed = await asyncio.gather(
        aoauth.revoke_token(tokens.access_token), aoauth.refresh_access_token()
    )
    assert refreshed.access_token != tokens.access_token
    assert (await aoauth.introspect_token(refreshed.access_token)).active


async def test_a_client_closed_while_callers_wait_for_its_lock_says_so(
    mock: ContioMock,
) -> None:
    client = AsyncOAuthClient(**mock.client_kwargs())
    await async_sign_in(client, mock)
    mock.advance(ACCESS_TOKEN_LIFETIME + 1)
    mock.fault("exchangeOauthToken", status=None, delay_ms=300, count=1)
    first = asyncio.ensure_future(client.get_valid_access_token())
    queued = asyncio.ensure_future(client.get_valid_access_token())
    await asyncio.sleep(0.1)  # the first holds the lock, the second waits for it
    await client.aclose()
    results = await asyncio.gather(first, queued, return_exceptions=True)
    assert all(isinstance(r, (str, ContioError)) for r in results), results
