"""No secret ever shows, against the live mock: with DEBUG logging on for every logger and every
error path of both clients exercised (wrong client secret, unknown tokens, refused connections,
error answers), neither the client secret, nor any token the mock issued, nor the HTTP Basic
credentials appear in a log line, an exception (its str, its repr, its whole traceback) or the
repr/str of a client, a token set or a result.
"""

from __future__ import annotations

from pathlib import Path

import httpx2
import pytest

from contio import (
    AsyncOAuthClient,
    AuthenticationError,
    AuthTokens,
    BadRequestError,
    ConflictError,
    ContioAPIError,
    ContioConnectionError,
    ContioTimeoutError,
    FileTokenStore,
    InternalServerError,
    MissingTokenError,
    NotFoundError,
    OAuthClient,
    PermissionDeniedError,
    RateLimitError,
    TokenStoreError,
)
from contio.mock import (
    DEMO_WORKSPACE_ID,
    EXISTING_USER_EMAIL,
    OTHER_WORKSPACE_ID,
    UNKNOWN_WORKSPACE_ID,
)
from tests.facade.conftest import MockControl, client_kwargs, closed_port_url
from tests.facade.secrets_support import (
    EMAIL,
    NEVER_ISSUED_ACCESS,
    NEVER_ISSUED_REFRESH,
    WRONG_SECRET,
    Evidence,
)

# -- against the live mock, sync -----------------------------------------------------------------


