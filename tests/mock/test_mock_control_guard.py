"""The control API (`/_mock/*`) against a web page (issue 18): a page on another site must
not reset the mock, install faults or read the outbox of one-time codes of a developer's
running mock, neither by a cross-site request nor through DNS rebinding (its own host name
resolving to 127.0.0.1). The developer's own tools, on loopback, are unaffected.
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx2
import pytest

from contio.mock import MockConfig, RunningMock, serve_in_thread
from tests.mock.flows import initiate

CONTROL = [
    ("GET", "/_mock/outbox"),
    ("GET", "/_mock/stats"),
    ("GET", "/_mock/clock"),
    ("POST", "/_mock/reset"),
    ("POST", "/_mock/faults"),
    ("POST", "/_mock/keys/rotate"),
]

FOREIGN = [
    {"Host": "attacker.example"},  # DNS rebinding: the page's own name, resolved to loopback
    {"Host": "127.0.0.1.attacker.example"},  # a name that only begins like a loopback address
    {"Host": "localhost.attacker.example:80"},
    {"Host": "attacker.example:8000"},
    {"Sec-Fetch-Site": "cross-site"},
    {"Sec-Fetch-Site": "same-site"},  # a sibling origin (another port of localhost)
    {"Origin": "https://attacker.example"},
    {"Origin": "null"},  # a sandboxed frame, a file: page
    {"Origin": "http://localhost:9999"},
]


@pytest.mark.parametrize(("method", "path"), CONTROL)
@pytest.mark.parametrize("headers", FOREIGN, ids=lambda h: "-".join(map(str, h.items())))
def test_foreign_requests_are_refused(
    client: httpx2.Client, anon: httpx2.Client, method: str, path: str, headers: dict[str, str]
) -> None:
    initiate(client, "victim@example.com")
    answer = anon.request(method, path, headers=headers, json={"operation": "*", "status": 500})
    assert answer.status_code == 403
    body = answer.json()
    assert body["code"] == "forbidden"
    assert "victim" not in answer.text
    # Nothing happened: the outbox is still there, no fault installed.
    assert anon.get("/_mock/outbox").json()["messages"]
    assert anon.get("/_mock/faults").json() == {"faults": []}


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Host": "localhost"},
        {"Host": "127.0.0.2:8765"},
        {"Host": "[::1]:8765"},
        {"Sec-Fetch-Site": "same-origin"},
        {"Sec-Fetch-Site": "none"},  # typed in the address bar
    ],
)
def test_the_developers_own_requests_pass(anon: httpx2.Client, headers: dict[str, str]) -> None:
    assert anon.get("/_mock/stats", headers=headers).status_code == 200


def test_a_same_origin_post_passes(anon: httpx2.Client, mock: RunningMock) -> None:
    origin = mock.base_url
    answer = anon.post("/_mock/reset", headers={"Origin": origin, "Sec-Fetch-Site": "same-origin"})
    assert answer.status_code == 200


def test_the_sign_in_page_is_reached_from_another_site(anon: httpx2.Client) -> None:
    """A browser arrives at the sign-in page by redirects that began on the app's site."""
    answer = anon.get("/_mock/login", headers={"Sec-Fetch-Site": "cross-site"})
    assert answer.status_code != 403
    posted = anon.post(
        "/_mock/login", headers={"Origin": "https://attacker.example"}, data={"email": "a@b.c"}
    )
    assert posted.status_code == 403


@pytest.fixture
def exposed() -> Iterator[RunningMock]:
    with serve_in_thread(MockConfig(control_api_hosts=("mock.internal",))) as running:
        yield running


def test_a_host_can_be_exposed_on_purpose(exposed: RunningMock) -> None:
    with httpx2.Client(base_url=exposed.base_url) as http:
        assert http.get("/_mock/stats", headers={"Host": "mock.internal:80"}).status_code == 200
        assert http.get("/_mock/stats", headers={"Host": "other.internal"}).status_code == 403
        # The API itself answers any host: only the control API is guarded.
        assert http.get("/oauth2/health", headers={"Host": "other.internal"}).status_code == 200
