"""The token endpoint's rules for authorization codes: single use (reuse revokes its tokens),
five minutes of life, PKCE (S256 and plain, match, mismatch, missing or unasked verifier),
the redirect URI, and codes of another client.
"""

from __future__ import annotations

import httpx2
import pytest

from contio.mock import OTHER_CLIENT_ID, OTHER_CLIENT_SECRET, RunningMock
from tests.mock.flows import REDIRECT_URI, authorization_code, exchange, is_active, pkce_pair
from tests.mock.tokens_support import EMAIL, error_of


def test_code_is_single_use_and_reuse_revokes_its_tokens(client: httpx2.Client) -> None:
    code = authorization_code(client, EMAIL)
    first = exchange(client, code)
    assert first.status_code == 200
    tokens = first.json()
    second = exchange(client, code)
    assert second.status_code == 400
    assert error_of(second) == "invalid_grant"
    # RFC 6749 §4.1.2: tokens issued from a code used twice are revoked.
    assert not is_active(client, tokens["access_token"])
    assert not is_active(client, tokens["refresh_token"])


def test_code_expires_after_five_minutes(mock: RunningMock, client: httpx2.Client) -> None:
    code = authorization_code(client, EMAIL)
    mock.advance_clock(301)
    answer = exchange(client, code)
    assert answer.status_code == 400
    assert error_of(answer) == "invalid_grant"
    assert "expired" in answer.json()["error_description"]


def test_code_still_valid_just_before_expiry(mock: RunningMock, client: httpx2.Client) -> None:
    code = authorization_code(client, EMAIL)
    mock.advance_clock(290)
    assert exchange(client, code).status_code == 200


@pytest.mark.parametrize("method", ["S256", "plain"])
def test_pkce_match(client: httpx2.Client, method: str) -> None:
    verifier, s256_challenge = pkce_pair()
    challenge = s256_challenge if method == "S256" else verifier
    code = authorization_code(client, EMAIL, code_challenge=challenge, code_challenge_method=method)
    answer = exchange(client, code, code_verifier=verifier)
    assert answer.status_code == 200, answer.text


@pytest.mark.parametrize("method", ["S256", "plain"])
def test_pkce_mismatch(client: httpx2.Client, method: str) -> None:
    verifier, s256_challenge = pkce_pair()
    challenge = s256_challenge if method == "S256" else verifier
    code = authorization_code(client, EMAIL, code_challenge=challenge, code_challenge_method=method)
    wrong, _ = pkce_pair()
    answer = exchange(client, code, code_verifier=wrong)
    assert answer.status_code == 400
    assert error_of(answer) == "invalid_grant"


def test_pkce_verifier_required_when_challenged(client: httpx2.Client) -> None:
    _, challenge = pkce_pair()
    code = authorization_code(client, EMAIL, code_challenge=challenge, code_challenge_method="S256")
    answer = exchange(client, code)
    assert answer.status_code == 400
    assert error_of(answer) == "invalid_grant"


def test_pkce_verifier_without_challenge_is_refused(client: httpx2.Client) -> None:
    verifier, _ = pkce_pair()
    answer = exchange(client, authorization_code(client, EMAIL), code_verifier=verifier)
    assert answer.status_code == 400
    assert error_of(answer) == "invalid_grant"


def test_challenge_without_method_means_plain(client: httpx2.Client) -> None:
    verifier, _ = pkce_pair()
    code = authorization_code(client, EMAIL, code_challenge=verifier)
    assert exchange(client, code, code_verifier=verifier).status_code == 200


def test_redirect_uri_must_match(client: httpx2.Client) -> None:
    code = authorization_code(client, EMAIL)
    answer = exchange(client, code, redirect_uri="http://127.0.0.1:9999/callback")
    assert answer.status_code == 400
    assert error_of(answer) == "invalid_grant"


def test_code_of_another_client_is_unknown(client: httpx2.Client) -> None:
    code = authorization_code(client, EMAIL)
    answer = client.post(
        "/oauth2/token",
        data={"grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT_URI},
        auth=(OTHER_CLIENT_ID, OTHER_CLIENT_SECRET),
    )
    assert answer.status_code == 400
    assert error_of(answer) == "invalid_grant"
    assert exchange(client, code).status_code == 200  # and the owner can still use it
