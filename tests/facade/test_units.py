"""Unit behaviour of the facade, without a server: every request is answered by an
`httpx2.MockTransport`, so the URLs, bodies and client authentication that go on the wire can be
checked exactly, and retries and backoff can be counted without sleeping.
"""

from __future__ import annotations

import base64
import hashlib
import inspect
import json
import re
import string
from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from typing import Any, NamedTuple, cast
from urllib.parse import parse_qsl, urlsplit

import httpx2
import pytest

import contio
import contio._core.sender
import contio._io.awaited
import contio._io.blocking
from contio import (
    AsyncOAuthClient,
    AuthenticationError,
    AuthTokens,
    BadRequestError,
    ConflictError,
    ConsentStatus,
    ContioAPIError,
    ContioConnectionError,
    ContioError,
    ContioTimeoutError,
    InternalServerError,
    MissingTokenError,
    NotFoundError,
    OAuthClient,
    PartnerAuthChallenge,
    PartnerAuthVerification,
    PartnerInfo,
    PermissionDeniedError,
    RateLimitError,
    TokenIntrospection,
    UserInfo,
    generate_pkce_pair,
    generate_state,
)

CLIENT_ID = "partner-app"
CLIENT_SECRET = "s3cr3t:with/odd+chars="
BASIC = "Basic " + base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode("ascii")
REDIRECT_URI = "https://app.example.com/callback"
SCOPE = ["openid", "profile", "meetings:read"]
AUTH_HOST = "https://login.example.com"
TOKEN_HOST = "https://tokens.example.net"
AUTHORIZATION_URL = f"{AUTH_HOST}/oauth2/authorize"
TOKEN_URL = f"{TOKEN_HOST}/custom/token"
WORKSPACE_ID = "7c9e6679-7425-40de-944b-e07fc1f90ae7"
VERIFIER = "v" * 43
EMAIL = "ada@example.com"

# A valid answer for each endpoint, keyed by the last segment of its path.
CANNED: dict[str, Any] = {
    "token": {
        "access_token": "cto_at_v1_canned-access",
        "token_type": "Bearer",
        "expires_in": 3600,
        "refresh_token": "cto_rt_v1_canned-refresh",
        "scope": "openid profile",
    },
    "revoke": {},
    "introspect": {"active": True, "client_id": CLIENT_ID, "scope": "openid", "exp": 1_900_000_000},
    "userInfo": {"sub": "user-1", "email": EMAIL},
    "scopes": {"scopes": ["openid", "profile"]},
    "check-consent": {"has_consent": True, "requires_consent": False},
    "initiate": {"session": "sess-1", "challenge_name": "EMAIL_OTP", "user_provisioned": False},
    "verify": {"success": True, "message": "ok", "redirect": f"{REDIRECT_URI}?code=abc"},
    "public": {"client_id": CLIENT_ID, "name": "Partner"},
}


class Recorder:
    """A MockTransport handler that records requests and answers each endpoint with CANNED."""

    def __init__(self) -> None:
        self.requests: list[httpx2.Request] = []

    def __call__(self, request: httpx2.Request) -> httpx2.Response:
        self.requests.append(request)
        return httpx2.Response(200, json=CANNED[request.url.path.rsplit("/", 1)[-1]])


class Script:
    """A MockTransport handler that plays answers (or raises transport errors) in order."""

    def __init__(self, *steps: httpx2.Response | httpx2.TransportError) -> None:
        self.steps = list(steps)
        self.requests: list[httpx2.Request] = []

    def __call__(self, request: httpx2.Request) -> httpx2.Response:
        self.requests.append(request)
        step = self.steps.pop(0)
        if isinstance(step, Exception):
            raise step
        return step


Handler = Callable[[httpx2.Request], httpx2.Response]


def sync_client(handler: Handler, **overrides: Any) -> OAuthClient:
    kwargs: dict[str, Any] = {
        "authorization_url": AUTHORIZATION_URL,
        "token_url": TOKEN_URL,
        "http_client": httpx2.Client(transport=httpx2.MockTransport(handler)),
    }
    kwargs.update(overrides)
    return OAuthClient(CLIENT_ID, CLIENT_SECRET, REDIRECT_URI, SCOPE, **kwargs)


def async_client(handler: Handler, **overrides: Any) -> AsyncOAuthClient:
    kwargs: dict[str, Any] = {
        "authorization_url": AUTHORIZATION_URL,
        "token_url": TOKEN_URL,
        "http_client": httpx2.AsyncClient(transport=httpx2.MockTransport(handler)),
    }
    kwargs.update(overrides)
    return AsyncOAuthClient(CLIENT_ID, CLIENT_SECRET, REDIRECT_URI, SCOPE, **kwargs)


def json_response(status: int, body: Any = None, **headers: str) -> httpx2.Response:
    return httpx2.Response(status, json=body if body is not None else {}, headers=headers)


# -- the surface: the seed's fifteen methods ---------------------------------------------------

SEED_METHODS = (
    "getAuthorizationUrl",
    "exchangeCodeForToken",
    "refreshAccessToken",
    "getClientCredentialsToken",
    "revokeToken",
    "getAccessToken",
    "setTokens",
    "isTokenExpired",
    "initiatePartnerAuth",
    "verifyPartnerAuth",
    "checkConsent",
    "getPartnerInfo",
    "getAvailableScopes",
    "introspectToken",
    "getUserInfo",
)
PURE_METHODS = frozenset(
    {"get_authorization_url", "get_access_token", "set_tokens", "is_token_expired"}
)


