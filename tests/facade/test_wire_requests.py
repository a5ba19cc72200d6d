"""What goes on the wire, without a server: every request is answered by an
`httpx2.MockTransport`, so each call's method, URL, form or JSON body and client authentication
can be checked exactly, on both clients; the default URLs, base_url, and the order of the
authorization URL's parameters.
"""

from __future__ import annotations

import json
from typing import Any, NamedTuple
from urllib.parse import parse_qsl, urlsplit

import httpx2
import pytest

import contio
import contio._core.sender
import contio._io.awaited
import contio._io.blocking
from contio import OAuthClient
from tests.facade.units_support import (
    AUTH_HOST,
    AUTHORIZATION_URL,
    BASIC,
    CLIENT_ID,
    CLIENT_SECRET,
    EMAIL,
    REDIRECT_URI,
    SCOPE,
    TOKEN_HOST,
    TOKEN_URL,
    VERIFIER,
    WORKSPACE_ID,
    Recorder,
    async_client,
    sync_client,
)

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
