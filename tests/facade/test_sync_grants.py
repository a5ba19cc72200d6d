"""OAuthClient against the live mock over real HTTP, the grants: get_authorization_url,
exchange_code_for_token, refresh_access_token and get_client_credentials_token, and the flows
around them.

`test_async_grants.py` mirrors this file for AsyncOAuthClient; the error mapping, retries and
transport failures of both clients are in `test_resilience.py`.
"""

from __future__ import annotations

import httpx2
import pytest

from contio import (
    BadRequestError,
    MissingTokenError,
    OAuthClient,
    generate_pkce_pair,
    generate_state,
)
from contio.testing import ContioMock
from tests.facade.conftest import (
    REFRESHES,
    assert_user_tokens,
    authorization_query,
    callback_params,
    consented_code,
    count,
    expected_authorization_query,
    is_active,
    sign_in,
)
from tests.facade.flows_support import ADA, BOB, refresh_token_of, tokens_of

# -- get_authorization_url ------------------------------------------------------------------


def test_authorization_url_has_the_sdk_query_in_order(oauth: OAuthClient, mock: ContioMock) -> None:
    pair = generate_pkce_pair()
    url = oauth.get_authorization_url(
        "xyz-state", login_hint="ada+test@example.com", code_challenge=pair.challenge
    )
    assert authorization_query(url, mock) == expected_authorization_query(
        mock,
        ("state", "xyz-state"),
        ("login_hint", "ada+test@example.com"),
        ("code_challenge", pair.challenge),
        ("code_challenge_method", "S256"),
    )
    assert "scope=openid+profile+email" in url  # form-encoded, as URLSearchParams does
    minimal = oauth.get_authorization_url()
    assert authorization_query(minimal, mock) == expected_authorization_query(mock)
    assert mock.stats() == {}  # a pure method: nothing was sent


def test_authorization_url_drives_the_code_flow_with_pkce(
    oauth: OAuthClient, mock: ContioMock
) -> None:
    """The URL as built works at the server: a signed-in user who consented before is sent
    straight back with a code and the state, and the code exchanges with the verifier."""
    consented_code(oauth, mock, ADA)  # signs Ada in and records her consent
    pair, state = generate_pkce_pair(), generate_state()
    url = oauth.get_authorization_url(state, login_hint=ADA, code_challenge=pair.challenge)
    callback = callback_params(httpx2.get(url), mock)
    assert callback["state"] == state
    tokens = oauth.exchange_code_for_token(callback["code"], code_verifier=pair.verifier)
    assert oauth.get_user_info(tokens.access_token).email == ADA


# -- exchange_code_for_token ----------------------------------------------------------------


def test_exchange_code_stores_tokens_expiring_at_receipt_plus_expires_in(
    oauth: OAuthClient, mock: ContioMock
) -> None:
    code = consented_code(oauth, mock, ADA)
    assert oauth.get_access_token() is None
    before = mock.clock()
    tokens = oauth.exchange_code_for_token(code)
    assert_user_tokens(tokens, mock, before, mock.clock())
    assert oauth.tokens == tokens
    assert oauth.token_store.load() == tokens
    assert oauth.get_access_token() == tokens.access_token
    assert not oauth.is_token_expired()
    assert is_active(mock, tokens.access_token)


def test_reused_code_is_invalid_grant_and_revokes_its_tokens(
    oauth: OAuthClient, mock: ContioMock
) -> None:
    code = consented_code(oauth, mock, ADA)
    first = oauth.exchange_code_for_token(code)
    with pytest.raises(BadRequestError) as caught:
        oauth.exchange_code_for_token(code)
    assert caught.value.code == "invalid_grant"
    assert caught.value.status_code == 400
    assert caught.value.request_id is not None
    assert oauth.tokens == first  # a failed exchange leaves the stored tokens alone
    assert not is_active(mock, first.access_token)  # RFC 6749 §4.1.2: the code was stolen


