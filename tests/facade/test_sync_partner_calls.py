"""OAuthClient against the live mock over real HTTP, the partner calls: passwordless sign-in
(initiate, verify), check_consent, get_partner_info and get_available_scopes, then
introspect_token and get_user_info.

`test_async_partner_calls.py` mirrors this file for AsyncOAuthClient.
"""

from __future__ import annotations

import pytest

from contio import AuthenticationError, BadRequestError, OAuthClient
from contio.mock import DEMO_WORKSPACE_ID, SCOPES
from contio.testing import ContioMock
from tests.facade.conftest import consent_flags, count, sign_in
from tests.facade.flows_support import ADA, BOB, refresh_token_of, tokens_of

# -- partner sign-in: initiate, verify, check consent, partner info, scopes ----------------


def test_initiate_partner_auth_provisions_a_new_user_once(
    oauth: OAuthClient, mock: ContioMock
) -> None:
    first = oauth.initiate_partner_auth(ADA, "Ada Lovelace")
    assert first.user_provisioned is True
    assert first.challenge_name == "CUSTOM_CHALLENGE"
    assert first.challenge_params["email"] == ADA
    assert mock.last_code(ADA)[1] == first.session
    again = oauth.initiate_partner_auth(ADA)
    assert again.user_provisioned is False
    assert again.session != first.session

    # Any spelling of the UUID is accepted (and sent in its canonical form).
    admin = oauth.initiate_partner_auth(
        BOB, "Bob", workspace_id=DEMO_WORKSPACE_ID.upper(), is_admin=True
    )
    assert admin.user_provisioned is True


def test_verify_partner_auth_signs_the_user_in(oauth: OAuthClient, mock: ContioMock) -> None:
    challenge = oauth.initiate_partner_auth(ADA, "Ada Lovelace")
    code, _ = mock.last_code(ADA)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    with pytest.raises(BadRequestError) as caught:
        oauth.verify_partner_auth(ADA, wrong, challenge.session)
    assert caught.value.code == "invalid_code"
    assert not oauth.check_consent(ADA).session_valid

    result = oauth.verify_partner_auth(ADA, f" {code} ", challenge.session)
    assert result.success is True
    assert result.message
    assert result.redirect_url is not None
    assert result.redirect_url.startswith(f"{mock.base_url}/oauth2/authorize?")
    assert result.tokens is None  # the mock sends the user to consent, not tokens
    assert oauth.tokens is None
    assert oauth.check_consent(ADA).session_valid


def test_check_consent_before_and_after_consent(oauth: OAuthClient, mock: ContioMock) -> None:
    unknown = oauth.check_consent("nobody@example.com")
    assert consent_flags(unknown) == (False, True, False)
    challenge = oauth.initiate_partner_auth(ADA, "Ada Lovelace")
    oauth.verify_partner_auth(ADA, mock.last_code(ADA)[0], challenge.session)
    before = oauth.check_consent(ADA)
    assert consent_flags(before) == (False, True, True)
    mock.consent(ADA)
    after = oauth.check_consent(ADA)
    assert consent_flags(after) == (True, False, True)
    assert after.redirect_url is not None
    assert after.redirect_url.startswith(f"{mock.redirect_uri}?code=")


def test_get_partner_info(oauth: OAuthClient, mock: ContioMock) -> None:
    info = oauth.get_partner_info()
    assert info.client_id == mock.client_id
    assert info.name == "Demo Partner App"
    assert info.company_name == "Demo Partner Inc."
    assert info.co_brand_name == "Demo Partner"
    assert count(mock, "getPublicPartnerInfo") == 1


def test_get_available_scopes(oauth: OAuthClient) -> None:
    assert oauth.get_available_scopes() == tuple(SCOPES)


# -- introspect_token, get_user_info --------------------------------------------------------


def test_introspect_token(oauth: OAuthClient, mock: ContioMock) -> None:
    sign_in(oauth, mock)
    tokens = tokens_of(oauth)
    access = oauth.introspect_token(tokens.access_token)
    assert access.active
    assert access.client_id == mock.client_id
    assert access.username == ADA
    assert access.sub == oauth.get_user_info().sub
    assert access.scope == tokens.scope
    assert access.token_type == "Bearer"
    assert access.expires_at is not None
    assert tokens.expires_at is not None
    assert abs((access.expires_at - tokens.expires_at).total_seconds()) < 2
    assert oauth.introspect_token(refresh_token_of(oauth)).token_type is None

    unknown = oauth.introspect_token("cto_at_v1_unknown")
    assert not unknown.active
    assert unknown.sub is None
    assert unknown.scope == ()


def test_get_user_info_with_the_stored_or_a_given_token(
    oauth: OAuthClient, mock: ContioMock
) -> None:
    sign_in(oauth, mock, ADA)
    with OAuthClient(**mock.client_kwargs()) as other:
        sign_in(other, mock, BOB)
        bob_token = other.get_access_token()
    assert bob_token is not None
    ada = oauth.get_user_info()
    assert ada.email == ADA
    assert ada.name == "Ada Lovelace"
    assert ada.given_name == "Ada"
    assert ada.family_name == "Lovelace"
    assert ada.email_verified is True
    assert oauth.get_user_info(bob_token).email == BOB
    with pytest.raises(AuthenticationError) as caught:
        oauth.get_user_info("cto_at_v1_unknown")
    assert caught.value.code == "invalid_token"
