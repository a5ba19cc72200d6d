"""Fixtures of the web integration tests: each test runs once per framework, against the
pytest plugin's live mock, with per-user stores the test can read behind the app's back."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine

from contio.stores import FileTokenStore, MemoryTokenStore, TokenStore
from contio.stores.django import DjangoTokenStore
from contio.stores.redis import RedisTokenStore
from contio.stores.sealing import TokenSealer
from contio.stores.sqlalchemy import SQLAlchemyTokenStore, create_token_table
from contio.testing import ContioMock
from contio.tokens import AuthTokens
from tests.web.apps import Answer, Browser, WebApp, app_under_test
from tests.web.person import path_of, sign_in_at_contio

SCOPE = ["openid", "profile", "email", "meetings:read"]
ADA = "ada@example.com"
GRACE = "grace@example.com"


class Stores:
    """The app's `store_for`: one store per user key, made once, kept for the test to read."""

    def __init__(self, make: Callable[[str], TokenStore]) -> None:
        self.make = make
        self.by_user: dict[str, TokenStore] = {}

    def __call__(self, key: str) -> TokenStore:
        if key not in self.by_user:
            self.by_user[key] = self.make(key)
        return self.by_user[key]

    def saved(self) -> dict[str, AuthTokens]:
        """Every user's stored tokens, read from the stores themselves."""
        found = {key: store.load() for key, store in self.by_user.items()}
        return {key: tokens for key, tokens in found.items() if tokens is not None}


@pytest.fixture(params=["starlette", "flask", "django", "django-async"])
def framework(request: pytest.FixtureRequest) -> str:
    if str(request.param).startswith("django"):
        request.getfixturevalue("django_project")
    return str(request.param)


@pytest.fixture
def stores() -> Stores:
    return Stores(lambda key: MemoryTokenStore())


@pytest.fixture
def web(framework: str, contio_mock: ContioMock, stores: Stores) -> Iterator[WebApp]:
    with app_under_test(framework, stores, **contio_mock.client_kwargs(scope=SCOPE)) as app:
        yield app


def start(browser: Browser, path: str = "/login") -> str:
    """The authorization URL the app's /login sends the browser to."""
    answer = browser.get(path)
    assert answer.status == 303, answer.text
    assert answer.location is not None
    return answer.location


def sign_in(browser: Browser, email: str, path: str = "/login") -> Answer:
    """The whole sign-in as a person does it; the app's answer to the callback."""
    back = sign_in_at_contio(start(browser, path), email)
    return browser.get(path_of(back))


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    """CI's Redis (CONTIO_TEST_REDIS_URL), or a redis-server started here (never a skip)."""
    given = os.environ.get("CONTIO_TEST_REDIS_URL")
    if given:
        yield given
        return
    from tests.fleet.conftest import RedisServer

    with RedisServer() as server:
        yield server.url


#: The kinds of store the sign-in tests run with: "sealed-" ones seal the tokens at rest.
STORE_KINDS = [
    "memory", "file", "redis", "sealed-file", "sealed-redis", "sealed-sqlalchemy", "django-orm"
]  # fmt: skip


def store_maker(
    kind: str, tmp_path: Path, fixture: Callable[[str], Any]
) -> Callable[[str], TokenStore]:
    """`store_for` of a kind of store; `fixture(name)` gives a fixture's value (redis_url,
    django_project) only when the kind needs it."""
    sealer = TokenSealer([TokenSealer.generate_key()]) if kind.startswith("sealed-") else None
    kind = kind.removeprefix("sealed-")
    if kind == "memory":
        return lambda key: MemoryTokenStore()
    if kind == "file":
        return lambda key: FileTokenStore(tmp_path / "tokens" / f"{key}.json", sealer=sealer)
    if kind == "sqlalchemy":
        engine = create_engine(f"sqlite:///{tmp_path / 'tokens.db'}")
        create_token_table(engine)
        return lambda key: SQLAlchemyTokenStore(key, engine=engine, sealer=sealer)
    if kind == "django-orm":
        fixture("django_project")
        prefix = uuid.uuid4().hex[:8]  # the project's database outlives the test
        return lambda key: DjangoTokenStore(f"{prefix}-{key}", sealer=sealer)
    prefix = f"web-{uuid.uuid4().hex}:"
    url = fixture("redis_url")
    return lambda key: RedisTokenStore(key, url=url, prefix=prefix, sealer=sealer)
