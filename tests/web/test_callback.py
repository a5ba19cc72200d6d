"""The callback refuses what it must: a wrong or missing state, a callback from a sign-in
this browser did not start, a replayed code, Contio's `error=`, a bad ID token. Each ends on
the error page with status 400, nothing stored and nobody signed in."""

from __future__ import annotations

import logging
import re
from urllib.parse import urlencode, urlsplit, urlunsplit

import pytest

from contio.budget import USER, MemoryBudget
from contio.client import OAuthClient
from contio.stores import MemoryTokenStore
from contio.testing import ContioMock
from contio.tokens import AuthTokens
from tests.web.apps import Answer, Browser, WebApp, app_under_test
from tests.web.conftest import ADA, SCOPE, Stores, sign_in, start
from tests.web.person import path_of, query_of, sign_in_at_contio

CODE_GRANTS = "exchangeOauthToken:authorization_code"


def with_query(url: str, **changes: str | None) -> str:
    """`url` with some query parameters replaced (None: removed)."""
    query = query_of(url)
    for name, value in changes.items():
        if value is None:
            query.pop(name, None)
        else:
            query[name] = value
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), ""))


def refused(answer: Answer, browser: Browser, stores: Stores) -> str:
    """Assert the error page, nothing stored, nobody signed in; the page's text."""
    assert answer.status == 400, answer.text
    assert "Sign-in failed" in answer.text
    assert answer.headers.get("cache-control", answer.headers.get("Cache-Control")) == "no-store"
    assert stores.saved() == {}
    assert "contio.user" not in browser.session()
    assert browser.get("/me").status == 401
    return answer.text


def reasons(caplog: pytest.LogCaptureFixture) -> list[str]:
    """The reasons the log gives for each failed sign-in (`reason` or `reason: detail`)."""
    found = []
    for record in caplog.records:
        match = re.fullmatch(r"contio\.web: sign-in failed \((.+)\)", record.getMessage())
        if record.name == "contio.web" and match:
            found.append(match.group(1))
    return found


@pytest.fixture(autouse=True)
def _logs(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="contio.web")


def test_a_wrong_state_is_refused_and_spends_the_sign_in(
    web: WebApp, stores: Stores, caplog: pytest.LogCaptureFixture, contio_mock: ContioMock
) -> None:
    browser = web.browser()
    back = sign_in_at_contio(start(browser), ADA)
    page = refused(browser.get(path_of(with_query(back, state="not-the-state"))), browser, stores)
    assert "not for the sign-in started in this browser" in page
    assert reasons(caplog) == ["state_mismatch"]
    assert contio_mock.stats().get(CODE_GRANTS, 0) == 0  # the code was never sent
    # The sign-in in progress is spent: even the right answer needs a new one now.
    refused(browser.get(path_of(back)), browser, stores)
    assert reasons(caplog)[-1] == "no_sign_in"


def test_a_missing_state_is_refused(
    web: WebApp, stores: Stores, caplog: pytest.LogCaptureFixture, contio_mock: ContioMock
) -> None:
    browser = web.browser()
    back = sign_in_at_contio(start(browser), ADA)
    refused(browser.get(path_of(with_query(back, state=None))), browser, stores)
    assert reasons(caplog) == ["missing_state"]
    assert contio_mock.stats().get(CODE_GRANTS, 0) == 0


def test_a_missing_code_is_refused(
    web: WebApp, stores: Stores, caplog: pytest.LogCaptureFixture
) -> None:
    browser = web.browser()
    back = sign_in_at_contio(start(browser), ADA)
    refused(browser.get(path_of(with_query(back, code=None))), browser, stores)
    assert reasons(caplog) == ["missing_code"]


def test_a_callback_this_browser_did_not_start_is_refused_without_using_the_code(
    web: WebApp, stores: Stores, caplog: pytest.LogCaptureFixture, contio_mock: ContioMock
) -> None:
    """Login CSRF: another person's callback URL, opened in this browser."""
    theirs = web.browser()
    back = sign_in_at_contio(start(theirs), ADA)
    mine = web.browser()
    refused(mine.get(path_of(back)), mine, stores)
    assert reasons(caplog) == ["no_sign_in"]
    assert contio_mock.stats().get(CODE_GRANTS, 0) == 0
    assert theirs.get(path_of(back)).status == 303  # theirs still completes, in their browser
    assert list(stores.saved())
    assert theirs.get("/me").json()["email"] == ADA


