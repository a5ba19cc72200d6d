"""Testing an app's Contio integration with the pytest plugin alone (`contio[mock]`):

    pytest examples/test_with_plugin.py

The fixtures start the mock on a free loopback port, reset it before every test, and give a
client whose clock follows the mock's.
"""

from __future__ import annotations

import pytest

from contio import OAuthClient, SignInRequiredError
from contio.testing import ContioMock


def greeting(oauth: OAuthClient) -> str:
    """The app's code under test: who is signed in, or a prompt to sign in again."""
    try:
        return f"Hello, {oauth.get_user_info().email}"
    except SignInRequiredError:
        oauth.clear_tokens()
        return "Please sign in again"


def test_a_signed_in_user_is_greeted_even_after_the_token_expired(
    contio_mock: ContioMock, contio_oauth: OAuthClient
) -> None:
    contio_mock.sign_in(contio_oauth, "grace@example.com", "Grace Hopper")
    contio_mock.advance(25 * 3600)  # past the access token's 24 hours, without sleeping
    assert greeting(contio_oauth) == "Hello, grace@example.com"
    assert contio_mock.stats()["exchangeOauthToken:refresh_token"] == 1


def test_a_revoked_sign_in_asks_to_sign_in_again(
    contio_mock: ContioMock, contio_oauth: OAuthClient
) -> None:
    contio_mock.sign_in(contio_oauth)
    tokens = contio_oauth.tokens
    assert tokens is not None
    assert tokens.refresh_token is not None
    contio_oauth.revoke_token(tokens.refresh_token, "refresh_token")  # ends the grant
    contio_oauth.set_tokens(tokens)  # as if another process still held the old tokens
    contio_mock.advance(25 * 3600)
    assert greeting(contio_oauth) == "Please sign in again"
    assert contio_oauth.tokens is None


@pytest.mark.parametrize("status", [503, 500])
def test_contio_down_is_an_error_the_app_sees(
    contio_mock: ContioMock, contio_oauth: OAuthClient, status: int
) -> None:
    from contio import ContioAPIError

    contio_mock.sign_in(contio_oauth)
    contio_mock.fault("getOauthUserInfo", status=status, count=10)
    with pytest.raises(ContioAPIError):
        greeting(contio_oauth)
