"""Sign-out revokes the refresh token at Contio and clears the user's store; two users of
one app never see each other's tokens, nor does one's sign-out touch the other."""

from __future__ import annotations

import logging

import pytest

from contio.client import OAuthClient
from contio.testing import ContioMock
from tests.web.apps import WebApp
from tests.web.conftest import ADA, GRACE, Stores, sign_in

REVOKES = "revokeOauthToken"


def active(contio_mock: ContioMock, token: str) -> bool:
    with OAuthClient(**contio_mock.client_kwargs()) as admin:
        return admin.introspect_token(token).active


def test_sign_out_revokes_at_contio_and_clears_the_store(
    web: WebApp, contio_mock: ContioMock, stores: Stores
) -> None:
    browser = web.browser()
    sign_in(browser, ADA)
    [tokens] = stores.saved().values()
    assert active(contio_mock, tokens.refresh_token or "")

    answer = browser.post("/logout")
    assert (answer.status, answer.location) == (303, "/")
    assert contio_mock.stats().get(REVOKES) == 1
    assert not active(contio_mock, tokens.refresh_token or "")
    assert not active(contio_mock, tokens.access_token)  # revoked with its refresh token
    assert stores.saved() == {}
    assert browser.session() == {}
    assert browser.get("/me").status == 401


def test_sign_out_when_contio_cannot_revoke_still_signs_out_here(
    web: WebApp, contio_mock: ContioMock, stores: Stores, caplog: pytest.LogCaptureFixture
) -> None:
    browser = web.browser()
    sign_in(browser, ADA)
    contio_mock.fault(REVOKES, status=503, count=10)
    caplog.set_level(logging.WARNING, logger="contio.web")
    assert browser.post("/logout").status == 303
    assert stores.saved() == {}
    assert browser.get("/me").status == 401
    assert [r.getMessage() for r in caplog.records if r.name == "contio.web"] == [
        "contio.web: sign-out could not revoke at Contio (InternalServerError)"
    ]


def test_sign_out_posted_from_another_site_is_refused(
    web: WebApp, contio_mock: ContioMock, stores: Stores
) -> None:
    browser = web.browser()
    sign_in(browser, ADA)
    assert browser.post("/logout", headers={"Sec-Fetch-Site": "cross-site"}).status == 403
    assert browser.get("/me").status == 200
    assert contio_mock.stats().get(REVOKES, 0) == 0
    assert browser.post("/logout", headers={"Sec-Fetch-Site": "same-origin"}).status == 303


def test_sign_out_is_a_post_and_harmless_without_a_user(
    web: WebApp, contio_mock: ContioMock
) -> None:
    browser = web.browser()
    assert browser.get("/logout").status == 405  # a link or an image cannot sign anyone out
    assert browser.post("/logout").status == 303
    assert contio_mock.stats().get(REVOKES, 0) == 0


def test_one_user_in_two_browsers_shares_one_grant_and_the_replaced_one_is_revoked(
    web: WebApp, contio_mock: ContioMock, stores: Stores
) -> None:
    laptop, phone = web.browser(), web.browser()
    sign_in(laptop, ADA)
    [first] = stores.saved().values()
    sign_in(phone, ADA)
    [second] = stores.saved().values()
    assert second.refresh_token != first.refresh_token
    assert not active(contio_mock, first.refresh_token or "")  # no grant left behind
    assert laptop.get("/me").json()["email"] == ADA  # on the user's current tokens
    assert phone.get("/me").json()["email"] == ADA
    # The store is the user's: signing out on one signs the user out on both.
    assert phone.post("/logout").status == 303
    assert laptop.get("/me").status == 401


def test_two_users_of_one_app_never_see_each_others_tokens(
    web: WebApp, contio_mock: ContioMock, stores: Stores
) -> None:
    ada, grace = web.browser(), web.browser()
    sign_in(ada, ADA)
    sign_in(grace, GRACE)
    ada_me, grace_me = ada.get("/me").json(), grace.get("/me").json()
    assert (ada_me["email"], grace_me["email"]) == (ADA, GRACE)
    # Each request's client holds its own user's tokens: Contio says whose they are.
    assert ada_me["contio_sub"] == ada_me["sub"] != grace_me["contio_sub"] == grace_me["sub"]
    saved = stores.saved()
    assert set(saved) == {ada_me["key"], grace_me["key"]}
    ada_tokens, grace_tokens = saved[ada_me["key"]], saved[grace_me["key"]]
    assert {ada_tokens.access_token, ada_tokens.refresh_token}.isdisjoint(
        {grace_tokens.access_token, grace_tokens.refresh_token}
    )
    assert GRACE not in repr(ada.session())
    assert ADA not in repr(grace.session())

    # Both expire; each refresh lands in its own user's store.
    contio_mock.advance(86_400 + 1)
    assert ada.get("/me").json()["contio_sub"] == ada_me["sub"]
    assert grace.get("/me").json()["contio_sub"] == grace_me["sub"]

    assert ada.post("/logout").status == 303
    assert ada.get("/me").status == 401
    assert grace.get("/me").json()["email"] == GRACE
    assert list(stores.saved()) == [grace_me["key"]]
    assert active(contio_mock, stores.saved()[grace_me["key"]].refresh_token or "")
