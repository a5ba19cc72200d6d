"""OAuthClient against the live mock over real HTTP: every method, and the flows around them.

`test_async_flows.py` mirrors this file for AsyncOAuthClient; the error mapping, retries and
transport failures of both clients are in `test_resilience.py`.
"""

from __future__ import annotations

import asyncio

import httpx2
import pytest

from contio import (
    AuthenticationError,
    AuthTokens,
    BadRequestError,
    MemoryTokenStore,
    MissingTokenError,
    OAuthClient,
    generate_pkce_pair,
    generate_state,
)
from contio.mock import DEMO_WORKSPACE_ID, SCOPES
from contio.testing import ContioMock
from tests.facade.conftest import (
    ACCESS_TOKEN_LIFETIME,
    REFRESHES,
    assert_user_tokens,
    authorization_query,
    callback_params,
    consent_flags,
    consented_code,
    count,
    expected_authorization_query,
    is_active,
    revoke_out_of_band,
    sign_in,
)

ADA = "ada@example.com"
BOB = "bob@example.com"


def tokens_of(oauth: OAuthClient) -> AuthTokens:
    tokens = oauth.tokens
    assert tokens is not None
    return tokens


def refresh_token_of(tokens: AuthTokens | OAuthClient) -> str:
    refresh_token = (tokens_of(tokens) if isinstance(tokens, OAuthClient) else tokens).refresh_token
    assert refresh_token is not None
    return refresh_token


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


# -- revoke_token ---------------------------------------------------------------------------


def test_revoking_the_access_token_keeps_the_refresh_token(
    oauth: OAuthClient, mock: ContioMock
) -> None:
    sign_in(oauth, mock)
    tokens = tokens_of(oauth)
    oauth.revoke_token(tokens.access_token)
    assert not oauth.introspect_token(tokens.access_token).active
    assert oauth.introspect_token(refresh_token_of(oauth)).active
    assert oauth.is_token_expired()  # spent: the next use refreshes
    assert tokens_of(oauth).refresh_token == tokens.refresh_token
    fresh = oauth.get_valid_access_token()
    assert fresh != tokens.access_token
    assert count(mock, REFRESHES) == 1
    assert oauth.get_user_info().email == ADA


def test_revoking_the_refresh_token_revokes_the_grant_and_forgets_the_tokens(
    oauth: OAuthClient, mock: ContioMock
) -> None:
    sign_in(oauth, mock)
    tokens = tokens_of(oauth)
    oauth.revoke_token(refresh_token_of(oauth), "refresh_token")
    assert not oauth.introspect_token(refresh_token_of(tokens)).active
    assert not oauth.introspect_token(tokens.access_token).active
    assert oauth.tokens is None
    assert oauth.token_store.load() is None


def test_revoking_an_unknown_token_succeeds(oauth: OAuthClient, mock: ContioMock) -> None:
    oauth.revoke_token("cto_at_v1_not-a-token-the-mock-knows")  # RFC 7009 §2.2
    assert count(mock, "revokeOauthToken") == 1


# -- get_access_token, set_tokens, is_token_expired -----------------------------------------


def test_set_tokens_saves_them_and_a_new_client_on_the_store_starts_with_them(
    oauth: OAuthClient, mock: ContioMock
) -> None:
    sign_in(oauth, mock)
    tokens = tokens_of(oauth)
    store = MemoryTokenStore()
    with OAuthClient(**mock.client_kwargs(token_store=store)) as restored:
        assert restored.get_access_token() is None
        restored.set_tokens(tokens.to_dict())  # what an app keeps between runs
        assert restored.tokens == tokens
        assert store.load() == tokens
    with OAuthClient(**mock.client_kwargs(token_store=store)) as later:
        assert later.tokens == tokens
        assert later.get_access_token() == tokens.access_token
        assert later.get_user_info().email == ADA  # the restored tokens are the real ones


def test_is_token_expired_follows_the_clock(oauth: OAuthClient, mock: ContioMock) -> None:
    assert oauth.is_token_expired()  # no tokens
    oauth.set_tokens(AuthTokens(access_token="cto_at_v1_no-expiry"))
    assert oauth.is_token_expired()  # unknown expiry
    sign_in(oauth, mock)
    assert not oauth.is_token_expired()
    mock.advance(ACCESS_TOKEN_LIFETIME - 60)  # inside the refresh margin: not yet expired
    assert not oauth.is_token_expired()
    mock.advance(60)
    assert oauth.is_token_expired()
    assert count(mock, REFRESHES) == 0  # a pure method


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
    assert oauth.get_available_scopes() == list(SCOPES)


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
    assert access.token_type == "access_token"
    assert access.expires_at is not None
    assert tokens.expires_at is not None
    assert abs((access.expires_at - tokens.expires_at).total_seconds()) < 2
    assert oauth.introspect_token(refresh_token_of(oauth)).token_type == "refresh_token"

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