def test_expired_code_is_invalid_grant(oauth: OAuthClient, mock: ContioMock) -> None:
    code = consented_code(oauth, mock, ADA)
    mock.advance(301)  # codes live 300 s
    with pytest.raises(BadRequestError) as caught:
        oauth.exchange_code_for_token(code)
    assert caught.value.code == "invalid_grant"
    assert oauth.tokens is None


def test_pkce_s256_code_exchanges_with_its_verifier(oauth: OAuthClient, mock: ContioMock) -> None:
    pair = generate_pkce_pair()
    code = consented_code(
        oauth, mock, ADA, code_challenge=pair.challenge, code_challenge_method="S256"
    )
    tokens = oauth.exchange_code_for_token(code, code_verifier=pair.verifier)
    assert is_active(mock, tokens.access_token)


@pytest.mark.parametrize("verifier", ["another", None], ids=["mismatch", "missing"])
def test_pkce_without_the_right_verifier_is_invalid_grant(
    oauth: OAuthClient, mock: ContioMock, verifier: str | None
) -> None:
    pair = generate_pkce_pair()
    code = consented_code(
        oauth, mock, ADA, code_challenge=pair.challenge, code_challenge_method="S256"
    )
    wrong = generate_pkce_pair().verifier if verifier == "another" else None
    with pytest.raises(BadRequestError) as caught:
        oauth.exchange_code_for_token(code, code_verifier=wrong)
    assert caught.value.code == "invalid_grant"
    assert oauth.tokens is None


# -- refresh_access_token -------------------------------------------------------------------


def test_refresh_rotates_and_reusing_the_old_refresh_token_revokes_the_family(
    oauth: OAuthClient, mock: ContioMock
) -> None:
    sign_in(oauth, mock)
    old = tokens_of(oauth)
    mock.advance(3600)
    before = mock.clock()
    new = oauth.refresh_access_token()
    assert_user_tokens(new, mock, before, mock.clock())
    assert new.access_token != old.access_token
    assert new.refresh_token != old.refresh_token
    assert oauth.tokens == new
    assert oauth.token_store.load() == new
    assert count(mock, REFRESHES) == 1

    assert old.refresh_token is not None
    with pytest.raises(BadRequestError) as caught:
        oauth.refresh_access_token(old.refresh_token)  # rotated out: looks stolen
    assert caught.value.code == "invalid_grant"
    assert not is_active(mock, new.access_token)  # the whole family is revoked
    with pytest.raises(BadRequestError) as caught:
        oauth.refresh_access_token()
    assert caught.value.code == "invalid_grant"


def test_refresh_with_a_given_refresh_token(oauth: OAuthClient, mock: ContioMock) -> None:
    with OAuthClient(**mock.client_kwargs()) as other:
        sign_in(other, mock, BOB)
        given = refresh_token_of(other)
    tokens = oauth.refresh_access_token(given)
    assert oauth.tokens == tokens
    assert tokens.refresh_token != given
    assert oauth.get_user_info().email == BOB


# -- get_client_credentials_token -----------------------------------------------------------


def test_client_credentials_token_has_no_refresh_token(
    oauth: OAuthClient, mock: ContioMock
) -> None:
    tokens = oauth.get_client_credentials_token()
    assert tokens.refresh_token is None
    assert tokens.id_token is None
    # The mock drops the user scopes (openid, profile, email) that need a user.
    assert tokens.scope == ("meetings:read", "meetings:write")
    assert oauth.tokens == tokens
    introspection = oauth.introspect_token(tokens.access_token)
    assert introspection.active
    assert introspection.sub == mock.client_id
    assert introspection.username is None

    narrow = oauth.get_client_credentials_token(["calendar:read"])
    assert narrow.scope == ("calendar:read",)
    with pytest.raises(MissingTokenError):
        oauth.refresh_access_token()  # nothing to refresh with
    assert count(mock, REFRESHES) == 0
