"""The /_mock/ control API: outbox, clock, stats, faults, reset; rate limiting; and running
several mocks in one process."""

from __future__ import annotations

from collections.abc import Iterator

import httpx2
import pytest

from contio.mock import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, MockConfig, RunningMock, serve_in_thread
from tests.mock.flows import initiate, is_active, user_tokens


def add_fault(client: httpx2.Client, **fault: object) -> httpx2.Response:
    answer = client.post("/_mock/faults", json=fault)
    assert answer.status_code == 200, answer.text
    return answer


def test_outbox(client: httpx2.Client) -> None:
    initiate(client, "b@example.com")
    initiate(client, "a@example.com")
    initiate(client, "B@example.com")
    everything = client.get("/_mock/outbox").json()["messages"]
    assert [m["email"] for m in everything] == ["b@example.com", "a@example.com", "b@example.com"]
    only_b = client.get("/_mock/outbox", params={"email": "B@EXAMPLE.COM"}).json()["messages"]
    assert len(only_b) == 2
    assert only_b[0]["sent_at"] <= only_b[1]["sent_at"]
    assert set(only_b[0]) == {"email", "code", "session", "sent_at"}


def test_clock(client: httpx2.Client) -> None:
    before = client.get("/_mock/clock").json()
    after = client.post("/_mock/clock", json={"advance_seconds": 90}).json()
    assert after["offset_seconds"] == before["offset_seconds"] + 90
    assert after["now"] > before["now"]
    for bad in ({"advance_seconds": -1}, {"advance_seconds": "5"}, {}, {"advance_seconds": True}):
        answer = client.post("/_mock/clock", json=bad)
        assert answer.status_code == 400
        assert answer.json()["code"] == "validation_error"


def test_stats_count_failures_too(client: httpx2.Client, anon: httpx2.Client) -> None:
    anon.post("/oauth2/token", data={"grant_type": "client_credentials"})  # 401
    client.post("/oauth2/token", data={"grant_type": "client_credentials"})
    client.post("/oauth2/token", data={"grant_type": "nonsense"})
    anon.get("/oauth2/health")
    anon.get("/_mock/outbox")  # the control API is not counted
    assert client.get("/_mock/stats").json() == {
        "requests": {
            "exchangeOauthToken": 3,
            "exchangeOauthToken:client_credentials": 2,
            "getOauthHealth": 1,
        }
    }


def test_reset(mock: RunningMock, client: httpx2.Client) -> None:
    tokens = user_tokens(client, "reset@example.com")
    client.post("/_mock/clock", json={"advance_seconds": 100})
    add_fault(client, operation="getOauthHealth", status=503, count=5)
    assert client.post("/_mock/reset").status_code == 200
    assert not is_active(client, tokens["access_token"])
    assert client.get("/_mock/outbox").json() == {"messages": []}
    assert client.get("/_mock/clock").json()["offset_seconds"] == 0
    assert client.get("/oauth2/health").status_code == 200
    assert mock.state.find_user("reset@example.com") is None
    assert client.get("/_mock/stats").json()["requests"] == {
        "introspectOauthToken": 1,
        "getOauthHealth": 1,
    }


def test_fault_status_and_count(client: httpx2.Client) -> None:
    add_fault(client, operation="exchangeOauthToken", status=503, count=2, retry_after=7)
    for _ in range(2):
        answer = client.post("/oauth2/token", data={"grant_type": "client_credentials"})
        assert answer.status_code == 503
        assert answer.headers["retry-after"] == "7"
        body = answer.json()
        assert body["code"] == "service_unavailable"
        assert body["request_id"] == answer.headers["x-request-id"]
    assert client.post("/oauth2/token", data={"grant_type": "client_credentials"}).is_success
    assert client.get("/_mock/faults").json() == {"faults": []}


def test_fault_other_operations_unaffected(client: httpx2.Client) -> None:
    add_fault(client, operation="getOauthHealth", status=500)
    assert client.get("/oauth2/scopes").status_code == 200
    answer = client.get("/oauth2/health")
    assert answer.status_code == 500
    assert answer.json()["code"] == "internal_server_error"


def test_fault_any_operation(client: httpx2.Client) -> None:
    add_fault(client, operation="*", status=502, count=2)
    assert client.get("/oauth2/scopes").status_code == 502
    assert client.get("/_mock/stats").status_code == 200  # the control API is never faulted
    assert client.get("/oauth2/health").status_code == 502
    assert client.get("/oauth2/health").status_code == 200


def test_fault_injected_429_uses_the_oauth_shape(client: httpx2.Client) -> None:
    add_fault(client, operation="getOauthHealth", status=429, retry_after=3)
    answer = client.get("/oauth2/health")
    assert answer.status_code == 429
    assert answer.headers["retry-after"] == "3"
    assert answer.json()["error"] == "rate_limit_exceeded"
    add_fault(client, operation="getOauthHealth", status=429)
    assert client.get("/oauth2/health").headers["retry-after"] == "1"  # always present


