"""No secret ever shows: with DEBUG logging on for every logger and every error path
exercised, neither the client secret, nor any token the mock issued, nor the HTTP Basic
credentials appear in a log line, an exception (its str, its repr, its whole traceback) or the
repr/str of a client, a token set, a result or a store.
"""

from __future__ import annotations

import base64
import json
import logging
import socket
import traceback
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import httpx2
import pytest

import contio._core.sender
from contio import (
    AsyncOAuthClient,
    AuthenticationError,
    AuthTokens,
    BadRequestError,
    ConflictError,
    ContioAPIError,
    ContioConnectionError,
    ContioError,
    ContioTimeoutError,
    FileTokenStore,
    InternalServerError,
    InvalidResponseError,
    MissingTokenError,
    NotFoundError,
    OAuthClient,
    PartnerAuthVerification,
    PermissionDeniedError,
    RateLimitError,
    TokenStoreError,
)
from contio.mock import (
    DEMO_CLIENT_ID,
    DEMO_CLIENT_SECRET,
    DEMO_WORKSPACE_ID,
    EXISTING_USER_EMAIL,
    OTHER_WORKSPACE_ID,
    UNKNOWN_WORKSPACE_ID,
)
from tests.facade.conftest import MockControl, client_kwargs, sign_in

WRONG_SECRET = "wrong-secret-Zq7xv93LpQ"
NEVER_ISSUED_REFRESH = "cto_rt_v1_NeverIssuedRefreshTokenValue0123456789abcdef"
NEVER_ISSUED_ACCESS = "cto_at_v1_NeverIssuedAccessTokenValue0123456789abcdef"
EMAIL = "ada@example.com"


def basic(client_id: str, secret: str) -> str:
    return base64.b64encode(f"{client_id}:{secret}".encode()).decode("ascii")


class Evidence:
    """Every text a user could see, and every secret that must not be in any of them."""

    def __init__(self) -> None:
        self.texts: list[tuple[str, str]] = []  # (where, text)
        self.secrets: dict[str, str] = {}  # value -> what it is
        self.add_secret(DEMO_CLIENT_SECRET, "client secret")
        self.add_secret(basic(DEMO_CLIENT_ID, DEMO_CLIENT_SECRET), "Basic credentials")
        self.add_secret(WRONG_SECRET, "wrong client secret")
        self.add_secret(basic(DEMO_CLIENT_ID, WRONG_SECRET), "wrong Basic credentials")
        self.add_secret(NEVER_ISSUED_REFRESH, "unknown refresh token")
        self.add_secret(NEVER_ISSUED_ACCESS, "unknown access token")

    def add_secret(self, value: str | None, what: str) -> None:
        if value:
            self.secrets[value] = what

    def tokens(self, *token_sets: AuthTokens | None) -> None:
        for tokens in token_sets:
            if tokens is None:
                continue
            self.add_secret(tokens.access_token, "access token")
            self.add_secret(tokens.refresh_token, "refresh token")
            self.add_secret(tokens.id_token, "ID token")
            self.show(tokens)

    def show(self, *objects: object) -> None:
        for obj in objects:
            self.texts.append((f"repr({type(obj).__name__})", repr(obj)))
            self.texts.append((f"str({type(obj).__name__})", str(obj)))

    def error(self, exc: BaseException) -> None:
        self.show(exc)
        formatted = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
        self.texts.append((f"traceback({type(exc).__name__})", formatted))
        response = getattr(exc, "response", None)
        if isinstance(response, httpx2.Response):
            self.texts.append(("repr(request)", repr(response.request)))
            self.texts.append(("repr(request headers)", repr(response.request.headers)))

    def expect(self, kind: type[BaseException], call: Callable[[], object]) -> Any:
        with pytest.raises(kind) as caught:
            call()
        self.error(caught.value)
        return caught.value

    async def aexpect(
        self, kind: type[BaseException], call: Callable[[], Awaitable[object]]
    ) -> Any:
        with pytest.raises(kind) as caught:
            await call()
        self.error(caught.value)
        return caught.value

    def logs(self, caplog: pytest.LogCaptureFixture) -> None:
        records = caplog.records
        assert records, "DEBUG logging captured nothing"
        for record in records:
            self.texts.append((f"log {record.name}", record.getMessage()))
        self.texts.append(("formatted logs", caplog.text))

    def issued_by(self, mock: MockControl) -> None:
        """Every access and refresh token the mock issued, whether the client kept it or not."""
        for value in list(mock.running.state.tokens):
            self.add_secret(value, "token issued by the mock")

    def assert_clean(self) -> None:
        assert len(self.secrets) > 6, "no tokens were collected"
        leaks = [
            f"{what} ({value[:6]}…) in {where}: …{text[max(0, text.find(value) - 60) :][:160]}…"
            for value, what in self.secrets.items()
            for where, text in self.texts
            if value in text
        ]
        assert not leaks, "secrets leaked:\n" + "\n".join(leaks)


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


