"""The facade's surface, without a server: the seed's fifteen methods on both clients (same
names, same parameters, the right kind), and the typed results they return, extra fields kept.
"""

from __future__ import annotations

import inspect
import re
from datetime import UTC, datetime, timedelta

import httpx2

from contio import (
    AsyncOAuthClient,
    ConsentStatus,
    OAuthClient,
    PartnerAuthChallenge,
    PartnerAuthVerification,
    PartnerInfo,
    TokenIntrospection,
    UserInfo,
)
from tests.facade.units_support import CANNED, EMAIL, EXPIRY, REDIRECT_URI, FakeClock, sync_client

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
        assert introspection.expires_at == datetime.fromtimestamp(1_900_000_000, tz=UTC)
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
