"""Server-side sign-in sessions under attack (issue 18), in both frameworks against the
live mock: an old cookie after sign-out, the same callback twice at once, repeated callback
parameters, sign-out from a sibling origin, a `next` that would overflow the cookie, a
`sub` that is no file name, the cookie's SameSite, and discovery shared by every sign-in.
"""

from __future__ import annotations

import threading
from pathlib import Path
from urllib.parse import quote

import flask
import pytest

from contio.stores import FileTokenStore
from contio.testing import ContioMock
from contio.web.core import user_key
from contio.web.flask import FlaskSignIn
from tests.web.apps import Answer, Browser, WebApp, app_under_test
from tests.web.conftest import ADA, GRACE, SCOPE, sign_in, start
from tests.web.person import path_of, sign_in_at_contio

CODE_GRANTS = "exchangeOauthToken:authorization_code"


def test_an_old_cookie_stays_dead_after_sign_out_and_a_new_sign_in(web: WebApp) -> None:
    laptop = web.browser()
    assert sign_in(laptop, ADA).status == 303
    stolen = laptop.cookie()
    assert stolen is not None
    same_origin = {"Sec-Fetch-Site": "same-origin"}
    assert laptop.post("/logout", headers=same_origin).status == 303
    # The same person signs in again, in another browser: their tokens are back in the store.
    phone = web.browser()
    assert sign_in(phone, ADA).status == 303
    assert phone.get("/me").status == 200
    # A copy of the cookie taken before the sign-out names an ended sign-in.
    thief = web.browser()
    thief.set_cookie(stolen)
    assert thief.get("/me").status == 401
    assert thief.post("/logout", headers=same_origin).status == 303  # signs nobody out
    assert phone.get("/me").status == 200


def test_sign_out_ends_every_sign_in_of_the_user(web: WebApp) -> None:
    laptop, phone = web.browser(), web.browser()
    assert sign_in(laptop, ADA).status == 303
    assert sign_in(phone, ADA).status == 303
    assert laptop.post("/logout").status == 303
    assert phone.get("/me").status == 401
    assert sign_in(laptop, ADA).status == 303
    assert phone.get("/me").status == 401  # still ended: a new sign-in is a new session