def snake_case(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def test_seed_methods_exist_on_both_clients_with_the_right_kind() -> None:
    names = [snake_case(name) for name in SEED_METHODS]
    assert len(set(names)) == 15
    assert set(names) >= PURE_METHODS
    for name in names:
        sync_method = getattr(OAuthClient, name, None)
        async_method = getattr(AsyncOAuthClient, name, None)
        assert inspect.isfunction(sync_method), f"OAuthClient.{name} is missing"
        assert inspect.isfunction(async_method), f"AsyncOAuthClient.{name} is missing"
        assert not inspect.iscoroutinefunction(sync_method), f"OAuthClient.{name} is async"
        if name in PURE_METHODS:
            assert not inspect.iscoroutinefunction(async_method), f"{name} must stay plain"
        else:
            assert inspect.iscoroutinefunction(async_method), f"AsyncOAuthClient.{name} is sync"
        sync_params = inspect.signature(sync_method).parameters
        async_params = inspect.signature(async_method).parameters
        assert sync_params == async_params, f"{name}: {sync_params} != {async_params}"


def test_get_valid_access_token_and_constructor_match_on_both_clients() -> None:
    assert inspect.iscoroutinefunction(AsyncOAuthClient.get_valid_access_token)
    assert not inspect.iscoroutinefunction(OAuthClient.get_valid_access_token)
    assert (
        inspect.signature(OAuthClient.get_valid_access_token).parameters
        == inspect.signature(AsyncOAuthClient.get_valid_access_token).parameters
    )
    assert (
        inspect.signature(OAuthClient).parameters == inspect.signature(AsyncOAuthClient).parameters
    )
    assert list(inspect.signature(OAuthClient).parameters)[:4] == [
        "client_id",
        "client_secret",
        "redirect_uri",
        "scope",
    ]


# -- what goes on the wire ---------------------------------------------------------------------


class Call(NamedTuple):
    name: str
    args: tuple[Any, ...]
    kwargs: dict[str, Any]
    method: str
    url: str
    authorization: str | None
    form: dict[str, str] | None = None
    json: dict[str, Any] | None = None


CONSENT_FIELDS = frozenset(
    {
        "client_id",
        "email",
        "scopes",
        "scope",
        "redirect_uri",
        "response_type",
        "state",
        "code_challenge",
        "code_challenge_method",
    }
)

CALLS = [
    Call(
        "exchange_code_for_token",
        ("the-code",),
        {},
        "POST",
        TOKEN_URL,
        BASIC,
        form={
            "grant_type": "authorization_code",
            "code": "the-code",
            "redirect_uri": REDIRECT_URI,
        },
    ),
    Call(
        "exchange_code_for_token",
        ("the-code",),
        {"code_verifier": VERIFIER},
        "POST",
        TOKEN_URL,
        BASIC,
        form={
            "grant_type": "authorization_code",
            "code": "the-code",
            "redirect_uri": REDIRECT_URI,
            "code_verifier": VERIFIER,
        },
    ),
    Call(
        "refresh_access_token",
        ("rt-1",),
        {},
        "POST",
        TOKEN_URL,
        BASIC,
        form={"grant_type": "refresh_token", "refresh_token": "rt-1"},
    ),
    Call(
        "get_client_credentials_token",
        (),
        {},
        "POST",
        TOKEN_URL,
        BASIC,
        form={"grant_type": "client_credentials", "scope": "openid profile meetings:read"},
    ),
    Call(
        "get_client_credentials_token",
        (["meetings:read", "calendar:read"],),
        {},
        "POST",
        TOKEN_URL,
        BASIC,
        form={"grant_type": "client_credentials", "scope": "meetings:read calendar:read"},
    ),
    Call(
        "revoke_token",
        ("tok-1",),
        {},
        "POST",
        f"{TOKEN_HOST}/oauth2/revoke",
        BASIC,
        form={"token": "tok-1", "token_type_hint": "access_token"},
    ),
    Call(
        "revoke_token",
        ("tok-2", "refresh_token"),
        {},
        "POST",
        f"{TOKEN_HOST}/oauth2/revoke",
        BASIC,
        form={"token": "tok-2", "token_type_hint": "refresh_token"},
    ),
    Call(
        "introspect_token",
        ("tok-3",),
        {},
        "POST",
        f"{AUTH_HOST}/oauth2/introspect",
        BASIC,
        form={"token": "tok-3"},
    ),
    Call("get_user_info", ("at-1",), {}, "GET", f"{AUTH_HOST}/oauth2/userInfo", "Bearer at-1"),
    Call("get_available_scopes", (), {}, "GET", f"{AUTH_HOST}/oauth2/scopes", BASIC),
    Call(
        "check_consent",
        (EMAIL,),
        {},
        "POST",
        f"{AUTH_HOST}/oauth2/check-consent",
        BASIC,
        json={
            "client_id": CLIENT_ID,
            "email": EMAIL,
            "scopes": SCOPE,
            "scope": " ".join(SCOPE),
        },
    ),
    Call(
        "initiate_partner_auth",
        (EMAIL,),
        {},
        "POST",
        f"{AUTH_HOST}/auth/initiate",
        BASIC,
        json={"client_id": CLIENT_ID, "email": EMAIL},
    ),
    Call(
        "initiate_partner_auth",
        (EMAIL, "Ada"),
        {"workspace_id": WORKSPACE_ID, "is_admin": False},
        "POST",
        f"{AUTH_HOST}/auth/initiate",
        BASIC,
        json={
            "client_id": CLIENT_ID,
            "email": EMAIL,
            "name": "Ada",
            "workspace_id": WORKSPACE_ID,
            "is_admin": False,
        },
    ),
    Call(
        "verify_partner_auth",
        (EMAIL, "123456", "sess-1"),
        {},
        "POST",
        f"{AUTH_HOST}/auth/verify",
        BASIC,
        json={"client_id": CLIENT_ID, "email": EMAIL, "code": "123456", "session": "sess-1"},
    ),
    Call(
        "get_partner_info",
        (),
        {},
        "GET",
        f"{AUTH_HOST}/v1/partner/info/{CLIENT_ID}/public",
        None,
    ),
]
CALL_IDS = [f"{call.name}-{index}" for index, call in enumerate(CALLS)]


def check_request(call: Call, request: httpx2.Request) -> None:
    assert request.method == call.method
    assert str(request.url) == call.url
    assert request.headers.get("authorization") == call.authorization
    user_agent = request.headers["user-agent"]
    assert user_agent.startswith(f"contio-python/{contio.__version__}"), user_agent
    if call.form is not None:
        assert request.headers["content-type"] == "application/x-www-form-urlencoded"
        pairs = parse_qsl(request.content.decode(), keep_blank_values=True, strict_parsing=True)
        assert len(pairs) == len(dict(pairs)), "a form field is repeated"
        assert dict(pairs) == call.form
    elif call.json is not None:
        assert request.headers["content-type"] == "application/json"
        body = json.loads(request.content)
        if call.name == "check_consent":
            # Both spellings of the scopes (the API's array, the SDK's string); only
            # fields the API describes besides.
            assert {key: body[key] for key in call.json} == call.json
            assert set(body) <= CONSENT_FIELDS
        else:
            assert body == call.json
    else:
        assert request.content == b""


@pytest.mark.parametrize("call", CALLS, ids=CALL_IDS)
def test_sync_requests_match_the_wire_reference(call: Call) -> None:
    recorder = Recorder()
    with sync_client(recorder) as oauth:
        getattr(oauth, call.name)(*call.args, **call.kwargs)
    assert len(recorder.requests) == 1
    check_request(call, recorder.requests[0])


@pytest.mark.parametrize("call", CALLS, ids=CALL_IDS)
async def test_async_requests_match_the_wire_reference(call: Call) -> None:
    recorder = Recorder()
    async with async_client(recorder) as oauth:
        await getattr(oauth, call.name)(*call.args, **call.kwargs)
    assert len(recorder.requests) == 1
    check_request(call, recorder.requests[0])


def test_default_urls_are_on_auth_contio_ai() -> None:
    recorder = Recorder()
    http = httpx2.Client(transport=httpx2.MockTransport(recorder))
    with OAuthClient(CLIENT_ID, CLIENT_SECRET, REDIRECT_URI, http_client=http) as oauth:
        url = oauth.get_authorization_url()
        assert url.startswith("https://auth.contio.ai/oauth2/authorize?")
        oauth.exchange_code_for_token("c")
        oauth.revoke_token("t")
        oauth.introspect_token("t")
        oauth.get_user_info("at")
        oauth.get_available_scopes()
        oauth.check_consent(EMAIL)
        oauth.initiate_partner_auth(EMAIL)
        oauth.verify_partner_auth(EMAIL, "1", "s")
        oauth.get_partner_info()
    assert [str(request.url) for request in recorder.requests] == [
        "https://auth.contio.ai/oauth2/token",
        "https://auth.contio.ai/oauth2/revoke",
        "https://auth.contio.ai/oauth2/introspect",
        "https://auth.contio.ai/oauth2/userInfo",
        "https://auth.contio.ai/oauth2/scopes",
        "https://auth.contio.ai/oauth2/check-consent",
        "https://auth.contio.ai/auth/initiate",
        "https://auth.contio.ai/auth/verify",
        f"https://auth.contio.ai/v1/partner/info/{CLIENT_ID}/public",
    ]
    # The SDK's default scopes, in the authorization URL and in the request bodies.
    assert dict(parse_qsl(urlsplit(url).query))["scope"] == (
        "openid profile meetings:read meetings:write"
    )
    consent = json.loads(recorder.requests[5].content)
    assert consent["scopes"] == ["openid", "profile", "meetings:read", "meetings:write"]


def test_base_url_puts_every_endpoint_on_one_host() -> None:
    recorder = Recorder()
    http = httpx2.Client(transport=httpx2.MockTransport(recorder))
    base = "https://beta.api.contio.ai"
    with OAuthClient(
        CLIENT_ID, CLIENT_SECRET, REDIRECT_URI, base_url=base, http_client=http
    ) as oauth:
        assert oauth.get_authorization_url().startswith(f"{base}/oauth2/authorize?")
        oauth.exchange_code_for_token("c")
        oauth.revoke_token("t")
        oauth.get_user_info("at")
    assert [str(request.url) for request in recorder.requests] == [
        f"{base}/oauth2/token",
        f"{base}/oauth2/revoke",
        f"{base}/oauth2/userInfo",
    ]


def test_authorization_url_parameters_in_the_sdk_order() -> None:
    with sync_client(Recorder()) as oauth:
        url = oauth.get_authorization_url("st-1", login_hint="ada+x@example.com")
        pkce = oauth.get_authorization_url(code_challenge="abc", code_challenge_method="plain")
        bare = oauth.get_authorization_url()
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == AUTHORIZATION_URL
    assert parse_qsl(parts.query) == [
        ("client_id", CLIENT_ID),
        ("redirect_uri", REDIRECT_URI),
        ("response_type", "code"),
        ("scope", "openid profile meetings:read"),
        ("state", "st-1"),
        ("login_hint", "ada+x@example.com"),
    ]
    assert dict(parse_qsl(urlsplit(pkce).query))["code_challenge"] == "abc"
    assert dict(parse_qsl(urlsplit(pkce).query))["code_challenge_method"] == "plain"
    assert {key for key, _ in parse_qsl(urlsplit(bare).query)} == {
        "client_id",
        "redirect_uri",
        "response_type",
        "scope",
    }


# -- bad input fails fast --------------------------------------------------------------------

BAD_INPUT: list[tuple[str, str, Callable[[Any], Any]]] = [
    ("empty code", "code", lambda c: c.exchange_code_for_token("")),
    ("blank code", "code", lambda c: c.exchange_code_for_token("   ")),
    ("empty verifier", "code_verifier", lambda c: c.exchange_code_for_token("c", code_verifier="")),
    ("empty email", "email", lambda c: c.initiate_partner_auth("")),
    ("invalid email", "email", lambda c: c.initiate_partner_auth("not-an-email")),
    ("email with space", "email", lambda c: c.check_consent("ada lovelace@example.com")),
    ("empty consent email", "email", lambda c: c.check_consent("")),
    ("verify empty email", "email", lambda c: c.verify_partner_auth("", "123456", "s")),
    ("verify empty code", "code", lambda c: c.verify_partner_auth(EMAIL, "", "s")),
    ("verify empty session", "session", lambda c: c.verify_partner_auth(EMAIL, "123456", "")),
    (
        "non-UUID workspace",
        "workspace_id",
        lambda c: c.initiate_partner_auth(EMAIL, workspace_id="ws-1"),
    ),
    ("unknown token_type", "token_type", lambda c: c.revoke_token("t", "id_token")),
    ("empty revoke token", "token", lambda c: c.revoke_token("")),
    ("empty introspect token", "token", lambda c: c.introspect_token("")),
    (
        "scope with space",
        "scope",
        lambda c: c.get_client_credentials_token(["meetings:read openid"]),
    ),
    ("empty scope item", "scope", lambda c: c.get_client_credentials_token([""])),
]
BAD_IDS = [name for name, _, _ in BAD_INPUT]


@pytest.mark.parametrize(("label", "names", "call"), BAD_INPUT, ids=BAD_IDS)
def test_bad_input_raises_value_error_and_sends_nothing(
    label: str, names: str, call: Callable[[OAuthClient], object]
) -> None:
    recorder = Recorder()
    with sync_client(recorder) as oauth, pytest.raises(ValueError, match=names):
        call(oauth)
    assert recorder.requests == [], label


@pytest.mark.parametrize(("label", "names", "call"), BAD_INPUT, ids=BAD_IDS)
async def test_async_bad_input_raises_value_error_and_sends_nothing(
    label: str, names: str, call: Callable[[AsyncOAuthClient], Awaitable[object]]
) -> None:
    recorder = Recorder()
    async with async_client(recorder) as oauth:
        with pytest.raises(ValueError, match=names):
            await call(oauth)
    assert recorder.requests == [], label


def test_bad_configuration_raises_value_error() -> None:
    http = httpx2.Client(transport=httpx2.MockTransport(Recorder()))
    with pytest.raises(ValueError, match="base_url"):
        OAuthClient(
            CLIENT_ID,
            CLIENT_SECRET,
            REDIRECT_URI,
            base_url="https://api.contio.ai",
            token_url=TOKEN_URL,
            http_client=http,
        )
    with pytest.raises(ValueError, match="scope"):
        OAuthClient(CLIENT_ID, CLIENT_SECRET, REDIRECT_URI, ["meetings read"], http_client=http)
    with pytest.raises(ValueError, match="client_secret"):
        OAuthClient(CLIENT_ID, "", REDIRECT_URI, http_client=http)
    with pytest.raises(ValueError, match="token_url"):
        OAuthClient(CLIENT_ID, CLIENT_SECRET, REDIRECT_URI, token_url="ftp://x/y", http_client=http)
    with sync_client(Recorder()) as oauth, pytest.raises(ValueError, match="code_challenge_method"):
        oauth.get_authorization_url(code_challenge="abc", code_challenge_method="S512")


# -- AuthTokens --------------------------------------------------------------------------------

ACCESS = "cto_at_v1_AAAAaaaaBBBBbbbbCCCCccccDDDDdddd0001"
REFRESH = "cto_rt_v1_RRRRrrrrSSSSssssTTTTttttUUUUuuuu0002"
ID_TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZGEifQ.c2lnbmF0dXJlLXNpZ25hdHVyZQ"


def full_tokens(expires_at: datetime | None = None) -> AuthTokens:
    return AuthTokens(
        access_token=ACCESS,
        refresh_token=REFRESH,
        id_token=ID_TOKEN,
        expires_at=expires_at or datetime(2030, 5, 17, 12, 30, 15, 123456, tzinfo=timezone.utc),
        scope=("openid", "meetings:read"),
    )


def test_auth_tokens_round_trip_through_json() -> None:
    for tokens in (full_tokens(), AuthTokens(access_token="only-access")):
        again = AuthTokens.from_dict(json.loads(json.dumps(tokens.to_dict())))
        assert again == tokens
        assert isinstance(again.scope, tuple)


def test_auth_tokens_expires_at_is_aware_utc() -> None:
    cest = timezone(timedelta(hours=2))
    tokens = AuthTokens(access_token="a", expires_at=datetime(2030, 1, 1, 14, 0, tzinfo=cest))
    assert tokens.expires_at is not None
    assert tokens.expires_at.utcoffset() == timedelta(0)
    assert tokens.expires_at == datetime(2030, 1, 1, 12, 0, tzinfo=timezone.utc)
    restored = AuthTokens.from_dict(
        {"access_token": "a", "expires_at": "2030-01-01T14:00:00+02:00"}
    )
    assert restored.expires_at == tokens.expires_at
    assert restored.expires_at is not None
    assert restored.expires_at.utcoffset() == timedelta(0)


def test_auth_tokens_reject_naive_expiry() -> None:
    with pytest.raises(ValueError, match="expires_at"):
        AuthTokens(access_token="a", expires_at=datetime(2030, 1, 1))
    with pytest.raises(ValueError, match="expires_at"):
        AuthTokens.from_dict({"access_token": "a", "expires_at": "2030-01-01T00:00:00"})


def test_auth_tokens_read_the_typescript_sdk_shape() -> None:
    tokens = AuthTokens.from_dict(
        {"accessToken": "a", "refreshToken": "r", "expiresAt": 1_900_000_000_000}
    )
    assert tokens.refresh_token == "r"
    assert tokens.expires_at == datetime.fromtimestamp(1_900_000_000, tz=timezone.utc)


GARBAGE: list[object] = [
    None,
    [],
    "cto_at_v1_x",
    42,
    {},
    {"refresh_token": "r"},
    {"access_token": 5},
    {"access_token": ""},
    {"access_token": ["a"]},
    {"access_token": "a", "refresh_token": 7},
    {"access_token": "a", "id_token": {}},
    {"access_token": "a", "expires_at": "tomorrow"},
    {"access_token": "a", "expires_at": ""},
    {"access_token": "a", "expires_at": True},
    {"access_token": "a", "expires_at": float("nan")},
    {"access_token": "a", "expires_at": float("inf")},
    {"access_token": "a", "expires_at": 1e300},
    {"access_token": "a", "expires_at": -1e300},
    {"access_token": "a", "expires_at": {"when": 1}},
    {"access_token": "a", "expires_at": [2030, 1, 1]},
    {"access_token": "a", "scope": 5},
    {"access_token": "a", "scope": ["openid", 5]},
    {"access_token": "a", "scope": {"openid": True}},
    {"access_token": "a", "token_type": 5},
]


@pytest.mark.parametrize("garbage", GARBAGE, ids=[repr(g)[:40] for g in GARBAGE])
def test_auth_tokens_from_garbage_raise_value_error(garbage: object) -> None:
    # The message names what is wrong: the mapping, a token field, expires_at or scope.
    with pytest.raises(ValueError, match=r"token|expires_at|scope"):
        AuthTokens.from_dict(cast(Any, garbage))


def test_auth_tokens_repr_and_str_hide_the_tokens() -> None:
    tokens = full_tokens()
    for text in (repr(tokens), str(tokens), f"{tokens}", repr([tokens])):
        for secret in (ACCESS, REFRESH, ID_TOKEN):
            assert secret not in text
    assert "2030-05-17" in repr(tokens)


# -- expiry by the injected clock --------------------------------------------------------------


class FakeClock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


EXPIRY = datetime(2030, 1, 1, 12, 0, tzinfo=timezone.utc)


def test_is_token_expired_by_the_injected_clock() -> None:
    clock = FakeClock(EXPIRY - timedelta(hours=1))
    recorder = Recorder()
    with sync_client(recorder, clock=clock) as oauth:
        assert oauth.is_token_expired()  # no tokens
        oauth.set_tokens(AuthTokens(access_token="a"))
        assert oauth.is_token_expired()  # unknown expiry
        oauth.set_tokens(AuthTokens(access_token="a", expires_at=EXPIRY))
        assert not oauth.is_token_expired()
        clock.now = EXPIRY - timedelta(microseconds=1)
        assert not oauth.is_token_expired()
        clock.now = EXPIRY
        assert oauth.is_token_expired()
        clock.now = EXPIRY + timedelta(days=3)
        assert oauth.is_token_expired()
        assert oauth.get_access_token() == "a"  # expired, but still reported as it is
    assert recorder.requests == []


def test_set_tokens_accepts_to_dict_output() -> None:
    with sync_client(Recorder(), clock=FakeClock(EXPIRY - timedelta(hours=1))) as oauth:
        oauth.set_tokens(full_tokens(EXPIRY).to_dict())
        assert oauth.tokens == full_tokens(EXPIRY)
        assert oauth.get_access_token() == ACCESS
        with pytest.raises(ValueError, match="access_token"):
            oauth.set_tokens({"access_token": 3})
        assert oauth.tokens == full_tokens(EXPIRY)  # unchanged by the bad call


def test_fresh_token_is_returned_without_a_request() -> None:
    clock = FakeClock(EXPIRY - timedelta(hours=1))
    recorder = Recorder()
    with sync_client(recorder, clock=clock) as oauth:
        oauth.set_tokens(full_tokens(EXPIRY))
        assert oauth.get_valid_access_token() == ACCESS
        assert recorder.requests == []
        clock.now = EXPIRY - timedelta(seconds=30)  # inside the 60 s refresh margin
        assert oauth.get_valid_access_token() == CANNED["token"]["access_token"]
    assert [request.url.path for request in recorder.requests] == ["/custom/token"]
    form = dict(parse_qsl(recorder.requests[0].content.decode()))
    assert form == {"grant_type": "refresh_token", "refresh_token": REFRESH}


async def test_async_fresh_token_is_returned_without_a_request() -> None:
    clock = FakeClock(EXPIRY - timedelta(hours=1))
    recorder = Recorder()
    async with async_client(recorder, clock=clock) as oauth:
        oauth.set_tokens(full_tokens(EXPIRY))
        assert await oauth.get_valid_access_token() == ACCESS
    assert recorder.requests == []


def test_missing_tokens_fail_before_any_request() -> None:
    recorder = Recorder()
    with sync_client(recorder) as oauth:
        with pytest.raises(MissingTokenError):
            oauth.refresh_access_token()
        with pytest.raises(MissingTokenError):
            oauth.get_user_info()
        with pytest.raises(MissingTokenError):
            oauth.get_valid_access_token()
        oauth.set_tokens(AuthTokens(access_token="a"))  # no refresh token, unknown expiry
        with pytest.raises(MissingTokenError):
            oauth.refresh_access_token()
        # An unknown expiry counts as usable: refreshing on every call would be worse, and
        # a 401 through oauth.auth still refreshes (is_token_expired() stays True, as the
        # SDK's documentation says).
        assert oauth.get_valid_access_token() == "a"
        assert oauth.is_token_expired()
    assert recorder.requests == []


# -- ContioAPIError.from_response --------------------------------------------------------------


def error_response(
    status: int, content: bytes | str = b"", headers: Mapping[str, str] | None = None
) -> httpx2.Response:
    return httpx2.Response(
        status,
        content=content.encode() if isinstance(content, str) else content,
        headers=headers,
        request=httpx2.Request("POST", "https://auth.contio.ai/oauth2/token"),
    )


def test_error_from_the_oauth_shape() -> None:
    body = {"error": "invalid_grant", "error_description": "code expired", "request_id": "req_1"}
    error = ContioAPIError.from_response(error_response(400, json.dumps(body)))
    assert type(error) is BadRequestError
    assert (error.code, error.message, error.request_id) == (
        "invalid_grant",
        "code expired",
        "req_1",
    )
    assert error.status_code == 400
    assert error.response is not None
    assert error.response.status_code == 400
    assert str(error) == "[400 invalid_grant] code expired (request_id=req_1)"


def test_error_from_the_general_shape() -> None:
    body = {"code": "validation_error", "message": "email is invalid", "request_id": "req_2"}
    error = ContioAPIError.from_response(error_response(400, json.dumps(body)))
    assert type(error) is BadRequestError
    assert (error.code, error.message, error.request_id) == (
        "validation_error",
        "email is invalid",
        "req_2",
    )


def test_error_from_the_partner_shape() -> None:
    body = {
        "code": "workspace_conflict",
        "error": "user already belongs to another workspace",
        "message": "user already belongs to another workspace",
        "request_id": "req_3",
        "workspace_id": WORKSPACE_ID,
    }
    error = ContioAPIError.from_response(error_response(409, json.dumps(body)))
    assert type(error) is ConflictError
    assert error.code == "workspace_conflict"
    assert error.message == "user already belongs to another workspace"
    assert error.workspace_id == WORKSPACE_ID
    assert error.request_id == "req_3"
    # Without the deprecated `message`, the partner shape's `error` is the message.
    del body["message"]
    body["code"] = "workspace_not_found"
    error = ContioAPIError.from_response(error_response(404, json.dumps(body)))
    assert type(error) is NotFoundError
    assert (error.code, error.message) == (
        "workspace_not_found",
        "user already belongs to another workspace",
    )


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        ("<html><body><h1>502 Bad Gateway</h1></body></html>", "non-JSON"),
        ("", "no body"),
        ('{"error": "invalid_gr', "non-JSON"),
        (b"\xff\xfe\x00garbage", "non-JSON"),
        ("[" * 100_000, "non-JSON"),
        ('["invalid_grant", "expired"]', "unrecognised JSON"),
        ('{"status": "down", "detail": {"x": 1}}', "unrecognised JSON"),
        ('{"error": 5, "error_description": ["x"], "code": null}', "unrecognised JSON"),
        ("null", "body"),  # valid JSON, labelled non-JSON: only the wording is at stake
    ],
    ids=["html", "empty", "truncated", "binary", "deep", "list", "unknown", "wrong-types", "null"],
)
def test_error_from_bodies_of_no_known_shape(content: str | bytes, kind: str) -> None:
    error = ContioAPIError.from_response(error_response(502, content))
    assert type(error) is InternalServerError
    assert error.code is None
    assert error.status_code == 502
    assert kind in error.message
    assert "502" in error.message
    assert len(str(error)) < 700


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (400, BadRequestError),
        (401, AuthenticationError),
        (403, PermissionDeniedError),
        (404, NotFoundError),
        (409, ConflictError),
        (429, RateLimitError),
        (500, InternalServerError),
        (502, InternalServerError),
        (503, InternalServerError),
        (504, InternalServerError),
        (599, InternalServerError),
        (418, ContioAPIError),
        (422, ContioAPIError),
    ],
)
def test_error_class_by_status(status: int, expected: type[ContioAPIError]) -> None:
    body = json.dumps({"error": "some_code", "error_description": "what happened"})
    error = ContioAPIError.from_response(error_response(status, body))
    assert type(error) is expected
    assert isinstance(error, ContioAPIError)
    assert isinstance(error, ContioError)
    assert error.code == "some_code"


