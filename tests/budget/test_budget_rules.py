"""The budget's rules (contio.budget): a sliding window kept `headroom` under the limit, the
last `reserve` requests of it kept for users, a pause after a 429, refused credentials held
back; the same in memory (a fake clock) and in a real Redis (its own clock, short windows)."""

from __future__ import annotations

import pickle
import time
from collections.abc import Iterator
from datetime import timedelta

import pytest
import redis

import contio
from contio.budget import BACKGROUND, USER, MemoryBudget, RedisBudget, background, priority
from contio.errors import BudgetSpentError, BudgetUnavailableError


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_the_window_slides_and_says_when_it_frees() -> None:
    clock = Clock()
    budget = MemoryBudget(limit=10, window=60, headroom=2, reserve=3, clock=clock)
    for _ in range(8):  # 10 - 2 of headroom
        assert budget.take(USER, "c").granted
        clock.now += 1
    answer = budget.take(USER, "c")  # t = 1008: the first (t = 1000) leaves at 1060
    assert not answer.granted
    assert answer.reason == "spent"
    assert answer.wait == pytest.approx(52)
    clock.now = 1060.0
    assert budget.take(USER, "c").granted  # a rolling window: one left, one taken


def test_background_work_leaves_the_reserve_to_users() -> None:
    clock = Clock()
    budget = MemoryBudget(limit=10, window=60, headroom=0, reserve=4, clock=clock)
    taken = 0
    while budget.take(BACKGROUND, "c").granted:
        taken += 1
        clock.now += 1
    assert taken == 6  # 10 - 4 kept for users
    refused = budget.take(BACKGROUND, "c")
    assert refused.reason == "spent"
    assert refused.wait == pytest.approx(60 - 6)
    assert all(budget.take(USER, "c").granted for _ in range(4))
    assert not budget.take(USER, "c").granted
    # As the window frees, a user's draw goes first: one left is enough for a user...
    clock.now = 1060.5
    assert not budget.take(BACKGROUND, "c").granted
    assert budget.take(USER, "c").granted


def test_a_pause_stops_every_draw_and_refused_credentials_only_theirs() -> None:
    clock = Clock()
    budget = MemoryBudget(limit=10, window=60, clock=clock)
    budget.pause(30)
    budget.pause(5)  # a shorter pause never shortens the one on
    answer = budget.take(USER, "c")
    assert answer.reason == "paused"
    assert answer.wait == pytest.approx(30)
    clock.now += 30
    assert budget.take(USER, "c").granted
    budget.refuse("bad", 60)
    assert budget.take(USER, "bad").reason == "refused"
    assert budget.take(USER, "good").granted


def test_a_clock_that_goes_back_never_holds_the_budget_longer_than_a_window() -> None:
    clock = Clock()
    clock.now = 100_000.0
    budget = MemoryBudget(limit=2, window=60, headroom=0, reserve=0, clock=clock)
    assert budget.take(USER, "c").granted
    assert budget.take(USER, "c").granted
    budget.pause(60)
    budget.refuse("bad", 60)
    clock.now -= 3600  # the clock went back an hour
    assert budget.take(USER, "c").wait <= 60
    assert budget.take(USER, "bad").wait <= 60
    clock.now += 61
    assert budget.take(USER, "c").granted  # not an hour and a minute later


def test_background_marks_this_context_only() -> None:
    assert priority() == USER
    with background():
        assert priority() == BACKGROUND
    assert priority() == USER


@pytest.mark.parametrize(
    ("options", "named"),
    [
        ({"limit": 0}, "limit"),
        ({"limit": 10, "headroom": 10}, "headroom"),
        ({"limit": 10, "headroom": 2, "reserve": 8}, "reserve"),
        ({"window": -1}, "window"),
        ({"wait": "long"}, "wait"),
    ],
)
def test_bad_settings_name_the_setting(options: dict[str, object], named: str) -> None:
    with pytest.raises((ValueError, TypeError), match=named):
        MemoryBudget(**options)  # type: ignore[arg-type]


def test_a_client_refuses_what_is_not_a_budget() -> None:
    for wrong in ("redis://x", True, MemoryBudget, object()):
        with pytest.raises(TypeError, match="budget must be"):
            contio.OAuthClient("c", "s", budget=wrong)  # type: ignore[arg-type]
    with contio.OAuthClient("c", "s") as client:
        with pytest.raises(ValueError, match="within"):
            client.refresh_if_expiring(-1)
        with pytest.raises(ValueError, match="within"):
            client.refresh_if_expiring(timedelta(days=30))


def test_contio_hosts_get_the_process_budget_by_default_others_none() -> None:
    with contio.OAuthClient("c", "s") as first, contio.OAuthClient("d", "t") as second:
        shared = first._core.settings.budget
        assert isinstance(shared, MemoryBudget)
        assert shared is second._core.settings.budget
        assert (shared.limits.limit, shared.limits.window) == (100, 300.0)
    with contio.OAuthClient("c", "s", base_url="http://127.0.0.1:9") as local:
        assert local._core.settings.budget is None
    with contio.OAuthClient("c", "s", budget=False) as none:
        assert none._core.settings.budget is None


