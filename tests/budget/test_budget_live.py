"""The budget against the live mock with Contio's WAF rule on (issue 21): a spent budget
waits or fails clearly and sends nothing into the block; one 429 pauses every client that
shares the budget; a call a user waits on goes before an early refresh."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest

from contio import AuthenticationError, OAuthClient, RateLimitError
from contio.budget import MemoryBudget, background
from contio.errors import BudgetSpentError
from contio.testing import ContioMock
from tests.budget.conftest import waf_mock

LIMIT = 10
WINDOW = 2.0  # seconds of real time: the mock's clock runs as the wall's here


@pytest.fixture
def waf() -> Iterator[ContioMock]:
    with waf_mock(LIMIT, WINDOW) as mock:
        yield mock


def sent(mock: ContioMock, operation: str = "listOauthScopes") -> int:
    return mock.stats().get(operation, 0)


def blocked(mock: ContioMock) -> int:
    return mock.stats().get("rate_limited", 0)


def client(mock: ContioMock, budget: MemoryBudget | None, **options: object) -> OAuthClient:
    return OAuthClient(
        **mock.client_kwargs(budget=budget if budget is not None else False, **options)
    )


def test_a_spent_budget_fails_clearly_and_sends_nothing_into_the_block(waf: ContioMock) -> None:
    budget = MemoryBudget(limit=LIMIT, window=WINDOW, headroom=1, wait=0)
    outcomes: list[str] = []
    with client(waf, budget) as oauth:
        for _ in range(30):
            try:
                oauth.get_available_scopes()
                outcomes.append("ok")
            except BudgetSpentError as exc:
                outcomes.append(f"{exc.reason} {0 < (exc.retry_after or 0) <= WINDOW}")
    assert outcomes == ["ok"] * (LIMIT - 1) + ["spent True"] * (30 - LIMIT + 1)
    assert sent(waf) == LIMIT - 1
    assert blocked(waf) == 0


def test_a_user_call_waits_for_the_window_and_is_served(waf: ContioMock) -> None:
    budget = MemoryBudget(limit=LIMIT, window=WINDOW, headroom=1, wait=WINDOW * 2)
    with client(waf, budget) as oauth:
        for _ in range(2 * LIMIT):  # twice what one window holds: the second half waits
            assert oauth.get_available_scopes()
    assert sent(waf) == 2 * LIMIT
    assert blocked(waf) == 0


def test_one_429_pauses_every_client_of_the_budget(waf: ContioMock) -> None:
    with client(waf, None, max_retries=0) as careless:  # no budget: spends the address
        for _ in range(LIMIT):
            careless.get_available_scopes()
    budget = MemoryBudget(limit=LIMIT, window=WINDOW, headroom=0, reserve=0, wait=0)
    with client(waf, budget, max_retries=0) as first, client(waf, budget) as second:
        with pytest.raises(RateLimitError) as caught:
            first.get_available_scopes()  # the budget knew nothing of the careless one
        assert not isinstance(caught.value, BudgetSpentError)
        before = sent(waf)
        with pytest.raises(BudgetSpentError) as paused:
            second.get_available_scopes()
        assert paused.value.reason == "paused"
        assert 0 < (paused.value.retry_after or 0) <= (caught.value.retry_after or 0)
        assert sent(waf) == before  # nothing sent during the pause
    waiting = MemoryBudget(limit=LIMIT, window=WINDOW, headroom=0, reserve=0, wait=10)
    with client(waf, waiting, max_retries=3) as patient:
        # One 429 (the address is still blocked): it pauses the budget, and the retry
        # waits the pause out instead of sending into the block.
        assert patient.get_available_scopes()
    assert blocked(waf) == 2  # the first 429 each budget heard, and nothing after it


def test_a_waiting_user_goes_before_an_early_refresh(waf: ContioMock) -> None:
    with client(waf, None) as oauth:
        waf.sign_in(oauth)
        tokens = oauth.load_tokens()
    waf.running.call(lambda state: state.rate_limiter.reset())  # type: ignore[union-attr]
    budget = MemoryBudget(
        limit=LIMIT, window=WINDOW, headroom=0, reserve=3, wait=10, background_wait=10
    )
    done: dict[str, float] = {}
    with client(waf, budget) as filler:  # the window fills evenly over a tenth of a second each
        for _ in range(LIMIT):
            filler.get_available_scopes()
            time.sleep(WINDOW / 20)

    def early_refresh() -> None:
        with client(waf, budget) as worker, background():
            worker.set_tokens(tokens)  # type: ignore[arg-type]
            worker.refresh_access_token()
        done["refresh"] = time.monotonic()

    def user() -> None:
        with client(waf, budget) as web:
            web.get_available_scopes()
        done["user"] = time.monotonic()

    refresher = threading.Thread(target=early_refresh)
    refresher.start()
    time.sleep(0.05)  # the refresh waits first, and still goes second
    served = threading.Thread(target=user)
    served.start()
    refresher.join(15)
    served.join(15)
    assert done["user"] < done["refresh"]
    assert waf.stats()["exchangeOauthToken:refresh_token"] == 1
    assert blocked(waf) == 0


def test_refused_credentials_hold_back_their_token_requests_only(waf: ContioMock) -> None:
    budget = MemoryBudget(limit=LIMIT, window=WINDOW, refused_hold=30)
    wrong = OAuthClient(**waf.client_kwargs(client_secret="not-the-secret", budget=budget))
    with wrong, client(waf, budget) as right:
        with pytest.raises(AuthenticationError) as first:
            wrong.get_client_credentials_token()
        assert first.value.code == "invalid_client"
        before = waf.stats()["exchangeOauthToken"]
        for _ in range(1000):  # a worker looping on the error: nothing more is sent
            with pytest.raises(BudgetSpentError) as held:
                wrong.get_client_credentials_token()
        assert held.value.reason == "refused"
        assert "invalid_client" in str(held.value)
        assert waf.stats()["exchangeOauthToken"] == before
        assert right.get_client_credentials_token().access_token  # other credentials go