def test_request_id_from_body_or_header() -> None:
    headers = {"X-Request-Id": "req_header"}
    from_header = ContioAPIError.from_response(
        error_response(400, '{"error": "invalid_request"}', headers)
    )
    assert from_header.request_id == "req_header"
    from_body = ContioAPIError.from_response(
        error_response(400, '{"error": "invalid_request", "request_id": "req_body"}', headers)
    )
    assert from_body.request_id == "req_body"
    neither = ContioAPIError.from_response(error_response(400, "oops"))
    assert neither.request_id is None


def test_retry_after_seconds_and_http_date() -> None:
    def retry_after(value: str) -> float | None:
        response = error_response(429, '{"error": "rate_limit_exceeded"}', {"Retry-After": value})
        return ContioAPIError.from_response(response).retry_after

    assert retry_after("120") == 120.0
    assert retry_after("0") == 0.0
    in_two_minutes = datetime.now(timezone.utc) + timedelta(seconds=120)
    seconds = retry_after(format_datetime(in_two_minutes, usegmt=True))
    assert seconds is not None
    assert 100 < seconds <= 121
    assert retry_after("Sun, 06 Nov 1994 08:49:37 GMT") == 0.0  # in the past: retry now
    assert retry_after("soon") is None
    assert retry_after("nan") is None
    no_header = ContioAPIError.from_response(error_response(429, "{}"))
    assert no_header.retry_after is None