def test_budget_spent_error_says_when_and_pickles() -> None:
    budget = MemoryBudget(limit=1, headroom=0, reserve=0, wait=0)
    assert budget.take(USER, "c").granted
    client = contio.OAuthClient("c", "s", budget=budget, max_retries=0)
    with client, pytest.raises(BudgetSpentError) as caught:
        client.get_available_scopes()
    error = caught.value
    assert isinstance(error, contio.RateLimitError)
    assert error.status_code == 429
    assert error.reason == "spent"
    assert 299 < (error.retry_after or 0) <= 300
    assert "frees at" in str(error)
    assert "not sent" in str(error)
    again = pickle.loads(pickle.dumps(error))  # noqa: S301 - our own bytes
    assert again.frees_at == error.frees_at
    assert again.reason == "spent"


# -- the same rules in Redis -------------------------------------------------------------------


@pytest.fixture
def redis_budget(redis_url: str) -> Iterator[RedisBudget]:
    client = redis.Redis.from_url(redis_url)
    address = f"test-{time.monotonic_ns()}"
    yield RedisBudget(client=client, address=address, limit=6, window=1.0, headroom=1, reserve=2)
    client.delete(*client.keys(f"contio:budget:{{{address}}}*") or ["-"])
    client.close()


def test_redis_window_reserve_and_refill(redis_budget: RedisBudget) -> None:
    # 6 - 1 of headroom - 2 kept for users
    assert [redis_budget.take(BACKGROUND, "c").granted for _ in range(3)] == [True] * 3
    assert redis_budget.take(BACKGROUND, "c").reason == "spent"
    assert redis_budget.take(USER, "c").granted
    assert redis_budget.take(USER, "c").granted  # 5 = 6 - 1 of headroom
    answer = redis_budget.take(USER, "c")
    assert answer.reason == "spent"
    assert 0.5 < answer.wait <= 1.0
    time.sleep(answer.wait + 0.05)
    assert redis_budget.take(USER, "c").granted


def test_refused_credentials_are_remembered_by_a_short_hash_only(redis_url: str) -> None:
    client = redis.Redis.from_url(redis_url)
    address = f"test-refused-{time.monotonic_ns()}"
    secret = "correct-horse-battery-staple"
    with contio.OAuthClient("c", secret, budget=RedisBudget(client=client, address=address)) as o:
        remembered = o._core.settings.credential_id
        o._core.settings.budget.refuse(remembered, 5)
    keys = [
        k.decode() if isinstance(k, bytes) else k
        for k in client.keys(f"contio:budget:{{{address}}}*")
    ]
    assert len(keys) == 1
    assert keys[0].endswith(":refused:" + remembered)
    assert len(remembered) == 4
    assert secret not in keys[0]
    client.delete(*keys)
    client.close()


def test_redis_pause_and_refusal_are_shared(redis_url: str, redis_budget: RedisBudget) -> None:
    other = RedisBudget(client=redis.Redis.from_url(redis_url), address=redis_budget.address)
    redis_budget.pause(0.5)
    answer = other.take(USER, "c")  # another process's budget object: the same pause
    assert answer.reason == "paused"
    assert 0.3 < answer.wait <= 0.5
    redis_budget.refuse("bad", 5)
    time.sleep(0.55)
    assert other.take(USER, "bad").reason == "refused"
    assert other.take(USER, "good").granted


async def test_redis_asyncio_draws_the_same_window(redis_url: str) -> None:
    import redis.asyncio as aioredis

    address = f"test-async-{time.monotonic_ns()}"
    sync = RedisBudget(
        client=redis.Redis.from_url(redis_url), address=address, limit=3, headroom=0, reserve=0
    )
    async_client = aioredis.Redis.from_url(redis_url)
    mixed = RedisBudget(async_client=async_client, address=address, limit=3, headroom=0, reserve=0)
    assert sync.take(USER, "c").granted
    assert (await mixed.atake(USER, "c")).granted
    assert sync.take(USER, "c").granted
    assert (await mixed.atake(USER, "c")).reason == "spent"
    await async_client.aclose()


def test_redis_down_is_budget_unavailable_and_nothing_is_sent() -> None:
    dead = redis.Redis(host="127.0.0.1", port=9, socket_connect_timeout=0.5)
    budget = RedisBudget(client=dead, address="down")
    sent: list[object] = []

    import httpx2

    def record(request: httpx2.Request) -> httpx2.Response:
        sent.append(request)
        return httpx2.Response(200, json={"scopes": []})

    http = httpx2.Client(transport=httpx2.MockTransport(record))
    client = contio.OAuthClient("c", "s", budget=budget, http_client=http)
    with client, pytest.raises(BudgetUnavailableError, match="'down' in Redis cannot be reached"):
        client.get_available_scopes()
    assert sent == []
