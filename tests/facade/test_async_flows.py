"""AsyncOAuthClient against the live mock over real HTTP: the mirror of `test_sync_flows.py`.

Each test here is its sync twin with `await`; the four pure methods are plain methods on the
async client too.
"""

from __future__ import annotations

import httpx2
import pytest

from contio import (
    AsyncOAuthClient,
    AuthenticationError,
    AuthTokens,
    BadRequestError,
    MemoryTokenStore,
    MissingTokenError,
    generate_pkce_pair,
    generate_state,
)
from contio.mock import DEMO_WORKSPACE_ID, SCOPES
from contio.testing import ContioMock
from tests.facade.conftest import (
    ACCESS_TOKEN_LIFETIME,
    REFRESHES,
    assert_user_tokens,
    async_consented_code,
    async_sign_in,
    authorization_query,
    callback_params,
    consent_flags,
    count,
    expected_authorization_query,
    is_active,
    revoke_out_of_band,
)

ADA = "ada@example.com"
BOB = "bob@example.com"


def tokens_of(aoauth: AsyncOAuthClient) -> AuthTokens:
    tokens = aoauth.tokens
    assert tokens is not None
    return tokens


def refresh_token_of(tokens: AuthTokens | AsyncOAuthClient) -> str:
    if isinstance(tokens, AsyncOAuthClient):
        tokens = tokens_of(tokens)
    assert tokens.refresh_token is not None
    return tokens.refresh_token


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


# -- revoke_token ---------------------------------------------------------------------------


async def test_revoking_the_access_token_keeps_the_refresh_token(
    aoauth: AsyncOAuthClient, mock: ContioMock
) -> None:
    await async_sign_in(aoauth, mock)
    tokens = tokens_of(aoauth)
    await aoauth.revoke_token(tokens.access_token)
    assert not (await aoauth.introspect_token(tokens.access_token)).active
    assert (await aoauth.introspect_token(refresh_token_of(aoauth))).active
    assert aoauth.is_token_expired()
    assert tokens_of(aoauth).refresh_token == tokens.refresh_token
    fresh = await aoauth.get_valid_access_token()
    assert fresh != tokens.access_token
    assert count(mock, REFRESHES) == 1
    assert (await aoauth.get_user_info()).email == ADA


async def test_revoking_the_refresh_token_revokes_the_grant_and_forgets_the_tokens(
    aoauth: AsyncOAuthClient, mock: ContioMock
) -> None:
    await async_sign_in(aoauth, mock)
    tokens = tokens_of(aoauth)
    await aoauth.revoke_token(refresh_token_of(aoauth), "refresh_token")
    assert not (await aoauth.introspect_token(refresh_token_of(tokens))).active
    assert not (await aoauth.introspect_token(tokens.access_token)).active
    assert aoauth.tokens is None
    assert aoauth.token_store.load() is None


async def test_revoking_an_unknown_token_succeeds(
    aoauth: AsyncOAuthClient, mock: ContioMock
) -> None:
    await aoauth.revoke_token("cto_at_v1_not-a-token-the-mock-knows")
    assert count(mock, "revokeOauthToken") == 1


# -- get_access_token, set_tokens, is_token_expired -----------------------------------------


async def test_set_tokens_saves_them_and_a_new_client_on_the_store_starts_with_them(
    aoauth: AsyncOAuthClient, mock: ContioMock
) -> None:
    await async_sign_in(aoauth, mock)
    tokens = tokens_of(aoauth)
    store = MemoryTokenStore()
    async with AsyncOAuthClient(**mock.client_kwargs(token_store=store)) as restored:
        assert restored.get_access_token() is None
        restored.set_tokens(tokens)
        assert restored.tokens == tokens
        assert store.load() == tokens
    async with AsyncOAuthClient(**mock.client_kwargs(token_store=store)) as later:
        assert later.tokens == tokens
        assert later.get_access_token() == tokens.access_token
        assert (await later.get_user_info()).email == ADA


async def test_is_token_expired_follows_the_clock(
    aoauth: AsyncOAuthClient, mock: ContioMock
) -> None:
    assert aoauth.is_token_expired()
    aoauth.set_tokens({"access_token": "cto_at_v1_no-expiry"})
    assert aoauth.is_token_expired()
    await async_sign_in(aoauth, mock)
    assert not aoauth.is_token_expired()
    mock.advance(ACCESS_TOKEN_LIFETIME - 60)
    assert not aoauth.is_token_expired()
    mock.advance(60)
    assert aoauth.is_token_expired()
    assert count(mock, REFRESHES) == 0


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
    assert await aoauth.get_available_scopes() == list(SCOPES)


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
    assert access.token_type == "access_token"
    assert access.expires_at is not None
    assert tokens.expires_at is not None
    assert abs((access.expires_at - tokens.expires_at).total_seconds()) < 2
    refresh = await aoauth.introspect_token(refresh_token_of(aoauth))
    assert refresh.token_type == "refresh_token"

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