# -- get_valid_access_token -----------------------------------------------------------------


def test_valid_access_token_is_the_stored_one_while_fresh(
    oauth: OAuthClient, mock: ContioMock
) -> None:
    sign_in(oauth, mock)
    assert oauth.get_valid_access_token() == oauth.get_access_token()
    mock.advance(ACCESS_TOKEN_LIFETIME - 90)  # outside the 60 s margin
    assert oauth.get_valid_access_token() == oauth.get_access_token()
    assert count(mock, REFRESHES) == 0


def test_valid_access_token_refreshes_within_the_margin(
    oauth: OAuthClient, mock: ContioMock
) -> None:
    sign_in(oauth, mock)
    old = tokens_of(oauth)
    mock.advance(ACCESS_TOKEN_LIFETIME - 30)  # still valid at the server, inside the margin
    token = oauth.get_valid_access_token()
    assert token != old.access_token
    assert token == oauth.get_access_token()
    assert count(mock, REFRESHES) == 1
    assert oauth.get_valid_access_token() == token  # good for a day again: no second refresh
    assert count(mock, REFRESHES) == 1
    assert oauth.get_user_info(token).email == ADA


def test_missing_tokens_fail_before_any_request(oauth: OAuthClient, mock: ContioMock) -> None:
    with pytest.raises(MissingTokenError):
        oauth.refresh_access_token()
    with pytest.raises(MissingTokenError):
        oauth.get_user_info()
    with pytest.raises(MissingTokenError):
        oauth.get_valid_access_token()
    assert mock.stats() == {}


# -- oauth.auth with httpx2.Client -----------------------------------------------------------


def test_auth_adds_the_bearer_token_and_refreshes_before_expiry(
    oauth: OAuthClient, mock: ContioMock
) -> None:
    sign_in(oauth, mock)
    old = oauth.get_access_token()
    with httpx2.Client(base_url=mock.base_url, auth=oauth.auth) as api:
        response = api.get("/oauth2/userInfo")
        assert response.status_code == 200
        assert response.json()["email"] == ADA
        assert response.request.headers["Authorization"] == f"Bearer {old}"
        assert count(mock, REFRESHES) == 0

        mock.advance(ACCESS_TOKEN_LIFETIME - 30)
        response = api.get("/oauth2/userInfo")
    assert response.status_code == 200
    new = oauth.get_access_token()
    assert new != old
    assert response.request.headers["Authorization"] == f"Bearer {new}"
    assert count(mock, REFRESHES) == 1
    assert count(mock, "getOauthUserInfo") == 2  # refreshed before, not after a 401


def test_auth_refreshes_once_after_a_401_and_repeats_the_request(
    oauth: OAuthClient, mock: ContioMock
) -> None:
    sign_in(oauth, mock)
    old = oauth.get_access_token()
    assert old is not None
    revoke_out_of_band(mock, old)  # the client still thinks it is good for a day
    with httpx2.Client(base_url=mock.base_url, auth=oauth.auth) as api:
        response = api.get("/oauth2/userInfo")
    assert response.status_code == 200
    assert response.json()["email"] == ADA
    new = oauth.get_access_token()
    assert new != old
    assert response.request.headers["Authorization"] == f"Bearer {new}"
    assert count(mock, REFRESHES) == 1
    assert count(mock, "getOauthUserInfo") == 2


def test_auth_does_not_loop_when_the_repeated_request_is_refused(
    oauth: OAuthClient, mock: ContioMock
) -> None:
    sign_in(oauth, mock)
    mock.fault("getOauthUserInfo", status=401, count=5)
    with httpx2.Client(base_url=mock.base_url, auth=oauth.auth) as api:
        response = api.get("/oauth2/userInfo")
    assert response.status_code == 401  # handed to the app after one refresh and one repeat
    assert count(mock, REFRESHES) == 1
    assert count(mock, "getOauthUserInfo") == 2


def test_sync_auth_refuses_an_async_httpx_client(oauth: OAuthClient, mock: ContioMock) -> None:
    async def call() -> None:
        async with httpx2.AsyncClient(base_url=mock.base_url, auth=oauth.auth) as api:
            await api.get("/oauth2/userInfo")

    with pytest.raises(TypeError, match=r"httpx2\.Client"):
        asyncio.run(call())


# -- the client's own lifecycle -------------------------------------------------------------


def test_context_manager_closes_only_the_http_client_it_owns(mock: ContioMock) -> None:
    with OAuthClient(**mock.client_kwargs()) as owned:
        owned.get_available_scopes()
    assert owned._http.is_closed

    with httpx2.Client() as http:
        with OAuthClient(**mock.client_kwargs(http_client=http)) as borrowing:
            assert borrowing.get_partner_info().client_id == mock.client_id
        assert not http.is_closed  # the app's client is the app's to close
