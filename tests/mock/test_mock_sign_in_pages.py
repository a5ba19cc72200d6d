"""The sign-in pages as a person meets them in a browser during GET /oauth2/authorize.

Each page is parsed as a browser would (tests/mock/browser.py) and its form submitted with
what a person types, so the tests depend on the fields and buttons the pages show, not on
their markup: email -> code (shown on the page) -> consent -> redirect to the app.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import httpx2
import jwt
import pytest

from contio.mock import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, RunningMock
from tests.mock.browser import Page, submit
from tests.mock.flows import REDIRECT_URI, pkce_pair, query_of

EMAIL = "Ada.Lovelace@example.com"
NONCE = "n-0S6_WzA2Mj"
STATE = "af0ifjsldkj"


@pytest.fixture
def browser(mock: RunningMock) -> Iterator[httpx2.Client]:
    """A browser: no credentials; follows redirects within the mock, never to the app."""
    with httpx2.Client(base_url=mock.base_url) as client:
        yield client


def authorize_url(mock: RunningMock, challenge: str, **extra: str) -> str:
    params = {
        "response_type": "code",
        "client_id": DEMO_CLIENT_ID,
        "redirect_uri": REDIRECT_URI,
        "scope": "openid profile email",
        "state": STATE,
        "nonce": NONCE,
        "code_challenge": challenge,
        "code_challenge_method": "S256",
        **extra,
    }
    return str(httpx2.URL(f"{mock.base_url}/oauth2/authorize", params=params))


def walk_to_consent(mock: RunningMock, browser: httpx2.Client, challenge: str) -> httpx2.Response:
    """Open the authorization URL, give the email, type the code the page shows."""
    opened = browser.get(authorize_url(mock, challenge), follow_redirects=True)
    assert opened.status_code == 200
    assert [str(r.url.path) for r in opened.history] == ["/oauth2/authorize"]
    email_page = Page(opened.text)
    email_field = email_page.form.field("email")
    assert (email_field.type, email_field.value) == ("email", "")
    assert email_page.form.field("nonce").value == NONCE  # the request is carried along
    assert email_page.scripts == 0

    code_answer = submit(browser, str(opened.url), email_page.form, email=EMAIL)
    assert code_answer.status_code == 200
    code_page = Page(code_answer.text)
    shown = code_page.test_ids["mock-code"]
    assert re.fullmatch(r"\d{6}", shown)
    assert shown == mock.outbox(EMAIL)[-1].code  # the code the mock "emailed"
    assert code_page.form.field("code").value == ""
    assert code_page.scripts == 0

    consent_answer = submit(browser, str(code_answer.url), code_page.form, code=shown)
    assert consent_answer.status_code == 200
    return consent_answer


def test_allow_redirects_with_code_and_state_and_the_nonce_reaches_the_id_token(
    mock: RunningMock, browser: httpx2.Client
) -> None:
    verifier, challenge = pkce_pair()
    consent_answer = walk_to_consent(mock, browser, challenge)
    consent_page = Page(consent_answer.text)
    assert consent_page.scripts == 0
    allow = consent_page.form.button("Allow")
    assert consent_page.form.button("Deny")

    redirect = submit(browser, str(consent_answer.url), consent_page.form, allow)
    assert redirect.status_code == 303
    location = redirect.headers["location"]
    assert location.startswith(f"{REDIRECT_URI}?")
    query = query_of(location)
    assert set(query) == {"code", "state"}
    assert query["state"] == STATE

    with httpx2.Client(base_url=mock.base_url, auth=(DEMO_CLIENT_ID, DEMO_CLIENT_SECRET)) as app:
        tokens = app.post(
            "/oauth2/token",
            data={
                "grant_type": "authorization_code",
                "code": query["code"],
                "redirect_uri": REDIRECT_URI,
                "code_verifier": verifier,
            },
        ).json()
        keys = jwt.PyJWKSet.from_dict(app.get("/.well-known/jwks.json").json())
    token = tokens["id_token"]
    claims = jwt.decode(
        token,
        keys[jwt.get_unverified_header(token)["kid"]].key,
        algorithms=["RS256"],
        audience=DEMO_CLIENT_ID,
        issuer=mock.base_url,
    )
    assert claims["nonce"] == NONCE
    assert claims["email"] == EMAIL.lower()
    assert claims["email_verified"] is True


def test_deny_redirects_with_access_denied(mock: RunningMock, browser: httpx2.Client) -> None:
    _, challenge = pkce_pair()
    consent_answer = walk_to_consent(mock, browser, challenge)
    consent_page = Page(consent_answer.text)
    deny = consent_page.form.button("Deny")
    redirect = submit(browser, str(consent_answer.url), consent_page.form, deny)
    assert redirect.status_code == 303
    assert query_of(redirect.headers["location"]) == {"error": "access_denied", "state": STATE}
    assert mock.state.codes == {}  # no code was issued


def test_a_wrong_code_shows_the_code_page_again(mock: RunningMock, browser: httpx2.Client) -> None:
    _, challenge = pkce_pair()
    opened = browser.get(authorize_url(mock, challenge), follow_redirects=True)
    code_answer = submit(browser, str(opened.url), Page(opened.text).form, email=EMAIL)
    code_page = Page(code_answer.text)
    wrong = f"{(int(code_page.test_ids['mock-code']) + 1) % 1_000_000:06d}"
    again = submit(browser, str(code_answer.url), code_page.form, code=wrong)
    assert again.status_code == 400
    retry = Page(again.text)
    assert retry.test_ids["mock-code"] == code_page.test_ids["mock-code"]
    assert retry.form.field("code").value == ""
    consent_answer = submit(browser, str(again.url), retry.form, code=retry.test_ids["mock-code"])
    assert Page(consent_answer.text).form.button("Allow")


def test_login_hint_fills_in_the_email(mock: RunningMock, browser: httpx2.Client) -> None:
    _, challenge = pkce_pair()
    opened = browser.get(authorize_url(mock, challenge, login_hint=EMAIL), follow_redirects=True)
    assert Page(opened.text).form.field("email").value == EMAIL
