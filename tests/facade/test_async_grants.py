"""AsyncOAuthClient against the live mock over real HTTP, the grants: the mirror of
`test_sync_grants.py` (get_authorization_url, exchange_code_for_token, refresh_access_token,
get_client_credentials_token).

Each test here is its sync twin with `await`; get_authorization_url is a plain method on the
async client too.
"""

from __future__ import annotations

import httpx2
import pytest

from contio import (
    AsyncOAuthClient,
    BadRequestError,
    MissingTokenError,
    generate_pkce_pair,
    generate_state,
)
from contio.testing import ContioMock
from tests.facade.conftest import (
    REFRESHES,
    assert_user_tokens,
    async_consented_code,
    async_sign_in,
    authorization_query,
    callback_params,
    count,
    expected_authorization_query,
    is_active,
)
from tests.facade.flows_support import ADA, BOB, refresh_token_of, tokens_of

# -- get_authorization_url ------------------------------------------------------------------


def test_authorization_url_has_the_sdk_query_in_order(
    aoauth: AsyncOAuthClient, mock: ContioMock
) -> None:
    pair = generate_pkce_pair()
    url = aoauth.get_authorization_url(
        "xyz-state", login_hint="ada+test@example.com", code_challenge=pair.challenge
    )
    assert authorization_query(url, mock) == expected_authorization_query(
        mock,
        ("state", "xyz-state"),
        ("login_hint", "ada+test@example.com"),
        ("code_challenge", pair.challenge),
        ("code_challenge_method", "S256"),
    )
    minimal = aoauth.get_authorization_url()
    assert authorization_query(minimal, mock) == expected_authorization_query(mock)
    assert mock.stats() == {}


async def test_authorization_url_drives_the_code_flow_with_pkce(
    aoauth: AsyncOAuthClient, mock: ContioMock
) -> None:
    await async_consented_code(aoauth, mock, ADA)  # signs Ada in and records her consent
    pair, state = generate_pkce_pair(), generate_state()
    url = aoauth.get_authorization_url(state, login_hint=ADA, code_challenge=pair.challenge)
    async with httpx2.AsyncClient() as browser:
        callback = callback_params(await browser.get(url), mock)
    assert callback["state"] == state
    tokens = await aoauth.exchange_code_for_token(callback["code"], code_verifier=pair.verifier)
    assert (await aoauth.get_user_info(tokens.access_token)).email == ADA


# -- exchange_code_for_token ----------------------------------------------------------------


async def test_exchange_code_stores_tokens_expiring_at_receipt_plus_expires_in(
    aoauth: AsyncOAuthClient, mock: ContioMock
) -> None:
    code = await async_consented_code(aoauth, mock, ADA)
    assert aoauth.get_access_token() is None
    before = mock.clock()
    tokens = await aoauth.exchange_code_for_token(code)
    assert_user_tokens(tokens, mock, before, mock.clock())
    assert aoauth.tokens == tokens
    assert aoauth.token_store.load() == tokens
    assert aoauth.get_access_token() == tokens.access_token
    assert not aoauth.is_token_expired()
    assert is_active(mock, tokens.access_token)


async def test_reused_code_is_invalid_grant_and_revokes_its_tokens(
    aoauth: AsyncOAuthClient, mock: ContioMock
) -> None:
    code = await async_consented_code(aoauth, mock, ADA)
    first = await aoauth.exchange_code_for_token(code)
    with pytest.raises(BadRequestError) as caught:
        await aoauth.exchange_code_for_token(code)
    assert caught.value.code == "invalid_grant"
    assert caught.value.status_code == 400
    assert caught.value.request_id is not None
    assert aoauth.tokens == first
    assert not is_active(mock, first.access_token)


async def test_expired_code_is_invalid_grant(aoauth: AsyncOAuthClient, mock: ContioMock) -> None:
    code = await async_consented_code(aoauth, mock, ADA)
    mock.advance(301)
    with pytest.raises(BadRequestError) as caught:
        await aoauth.exchange_code_for_token(code)
    assert caught.value.code == "invalid_grant"
    assert aoauth.tokens is None


async def test_pkce_s256_code_exchanges_with_its_verifier(
    aoauth: AsyncOAuthClient, mock: ContioMock
) -> None:
    pair = generate_pkce_pair()
    code = await async_consented_code(
        aoauth, mock, ADA, code_challenge=pair.challenge, code_challenge_method="S256"
    )
    tokens = await aoauth.exchange_code_for_token(code, code_verifier=pair.verifier)
    assert is_active(mock, tokens.access_token)


@pytest.mark.parametrize("verifier", ["another", None], ids=["mismatch", "missing"])
async def test_pkce_without_the_right_verifier_is_invalid_grant(
    aoauth: AsyncOAuthClient, mock: ContioMock, verifier: str | None
) -> None:
    pair = generate_pkce_pair()
    code = await async_consented_code(
        aoauth, mock, ADA, code_challenge=pair.challenge, code_challenge_method="S256"
    )
    wrong = generate_pkce_pair().verifier if verifier == "another" else None
    with pytest.raises(BadRequestError) as caught:
        await aoauth.exchange_code_for_token(code, code_verifier=wrong)
    assert caught.value.code == "invalid_grant"
    assert aoauth.tokens is None


# -- refresh_access_token -------------------------------------------------------------------


async def test_refresh_rotates_and_reusing_the_old_refresh_token_revokes_the_family(
    aoauth: AsyncOAuthClient, mock: ContioMock
) -> None:
    await async_sign_in(aoauth, mock)
    old = tokens_of(aoauth)
    mock.advance(3600)
    before = mock.clock()
    new = await aoauth.refresh_access_token()
    assert_user_tokens(new, mock, before, mock.clock())
    assert new.access_token != old.access_token
    assert new.refresh_token != old.refresh_token
    assert aoauth.tokens == new
    assert aoauth.token_store.load() == new
    assert count(mock, REFRESHES) == 1

    with pytest.raises(BadRequestError) as caught:
        await aoauth.refresh_access_token(refresh_token_of(old))
    assert caught.value.code == "invalid_grant"
    assert not is_active(mock, new.access_token)
    with pytest.raises(BadRequestError) as caught:
        await aoauth.refresh_access_token()
    assert caught.value.code == "invalid_grant"


async def test_refresh_with_a_given_refresh_token(
    aoauth: AsyncOAuthClient, mock: ContioMock
) -> None:
    async with AsyncOAuthClient(**mock.client_kwargs()) as other:
        await async_sign_in(other, mock, BOB)
        given = refresh_token_of(other)
    tokens = await aoauth.refresh_access_token(given)
    assert aoauth.tokens == tokens
    assert tokens.refresh_token != given
    assert (await aoauth.get_user_info()).email == BOB


# -- get_client_credentials_token -----------------------------------------------------------


async def test_client_credentials_token_has_no_refresh_token(
    aoauth: AsyncOAuthClient, mock: ContioMock
) -> None:
    tokens = await aoauth.get_client_credentials_token()
    assert tokens.refresh_token is None
    assert tokens.id_token is None
    assert tokens.scope == ("meetings:read", "meetings:write")
    assert aoauth.tokens == tokens
    introspection = await aoauth.introspect_token(tokens.access_token)
    assert introspection.active
    assert introspection.sub == mock.client_id
    assert introspection.username is None

    narrow = await aoauth.get_client_credentials_token(["calendar:read"])
    assert narrow.scope == ("calendar:read",)
    with pytest.raises(MissingTokenError):
        await aoauth.refresh_access_token()
    assert count(mock, REFRESHES) == 0