@pytest.mark.usefixtures("fast_backoff")
def test_sync_paths_leak_no_secret(
    mock: MockControl,
    oauth: OAuthClient,
    evidence: Evidence,
    caplog: pytest.LogCaptureFixture,
    tmp_path: Path,
) -> None:
    ev = evidence
    # The whole sign-in, each result shown.
    challenge = oauth.initiate_partner_auth(EMAIL, "Ada Lovelace")
    code, _ = mock.last_code(EMAIL)
    ev.expect(ContioAPIError, lambda: oauth.verify_partner_auth(EMAIL, "000000", "bogus"))
    verification = oauth.verify_partner_auth(EMAIL, code, challenge.session)
    ev.show(challenge, verification)
    ev.tokens(verification.tokens)
    auth_code = mock.consent(EMAIL)
    ev.tokens(oauth.exchange_code_for_token(auth_code))
    first = oauth.tokens
    assert first is not None

    # Successful calls.
    ev.show(oauth.get_user_info(), oauth.introspect_token(first.access_token))
    ev.show(oauth.introspect_token(NEVER_ISSUED_ACCESS), oauth.check_consent(EMAIL))
    ev.show(oauth.get_partner_info(), oauth.get_available_scopes())
    with httpx2.Client(base_url=mock.base_url, auth=oauth.auth) as api:
        assert api.get("/oauth2/userInfo").status_code == 200
    ev.tokens(oauth.refresh_access_token())
    mock.advance(86_400)
    assert oauth.get_valid_access_token() != first.access_token
    ev.tokens(oauth.tokens)

    # The httpx2.Auth's refresh after a 401.
    current = oauth.tokens
    assert current is not None
    oauth.set_tokens(
        AuthTokens(
            access_token=NEVER_ISSUED_ACCESS,
            refresh_token=current.refresh_token,
            expires_at=current.expires_at,
        )
    )
    with httpx2.Client(base_url=mock.base_url, auth=oauth.auth) as api:
        assert api.get("/oauth2/userInfo").status_code == 200
    ev.tokens(oauth.tokens)

    # invalid_grant: a reused code, a rotated-out and an unknown refresh token.
    ev.expect(BadRequestError, lambda: oauth.exchange_code_for_token(auth_code))
    ev.expect(BadRequestError, lambda: oauth.refresh_access_token(first.refresh_token))
    ev.expect(BadRequestError, lambda: oauth.refresh_access_token(NEVER_ISSUED_REFRESH))
    # invalid_token on userInfo.
    ev.expect(AuthenticationError, lambda: oauth.get_user_info(NEVER_ISSUED_ACCESS))
    ev.expect(AuthenticationError, lambda: oauth.get_user_info(first.access_token))

    # The workspace errors of /auth/initiate.
    not_found = ev.expect(
        NotFoundError,
        lambda: oauth.initiate_partner_auth("new@example.com", workspace_id=UNKNOWN_WORKSPACE_ID),
    )
    assert not_found.code == "workspace_not_found"
    ev.expect(
        PermissionDeniedError,
        lambda: oauth.initiate_partner_auth("new@example.com", workspace_id=OTHER_WORKSPACE_ID),
    )
    ev.expect(
        ConflictError,
        lambda: oauth.initiate_partner_auth(EXISTING_USER_EMAIL, workspace_id=DEMO_WORKSPACE_ID),
    )

    # Injected faults: 429 with a long Retry-After, 503 past the retries, a dropped connection.
    mock.fault("getOauthUserInfo", status=429, retry_after=120)
    limited = ev.expect(RateLimitError, oauth.get_user_info)
    assert limited.retry_after == 120.0
    mock.fault("listOauthScopes", status=503, count=3)
    ev.expect(InternalServerError, oauth.get_available_scopes)
    mock.fault("exchangeOauthToken", status=503)
    ev.expect(InternalServerError, oauth.refresh_access_token)
    mock.fault("introspectOauthToken", status=None, drop_connection=True, count=3)
    ev.expect(ContioConnectionError, lambda: oauth.introspect_token(NEVER_ISSUED_ACCESS))
    mock.fault("revokeOauthToken", status=500)
    ev.expect(InternalServerError, lambda: oauth.revoke_token(NEVER_ISSUED_ACCESS))

    # A timeout.
    mock.fault("getOauthUserInfo", status=None, delay_ms=2_000)
    slow_kwargs = client_kwargs(mock, timeout=0.2, max_retries=0)
    with OAuthClient(**slow_kwargs) as slow:
        slow.set_tokens(oauth.tokens or first)
        ev.expect(ContioTimeoutError, slow.get_user_info)
        ev.show(slow)

    # Revocation, then MissingTokenError everywhere.
    current = oauth.tokens
    assert current is not None
    oauth.revoke_token(current.access_token)
    ev.tokens(oauth.tokens)
    oauth.revoke_token(current.refresh_token or "", "refresh_token")
    assert oauth.tokens is None
    ev.expect(MissingTokenError, oauth.refresh_access_token)
    ev.expect(MissingTokenError, oauth.get_user_info)
    ev.expect(MissingTokenError, oauth.get_valid_access_token)

    # invalid_client: a wrong secret.
    with OAuthClient(**client_kwargs(mock, client_secret=WRONG_SECRET)) as wrong:
        error = ev.expect(AuthenticationError, lambda: wrong.exchange_code_for_token("some-code"))
        assert error.code == "invalid_client"
        ev.expect(AuthenticationError, wrong.get_available_scopes)
        ev.expect(AuthenticationError, lambda: wrong.check_consent(EMAIL))
        ev.show(wrong, wrong.auth)

    # Connection refused.
    with OAuthClient(**client_kwargs(mock, base_url=closed_port_url(), max_retries=1)) as gone:
        ev.expect(ContioConnectionError, lambda: gone.exchange_code_for_token("some-code"))
        ev.expect(ContioConnectionError, gone.get_partner_info)

    # Client credentials, and a file store that holds them then goes bad.
    store = FileTokenStore(tmp_path / "tokens.json")
    with OAuthClient(**client_kwargs(mock, token_store=store)) as stored:
        ev.tokens(stored.get_client_credentials_token())
        ev.show(stored, store)
    saved = store.path.read_text()
    store.path.write_text(saved[: len(saved) // 2])  # truncated mid-token
    ev.expect(TokenStoreError, lambda: OAuthClient(**client_kwargs(mock, token_store=store)))

    ev.show(oauth, oauth.auth, oauth.token_store)
    ev.issued_by(mock)
    ev.logs(caplog)
    ev.assert_clean()


# -- against the live mock, async ----------------------------------------------------------------


@pytest.mark.usefixtures("fast_backoff")
async def test_async_paths_leak_no_secret(
    mock: MockControl,
    aoauth: AsyncOAuthClient,
    evidence: Evidence,
    caplog: pytest.LogCaptureFixture,
) -> None:
    ev = evidence
    challenge = await aoauth.initiate_partner_auth(EMAIL, "Ada Lovelace")
    code, _ = mock.last_code(EMAIL)
    verification = await aoauth.verify_partner_auth(EMAIL, code, challenge.session)
    ev.show(challenge, verification)
    ev.tokens(verification.tokens)
    auth_code = mock.consent(EMAIL)
    ev.tokens(await aoauth.exchange_code_for_token(auth_code))
    first = aoauth.tokens
    assert first is not None

    ev.show(await aoauth.get_user_info(), await aoauth.introspect_token(first.access_token))
    ev.show(await aoauth.check_consent(EMAIL), await aoauth.get_partner_info())
    async with httpx2.AsyncClient(base_url=mock.base_url, auth=aoauth.auth) as api:
        assert (await api.get("/oauth2/userInfo")).status_code == 200
    ev.tokens(await aoauth.refresh_access_token())
    mock.advance(86_400)
    assert await aoauth.get_valid_access_token() != first.access_token
    ev.tokens(aoauth.tokens)

    await ev.aexpect(BadRequestError, lambda: aoauth.exchange_code_for_token(auth_code))
    await ev.aexpect(BadRequestError, lambda: aoauth.refresh_access_token(first.refresh_token))
    await ev.aexpect(AuthenticationError, lambda: aoauth.get_user_info(first.access_token))
    await ev.aexpect(
        ConflictError,
        lambda: aoauth.initiate_partner_auth(EXISTING_USER_EMAIL, workspace_id=DEMO_WORKSPACE_ID),
    )
    mock.fault("getOauthUserInfo", status=429, retry_after=300)
    await ev.aexpect(RateLimitError, aoauth.get_user_info)
    mock.fault("checkOauthConsent", status=503, count=3)
    await ev.aexpect(InternalServerError, lambda: aoauth.check_consent(EMAIL))
    mock.fault("exchangeOauthToken", status=None, drop_connection=True)
    await ev.aexpect(ContioConnectionError, aoauth.refresh_access_token)

    async with AsyncOAuthClient(**client_kwargs(mock, client_secret=WRONG_SECRET)) as wrong:
        await ev.aexpect(AuthenticationError, lambda: wrong.introspect_token(first.access_token))
        ev.show(wrong)
    async with AsyncOAuthClient(
        **client_kwargs(mock, base_url=closed_port_url(), max_retries=0)
    ) as gone:
        await ev.aexpect(ContioConnectionError, gone.get_available_scopes)

    current = aoauth.tokens
    assert current is not None
    await aoauth.revoke_token(current.refresh_token or "", "refresh_token")
    await ev.aexpect(MissingTokenError, aoauth.refresh_access_token)
    await ev.aexpect(MissingTokenError, aoauth.get_user_info)

    ev.show(aoauth, aoauth.auth, aoauth.token_store)
    ev.issued_by(mock)
    ev.logs(caplog)
    ev.assert_clean()
