"""AsyncOAuthClient against the live mock over real HTTP, the partner calls: the mirror of
`test_sync_partner_calls.py` (initiate and verify the passwordless sign-in, check_consent,
get_partner_info, get_available_scopes, introspect_token, get_user_info).

Each test here is its sync twin with `await`.
"""

from __future__ import annotations

import pytest

from contio import AsyncOAuthClient, AuthenticationError, BadRequestError
from contio.mock import DEMO_WORKSPACE_ID, SCOPES
from contio.testing import ContioMock
from tests.facade.conftest import async_sign_in, consent_flags
from tests.facade.flows_support import ADA, BOB, refresh_token_of, tokens_of

# -- partner sign-in: initiate, verify, check consent, partner info, scopes ----------------


async def test_initiate_partner_auth_provisions_a_new_user_once(
    aoauth: AsyncOAuthClient, mock: ContioMock
) -> None:
    first = await aoauth.initiate_partner_auth(ADA, "Ada Lovelace")
    assert first.user_provisioned is True
    assert first.challenge_name == "CUSTOM_CHALLENGE"
    assert first.challenge_params["email"] == ADA
    assert mock.last_code(ADA)[1] == first.session
    again = await aoauth.initiate_partner_auth(ADA)
    assert again.user_provisioned is False
    assert again.session != first.session

    admin = await aoauth.initiate_partner_auth(
        BOB, "Bob", workspace_id=DEMO_WORKSPACE_ID, is_admin=True
    )
    assert admin.user_provisioned is True


async def test_verify_partner_auth_signs_the_user_in(
    aoauth: AsyncOAuthClient, mock: ContioMock
) -> None:
    challenge = await aoauth.initiate_partner_auth(ADA, "Ada Lovelace")
    code, _ = mock.last_code(ADA)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    with pytest.raises(BadRequestError) as caught:
        await aoauth.verify_partner_auth(ADA, wrong, challenge.session)
    assert caught.value.code == "invalid_code"
    assert not (await aoauth.check_consent(ADA)).session_valid

    result = await aoauth.verify_partner_auth(ADA, code, challenge.session)
    assert result.success is True
    assert result.message
    assert result.redirect_url is not None
    assert result.redirect_url.startswith(f"{mock.base_url}/oauth2/authorize?")
    assert result.tokens is None
    assert aoauth.tokens is None
    assert (await aoauth.check_consent(ADA)).session_valid


async def test_check_consent_before_and_after_consent(
    aoauth: AsyncOAuthClient, mock: ContioMock
) -> None:
    assert consent_flags(await aoauth.check_consent("nobody@example.com")) == (False, True, False)
    challenge = await aoauth.initiate_partner_auth(ADA, "Ada Lovelace")
    await aoauth.verify_partner_auth(ADA, mock.last_code(ADA)[0], challenge.session)
    assert consent_flags(await aoauth.check_consent(ADA)) == (False, True, True)
    mock.consent(ADA)
    after = await aoauth.check_consent(ADA)
    assert consent_flags(after) == (True, False, True)
    assert after.redirect_url is not None
    assert after.redirect_url.startswith(f"{mock.redirect_uri}?code=")


async def test_get_partner_info(aoauth: AsyncOAuthClient, mock: ContioMock) -> None:
    info = await aoauth.get_partner_info()
    assert info.client_id == mock.client_id
    assert info.name == "Demo Partner App"
    assert info.company_name == "Demo Partner Inc."
    assert info.co_brand_name == "Demo Partner"


async def test_get_available_scopes(aoauth: AsyncOAuthClient) -> None:
    assert await aoauth.get_available_scopes() == tuple(SCOPES)


# -- introspect_token, get_user_info --------------------------------------------------------


async def test_introspect_token(aoauth: AsyncOAuthClient, mock: ContioMock) -> None:
    await async_sign_in(aoauth, mock)
    tokens = tokens_of(aoauth)
    access = await aoauth.introspect_token(tokens.access_token)
    assert access.active
    assert access.client_id == mock.client_id
    assert access.username == ADA
    assert access.sub == (await aoauth.get_user_info()).sub
    assert access.scope == tokens.scope
    assert access.token_type == "Bearer"
    assert access.expires_at is not None
    assert tokens.expires_at is not None
    assert abs((access.expires_at - tokens.expires_at).total_seconds()) < 2
    refresh = await aoauth.introspect_token(refresh_token_of(aoauth))
    assert refresh.token_type is None

    unknown = await aoauth.introspect_token("cto_at_v1_unknown")
    assert not unknown.active
    assert unknown.sub is None


async def test_get_user_info_with_the_stored_or_a_given_token(
    aoauth: AsyncOAuthClient, mock: ContioMock
) -> None:
    await async_sign_in(aoauth, mock, ADA)
    async with AsyncOAuthClient(**mock.client_kwargs()) as other:
        await async_sign_in(other, mock, BOB)
        bob_token = other.get_access_token()
    assert bob_token is not None
    ada = await aoauth.get_user_info()
    assert (ada.email, ada.name, ada.email_verified) == (ADA, "Ada Lovelace", True)
    assert (await aoauth.get_user_info(bob_token)).email == BOB
    with pytest.raises(AuthenticationError) as caught:
        await aoauth.get_user_info("cto_at_v1_unknown")
    assert caught.value.code == "invalid_token"
