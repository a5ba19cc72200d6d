"""What only the Django integration has (issue 20): Django's CSRF on sign-out, its session
(a new key at each sign-in), `login_required` on sync and async views, settings checked at
start-up, the default store in the project's database (sealed), and the store's commits
surviving a view that fails inside the app's own transaction."""

from __future__ import annotations

import io
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from contio.mock import MockConfig
from contio.stores.sealing import SEALED_PREFIX, TokenSealer
from contio.testing import ContioMock
from contio.web.core import user_key
from contio.web.django.signin import get_sign_in
from tests.web.conftest import ADA, SCOPE, Stores, sign_in
from tests.web.django_app import DjangoBrowser, DjangoUnderTest, django_under_test

REPO = Path(__file__).resolve().parents[2]
REFRESHES = "exchangeOauthToken:refresh_token"
ACCESS_TOKEN_LIFETIME = MockConfig().access_token_lifetime

pytestmark = pytest.mark.usefixtures("django_project")


def tokens_row(key: str) -> Any:
    """The user's row in contio_tokens (the model loads once Django is set up)."""
    from contio.web.django.models import ContioTokens

    return ContioTokens.objects.get(key=key)


@pytest.fixture(params=["django", "django-async"])
def site(
    request: pytest.FixtureRequest, contio_mock: ContioMock, stores: Stores
) -> Iterator[DjangoUnderTest]:
    with django_under_test(request.param, stores, **contio_mock.client_kwargs(scope=SCOPE)) as app:
        yield app


def test_sign_out_without_the_csrf_token_is_refused_and_signs_nobody_out(
    site: DjangoUnderTest,
) -> None:
    browser = site.browser()
    sign_in(browser, ADA)
    assert browser.post_without_token("/logout").status == 403
    assert browser.get("/me").status == 200
    assert browser.post("/logout").status == 303
    assert browser.get("/me").status == 401


def test_each_sign_in_gets_a_new_session_key(site: DjangoUnderTest) -> None:
    browser = site.browser()
    browser.get("/login")
    before = browser.cookie()
    assert before is not None
    sign_in(browser, ADA)
    assert browser.cookie() not in (None, before)  # no session fixation
    fixed = site.browser()
    fixed.set_cookie(before)  # the key an attacker planted before the sign-in
    assert fixed.get("/me").status == 401


def test_login_required_goes_through_sign_in_and_comes_back(site: DjangoUnderTest) -> None:
    browser = site.browser()
    answer = browser.get("/private?tab=2")
    assert answer.status == 303
    assert answer.location == "/login?next=%2Fprivate%3Ftab%3D2"
    back = sign_in(browser, ADA, answer.location)
    assert back.location == "/private?tab=2"
    page = browser.get("/private?tab=2")
    assert (page.status, page.text) == (200, "private page")


def test_the_default_store_is_the_projects_database_sealed_and_refreshes_once(
    contio_mock: ContioMock,
) -> None:
    keys = [TokenSealer.generate_key()]
    options: dict[str, Any] = {**contio_mock.client_kwargs(scope=SCOPE), "token_keys": keys}
    with override_settings(CONTIO=options, ROOT_URLCONF="tests.web.django_site_async"):
        browser = DjangoBrowser(asgi=True)
        sign_in(browser, ADA)
        me = browser.get("/me").json()
        row = tokens_row(user_key(contio_mock.base_url, me["sub"]))
        assert row.document is not None
        assert row.document.startswith(SEALED_PREFIX)
        assert "cto_" not in row.document
        refreshes = contio_mock.stats().get(REFRESHES, 0)
        contio_mock.advance(ACCESS_TOKEN_LIFETIME + 1)
        assert browser.get("/me").status == 200
        assert browser.get("/me").status == 200
        assert contio_mock.stats().get(REFRESHES, 0) == refreshes + 1
        row.refresh_from_db()
        assert row.version >= 2
        assert browser.post("/logout").status == 303
        row.refresh_from_db()
        assert row.document is None  # cleared


