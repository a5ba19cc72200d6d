"""The refresher (issue 21, part 3): tokens nearing expiry renewed ahead of time, the soonest
first, only in what the budget keeps free of users, never twice (another process's refresh is
found under the store's lock)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
import redis

from contio import AsyncOAuthClient, OAuthClient
from contio.budget import USER, MemoryBudget, background
from contio.errors import BudgetSpentError
from contio.refresher import AsyncRefresher, Refresher, to_renew_now
from contio.stores.redis import RedisTokenStore
from contio.testing import ContioMock

REFRESHES = "exchangeOauthToken:refresh_token"
DAY = 86_400


def refreshes(mock: ContioMock) -> int:
    return mock.stats().get(REFRESHES, 0)


@pytest.fixture
def users(contio_mock: ContioMock) -> Iterator[list[OAuthClient]]:
    """Three signed-in users, an hour apart: the first expires first."""
    clients = []
    for index in range(3):
        client = OAuthClient(**contio_mock.client_kwargs())
        contio_mock.sign_in(client, email=f"user{index}@example.com")
        clients.append(client)
        contio_mock.advance(3600)
    yield clients
    for client in clients:
        client.close()


def test_tokens_due_are_renewed_soonest_first_and_only_once(
    contio_mock: ContioMock, users: list[OAuthClient]
) -> None:
    before = [client.load_tokens() for client in users]
    contio_mock.advance(DAY - 3 * 3600 - 1800)  # the first expires in 30 min, the last in 2 h 30
    refresher = Refresher(lambda: users, ahead=timedelta(hours=2))
    started = refreshes(contio_mock)
    first = refresher.run_once()
    assert (first.checked, first.due, first.renewed) == (3, 2, 2)
    assert refreshes(contio_mock) == started + 2
    after = [client.load_tokens() for client in users]
    assert [b != a for b, a in zip(before, after, strict=True)] == [True, True, False]
    again = refresher.run_once()
    assert (again.due, again.renewed) == (0, 0)
    assert refreshes(contio_mock) == started + 2


def test_a_spent_background_share_stops_the_pass_and_users_still_go(
    contio_mock: ContioMock,
) -> None:
    budget = MemoryBudget(limit=10, headroom=0, reserve=5, wait=1)
    client = OAuthClient(**contio_mock.client_kwargs(budget=budget))
    contio_mock.sign_in(client)  # 3 requests
    for _ in range(2):
        assert budget.take(USER, "other").granted  # 5 spent: the background share is
    contio_mock.advance(DAY - 30)  # inside the client's refresh margin (60 s)
    started = refreshes(contio_mock)
    report = Refresher(lambda: [client], ahead=timedelta(hours=1)).run_once()
    assert report.stopped_by_budget
    assert report.renewed == 0
    assert refreshes(contio_mock) == started
    assert client.get_valid_access_token()  # a user's call: the reserve is theirs
    assert refreshes(contio_mock) == started + 1
    client.close()


def test_two_processes_never_renew_the_same_tokens_twice(
    contio_mock: ContioMock, redis_url: str
) -> None:
    key = f"refresher-{id(contio_mock)}-{threading.get_ident()}"
    stores = [RedisTokenStore(key, url=redis_url) for _ in range(2)]
    clients = [OAuthClient(**contio_mock.client_kwargs(token_store=s)) for s in stores]
    contio_mock.sign_in(clients[0])
    contio_mock.advance(DAY - 600)
    started = refreshes(contio_mock)
    reports = []

    def run(client: OAuthClient) -> None:
        reports.append(Refresher(lambda: [client], ahead=timedelta(hours=1)).run_once())

    threads = [threading.Thread(target=run, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert refreshes(contio_mock) == started + 1
    # One renewed; the other found them renewed, under the lock or before it looked.
    assert sorted(r.renewed for r in reports) == [0, 1]
    assert all(r.failed == {} for r in reports)
    for client in clients:
        client.close()
    redis.Redis.from_url(redis_url).delete(f"contio:tokens:{{{key}}}")


async def test_the_async_refresher_renews_what_is_due(contio_mock: ContioMock) -> None:
    client = AsyncOAuthClient(**contio_mock.client_kwargs())
    await contio_mock.async_sign_in(client)
    no_tokens = AsyncOAuthClient(**contio_mock.client_kwargs())  # never signed in: skipped
    contio_mock.advance(DAY - 600)
    report = await AsyncRefresher(lambda: [client, no_tokens], ahead=600 + 60).run_once()
    assert (report.checked, report.due, report.renewed, report.failed) == (2, 1, 1, {})
    await client.aclose()
    await no_tokens.aclose()


def test_bad_arguments_are_named() -> None:
    with pytest.raises(TypeError, match="clients must be a callable"):
        Refresher([])  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="ahead"):
        Refresher(list, ahead=-1)
    with pytest.raises(ValueError, match="every"):
        Refresher(list, every=0)


def test_a_burst_is_met_by_starting_early_and_a_spread_day_just_in_time() -> None:
    now = datetime(2026, 12, 4, 0, 0, tzinfo=UTC)
    ahead = timedelta(minutes=30)
    burst = [now + timedelta(hours=9)] * 2000  # two thousand due at nine
    # 200 an hour until 8:30 renews 1,700 of them: the other 300 go now.
    assert to_renew_now(burst, now, ahead, rate=200 / 3600) == 300
    spread = [now + timedelta(minutes=10 * i) for i in range(1, 100)]  # six an hour
    assert to_renew_now(spread, now, ahead, rate=200 / 3600) == 3  # 0:10, 0:20, 0:30
    assert to_renew_now(spread, now, ahead, rate=None) == 3
    assert to_renew_now(burst, now, ahead, rate=None) == 0  # no budget: no planning


def test_a_user_behind_an_early_refresh_held_back_is_still_served(
    contio_mock: ContioMock,
) -> None:
    """An early refresh waits for the budget (a pause) while holding the client's refresh
    lock, then gives up (the pause grew past its wait); a user's call queued behind it must
    not get its BudgetSpentError: nothing was sent, and the user may wait longer."""
    budget = MemoryBudget(limit=10, wait=10, background_wait=3)
    client = OAuthClient(**contio_mock.client_kwargs(budget=budget))
    contio_mock.sign_in(client)
    contio_mock.advance(DAY - 30)
    outcomes: dict[str, object] = {}

    def early() -> None:
        with background():
            try:
                outcomes["early"] = client.refresh_if_expiring(3600)
            except BudgetSpentError as exc:
                outcomes["early"] = exc.reason

    budget.pause(1.0)  # the early refresh sleeps for it, holding the lock
    first = threading.Thread(target=early)
    first.start()
    user = threading.Thread(target=lambda: outcomes.update(user=client.get_valid_access_token()))
    time.sleep(0.2)
    user.start()  # queued behind the early refresh
    time.sleep(0.3)
    budget.pause(4.0)  # at 1.0 s the early refresh finds 3.5 s more: past its 3 s, it gives up
    first.join(10)
    user.join(15)
    assert outcomes["early"] == "paused"
    assert isinstance(outcomes["user"], str)  # the user waited the pause out, and was served
    client.close()
