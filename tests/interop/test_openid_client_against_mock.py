"""openid-client, an OpenID-Certified relying party written by others, through the whole
lifecycle against the mock (issue 18): discovery (which must advertise PKCE), an
authorization request with PKCE S256 and a nonce, the code exchange with its ID token
validated, user info, refresh with rotation, introspection (RFC 7662: token_type Bearer) and
revocation, with either client authentication and a secret with reserved characters.
"""

from __future__ import annotations

import pytest

from contio.mock import MockConfig, serve_in_thread
from tests.interop.node import REDIRECT_URI, SECRET, relying_party

STEPS = [
    "discovery",
    "authorization",
    "code exchange",
    "userinfo",
    "refresh",
    "introspection",
    "revocation",
]


@pytest.mark.parametrize("method", ["client_secret_basic", "client_secret_post"])
def test_the_certified_relying_party_against_the_mock(method: str) -> None:
    config = MockConfig(
        auto_approve_email="ada@example.com",
        client_secret=SECRET,
        extra_redirect_uris=(REDIRECT_URI,),
    )
    with serve_in_thread(config) as mock:
        steps = relying_party(mock.base_url, config.client_id, SECRET, method)
    by_name = {step["step"]: step for step in steps}
    assert [step["step"] for step in steps] == STEPS
    assert all(step["ok"] for step in steps)
    assert by_name["discovery"]["supportsPKCE"] is True
    assert by_name["discovery"]["issuer"] == mock.base_url
    assert by_name["code exchange"]["aud"] == config.client_id
    assert by_name["code exchange"]["refresh"] is True
    assert by_name["userinfo"]["email"] == "ada@example.com"
    assert by_name["userinfo"]["sub"] == by_name["code exchange"]["sub"]
    assert by_name["refresh"]["rotated"] is True
    assert by_name["introspection"] == {
        "step": "introspection",
        "ok": True,
        "active": True,
        "token_type": "Bearer",
        "sub": by_name["code exchange"]["sub"],
    }
    assert by_name["revocation"]["active_after"] is False