def test_a_replayed_code_is_refused_and_changes_nothing(
    web: WebApp, stores: Stores, caplog: pytest.LogCaptureFixture, contio_mock: ContioMock
) -> None:
    first = web.browser()
    back = sign_in_at_contio(start(first), ADA)
    assert first.get(path_of(back)).status == 303
    saved = stores.saved()
    code = query_of(back)["code"]

    # The same answer again, in the same browser: no sign-in is in progress any more.
    replay = first.get(path_of(back))
    assert replay.status == 400
    # The code again with a state that checks out (a new sign-in in another browser):
    # it reaches Contio, which refuses a used code.
    other = web.browser()
    state = query_of(start(other))["state"]
    answer = other.get("/callback?" + urlencode({"code": code, "state": state}))
    assert answer.status == 400, answer.text
    assert "used already or has expired" in answer.text
    assert "contio.user" not in other.session()
    assert contio_mock.stats()[CODE_GRANTS] == 2
    assert reasons(caplog)[-1] == "code_rejected: invalid_grant"
    assert stores.saved() == saved  # nothing stored by the replay
    # Contio answers a replayed code by revoking what that code gave (RFC 6749 §4.1.2).
    [tokens] = saved.values()
    with OAuthClient(**contio_mock.client_kwargs()) as admin:
        assert not admin.introspect_token(tokens.access_token).active


def test_access_denied_is_refused(
    web: WebApp, stores: Stores, caplog: pytest.LogCaptureFixture, contio_mock: ContioMock
) -> None:
    browser = web.browser()
    back = sign_in_at_contio(start(browser), ADA, decision="Deny")
    assert query_of(back)["error"] == "access_denied"
    page = refused(browser.get(path_of(back)), browser, stores)
    assert "Access was not allowed" in page
    assert reasons(caplog) == ["access_denied"]
    assert contio_mock.stats().get(CODE_GRANTS, 0) == 0


def test_an_error_the_page_shows_is_only_ever_a_plain_code(web: WebApp, stores: Stores) -> None:
    browser = web.browser()
    state = query_of(start(browser))["state"]
    query = urlencode({"error": "<script>alert(1)</script>", "state": state})
    page = refused(browser.get(f"/callback?{query}"), browser, stores)
    assert "<script>" not in page
    assert "alert" not in page
    assert "an unknown error" in page


@pytest.mark.parametrize(
    "nonce", [pytest.param("a-nonce-of-someone-else", id="wrong"), pytest.param(None, id="none")]
)
def test_an_id_token_with_a_nonce_other_than_the_sign_ins_is_refused(
    web: WebApp,
    stores: Stores,
    caplog: pytest.LogCaptureFixture,
    contio_mock: ContioMock,
    nonce: str | None,
) -> None:
    """The code is good and the state checks out, but the ID token Contio signs for it does
    not carry this sign-in's nonce: an injected or replayed ID token."""
    browser = web.browser()
    authorize = with_query(start(browser), nonce=nonce)
    answer = browser.get(path_of(sign_in_at_contio(authorize, ADA)))
    page = refused(answer, browser, stores)
    assert "ID token did not check out" in page
    assert reasons(caplog) == ["bad_id_token: nonce"]  # the check that failed, logged
    assert contio_mock.stats()[CODE_GRANTS] == 1  # exchanged, then refused before storing


def test_a_second_sign_in_replaces_the_first_in_the_session(web: WebApp, stores: Stores) -> None:
    browser = web.browser()
    sign_in(browser, ADA)
    assert sign_in(browser, "grace@example.com").status == 303
    assert browser.get("/me").json()["email"] == "grace@example.com"
    assert len(stores.saved()) == 2  # each user keeps their own tokens


class UnwritableStore(MemoryTokenStore):
    """A store whose disk is full, say."""

    def save(self, tokens: AuthTokens) -> None:
        raise OSError(28, "No space left on device")


def test_a_store_that_cannot_save_ends_on_an_error_page_with_nobody_signed_in(
    framework: str, contio_mock: ContioMock, caplog: pytest.LogCaptureFixture
) -> None:
    stores = Stores(lambda key: UnwritableStore())
    with app_under_test(framework, stores, **contio_mock.client_kwargs(scope=SCOPE)) as web:
        browser = web.browser()
        answer = browser.get(path_of(sign_in_at_contio(start(browser), ADA)))
        assert answer.status == 500
        assert "could not be saved" in answer.text
        assert "contio.user" not in browser.session()
        assert browser.get("/me").status == 401
        assert reasons(caplog) == ["store_failed"]


def test_a_spent_budget_at_the_callback_asks_to_try_again_later(
    framework: str, contio_mock: ContioMock, stores: Stores
) -> None:
    """Contio's rate limit (here the OAuth budget, spent by the rest of the fleet) is not a
    bad link: the page says to try again, with a 503 and when (Retry-After), and the code is
    not spent."""
    budget = MemoryBudget(limit=3, window=120, headroom=0, reserve=0, wait=0)
    options = contio_mock.client_kwargs(scope=SCOPE, budget=budget)
    before = contio_mock.stats().get(CODE_GRANTS, 0)
    with app_under_test(framework, stores, **options) as app:
        browser = app.browser()
        back = sign_in_at_contio(start(browser), ADA)
        while budget.take(USER, "the rest of the fleet").granted:
            pass
        answer = browser.get(path_of(back))
    assert answer.status == 503, answer.text
    assert "try again in a minute" in answer.text
    retry_after = answer.headers.get("retry-after", answer.headers.get("Retry-After"))
    assert 100 < int(retry_after or 0) <= 120
    assert stores.saved() == {}
    assert contio_mock.stats().get(CODE_GRANTS, 0) == before  # nothing sent
