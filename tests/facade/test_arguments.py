"""What a careless app passes in: TypeError for a wrong type, ValueError for a wrong value,
each naming the parameter, raised before any request (the live mock counts none)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import httpx2
import pytest

from contio import AsyncOAuthClient, AuthTokens, OAuthClient
from contio.testing import ContioMock
from tests.facade.conftest import AnyClient, resolve

UNSAFE = ["\n", "\r", "\x00", "\x1b", "\x7f", "é", " ", "\u2028"]


def total_requests(mock: ContioMock) -> int:
    return sum(v for k, v in mock.stats().items() if ":" not in k)


def calls_with(value: str) -> dict[str, Callable[[AnyClient], Any]]:
    """Every call that takes a token, code, verifier or session, given `value` for it."""
    good = "cto_at_v1_GoodLookingTokenValue"
    return {
        "access_token": lambda c: c.get_user_info(good + value),
        "code": lambda c: c.exchange_code_for_token("code" + value),
        "code_verifier": lambda c: c.exchange_code_for_token("code", code_verifier="v" + value),
        "refresh_token": lambda c: c.refresh_access_token("cto_rt_v1_x" + value),
        "token (revoke)": lambda c: c.revoke_token(good + value),
        "token (introspect)": lambda c: c.introspect_token(good + value),
        "code (verify)": lambda c: c.verify_partner_auth("a@example.com", "12" + value + "34", "s"),
        "session": lambda c: c.verify_partner_auth("a@example.com", "1234", "sess" + value),
    }


@pytest.mark.parametrize("unsafe", UNSAFE, ids=[repr(u) for u in UNSAFE])
async def test_a_header_unsafe_token_code_or_secret_is_refused_before_sending(
    any_client: AnyClient, mock: ContioMock, unsafe: str
) -> None:
    before = total_requests(mock)
    for name, call in calls_with(unsafe).items():
        with pytest.raises(ValueError, match=name.split()[0]) as refused:
            await resolve(call(any_client))
        message = str(refused.value)
        assert "GoodLooking" not in message  # never the value: it may be a secret
        assert "cto_rt_v1_x" not in message
    assert total_requests(mock) == before


@pytest.mark.parametrize("unsafe", ["\n", "\x00", "é"])
@pytest.mark.parametrize("cls", [OAuthClient, AsyncOAuthClient])
def test_a_header_unsafe_client_secret_or_id_is_refused_at_construction(
    cls: type[AnyClient], unsafe: str
) -> None:
    with pytest.raises(ValueError, match="client_secret"):
        cls("client", "secret" + unsafe, "https://app.example.com/cb")
    with pytest.raises(ValueError, match="client_id"):
        cls("client" + unsafe, "secret", "https://app.example.com/cb")


CONSTRUCTOR_CASES: list[tuple[dict[str, Any], type[Exception], str]] = [
    ({"base_url": 5}, TypeError, "base_url"),
    ({"base_url": "ftp://x.example"}, ValueError, "base_url"),
    ({"base_url": "http://auth.example.com"}, ValueError, "base_url must use https"),
    # Names that only begin like a loopback address are anyone's: plain http is refused.
    ({"base_url": "http://127.0.0.1.attacker.example"}, ValueError, "base_url must use https"),
    ({"token_url": "http://127.1.example.com/token"}, ValueError, "token_url must use https"),
    ({"issuer": "http://localhost.attacker.example"}, ValueError, "issuer must use https"),
    ({"client_auth": "basic"}, ValueError, "client_auth"),
    ({"base_url": "https://user:pw@auth.example.com"}, ValueError, "base_url"),
    ({"token_url": b"https://x.example/token"}, TypeError, "token_url"),
    ({"authorization_url": "not a url"}, ValueError, "authorization_url"),
    ({"timeout": "x"}, TypeError, "timeout"),
    ({"timeout": 0}, ValueError, "timeout"),
    ({"timeout": float("nan")}, ValueError, "timeout"),
    ({"timeout": float("inf")}, ValueError, "timeout"),
    ({"timeout": httpx2.Timeout(None)}, ValueError, "timeout"),
    ({"max_retries": True}, TypeError, "max_retries"),
    ({"max_retries": 1.5}, TypeError, "max_retries"),
    ({"max_retries": -1}, ValueError, "max_retries"),
    ({"refresh_margin": 10**20}, ValueError, "refresh_margin"),
    ({"refresh_margin": timedelta(days=-1)}, ValueError, "refresh_margin"),
    ({"refresh_margin": "60"}, TypeError, "refresh_margin"),
    ({"clock": 5}, TypeError, "clock"),
    ({"token_store": object()}, TypeError, "token_store"),
    ({"scope": 5}, TypeError, "scope"),
    ({"scope": ["openid", 5]}, TypeError, "scope"),
    ({"scope": ["open id"]}, ValueError, "scope"),
    ({"max_response_bytes": 10}, ValueError, "max_response_bytes"),
    ({"max_response_bytes": "1MiB"}, TypeError, "max_response_bytes"),
]


@pytest.mark.parametrize(("overrides", "error", "named"), CONSTRUCTOR_CASES)
@pytest.mark.parametrize("cls", [OAuthClient, AsyncOAuthClient])
def test_a_wrong_constructor_argument_is_refused_by_name(
    cls: type[AnyClient], overrides: dict[str, Any], error: type[Exception], named: str
) -> None:
    with pytest.raises(error, match=named):
        cls("client", "secret", "https://app.example.com/cb", **overrides)


@pytest.mark.parametrize(
    ("cls", "wrong"),
    [(OAuthClient, httpx2.AsyncClient), (AsyncOAuthClient, httpx2.Client)],
)
def test_an_http_client_of_the_other_kind_is_a_type_error(cls: Any, wrong: Any) -> None:
    http = wrong()
    with pytest.raises(TypeError, match="http_client must be"):
        cls("client", "secret", "https://app.example.com/cb", http_client=http)


def test_the_positional_arguments_are_checked_by_name() -> None:
    with pytest.raises(TypeError, match="client_id"):
        OAuthClient(None, "secret", "https://app.example.com/cb")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="redirect_uri"):
        OAuthClient("client", "secret", 5)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="redirect_uri"):
        OAuthClient("client", "secret", "callback")


def call_cases() -> dict[str, tuple[Callable[[AnyClient], Any], type[Exception], str]]:
    return {
        "client credentials scope int": (
            lambda c: c.get_client_credentials_token(123),
            TypeError,
            "scope",
        ),
        "code int": (lambda c: c.exchange_code_for_token(123), TypeError, "code"),
        "verifier bytes": (
            lambda c: c.exchange_code_for_token("c", code_verifier=b"v"),
            TypeError,
            "code_verifier",
        ),
        "revoke hint": (lambda c: c.revoke_token("tok", "id_token"), ValueError, "token_type"),
        "revoke hint int": (lambda c: c.revoke_token("tok", 5), TypeError, "token_type"),
        "introspect None": (lambda c: c.introspect_token(None), TypeError, "token"),
        "email int": (lambda c: c.check_consent(5), TypeError, "email"),
        "email": (lambda c: c.initiate_partner_auth("not-an-email"), ValueError, "email"),
        "workspace": (
            lambda c: c.initiate_partner_auth("a@example.com", workspace_id="nope"),
            ValueError,
            "workspace_id",
        ),
        "workspace int": (
            lambda c: c.initiate_partner_auth("a@example.com", workspace_id=5),
            TypeError,
            "workspace_id",
        ),
        "is_admin": (
            lambda c: c.initiate_partner_auth("a@example.com", is_admin="yes"),
            TypeError,
            "is_admin",
        ),
        "name": (lambda c: c.initiate_partner_auth("a@example.com", 5), TypeError, "name"),
    }


@pytest.mark.parametrize("case", sorted(call_cases()))
async def test_a_wrong_call_argument_is_refused_by_name_before_sending(
    any_client: AnyClient, mock: ContioMock, case: str
) -> None:
    call, error, named = call_cases()[case]
    before = total_requests(mock)
    with pytest.raises(error, match=named):
        await resolve(call(any_client))
    assert total_requests(mock) == before


async def test_pure_methods_check_their_arguments(any_client: AnyClient) -> None:
    with pytest.raises(TypeError, match="tokens"):
        any_client.set_tokens(5)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="access_token"):
        any_client.set_tokens({"refresh_token": "x"})
    with pytest.raises(ValueError, match="code_challenge_method"):
        any_client.get_authorization_url(code_challenge="c" * 43, code_challenge_method="S512")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="state"):
        any_client.get_authorization_url("state\r\nSet-Cookie: x")
    with pytest.raises(TypeError, match="login_hint"):
        any_client.get_authorization_url(login_hint=5)  # type: ignore[arg-type]
    assert any_client.tokens is None  # nothing half-done
    with pytest.raises(ValueError, match="token_type"):
        AuthTokens(access_token="a", token_type="mac")  # type: ignore[arg-type]