def test_a_view_that_fails_in_its_transaction_keeps_the_refreshed_tokens(
    contio_mock: ContioMock,
) -> None:
    with override_settings(CONTIO=contio_mock.client_kwargs(scope=SCOPE)):
        browser = DjangoBrowser()
        sign_in(browser, ADA)
        sub = browser.get("/me").json()["sub"]
        before = tokens_row(user_key(contio_mock.base_url, sub)).document
        contio_mock.advance(ACCESS_TOKEN_LIFETIME + 1)
        with pytest.raises(RuntimeError, match="failed after the refresh"):
            browser.get("/refresh-then-fail")
        after = tokens_row(user_key(contio_mock.base_url, sub)).document
        assert after != before  # the view's rollback did not undo the store's commit
        assert browser.get("/me").status == 200  # the rotated refresh token was kept
        assert contio_mock.stats().get("exchangeOauthToken:refresh_token:invalid_grant", 0) == 0


@pytest.mark.parametrize(
    ("contio", "message"),
    [
        ({"client_id": "c", "client_secret": "s3cret-value"}, "redirect_uri"),
        ({"redirect_uri": "http://127.0.0.1/callback", "client_secret": "s3cret-value",
          "client_id": "c", "scope": "email"}, "openid"),
        ({"redirect_uri": "http://127.0.0.1/callback", "client_secret": "s3cret-value",
          "client_id": "c", "store_for": "no_such_module.store_for"}, "no_such_module"),
        ({"redirect_uri": "http://127.0.0.1/callback", "client_secret": "s3cret-value",
          "client_id": "c", "after_sign_in": "https://evil.example/"}, "after_sign_in"),
        ("not a dict", "must be a dict"),
        (None, "needs settings.CONTIO"),
    ],
)  # fmt: skip
def test_a_wrong_contio_setting_is_improperly_configured_and_shows_no_secret(
    contio: object, message: str
) -> None:
    with (
        override_settings(CONTIO=contio),
        pytest.raises(ImproperlyConfigured, match=message) as info,
    ):
        get_sign_in()
    assert "s3cret-value" not in str(info.value)


def test_sign_in_records_in_a_shared_cache_end_in_every_process(django_project: str) -> None:
    from django.core.cache import caches

    from contio.web.django.records import CacheSignInRecords

    records = CacheSignInRecords("shared")
    key = user_key("https://auth.example", f"user-{time.time_ns()}")
    records.begin("laptop", key)
    records.begin("phone", key)
    assert records.active("laptop", key)
    assert not records.active("laptop", "someone-else")
    assert records.spend("state-1")
    assert not records.spend("state-1")
    # Another process of the app signs the user out, through the same cache.
    script = (
        "import sys; from tests.django_project import configure; "
        "configure(sys.argv[1], migrate=False); "
        "from contio.web.django.records import CacheSignInRecords; "
        "records = CacheSignInRecords('shared'); "
        "assert not records.spend('state-1'); records.end_user(sys.argv[2])"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, django_project, key],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        cwd=REPO,
    )
    assert done.returncode == 0, done.stderr
    assert not records.active("laptop", key)
    assert not records.active("phone", key)
    records.begin("laptop-again", key)
    assert records.active("laptop-again", key)
    assert not records.active("phone", key)  # still ended: a new sign-in is a new session
    # A cache that lost the user's generation (evicted) ends their sign-ins; never revives.
    caches["shared"].clear()
    assert not records.active("laptop-again", key)


def test_the_migration_matches_the_model(django_project: str) -> None:
    from django.core.management import call_command

    out = io.StringIO()
    try:
        call_command("makemigrations", "contio", check=True, dry_run=True, stdout=out)
    except SystemExit as exit_:  # --check exits 1 when the model has changes no migration has
        pytest.fail(f"makemigrations would write a migration ({exit_}): {out.getvalue()}")
    assert "No changes detected" in out.getvalue()
