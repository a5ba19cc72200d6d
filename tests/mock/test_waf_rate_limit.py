"""The mock's rate limit behaves as Contio's WAF rule (issue 21): a rolling window per client
address, every request counted (the blocked ones too, so retrying into a 429 keeps the address
blocked), a 429 in Contio's shape with a Retry-After that is right, and, when told to trust a
header, one address per value of it, so that one test plays several egress addresses."""

from __future__ import annotations

from collections.abc import Iterator

import httpx2
import pytest

from contio.mock import MockConfig, RunningMock, serve_in_thread
from contio.mock.ratelimit import RateLimiter

WINDOW = 60


@pytest.fixture(scope="module")
def waf() -> Iterator[RunningMock]:
    config = MockConfig(
        rate_limit=3, rate_limit_window=WINDOW, rate_limit_address_header="X-Forwarded-For"
    )
    with serve_in_thread(config) as running:
        yield running


def status(client: httpx2.Client, address: str = "203.0.113.1") -> int:
    return client.get("/oauth2/health", headers={"X-Forwarded-For": address}).status_code


def advance(client: httpx2.Client, seconds: float) -> None:
    client.post("/_mock/clock", json={"advance_seconds": seconds}).raise_for_status()


def test_the_window_rolls_rather_than_resets(waf: RunningMock) -> None:
    waf.reset()
    with httpx2.Client(base_url=waf.base_url) as client:
        for _ in range(3):
            assert status(client) == 200
            advance(client, 20)  # requests at t = 0, 20, 40
        advance(client, 1)  # t = 61: the first left the window, two are in it
        assert status(client) == 200
        # t = 62: 20, 40 and 61 are in the window; a fixed window begun at 60 would let it by.
        advance(client, 1)
        answer = client.get("/oauth2/health", headers={"X-Forwarded-For": "203.0.113.1"})
        assert answer.status_code == 429
        assert answer.json()["error"] == "rate_limit_exceeded"
        assert answer.json()["error_description"]
        # It passes when two of 20, 40, 61 and itself (62) left the window: at 40 + 60.
        assert answer.headers["retry-after"] == "38"


def test_retrying_into_the_block_keeps_the_address_blocked(waf: RunningMock) -> None:
    waf.reset()
    with httpx2.Client(base_url=waf.base_url) as client:
        for _ in range(3):
            assert status(client) == 200
        for _ in range(30):  # a careless client retrying every 5 s, for 150 s
            assert status(client) == 429
            advance(client, 5)
        # Its first requests left the window long ago: its own retries keep it blocked.
        answer = client.get("/oauth2/health", headers={"X-Forwarded-For": "203.0.113.1"})
        assert answer.status_code == 429
        advance(client, int(answer.headers["retry-after"]))
        assert status(client) == 200  # quiet for what Retry-After said: it passes


def test_each_trusted_address_has_its_own_budget(waf: RunningMock) -> None:
    waf.reset()
    with httpx2.Client(base_url=waf.base_url) as client:
        for _ in range(3):
            assert status(client, "198.51.100.7") == 200
        assert status(client, "198.51.100.7") == 429
        assert status(client, "198.51.100.8, 10.0.0.1") == 200  # the first entry counts
        assert client.get("/_mock/stats").status_code == 200  # the control API: no limit


def test_without_a_trusted_header_the_connection_is_the_address() -> None:
    with (
        serve_in_thread(MockConfig(rate_limit=2, rate_limit_window=WINDOW)) as running,
        httpx2.Client(base_url=running.base_url) as client,
    ):
        assert status(client, "192.0.2.1") == 200
        assert status(client, "192.0.2.2") == 200
        assert status(client, "192.0.2.3") == 429  # the header is not trusted: one address


def test_an_address_far_over_the_limit_is_remembered_in_bounded_memory() -> None:
    limiter = RateLimiter(limit=3, window=60)
    answers = [limiter.hit("hammer", now=index / 1000) for index in range(10_000)]
    assert answers[:3] == [None, None, None]
    assert all(answer is not None for answer in answers[3:])
    assert len(limiter._seen["hammer"]) <= 12
    assert limiter.hit("hammer", now=10 + 60) is None  # quiet for a window: it passes


def test_well_known_is_not_counted_and_blocked_requests_are(waf: RunningMock) -> None:
    waf.reset()
    with httpx2.Client(base_url=waf.base_url) as client:
        for _ in range(10):  # discovery and keys are not OAuth endpoints to Contio's rule
            where = {"X-Forwarded-For": "203.0.113.7"}
            assert client.get("/.well-known/openid-configuration", headers=where).is_success
            assert client.get("/.well-known/jwks.json", headers=where).is_success
        assert [status(client, "203.0.113.7") for _ in range(5)] == [200, 200, 200, 429, 429]
        counted = client.get("/_mock/stats").json()["requests"]
        assert counted["rate_limited"] == 2
