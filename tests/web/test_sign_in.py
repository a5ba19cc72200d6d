"""Signing in through each framework's integration, against the live mock: the happy path
with every kind of store, and what the session cookie, the pages and the logs never hold."""

from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import quote

import pytest

from contio.client import OAuthClient
from contio.errors import TokensUnreadableError
from contio.mock import MockConfig
from contio.stores import FileTokenStore
from contio.stores.sealing import TokenSealer
from contio.testing import ContioMock
from contio.web.core import user_key
from tests.web.apps import Answer, WebApp, app_under_test
from tests.web.conftest import ADA, SCOPE, STORE_KINDS, Stores, sign_in, start, store_maker
from tests.web.person import path_of, query_of, sign_in_at_contio

REFRESHES = "exchangeOauthToken:refresh_token"
ACCESS_TOKEN_LIFETIME = MockConfig().access_token_lifetime


@pytest.mark.parametrize("kind", STORE_KINDS)
def test_sign_in_stores_the_tokens_in_the_users_store_and_the_user_in_the_session(
    framework: str,
    contio_mock: ContioMock,
    kind: str,
    tmp_path: Path,
    request: pytest.FixtureRequest,
) -> None:
    stores = Stores(store_maker(kind, tmp_path, request.getfixturevalue))
    with app_under_test(framework, stores, **contio_mock.client_kwargs(scope=SCOPE)) as web:
        browser = web.browser()
        assert browser.get("/me").status == 401

        authorize = start(browser)
        assert authorize.startswith(f"{contio_mock.base_url}/oauth2/authorize?")
        sent = query_of(authorize)
        assert sent["client_id"] == contio_mock.client_id
        assert sent["code_challenge_method"] == "S256"
        pending = browser.session()["contio.pending"]
        assert sent["state"] == pending["state"]
        assert sent["nonce"] == pending["nonce"]
        assert sent["code_challenge"] != pending["verifier"]

        back = sign_in_at_contio(authorize, ADA)
        done = browser.get(path_of(back))
        assert (done.status, done.location) == (303, "/")

        me = browser.get("/me")
        assert me.status == 200, me.text
        body = me.json()
        assert body["email"] == ADA
        assert body["contio_sub"] == body["sub"]  # the store's token is this user's
        [(key, tokens)] = stores.saved().items()
        assert key == body["key"] == user_key(contio_mock.base_url, body["sub"])
        assert tokens.refresh_token
        assert tokens.id_token
        session = browser.session()["contio.user"]
        assert session.pop("sign_in")  # the id of this sign-in, kept by the server
        assert session == {"key": key, "sub": body["sub"], "email": ADA, "name": body["name"]}


def test_sign_in_comes_back_to_the_page_it_started_from_but_never_to_another_site(
    web: WebApp,
) -> None:
    browser = web.browser()
    assert sign_in(browser, ADA, "/login?next=/me%3Ftab%3D2").location == "/me?tab=2"
    for elsewhere in ("https://evil.example/", "//evil.example/", "/\\evil.example", "me"):
        other = web.browser()
        answer = sign_in(other, ADA, f"/login?next={quote(elsewhere)}")
        assert answer.location == "/", elsewhere


def test_the_access_token_is_refreshed_once_it_expires(
    web: WebApp, contio_mock: ContioMock, stores: Stores
) -> None:
    browser = web.browser()
    sign_in(browser, ADA)
    [before] = stores.saved().values()
    refreshes = contio_mock.stats().get(REFRESHES, 0)

    contio_mock.advance(ACCESS_TOKEN_LIFETIME + 1)
    assert browser.get("/me").status == 200
    assert browser.get("/me").status == 200
    [after] = stores.saved().values()
    assert contio_mock.stats().get(REFRESHES, 0) == refreshes + 1
    assert after.access_token != before.access_token
    assert after.refresh_token != before.refresh_token  # rotated, and the new one kept


def test_a_user_signed_out_elsewhere_is_signed_out_here(web: WebApp, stores: Stores) -> None:
    browser = web.browser()
    sign_in(browser, ADA)
    [store] = stores.by_user.values()
    store.clear()  # another worker signed the user out
    assert browser.get("/me").status == 401
    assert "contio.user" not in browser.session()


def test_tokens_that_cannot_be_opened_sign_the_user_in_again_and_are_replaced(
    framework: str, contio_mock: ContioMock, tmp_path: Path
) -> None:
    dropped, kept = TokenSealer.generate_key(), TokenSealer.generate_key()
    stores = Stores(lambda key: FileTokenStore(tmp_path / key, sealer=TokenSealer([kept])))
    with app_under_test(framework, stores, **contio_mock.client_kwargs(scope=SCOPE)) as web:
        browser = web.browser()
        sign_in(browser, ADA)
        [(key, tokens)] = stores.saved().items()
        # The value at rest was sealed with a key the app has since dropped from its key set.
        FileTokenStore(tmp_path / key, sealer=TokenSealer([dropped])).save(tokens)
        with pytest.raises(TokensUnreadableError):
            stores.by_user[key].load()
        assert browser.get("/me").status == 401  # a clear "sign in again", not a 500
        assert "contio.user" not in browser.session()
        assert sign_in(browser, ADA).status == 303  # the new sign-in replaces the value
        assert browser.get("/me").status == 200
        assert stores.by_user[key].load() is not None


def test_a_refresh_token_refused_for_good_signs_the_user_out(
    web: WebApp, contio_mock: ContioMock, stores: Stores
) -> None:
    browser = web.browser()
    sign_in(browser, ADA)
    [tokens] = stores.saved().values()
    with OAuthClient(**contio_mock.client_kwargs()) as admin:
        admin.revoke_token(tokens.refresh_token or "", "refresh_token")
    contio_mock.advance(ACCESS_TOKEN_LIFETIME + 1)
    assert browser.get("/me").status == 401
    assert stores.saved() == {}
    assert "contio.user" not in browser.session()


def test_no_token_or_secret_in_the_cookie_the_pages_or_the_logs(
    web: WebApp, contio_mock: ContioMock, stores: Stores, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    browser = web.browser()
    cookies: list[str] = []
    pages: list[str] = []

    def seen(answer: Answer) -> Answer:
        pages.append(answer.text + repr(answer.headers))
        cookies.append(browser.cookie() or "")
        cookies.append(repr(browser.session()))
        return answer

    authorize = seen(browser.get("/login")).location
    assert authorize is not None
    verifier = browser.session()["contio.pending"]["verifier"]
    seen(browser.get(path_of(sign_in_at_contio(authorize, ADA))))
    seen(browser.get("/me"))
    [first] = stores.saved().values()
    contio_mock.advance(ACCESS_TOKEN_LIFETIME + 1)
    seen(browser.get("/me"))
    [refreshed] = stores.saved().values()
    seen(browser.post("/logout"))
    seen(browser.get("/me"))
    seen(browser.get(path_of(sign_in_at_contio(authorize, ADA))))  # an error page too

    secrets = {contio_mock.client_secret}
    for tokens in (first, refreshed):
        secrets |= {tokens.access_token, tokens.refresh_token or "", tokens.id_token or ""}
    secrets.discard("")
    logs = "\n".join(record.getMessage() for record in caplog.records)
    assert caplog.records  # the logs were captured: the check below is not vacuous
    for secret in secrets:
        assert all(secret not in cookie for cookie in cookies)
        assert all(secret not in page for page in pages)
        assert secret not in logs
    # The PKCE verifier lives in the cookie only while the sign-in is in progress.
    assert all(verifier not in cookie for cookie in cookies[2:])
    assert verifier not in logs