def closed_port_url() -> str:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


# -- against the live mock, sync -----------------------------------------------------------------


@pytest.mark.usefixtures("fast_backoff")
def test_sync_paths_leak_no_secret(
    mock: MockControl,
    oauth: OAuthClient,
    evidence: Evidence,
    caplog: pytest.LogCaptureFixture,
    tmp_path: Path,
) -> None:
    ev = evidence
    # The whole sign-in, each result shown.
    challenge = oauth.initiate_partner_auth(EMAIL, "Ada Lovelace")
    code, _ = mock.last_code(EMAIL)
    ev.expect(ContioAPIError, lambda: oauth.verify_partner_auth(EMAIL, "000000", "bogus"))
    verification = oauth.verify_partner_auth(EMAIL, code, challenge.session)
    ev.show(challenge, verification)
    ev.tokens(verification.tokens)
    auth_code = mock.consent(EMAIL)
    ev.tokens(oauth.exchange_code_for_token(auth_code))
    first = oauth.tokens
    assert first is not None

    # Successful calls.
    ev.show(oauth.get_user_info(), oauth.introspect_token(first.access_token))
    ev.show(oauth.introspect_token(NEVER_ISSUED_ACCESS), oauth.check_consent(EMAIL))
    ev.show(oauth.get_partner_info(), oauth.get_available_scopes())
    with httpx2.Client(base_url=mock.base_url, auth=oauth.auth) as api:
        assert api.get("/oauth2/userInfo").status_code == 200
    ev.tokens(oauth.refresh_access_token())
    mock.advance(86_400)
    assert oauth.get_valid_access_token() != first.access_token
    ev.tokens(oauth.tokens)

    # The httpx2.Auth's refresh after a 401.
    current = oauth.tokens
    assert current is not None
    oauth.set_tokens(
        AuthTokens(
            access_token=NEVER_ISSUED_ACCESS,
            refresh_token=current.refresh_token,
            expires_at=current.expires_at,
        )
    )
    with httpx2.Client(base_url=mock.base_url, auth=oauth.auth) as api:
        assert api.get("/oauth2/userInfo").status_code == 200
    ev.tokens(oauth.tokens)

    # invalid_grant: a reused code, a rotated-out and an unknown refresh token.
    ev.expect(BadRequestError, lambda: oauth.exchange_code_for_token(auth_code))
    ev.expect(BadRequestError, lambda: oauth.refresh_access_token(first.refresh_token))
    ev.expect(BadRequestError, lambda: oauth.refresh_access_token(NEVER_ISSUED_REFRESH))
    # invalid_token on userInfo.
    ev.expect(AuthenticationError, lambda: oauth.get_user_info(NEVER_ISSUED_ACCESS))
    ev.expect(AuthenticationError, lambda: oauth.get_user_info(first.access_token))

    # The workspace errors of /auth/initiate.
    not_found = ev.expect(
        NotFoundError,
        lambda: oauth.initiate_partner_auth("new@example.com", workspace_id=UNKNOWN_WORKSPACE_ID),
    )
    assert not_found.code == "workspace_not_found"
    ev.expect(
        PermissionDeniedError,
        lambda: oauth.initiate_partner_auth("new@example.com", workspace_id=OTHER_WORKSPACE_ID),
    )
    ev.expect(
        ConflictError,
        lambda: oauth.initiate_partner_auth(EXISTING_USER_EMAIL, workspace_id=DEMO_WORKSPACE_ID),
    )

    # Injected faults: 429 with a long Retry-After, 503 past the retries, a dropped connection.
    mock.fault("getOauthUserInfo", status=429, retry_after=120)
    limited = ev.expect(RateLimitError, oauth.get_user_info)
    assert limited.retry_after == 120.0
    mock.fault("listOauthScopes", status=503, count=3)
    ev.expect(InternalServerError, oauth.get_available_scopes)
    mock.fault("exchangeOauthToken", status=503)
    ev.expect(InternalServerError, oauth.refresh_access_token)
    mock.fault("introspectOauthToken", status=None, drop_connection=True, count=3)
    ev.expect(ContioConnectionError, lambda: oauth.introspect_token(NEVER_ISSUED_ACCESS))
    mock.fault("revokeOauthToken", status=500)
    ev.expect(InternalServerError, lambda: oauth.revoke_token(NEVER_ISSUED_ACCESS))

    # A timeout.
    mock.fault("getOauthUserInfo", status=None, delay_ms=2_000)
    slow_kwargs = client_kwargs(mock, timeout=0.2, max_retries=0)
    with OAuthClient(**slow_kwargs) as slow:
        slow.set_tokens(oauth.tokens or first)
        ev.expect(ContioTimeoutError, slow.get_user_info)
        ev.show(slow)

    # Revocation, then MissingTokenError everywhere.
    current = oauth.tokens
    assert current is not None
    oauth.revoke_token(current.access_token)
    ev.tokens(oauth.tokens)
    oauth.revoke_token(current.refresh_token or "", "refresh_token")
    assert oauth.tokens is None
    ev.expect(MissingTokenError, oauth.refresh_access_token)
    ev.expect(MissingTokenError, oauth.get_user_info)
    ev.expect(MissingTokenError, oauth.get_valid_access_token)

    # invalid_client: a wrong secret.
    with OAuthClient(**client_kwargs(mock, client_secret=WRONG_SECRET)) as wrong:
        error = ev.expect(AuthenticationError, lambda: wrong.exchange_code_for_token("some-code"))
        assert error.code == "invalid_client"
        ev.expect(AuthenticationError, wrong.get_available_scopes)
        ev.expect(AuthenticationError, lambda: wrong.check_consent(EMAIL))
        ev.show(wrong, wrong.auth)

    # Connection refused.
    with OAuthClient(**client_kwargs(mock, base_url=closed_port_url(), max_retries=1)) as gone:
        ev.expect(ContioConnectionError, lambda: gone.exchange_code_for_token("some-code"))
        ev.expect(ContioConnectionError, gone.get_partner_info)

    # Client credentials, and a file store that holds them then goes bad.
    store = FileTokenStore(tmp_path / "tokens.json")
    with OAuthClient(**client_kwargs(mock, token_store=store)) as stored:
        ev.tokens(stored.get_client_credentials_token())
        ev.show(stored, store)
    saved = store.path.read_text()
    store.path.write_text(saved[: len(saved) // 2])  # truncated mid-token
    ev.expect(TokenStoreError, lambda: OAuthClient(**client_kwargs(mock, token_store=store)))

    ev.show(oauth, oauth.auth, oauth.token_store)
    ev.issued_by(mock)
    ev.logs(caplog)
    ev.assert_clean()


# -- against the live mock, async ----------------------------------------------------------------


@pytest.mark.usefixtures("fast_backoff")
async def test_async_paths_leak_no_secret(
    mock: MockControl,
    aoauth: AsyncOAuthClient,
    evidence: Evidence,
    caplog: pytest.LogCaptureFixture,
) -> None:
    ev = evidence
    challenge = await aoauth.initiate_partner_auth(EMAIL, "Ada Lovelace")
    code, _ = mock.last_code(EMAIL)
    verification = await aoauth.verify_partner_auth(EMAIL, code, challenge.session)
    ev.show(challenge, verification)
    ev.tokens(verification.tokens)
    auth_code = mock.consent(EMAIL)
    ev.tokens(await aoauth.exchange_code_for_token(auth_code))
    first = aoauth.tokens
    assert first is not None

    ev.show(await aoauth.get_user_info(), await aoauth.introspect_token(first.access_token))
    ev.show(await aoauth.check_consent(EMAIL), await aoauth.get_partner_info())
    async with httpx2.AsyncClient(base_url=mock.base_url, auth=aoauth.auth) as api:
        assert (await api.get("/oauth2/userInfo")).status_code == 200
    ev.tokens(await aoauth.refresh_access_token())
    mock.advance(86_400)
    assert await aoauth.get_valid_access_token() != first.access_token
    ev.tokens(aoauth.tokens)

    await ev.aexpect(BadRequestError, lambda: aoauth.exchange_code_for_token(auth_code))
    await ev.aexpect(BadRequestError, lambda: aoauth.refresh_access_token(first.refresh_token))
    await ev.aexpect(AuthenticationError, lambda: aoauth.get_user_info(first.access_token))
    await ev.aexpect(
        ConflictError,
        lambda: aoauth.initiate_partner_auth(EXISTING_USER_EMAIL, workspace_id=DEMO_WORKSPACE_ID),
    )
    mock.fault("getOauthUserInfo", status=429, retry_after=300)
    await ev.aexpect(RateLimitError, aoauth.get_user_info)
    mock.fault("checkOauthConsent", status=503, count=3)
    await ev.aexpect(InternalServerError, lambda: aoauth.check_consent(EMAIL))
    mock.fault("exchangeOauthToken", status=None, drop_connection=True)
    await ev.aexpect(ContioConnectionError, aoauth.refresh_access_token)

    async with AsyncOAuthClient(**client_kwargs(mock, client_secret=WRONG_SECRET)) as wrong:
        await ev.aexpect(AuthenticationError, lambda: wrong.introspect_token(first.access_token))
        ev.show(wrong)
    async with AsyncOAuthClient(
        **client_kwargs(mock, base_url=closed_port_url(), max_retries=0)
    ) as gone:
        await ev.aexpect(ContioConnectionError, gone.get_available_scopes)

    current = aoauth.tokens
    assert current is not None
    await aoauth.revoke_token(current.refresh_token or "", "refresh_token")
    await ev.aexpect(MissingTokenError, aoauth.refresh_access_token)
    await ev.aexpect(MissingTokenError, aoauth.get_user_info)

    ev.show(aoauth, aoauth.auth, aoauth.token_store)
    ev.issued_by(mock)
    ev.logs(caplog)
    ev.assert_clean()


# -- hostile answers: bodies that echo secrets, bodies that do not parse -------------------------

STORED = AuthTokens(
    access_token="opaque-stored-access-token-7f3a9c",
    refresh_token="opaque-stored-refresh-token-2b8d1e",
    id_token="eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZGEifQ.c3RvcmVkLWlkLXRva2Vu",
)
ECHO = (
    f"{NEVER_ISSUED_ACCESS} {NEVER_ISSUED_REFRESH} {STORED.access_token} "
    f"{STORED.refresh_token} {STORED.id_token} {DEMO_CLIENT_SECRET} "
    f"Basic {basic(DEMO_CLIENT_ID, DEMO_CLIENT_SECRET)} Bearer {STORED.access_token}"
)


def hostile_answers() -> list[httpx2.Response | httpx2.TransportError]:
    """Answers of a misbehaving server, each carrying secrets where a message may pick them up."""
    token_fields = {
        "access_token": NEVER_ISSUED_ACCESS,
        "refresh_token": NEVER_ISSUED_REFRESH,
        "id_token": STORED.id_token,
        "token_type": "Bearer",
    }
    return [
        httpx2.Response(400, json={"error": "invalid_grant", "error_description": ECHO}),
        httpx2.Response(401, json={"error": ECHO, "error_description": ECHO, "request_id": "r1"}),
        httpx2.Response(409, json={"code": ECHO, "error": ECHO, "message": ECHO}),
        httpx2.Response(500, text=f"<html><pre>{ECHO}</pre></html>"),
        httpx2.Response(502, text=ECHO),
        httpx2.Response(200, text=f"<html>{ECHO}</html>"),
        httpx2.Response(200, json={**token_fields, "expires_in": ECHO}),
        httpx2.Response(200, json={**token_fields, "expires_in": 10**30}),
        httpx2.Response(200, json={**token_fields, "expires_in": 3600, "scope": 7}),
        httpx2.Response(200, json={"active": ECHO, "sub": NEVER_ISSUED_ACCESS}),
        httpx2.Response(200, json={"sub": 5, "email": ECHO}),
        httpx2.Response(200, json={"success": True, **token_fields, "expires_in": [ECHO]}),
        httpx2.Response(200, json=[ECHO]),
        httpx2.Response(204),
        httpx2.Response(302, headers={"Location": f"https://x/?token={NEVER_ISSUED_ACCESS}"}),
        httpx2.ConnectError(f"connect failed: {ECHO}"),
        httpx2.ReadError(f"read failed: {ECHO}"),
        httpx2.ReadTimeout(f"timed out: {ECHO}"),
    ]


SYNC_CALLS: list[Callable[[OAuthClient], object]] = [
    lambda c: c.exchange_code_for_token("code"),
    lambda c: c.refresh_access_token(),
    lambda c: c.refresh_access_token(NEVER_ISSUED_REFRESH),
    lambda c: c.get_client_credentials_token(),
    lambda c: c.revoke_token(NEVER_ISSUED_ACCESS),
    lambda c: c.introspect_token(NEVER_ISSUED_ACCESS),
    lambda c: c.get_user_info(),
    lambda c: c.get_available_scopes(),
    lambda c: c.check_consent(EMAIL),
    lambda c: c.initiate_partner_auth(EMAIL, workspace_id=DEMO_WORKSPACE_ID),
    lambda c: c.verify_partner_auth(EMAIL, "123456", "session"),
    lambda c: c.get_partner_info(),
]


def test_hostile_answers_leak_no_secret(
    evidence: Evidence, caplog: pytest.LogCaptureFixture
) -> None:
    ev = evidence
    ev.tokens(STORED)
    for value in ECHO.split():
        if value not in ("Basic", "Bearer"):
            ev.add_secret(value, "secret echoed by the server")
    for answer in hostile_answers():
        failures = 0

        def handler(request: httpx2.Request, answer: Any = answer) -> httpx2.Response:
            if isinstance(answer, Exception):
                raise answer
            return httpx2.Response(
                answer.status_code, headers=answer.headers, content=answer.content
            )

        http = httpx2.Client(transport=httpx2.MockTransport(handler))
        with OAuthClient(
            DEMO_CLIENT_ID,
            DEMO_CLIENT_SECRET,
            "https://app.example.com/callback",
            http_client=http,
            max_retries=0,
        ) as oauth:
            for call in SYNC_CALLS:
                oauth.set_tokens(STORED)
                try:
                    result = call(oauth)
                except ContioError as exc:
                    failures += 1
                    ev.error(exc)
                else:
                    # A result faithfully holds what the server said (a `sub` may look like
                    # anything); only the types that carry tokens must hide them.
                    if isinstance(result, (AuthTokens, PartnerAuthVerification)):
                        ev.show(result)
            ev.show(oauth)
        if isinstance(answer, Exception) or answer.status_code >= 400:
            assert failures == len(SYNC_CALLS), answer
        else:  # a success status with a body that does not fit: revoke ignores the body
            assert failures >= len(SYNC_CALLS) - 3, answer
    assert any("ContioTimeoutError" in where for where, _ in ev.texts)
    # And explicitly: a success status whose body does not fit is an InvalidResponseError.
    bad_body = {"access_token": NEVER_ISSUED_ACCESS, "token_type": "Bearer", "expires_in": ECHO}
    http = httpx2.Client(
        transport=httpx2.MockTransport(lambda _: httpx2.Response(200, json=bad_body))
    )
    with OAuthClient(
        DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, "https://app.example.com/cb", http_client=http
    ) as oauth:
        error = ev.expect(InvalidResponseError, lambda: oauth.exchange_code_for_token("code"))
        assert error.status_code == 200
        assert "expires_in" in str(error)
        assert oauth.tokens is None
    ev.logs(caplog)
    ev.assert_clean()


# -- file stores ---------------------------------------------------------------------------------


def test_file_store_errors_leak_no_secret(
    mock: MockControl, evidence: Evidence, caplog: pytest.LogCaptureFixture, tmp_path: Path
) -> None:
    ev = evidence
    path = tmp_path / "tokens.json"
    store = FileTokenStore(path)
    with OAuthClient(**client_kwargs(mock, token_store=store)) as oauth:
        sign_in(oauth, mock)
        ev.tokens(oauth.tokens)
        ev.show(store, oauth)
    saved = json.loads(path.read_text())
    tokens = saved["tokens"]

    bad_files: list[tuple[str, bytes | str]] = [
        ("truncated", path.read_text()[:-40]),
        ("not JSON", f"access_token={tokens['access_token']}\n"),
        ("foreign", json.dumps({"access_token": tokens["access_token"]})),
        ("newer version", json.dumps({**saved, "version": 99})),
        (
            "invalid tokens",
            json.dumps({**saved, "tokens": {**tokens, "expires_at": tokens["access_token"]}}),
        ),
        ("wrong token type", json.dumps({**saved, "tokens": {**tokens, "refresh_token": 5}})),
        ("binary", b"\xff\xfe" + tokens["refresh_token"].encode()),
    ]
    for label, content in bad_files:
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content)
        error = ev.expect(TokenStoreError, store.load)
        assert str(path) in str(error), label
        ev.expect(TokenStoreError, lambda: OAuthClient(**client_kwargs(mock, token_store=store)))
        ev.expect(TokenStoreError, lambda: store.save(AuthTokens(access_token="replacement")))
        assert path.read_bytes() == (content if isinstance(content, bytes) else content.encode())

    (tmp_path / "folder").mkdir()
    directory_store = FileTokenStore(tmp_path / "folder")  # a folder, not a file
    ev.expect(TokenStoreError, directory_store.load)
    ev.show(directory_store)

    ev.issued_by(mock)
    ev.logs(caplog)
    ev.assert_clean()


# -- what the `contio` logger does log -----------------------------------------------------------


@pytest.mark.usefixtures("fast_backoff")
def test_contio_logger_logs_method_path_status_and_request_id(
    mock: MockControl, oauth: OAuthClient, evidence: Evidence, caplog: pytest.LogCaptureFixture
) -> None:
    oauth.get_partner_info()
    with pytest.raises(NotFoundError):
        oauth.initiate_partner_auth("new@example.com", workspace_id=UNKNOWN_WORKSPACE_ID)
    mock.fault("getOauthUserInfo", status=None, drop_connection=True, count=5)
    with pytest.raises(ContioConnectionError):
        oauth.get_user_info(NEVER_ISSUED_ACCESS)

    lines = [
        record.getMessage()
        for record in caplog.records
        if record.name == "contio" and record.levelno == logging.DEBUG
    ]
    ok = [
        line for line in lines if line.startswith(f"GET /v1/partner/info/{DEMO_CLIENT_ID}/public")
    ]
    assert len(ok) == 1, lines
    assert "-> 200" in ok[0]
    assert "request_id=req_" in ok[0]
    assert ok[0].endswith("ms")
    assert any(line.startswith("POST /auth/initiate -> 404 request_id=req_") for line in lines)
    assert any(line.startswith("GET /oauth2/userInfo -> ") for line in lines)
    # The transport failure is logged by its type.
    dropped = [line for line in lines if line.startswith("GET /oauth2/userInfo")]
    assert dropped
    assert dropped[-1] == "GET /oauth2/userInfo -> RemoteProtocolError"
    # Nothing but method, path, status, request id and latency: no host, no query, no body.
    assert not any("127.0.0.1" in line or "{" in line for line in lines)
