"""Review 3: ID token checks that looked at the wrong token, or fell over.

- `exchange_code_for_token(code, nonce=...)` whose answer carries no ID token verified the
  ID token the client already held instead (the previous sign-in's, maybe another user's):
  with the same nonce (an app that reuses one) the new tokens were stored with the old
  user's claims. An answer without an ID token, when a nonce was given, is `missing`.
- A signed ID token whose `exp`, `iat` or `auth_time` is an integer past any float (JSON
  allows 1e400 written out) made `verify_id_token` raise OverflowError, not IDTokenError.
"""

from __future__ import annotations

from typing import Any

import jwt
import pytest

from contio import IDTokenError, OAuthClient, generate_nonce
from contio.testing import ContioMock

ADA, BOB = "ada@example.com", "bob@example.com"


def _verified(oauth: OAuthClient, mock: ContioMock, email: str) -> None:
    challenge = oauth.initiate_partner_auth(email, email.split("@")[0])
    code, _ = mock.last_code(email)
    oauth.verify_partner_auth(email, code, challenge.session)


def test_exchange_with_a_nonce_and_no_id_token_is_missing(contio_mock: ContioMock) -> None:
    nonce = generate_nonce()  # a careless app that uses one nonce for every sign-in
    with OAuthClient(**contio_mock.client_kwargs()) as oauth:
        _verified(oauth, contio_mock, ADA)
        ada = oauth.exchange_code_for_token(contio_mock.consent(ADA, nonce=nonce), nonce=nonce)
        assert ada.id_token_claims is not None
        assert ada.id_token_claims.email == ADA
        _verified(oauth, contio_mock, BOB)
        oauth.set_tokens(ada)  # the client holds Ada's tokens, ID token included
        code = contio_mock.consent(BOB, nonce=nonce, scope="profile meetings:read")
        with pytest.raises(IDTokenError) as refused:
            oauth.exchange_code_for_token(code, nonce=nonce)
        assert refused.value.reason == "missing"
        assert oauth.tokens == ada  # nothing of Bob's stored under Ada's claims


def _signed(mock: ContioMock, token: str, **changes: Any) -> str:
    claims = jwt.decode(token, options={"verify_signature": False})
    key = mock.running.state.keys.current
    return jwt.encode(
        {**claims, **changes}, key.private_key, algorithm="RS256", headers={"kid": key.kid}
    )


@pytest.mark.parametrize(
    ("claim", "value"),
    [("exp", 10**400), ("exp", -(10**400)), ("iat", 10**400), ("auth_time", 10**400)],
    ids=["exp", "exp-negative", "iat", "auth_time"],
)
def test_a_date_past_any_float_is_malformed(
    contio_mock: ContioMock, claim: str, value: int
) -> None:
    with OAuthClient(**contio_mock.client_kwargs()) as oauth:
        _verified(oauth, contio_mock, ADA)
        tokens = oauth.exchange_code_for_token(contio_mock.consent(ADA))
        assert tokens.id_token is not None
        forged = _signed(contio_mock, tokens.id_token, **{claim: value})
        with pytest.raises(IDTokenError) as refused:
            oauth.verify_id_token(forged, max_age=3600)
        assert refused.value.reason == "claims"