def test_fault_drop_connection(client: httpx2.Client) -> None:
    add_fault(client, operation="exchangeOauthToken", drop_connection=True)
    with pytest.raises(httpx2.RemoteProtocolError):
        client.post("/oauth2/token", data={"grant_type": "client_credentials"})
    assert client.post("/oauth2/token", data={"grant_type": "client_credentials"}).is_success


def test_fault_delay_then_normal_answer(client: httpx2.Client) -> None:
    add_fault(client, operation="listOauthScopes", delay_ms=20)
    answer = client.get("/oauth2/scopes")
    assert answer.status_code == 200
    assert client.get("/_mock/faults").json() == {"faults": []}


def test_fault_delay_holds_the_answer(client: httpx2.Client) -> None:
    # Far longer than the client waits, so the timeout can only come from the delay.
    add_fault(client, operation="listOauthScopes", delay_ms=60_000)
    with pytest.raises(httpx2.ReadTimeout):
        client.get("/oauth2/scopes", timeout=httpx2.Timeout(5.0, read=0.3))
    client.delete("/_mock/faults")  # also releases the request still held
    assert client.get("/oauth2/scopes").status_code == 200


def test_fault_delay_with_status(client: httpx2.Client) -> None:
    add_fault(client, operation="getOauthHealth", delay_ms=10, status=504)
    answer = client.get("/oauth2/health")
    assert answer.status_code == 504
    assert answer.json()["code"] == "gateway_timeout"


def test_faults_list_and_clear(client: httpx2.Client) -> None:
    add_fault(client, operation="getOauthHealth", status=503, count=3)
    listed = client.get("/_mock/faults").json()["faults"]
    assert listed == [
        {
            "operation": "getOauthHealth",
            "count": 3,
            "status": 503,
            "retry_after": None,
            "delay_ms": 0,
            "drop_connection": False,
            "after": False,
        }
    ]
    assert client.delete("/_mock/faults").json() == {"faults": []}
    assert client.get("/oauth2/health").status_code == 200


@pytest.mark.parametrize(
    "fault",
    [
        {"operation": "noSuchOperation", "status": 503},
        {"operation": "getOauthHealth"},
        {"operation": "getOauthHealth", "status": 200},
        {"operation": "getOauthHealth", "status": "503"},
        {"operation": "getOauthHealth", "status": 503, "count": 0},
        {"operation": "getOauthHealth", "delay_ms": -5},
        {"operation": "getOauthHealth", "drop_connection": "yes"},
    ],
)
def test_bad_faults(client: httpx2.Client, fault: dict[str, object]) -> None:
    answer = client.post("/_mock/faults", json=fault)
    assert answer.status_code == 400
    assert answer.json()["code"] == "validation_error"


@pytest.fixture(scope="module")
def limited() -> Iterator[RunningMock]:
    with serve_in_thread(MockConfig(rate_limit=3, rate_limit_window=60)) as running:
        yield running


def test_rate_limit(limited: RunningMock) -> None:
    limited.reset()
    with httpx2.Client(base_url=limited.base_url, auth=(DEMO_CLIENT_ID, DEMO_CLIENT_SECRET)) as c:
        assert c.get("/oauth2/health").status_code == 200
        assert c.get("/oauth2/scopes").status_code == 200
        assert c.post("/oauth2/token", data={"grant_type": "client_credentials"}).is_success
        limited_answer = c.get("/oauth2/health")
        assert limited_answer.status_code == 429
        body = limited_answer.json()
        assert body["error"] == "rate_limit_exceeded"
        assert body["request_id"] == limited_answer.headers["x-request-id"]
        retry_after = int(limited_answer.headers["retry-after"])
        assert 1 <= retry_after <= 60
        assert c.post("/oauth2/token", data={"grant_type": "client_credentials"}).status_code == 429
        assert c.get("/_mock/stats").status_code == 200  # the control API is not limited
        assert c.get("/_mock/stats").json()["requests"]["getOauthHealth"] == 2
        c.post("/_mock/clock", json={"advance_seconds": retry_after})
        assert c.get("/oauth2/health").status_code == 200


def test_rate_limit_off_by_default(client: httpx2.Client) -> None:
    for _ in range(120):
        assert client.get("/oauth2/health").status_code == 200


def test_many_mocks_in_one_process() -> None:
    for _ in range(3):
        first = serve_in_thread()
        second = serve_in_thread(MockConfig(client_id="app-2", client_secret="s2"))
        try:
            assert first.base_url != second.base_url
            with httpx2.Client() as c:
                initiate_first = c.post(
                    f"{first.base_url}/auth/initiate",
                    json={"client_id": DEMO_CLIENT_ID, "email": "x@example.com"},
                    auth=(DEMO_CLIENT_ID, DEMO_CLIENT_SECRET),
                )
                assert initiate_first.status_code == 200
                assert second.outbox() == []  # state is per app
                answer = c.get(f"{second.base_url}/v1/partner/info/app-2/public")
                assert answer.status_code == 200
        finally:
            first.stop()
            second.stop()
        first.stop()  # stopping twice is harmless
