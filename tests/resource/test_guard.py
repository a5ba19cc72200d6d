"""Protecting an API with Contio access tokens (issue 21, part 4), against the live mock: one
introspection per distinct token per TTL (1,000 requests, concurrent ones, a fleet sharing
Redis), a revoked token refused within the TTL, RFC 6750's refusals, and Contio down as a 503.
FastAPI, Flask and Django (sync and async views) each guard a route."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from typing import Any

import flask
import pytest
import redis
from fastapi import Depends, FastAPI
from starlette.testclient import TestClient

from contio import AsyncOAuthClient, OAuthClient
from contio.budget import USER, MemoryBudget
from contio.resource import (
    AsyncBearerGuard,
    BearerGuard,
    Checked,
    MemoryIntrospectionCache,
    RedisIntrospectionCache,
)
from contio.resource.flask import token_required
from contio.resource.starlette import require_token
from contio.testing import ContioMock

INTROSPECTIONS = "introspectOauthToken"


class Clock:
    """A monotonic clock the test moves (the cache's TTLs)."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def user_token(contio_mock: ContioMock) -> str:
    with OAuthClient(**contio_mock.client_kwargs()) as oauth:
        contio_mock.sign_in(oauth, f"api-{uuid.uuid4().hex[:8]}@example.com")
        assert oauth.tokens is not None
        return oauth.tokens.access_token


def introspections(mock: ContioMock) -> int:
    return mock.stats().get(INTROSPECTIONS, 0)


def fastapi_app(guard: AsyncBearerGuard) -> FastAPI:
    app = FastAPI()
    # Depends() as defaults: this module's annotations are strings, and local aliases in them
    # would not resolve.
    reader = Depends(require_token(guard, "meetings:read"))
    admin_only = Depends(require_token(guard, "meetings:read", "partner:admin"))

    @app.get("/meetings")
    async def meetings(token: Checked = reader) -> dict[str, Any]:
        return {"sub": token.sub, "scope": list(token.scope)}

    @app.get("/admin")
    async def admin(token: Checked = admin_only) -> dict[str, Any]:
        return {"sub": token.sub}

    return app


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def api(contio_mock: ContioMock, clock: Clock) -> Iterator[TestClient]:
    oauth = AsyncOAuthClient(**contio_mock.client_kwargs())
    guard = AsyncBearerGuard(
        oauth, cache=MemoryIntrospectionCache(clock=clock), ttl=30, negative_ttl=5
    )
    with TestClient(fastapi_app(guard)) as client:
        yield client


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_1000_requests_with_one_token_cost_one_introspection(
    api: TestClient, contio_mock: ContioMock, user_token: str
) -> None:
    before = introspections(contio_mock)
    for _ in range(1000):
        answer = api.get("/meetings", headers=bearer(user_token))
        assert answer.status_code == 200
    assert introspections(contio_mock) == before + 1
    assert "meetings:read" in answer.json()["scope"]


def test_a_revoked_token_is_refused_within_the_ttl(
    api: TestClient, contio_mock: ContioMock, user_token: str, clock: Clock
) -> None:
    assert api.get("/meetings", headers=bearer(user_token)).status_code == 200
    with OAuthClient(**contio_mock.client_kwargs()) as oauth:
        oauth.revoke_token(user_token, "access_token")
    clock.now += 29
    assert api.get("/meetings", headers=bearer(user_token)).status_code == 200  # cached
    clock.now += 2  # past the 30 s TTL: asked again, refused
    refused = api.get("/meetings", headers=bearer(user_token))
    assert refused.status_code == 401
    assert refused.headers["www-authenticate"].startswith(
        'Bearer realm="contio", error="invalid_token"'
    )
    assert refused.headers["cache-control"] == "no-store"


def test_rfc_6750_refusals(
    api: TestClient, contio_mock: ContioMock, user_token: str, clock: Clock
) -> None:
    missing = api.get("/meetings")
    assert missing.status_code == 401
    assert missing.headers["www-authenticate"] == 'Bearer realm="contio"'  # no error code
    for header in ("Basic dXNlcjpwYXNz", "Bearer", "Bearer a b", "Bearer " + "x" * 9000):
        malformed = api.get("/meetings", headers={"Authorization": header})
        assert malformed.status_code == 400, header[:20]
        assert 'error="invalid_request"' in malformed.headers["www-authenticate"]
    scope = api.get("/admin", headers=bearer(user_token))
    assert scope.status_code == 403
    assert 'error="insufficient_scope"' in scope.headers["www-authenticate"]
    assert 'scope="meetings:read partner:admin"' in scope.headers["www-authenticate"]
    before = introspections(contio_mock)
    for _ in range(3):  # an unknown token: refused, and remembered briefly
        assert api.get("/meetings", headers=bearer("cto_at_v1_unknown")).status_code == 401
    assert introspections(contio_mock) == before + 1
    clock.now += 6
    assert api.get("/meetings", headers=bearer("cto_at_v1_unknown")).status_code == 401
    assert introspections(contio_mock) == before + 2


def test_contio_unreachable_is_a_503_never_a_500(contio_mock: ContioMock) -> None:
    oauth = AsyncOAuthClient(
        **contio_mock.client_kwargs(base_url="http://127.0.0.1:9", max_retries=0)
    )
    with TestClient(fastapi_app(AsyncBearerGuard(oauth))) as client:
        answer = client.get("/meetings", headers=bearer("cto_at_v1_anything"))
    assert answer.status_code == 503
    assert answer.headers["retry-after"] == "5"


def test_a_spent_budget_is_a_503_saying_when_it_frees(
    contio_mock: ContioMock, user_token: str
) -> None:
    budget = MemoryBudget(limit=1, window=120, headroom=0, reserve=0, wait=0)
    assert budget.take(USER, "someone else").granted  # the window's one request is spent
    before = introspections(contio_mock)
    oauth = AsyncOAuthClient(**contio_mock.client_kwargs(budget=budget))
    with TestClient(fastapi_app(AsyncBearerGuard(oauth))) as client:
        answer = client.get("/meetings", headers=bearer(user_token))
    assert answer.status_code == 503
    assert 100 < int(answer.headers["retry-after"]) <= 120
    assert introspections(contio_mock) == before  # nothing sent


def test_concurrent_flask_requests_introspect_once(
    contio_mock: ContioMock, user_token: str
) -> None:
    oauth = OAuthClient(**contio_mock.client_kwargs())
    guard = BearerGuard(oauth)
    app = flask.Flask(__name__)

    @app.get("/meetings")
    @token_required(guard, "meetings:read")
    def meetings() -> Any:
        return {"sub": flask.g.contio_token.sub}

    before = introspections(contio_mock)
    statuses: list[int] = []

    def call() -> None:
        statuses.append(app.test_client().get("/meetings", headers=bearer(user_token)).status_code)

    threads = [threading.Thread(target=call) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert statuses == [200] * 20
    assert introspections(contio_mock) == before + 1  # the others waited for that answer
    assert app.test_client().get("/meetings").status_code == 401
    oauth.close()


def fleet_guards(
    mock: ContioMock, client: redis.Redis, prefix: str, count: int
) -> list[BearerGuard]:
    """Guards of their own, as `count` processes have, sharing one Redis cache."""
    return [
        BearerGuard(
            OAuthClient(**mock.client_kwargs()),
            cache=RedisIntrospectionCache(client=client, prefix=prefix),
        )
        for _ in range(count)
    ]


def test_a_fleet_sharing_redis_introspects_once(
    contio_mock: ContioMock, user_token: str, redis_url: str
) -> None:
    prefix = f"contio:test-introspection:{uuid.uuid4().hex}:"
    client = redis.Redis.from_url(redis_url)
    before = introspections(contio_mock)
    guards = fleet_guards(contio_mock, client, prefix, 3)  # three processes' guards
    for guard in guards:
        verdict = guard.check(f"Bearer {user_token}", ["meetings:read"])
        assert verdict.allowed
    assert introspections(contio_mock) == before + 1
    stored = [k.decode() if isinstance(k, bytes) else k for k in client.keys(prefix + "*")]
    assert len([key for key in stored if not key.endswith(":filling")]) == 1
    assert all(user_token not in key for key in stored)  # the token's hash, never the token
    for guard in guards:
        guard.oauth.close()
    client.close()


def test_a_fleet_asking_at_once_introspects_once(
    contio_mock: ContioMock, user_token: str, redis_url: str
) -> None:
    """Eight guards of their own (eight processes' worth: no lock in common) ask for one new
    token at the same moment; the Redis cache's claim lets one introspect, the others find
    its answer."""
    prefix = f"contio:test-introspection:{uuid.uuid4().hex}:"
    client = redis.Redis.from_url(redis_url)
    before = introspections(contio_mock)
    guards = fleet_guards(contio_mock, client, prefix, 8)
    start = threading.Barrier(len(guards))
    verdicts: list[bool] = []

    def ask(guard: BearerGuard) -> None:
        start.wait()
        verdicts.append(guard.check(f"Bearer {user_token}", ["meetings:read"]).allowed)

    threads = [threading.Thread(target=ask, args=(guard,)) for guard in guards]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert verdicts == [True] * len(guards)
    assert introspections(contio_mock) == before + 1
    for guard in guards:
        guard.oauth.close()
    client.close()


def test_django_views_sync_and_async(
    contio_mock: ContioMock, user_token: str, django_project: str
) -> None:
    from asgiref.sync import async_to_sync
    from django.http import HttpRequest, HttpResponse
    from django.test import RequestFactory

    from contio.resource.django import token_required as django_token_required

    guard = BearerGuard(OAuthClient(**contio_mock.client_kwargs()))
    aguard = AsyncBearerGuard(AsyncOAuthClient(**contio_mock.client_kwargs()))

    @django_token_required(guard, "meetings:read")
    def view(request: HttpRequest) -> HttpResponse:
        return HttpResponse(request.contio_token.sub)  # type: ignore[attr-defined]

    @django_token_required(aguard, "meetings:read")
    async def aview(request: HttpRequest) -> HttpResponse:
        return HttpResponse(request.contio_token.sub)  # type: ignore[attr-defined]

    factory = RequestFactory()
    good = factory.get("/", headers=bearer(user_token))
    assert view(good).status_code == 200
    assert async_to_sync(aview)(factory.get("/", headers=bearer(user_token))).status_code == 200
    refused = view(factory.get("/"))
    assert refused.status_code == 401
    assert refused["WWW-Authenticate"] == 'Bearer realm="contio"'
    with pytest.raises(TypeError, match="AsyncBearerGuard"):
        django_token_required(guard)(aview)
    guard.oauth.close()
