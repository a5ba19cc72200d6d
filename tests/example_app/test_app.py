"""An app's own tests, written with nothing but the plugin's fixtures (issue 5)."""

from __future__ import annotations

from contio import OAuthClient
from contio.testing import ContioMock
from tests.example_app.app import Greeter


def test_greets_a_signed_in_user(contio_mock: ContioMock, contio_oauth: OAuthClient) -> None:
    app = Greeter(contio_oauth, contio_mock.base_url)
    session = app.start_sign_in("grace@example.com")
    code, sent_session = contio_mock.last_code("grace@example.com")
    assert sent_session == session
    assert app.finish_sign_in("grace@example.com", code, session)
    contio_oauth.exchange_code_for_token(contio_mock.consent("grace@example.com"))

    assert app.greeting() == "Hello, Grace Hopper!"


def test_keeps_working_after_the_token_expires(
    contio_mock: ContioMock, contio_oauth: OAuthClient
) -> None:
    contio_mock.sign_in(contio_oauth, "grace@example.com", "Grace Hopper")
    app = Greeter(contio_oauth, contio_mock.base_url)
    first = contio_oauth.get_access_token()

    contio_mock.advance(24 * 3600)  # the access token expires on the mock's clock

    assert app.greeting() == "Hello, Grace Hopper!"
    assert contio_oauth.get_access_token() != first
    assert contio_mock.stats()["exchangeOauthToken:refresh_token"] == 1


def test_sees_the_outage(contio_mock: ContioMock, contio_oauth: OAuthClient) -> None:
    contio_mock.sign_in(contio_oauth, "grace@example.com")
    contio_mock.fault("getOauthUserInfo", status=500, count=1)
    app = Greeter(contio_oauth, contio_mock.base_url)

    response = app.api.get("/oauth2/userInfo")

    assert response.status_code == 500