def _same_callback_twice(web: WebApp, at_once: bool) -> list[Answer]:
    browser = web.browser()
    back = path_of(sign_in_at_contio(start(browser), ADA))
    cookie = browser.cookie()
    assert cookie is not None
    copies: list[Browser] = []
    for _ in range(2):
        copy = web.browser()
        copy.set_cookie(cookie)  # a double click: the same cookie, the same callback
        copies.append(copy)
    answers: list[Answer] = [None, None]  # type: ignore[list-item]

    def call(index: int) -> None:
        answers[index] = copies[index].get(back)

    if at_once:
        threads = [threading.Thread(target=call, args=(n,)) for n in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
    else:
        call(0)
        call(1)
    return answers


@pytest.mark.parametrize("at_once", [True, False], ids=["at-once", "one-after-the-other"])
def test_the_same_callback_twice_exchanges_the_code_once(
    web: WebApp, contio_mock: ContioMock, at_once: bool
) -> None:
    answers = _same_callback_twice(web, at_once)
    statuses = sorted(answer.status for answer in answers)
    assert statuses == [303, 400], [a.text[:200] for a in answers]
    refused = next(answer for answer in answers if answer.status == 400)
    if web.name.startswith("django"):
        # Django keeps the session on the server, and the first callback gave it a new key
        # (no session fixation): the copied cookie may name a session that is gone by then.
        assert any(
            words in refused.text.lower()
            for words in ("completed already", "no sign-in was in progress")
        ), refused.text
    else:
        assert "completed already" in refused.text
    assert contio_mock.stats()[CODE_GRANTS] == 1  # Contio never saw the code twice
    assert contio_mock.stats().get("revokeOauthToken", 0) == 0


def test_the_signed_in_session_survives_a_double_click(web: WebApp) -> None:
    browser = web.browser()
    back = path_of(sign_in_at_contio(start(browser), ADA))
    cookie = browser.cookie()
    assert cookie is not None
    twin = web.browser()
    twin.set_cookie(cookie)
    assert browser.get(back).status == 303
    assert twin.get(back).status == 400  # not a 500, and nothing revoked
    assert browser.get("/me").status == 200


@pytest.mark.parametrize("repeated", ["state", "code", "error"])
def test_a_repeated_callback_parameter_is_refused(
    web: WebApp, contio_mock: ContioMock, repeated: str
) -> None:
    browser = web.browser()
    back = path_of(sign_in_at_contio(start(browser), ADA))
    answer = browser.get(f"{back}&{repeated}=other")
    assert answer.status == 400
    assert contio_mock.stats().get(CODE_GRANTS, 0) == 0
    assert browser.get("/me").status == 401


@pytest.mark.parametrize(
    "headers",
    [
        {"Sec-Fetch-Site": "same-site"},
        {"Sec-Fetch-Site": "cross-site"},
        {"Origin": "https://attacker.example"},
        {"Origin": "null"},
        {"Origin": "http://sibling.localhost"},
    ],
    ids=["same-site", "cross-site", "foreign-origin", "null-origin", "sibling-origin"],
)
def test_sign_out_only_from_the_same_origin(web: WebApp, headers: dict[str, str]) -> None:
    browser = web.browser()
    assert sign_in(browser, ADA).status == 303
    assert browser.post("/logout", headers=headers).status == 403
    assert browser.get("/me").status == 200
    own = {"Origin": browser.origin, "Sec-Fetch-Site": "same-origin"}
    assert browser.post("/logout", headers=own).status == 303
    assert browser.get("/me").status == 401


def test_a_long_next_keeps_the_cookie_small_and_the_sign_in_working(web: WebApp) -> None:
    browser = web.browser()
    next_path = "/" + "a" * 6000
    answer = sign_in(browser, ADA, f"/login?next={quote(next_path)}")
    assert answer.status == 303
    assert answer.location == "/"  # too long to keep: the default instead
    cookie = browser.cookie()
    assert cookie is not None
    assert len(cookie) < 4096 - 100  # room for the cookie's name and attributes
    assert browser.get("/me").status == 200


@pytest.mark.parametrize("sub", ["../../etc/passwd", "a\x00b", "", "x" * 300, "é/..\\"])
def test_the_user_key_is_safe_for_any_store(sub: str) -> None:
    key = user_key("https://auth.contio.ai", sub)
    assert len(key) == 64
    assert set(key) <= set("0123456789abcdef")
    assert key != user_key("https://other.example", sub)  # issuers never meet


def test_the_readmes_file_store_stays_in_its_folder(
    framework: str, contio_mock: ContioMock, tmp_path: Path
) -> None:
    folder = tmp_path / "tokens"
    options = contio_mock.client_kwargs(scope=SCOPE)
    with app_under_test(
        framework, lambda user: FileTokenStore(f"{folder}/{user}.json"), **options
    ) as web:
        browser = web.browser()
        assert sign_in(browser, ADA).status == 303
        me = browser.get("/me").json()
    [saved] = folder.glob("*.json")
    assert saved.name == f"{me['key']}.json"
    assert all(path.parent == folder for path in tmp_path.rglob("*") if path.is_file())
    assert me["key"] == user_key(contio_mock.base_url, me["sub"])


def test_discovery_and_keys_are_fetched_once_for_every_sign_in(
    web: WebApp, contio_mock: ContioMock
) -> None:
    browser = web.browser()  # one event loop, as a server has (a TestClient makes its own)
    for email in (ADA, GRACE, ADA):
        assert sign_in(browser, email).status == 303
    stats = contio_mock.stats()
    assert stats[CODE_GRANTS] == 3
    assert stats["getOpenidConfiguration"] == 1
    assert stats["getOauthJwks"] == 1


def test_the_session_cookie_is_same_site_lax_by_default(web: WebApp) -> None:
    browser = web.browser()
    answer = browser.get("/login")
    cookie = answer.headers.get("set-cookie") or answer.headers.get("Set-Cookie") or ""
    assert "samesite=lax" in cookie.lower()


def test_flask_apps_get_a_lax_cookie_without_configuring_it(contio_mock: ContioMock) -> None:
    contio = FlaskSignIn(
        store_for=lambda user: FileTokenStore("/nonexistent/never-used.json"),
        **contio_mock.client_kwargs(scope=SCOPE),
    )
    app = flask.Flask(__name__)
    app.secret_key = "test-only"
    app.register_blueprint(contio.blueprint)
    try:
        answer = app.test_client().get("/login")
        assert "SameSite=Lax" in answer.headers["Set-Cookie"]
    finally:
        contio.close()