# -- get_valid_access_token -----------------------------------------------------------------


async def test_valid_access_token_is_the_stored_one_while_fresh(
    aoauth: AsyncOAuthClient, mock: ContioMock
) -> None:
    await async_sign_in(aoauth, mock)
    assert await aoauth.get_valid_access_token() == aoauth.get_access_token()
    mock.advance(ACCESS_TOKEN_LIFETIME - 90)  # outside the 60 s margin
    assert await aoauth.get_valid_access_token() == aoauth.get_access_token()
    assert count(mock, REFRESHES) == 0


async def test_valid_access_token_refreshes_within_the_margin(
    aoauth: AsyncOAuthClient, mock: ContioMock
) -> None:
    await async_sign_in(aoauth, mock)
    old = tokens_of(aoauth)
    mock.advance(ACCESS_TOKEN_LIFETIME - 30)
    token = await aoauth.get_valid_access_token()
    assert token != old.access_token
    assert token == aoauth.get_access_token()
    assert count(mock, REFRESHES) == 1
    assert await aoauth.get_valid_access_token() == token
    assert count(mock, REFRESHES) == 1
    assert (await aoauth.get_user_info(token)).email == ADA


async def test_missing_tokens_fail_before_any_request(
    aoauth: AsyncOAuthClient, mock: ContioMock
) -> None:
    with pytest.raises(MissingTokenError):
        await aoauth.refresh_access_token()
    with pytest.raises(MissingTokenError):
        await aoauth.get_user_info()
    with pytest.raises(MissingTokenError):
        await aoauth.get_valid_access_token()
    assert mock.stats() == {}


# -- aoauth.auth with httpx2.AsyncClient -----------------------------------------------------


async def test_auth_adds_the_bearer_token_and_refreshes_before_expiry(
    aoauth: AsyncOAuthClient, mock: ContioMock
) -> None:
    await async_sign_in(aoauth, mock)
    old = aoauth.get_access_token()
    async with httpx2.AsyncClient(base_url=mock.base_url, auth=aoauth.auth) as api:
        response = await api.get("/oauth2/userInfo")
        assert response.status_code == 200
        assert response.json()["email"] == ADA
        assert response.request.headers["Authorization"] == f"Bearer {old}"
        assert count(mock, REFRESHES) == 0

        mock.advance(ACCESS_TOKEN_LIFETIME - 30)
        response = await api.get("/oauth2/userInfo")
    assert response.status_code == 200
    new = aoauth.get_access_token()
    assert new != old
    assert response.request.headers["Authorization"] == f"Bearer {new}"
    assert count(mock, REFRESHES) == 1
    assert count(mock, "getOauthUserInfo") == 2


async def test_auth_refreshes_once_after_a_401_and_repeats_the_request(
    aoauth: AsyncOAuthClient, mock: ContioMock
) -> None:
    await async_sign_in(aoauth, mock)
    old = aoauth.get_access_token()
    assert old is not None
    revoke_out_of_band(mock, old)
    async with httpx2.AsyncClient(base_url=mock.base_url, auth=aoauth.auth) as api:
        response = await api.get("/oauth2/userInfo")
    assert response.status_code == 200
    assert response.json()["email"] == ADA
    new = aoauth.get_access_token()
    assert new != old
    assert response.request.headers["Authorization"] == f"Bearer {new}"
    assert count(mock, REFRESHES) == 1
    assert count(mock, "getOauthUserInfo") == 2


async def test_auth_does_not_loop_when_the_repeated_request_is_refused(
    aoauth: AsyncOAuthClient, mock: ContioMock
) -> None:
    await async_sign_in(aoauth, mock)
    mock.fault("getOauthUserInfo", status=401, count=5)
    async with httpx2.AsyncClient(base_url=mock.base_url, auth=aoauth.auth) as api:
        response = await api.get("/oauth2/userInfo")
    assert response.status_code == 401
    assert count(mock, REFRESHES) == 1
    assert count(mock, "getOauthUserInfo") == 2


def test_async_auth_refuses_a_sync_httpx_client(aoauth: AsyncOAuthClient, mock: ContioMock) -> None:
    with (
        httpx2.Client(base_url=mock.base_url, auth=aoauth.auth) as api,
        pytest.raises(TypeError, match=r"httpx2\.AsyncClient"),
    ):
        api.get("/oauth2/userInfo")


# -- the client's own lifecycle -------------------------------------------------------------


async def test_context_manager_closes_only_the_http_client_it_owns(mock: ContioMock) -> None:
    async with AsyncOAuthClient(**mock.client_kwargs()) as owned:
        await owned.get_available_scopes()
    assert owned._http.is_closed

    async with httpx2.AsyncClient() as http:
        async with AsyncOAuthClient(**mock.client_kwargs(http_client=http)) as borrowing:
            assert (await borrowing.get_partner_info()).client_id == mock.client_id
        assert not http.is_closed