def test_error_messages_redact_tokens_and_secrets() -> None:
    body = {
        "error": "invalid_grant",
        "error_description": f"refresh token {REFRESH} for {CLIENT_SECRET} / {ID_TOKEN} "
        f"with {BASIC} is bad",
    }
    error = ContioAPIError.from_response(error_response(400, json.dumps(body)), CLIENT_SECRET)
    for text in (str(error), repr(error), error.message):
        for secret in (REFRESH, CLIENT_SECRET, ID_TOKEN, BASIC.split()[1]):
            assert secret not in text


def test_except_contio_api_error_catches_every_error_answer() -> None:
    for status in (400, 401, 403, 404, 409, 418, 429, 500, 503):
        handler = Script(json_response(status, {"error": "e", "error_description": "d"}))
        with sync_client(handler, max_retries=0) as oauth:
            caught: ContioAPIError | None = None
            try:
                oauth.get_available_scopes()
            except ContioAPIError as error:
                caught = error
        assert caught is not None, f"no ContioAPIError for {status}"
        assert caught.status_code == status


# -- PKCE and state ----------------------------------------------------------------------------

UNRESERVED = frozenset(string.ascii_letters + string.digits + "-._~")


def b64url_sha256(text: str) -> str:
    digest = hashlib.sha256(text.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")


def test_pkce_matches_rfc7636_appendix_b() -> None:
    from contio.pkce import s256_challenge

    verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
    assert s256_challenge(verifier) == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"


def test_generate_pkce_pair() -> None:
    pairs = [generate_pkce_pair() for _ in range(50)]
    assert len({pair.verifier for pair in pairs}) == 50
    for pair in pairs:
        assert 43 <= len(pair.verifier) <= 128
        assert set(pair.verifier) <= UNRESERVED
        assert pair.challenge == b64url_sha256(pair.verifier)
        assert "=" not in pair.challenge
        assert len(pair.challenge) == 43
        assert pair.verifier not in repr(pair)
    for length in (43, 128):
        assert len(generate_pkce_pair(length).verifier) == length
    for length in (42, 129):
        with pytest.raises(ValueError, match="43 to 128"):
            generate_pkce_pair(length)


def test_generate_state_is_unique_and_url_safe() -> None:
    states = [generate_state() for _ in range(500)]
    assert len(set(states)) == 500
    for state in states:
        assert len(state) >= 32
        assert set(state) <= UNRESERVED


# -- retries -----------------------------------------------------------------------------------


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Record the clients' sleeps instead of sleeping (the sync and the async driver)."""
    recorded: list[float] = []

    async def async_sleep(seconds: float) -> None:
        recorded.append(seconds)

    monkeypatch.setattr(contio._io.blocking, "_sleep", recorded.append)
    monkeypatch.setattr(contio._io.awaited, "_async_sleep", async_sleep)
    return recorded


def unavailable(**headers: str) -> httpx2.Response:
    return json_response(503, {"code": "service_unavailable", "message": "down"}, **headers)


SCOPES_OK = {"scopes": ["openid"]}


def test_idempotent_call_retried_with_exponential_backoff(sleeps: list[float]) -> None:
    script = Script(unavailable(), unavailable(), json_response(200, SCOPES_OK))
    with sync_client(script) as oauth:
        assert oauth.get_available_scopes() == ["openid"]
    assert len(script.requests) == 3
    base = contio._core.sender.BACKOFF_BASE
    assert len(sleeps) == 2
    assert base / 2 <= sleeps[0] <= base
    assert base <= sleeps[1] <= 2 * base


def test_retry_after_is_honoured(sleeps: list[float]) -> None:
    script = Script(unavailable(**{"Retry-After": "7"}), json_response(200, SCOPES_OK))
    with sync_client(script) as oauth:
        assert oauth.get_available_scopes() == ["openid"]
    assert sleeps == [7.0]


def test_retries_stop_after_max_retries(sleeps: list[float]) -> None:
    script = Script(*(unavailable() for _ in range(4)))
    with sync_client(script, max_retries=3) as oauth, pytest.raises(InternalServerError):
        oauth.introspect_token("t")
    assert len(script.requests) == 4
    assert len(sleeps) == 3


def test_error_answer_on_code_exchange_is_not_retried(sleeps: list[float]) -> None:
    for status in (503, 429, 502):
        script = Script(json_response(status, {"error": "e"}), json_response(200, CANNED["token"]))
        with sync_client(script) as oauth, pytest.raises(ContioAPIError) as caught:
            oauth.exchange_code_for_token("code")
        assert caught.value.status_code == status
        assert len(script.requests) == 1
        assert oauth.tokens is None
    script = Script(unavailable(), json_response(200, CANNED["token"]))
    with sync_client(script) as oauth, pytest.raises(InternalServerError):
        oauth.refresh_access_token("rt")
    assert len(script.requests) == 1
    assert sleeps == []


def test_connection_that_never_opened_is_retried_for_exchange(sleeps: list[float]) -> None:
    script = Script(httpx2.ConnectError("refused"), json_response(200, CANNED["token"]))
    with sync_client(script) as oauth:
        tokens = oauth.exchange_code_for_token("code")
    assert tokens.access_token == CANNED["token"]["access_token"]
    assert len(script.requests) == 2
    assert len(sleeps) == 1
    # Both attempts carried the same grant.
    assert script.requests[0].content == script.requests[1].content


@pytest.mark.parametrize(
    ("failure", "expected"),
    [
        (httpx2.ReadError("reset"), ContioConnectionError),
        (httpx2.RemoteProtocolError("dropped"), ContioConnectionError),
        (httpx2.ReadTimeout("slow"), ContioTimeoutError),
        (httpx2.WriteError("broken pipe"), ContioConnectionError),
    ],
    ids=["read-error", "protocol-error", "read-timeout", "write-error"],
)
def test_failure_after_sending_is_not_retried_for_exchange(
    sleeps: list[float], failure: httpx2.TransportError, expected: type[ContioError]
) -> None:
    script = Script(failure, json_response(200, CANNED["token"]))
    with sync_client(script) as oauth, pytest.raises(expected) as caught:
        oauth.exchange_code_for_token("code")
    assert len(script.requests) == 1
    assert sleeps == []
    if expected is ContioConnectionError:
        assert not isinstance(caught.value, ContioTimeoutError)
    assert caught.value.__cause__ is None
    assert caught.value.__suppress_context__


def test_transport_failure_on_idempotent_call_is_retried(sleeps: list[float]) -> None:
    script = Script(
        httpx2.ReadError("reset"), httpx2.ReadTimeout("slow"), json_response(200, SCOPES_OK)
    )
    with sync_client(script) as oauth:
        assert oauth.get_available_scopes() == ["openid"]
    assert len(script.requests) == 3
    assert len(sleeps) == 2


def test_long_retry_after_is_not_slept(sleeps: list[float]) -> None:
    limited = json_response(429, {"error": "rate_limit_exceeded"}, **{"Retry-After": "120"})
    script = Script(limited, json_response(200, SCOPES_OK))
    with sync_client(script) as oauth, pytest.raises(RateLimitError) as caught:
        oauth.get_available_scopes()
    assert caught.value.retry_after == 120.0
    assert caught.value.code == "rate_limit_exceeded"
    assert len(script.requests) == 1
    assert sleeps == []


def test_short_retry_after_on_429_is_retried(sleeps: list[float]) -> None:
    limited = json_response(429, {"error": "rate_limit_exceeded"}, **{"Retry-After": "2"})
    script = Script(limited, json_response(200, SCOPES_OK))
    with sync_client(script) as oauth:
        assert oauth.get_available_scopes() == ["openid"]
    assert sleeps == [2.0]


async def test_async_retries(sleeps: list[float]) -> None:
    script = Script(unavailable(), unavailable(), json_response(200, SCOPES_OK))
    async with async_client(script) as oauth:
        assert await oauth.get_available_scopes() == ["openid"]
    assert len(script.requests) == 3
    assert len(sleeps) == 2

    script = Script(httpx2.ConnectError("refused"), json_response(200, CANNED["token"]))
    async with async_client(script) as oauth:
        await oauth.exchange_code_for_token("code")
    assert len(script.requests) == 2

    script = Script(httpx2.ReadError("reset"), json_response(200, CANNED["token"]))
    async with async_client(script) as oauth:
        with pytest.raises(ContioConnectionError):
            await oauth.exchange_code_for_token("code")
    assert len(script.requests) == 1

    limited = json_response(429, {"error": "rate_limit_exceeded"}, **{"Retry-After": "600"})
    script = Script(limited, json_response(200, SCOPES_OK))
    async with async_client(script) as oauth:
        with pytest.raises(RateLimitError) as caught:
            await oauth.get_available_scopes()
    assert caught.value.retry_after == 600.0
    assert len(script.requests) == 1
    assert len(sleeps) == 3  # the two backoffs of the first call and the ConnectError's


# -- results -----------------------------------------------------------------------------------


def test_results_are_typed_and_keep_extra_fields() -> None:
    def handler(request: httpx2.Request) -> httpx2.Response:
        body = dict(CANNED[request.url.path.rsplit("/", 1)[-1]])
        body["added_later"] = {"nested": [1, 2]}
        return httpx2.Response(200, json=body)

    clock = FakeClock(EXPIRY)
    with sync_client(handler, clock=clock) as oauth:
        tokens = oauth.exchange_code_for_token("c")
        assert tokens.expires_at == EXPIRY + timedelta(seconds=3600)
        assert tokens.scope == ("openid", "profile")
        assert oauth.tokens == tokens
        introspection = oauth.introspect_token("t")
        assert isinstance(introspection, TokenIntrospection)
        assert introspection.extra == {"added_later": {"nested": [1, 2]}}
        assert introspection.expires_at == datetime.fromtimestamp(1_900_000_000, tz=timezone.utc)
        assert isinstance(oauth.get_user_info("at"), UserInfo)
        assert isinstance(oauth.check_consent(EMAIL), ConsentStatus)
        challenge = oauth.initiate_partner_auth(EMAIL)
        assert isinstance(challenge, PartnerAuthChallenge)
        assert challenge.session == "sess-1"
        verification = oauth.verify_partner_auth(EMAIL, "1", "sess-1")
        assert isinstance(verification, PartnerAuthVerification)
        assert verification.redirect_url == f"{REDIRECT_URI}?code=abc"
        assert verification.tokens is None
        assert oauth.tokens == tokens  # a verification without tokens keeps the stored ones
        info = oauth.get_partner_info()
        assert isinstance(info, PartnerInfo)
        assert info.extra["added_later"] == {"nested": [1, 2]}
