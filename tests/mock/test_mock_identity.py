"""The mock's identity administration over HTTP, as another language's client meets it: the
API-key door, idempotency keys, the Sign-On callback and redirects, the control calls."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import httpx2
import pytest

from contio.mock import DEMO_API_KEY, DEMO_CLIENT_ID, RunningMock
from contio.mock.faults import FaultRule

ROTATE = "/v1/partner/admin/credentials/client-secret/rotate"
IDP = {
    "name": "Okta",
    "discovery_url": "https://acme.okta.com/.well-known/openid-configuration",
    "idp_client_id": "0oa1",
    "idp_client_secret": "s",
    "mode": "partner_managed",
}


@pytest.fixture
def partner(mock: RunningMock) -> Iterator[httpx2.Client]:
    headers = {"X-API-Key": DEMO_API_KEY, "X-Client-ID": DEMO_CLIENT_ID}
    with httpx2.Client(base_url=mock.base_url, headers=headers) as client:
        yield client


@pytest.mark.parametrize(
    "headers",
    [{}, {"X-API-Key": DEMO_API_KEY}, {"X-Client-ID": DEMO_CLIENT_ID},
     {"X-API-Key": "wrong", "X-Client-ID": DEMO_CLIENT_ID},
     {"X-API-Key": DEMO_API_KEY, "X-Client-ID": "other-client"}],
)  # fmt: skip
def test_the_admin_paths_need_the_partners_key(
    anon: httpx2.Client, headers: dict[str, str]
) -> None:
    answer = anon.get("/v1/partner/admin/credentials", headers=headers)
    assert answer.status_code == 401
    body = answer.json()
    assert body["code"] == "unauthorized"
    assert body["error"] == body["message"]
    assert body["request_id"] == answer.headers["x-request-id"]


def test_an_old_api_key_works_through_its_grace_period(
    partner: httpx2.Client, mock: RunningMock
) -> None:
    rotated = partner.post(
        "/v1/partner/admin/credentials/api-key/rotate",
        json={"confirmation_token": "y", "grace_period_hours": 1},
    )
    new = rotated.json()["new_credential"]
    assert partner.get("/v1/partner/admin/credentials").status_code == 200  # the old key
    with_new = {"X-API-Key": new}
    assert partner.get("/v1/partner/admin/credentials", headers=with_new).status_code == 200
    mock.state.clock.advance(3601)
    assert partner.get("/v1/partner/admin/credentials").status_code == 401


def test_a_repeated_key_replays_the_answer(partner: httpx2.Client, mock: RunningMock) -> None:
    key = {"Idempotency-Key": "rotation-1"}
    first = partner.post(ROTATE, json={"confirmation_token": "y"}, headers=key)
    again = partner.post(ROTATE, json={"confirmation_token": "y"}, headers=key)
    assert first.status_code == again.status_code == 200
    assert again.json() == first.json()
    assert again.headers["idempotent-replayed"] == "true"
    assert "idempotent-replayed" not in first.headers
    assert len(mock.state.admin.credentials[DEMO_CLIENT_ID].history) == 1
    other = partner.post(ROTATE, json={"confirmation_token": "z"}, headers=key)
    assert other.status_code == 400
    assert "different request" in other.json()["error"]
    # A day later the key is forgotten: the same request is a new rotation (refused here, as
    # the first one's grace period still runs: 24 hours of the mock's clock).
    mock.state.clock.advance(24 * 3600 + 1)
    later = partner.post(ROTATE, json={"confirmation_token": "y"}, headers=key)
    assert later.status_code == 200
    assert later.json()["new_credential"] != first.json()["new_credential"]


def test_a_repeat_in_flight_is_a_409_that_says_when(
    partner: httpx2.Client, mock: RunningMock
) -> None:
    mock.state.faults.add(FaultRule("rotateClientSecret", delay_ms=1500))
    key = {"Idempotency-Key": "slow"}
    answers: list[httpx2.Response] = []
    worker = threading.Thread(
        target=lambda: answers.append(
            httpx2.post(
                mock.base_url + ROTATE,
                json={"confirmation_token": "y"},
                headers={**partner.headers, **key},
            )
        )
    )
    worker.start()
    time.sleep(0.5)
    busy = partner.post(ROTATE, json={"confirmation_token": "y"}, headers=key)
    worker.join()
    assert busy.status_code == 409
    assert busy.headers["retry-after"] == "1"
    assert (busy.json()["code"], busy.json()["retry_after"]) == ("conflict", 1)
    assert answers[0].status_code == 200


def test_a_server_error_is_not_stored(partner: httpx2.Client, mock: RunningMock) -> None:
    mock.state.faults.add(FaultRule("rotateWebhookSecret", status=503, after=True))
    key = {"Idempotency-Key": "k"}
    path = "/v1/partner/admin/credentials/webhook-secret/rotate"
    assert partner.post(path, json={"confirmation_token": "y"}, headers=key).status_code == 503
    # The work was done, the answer lost: the retry replays the stored answer.
    retry = partner.post(path, json={"confirmation_token": "y"}, headers=key)
    assert retry.headers["idempotent-replayed"] == "true"
    mock.state.faults.add(FaultRule("rotateWebhookSecret", status=500))
    key = {"Idempotency-Key": "k2"}
    assert partner.post(path, json={"confirmation_token": "y"}, headers=key).status_code == 500
    fresh = partner.post(path, json={"confirmation_token": "y"}, headers=key)
    assert fresh.status_code == 200
    assert "idempotent-replayed" not in fresh.headers


def start_sign_on(partner: httpx2.Client, anon: httpx2.Client) -> tuple[str, str]:
    assert partner.post("/v1/partner/admin/idp", json=IDP).status_code == 201
    started = anon.get("/v1/partner/sso/initiate", params={"slug": "demo", "target": "web"})
    url = started.json()["authorization_url"]
    state = parse_qs(urlsplit(url).query)["state"][0]
    return started.json()["session_id"], state


def test_the_callback_completes_or_fails_a_session(
    partner: httpx2.Client, anon: httpx2.Client
) -> None:
    session, state = start_sign_on(partner, anon)
    done = anon.get("/v1/partner/sso/callback", params={"code": "c", "state": state})
    assert done.status_code == 302
    assert done.headers["location"].startswith("https://app.contio.ai/sso/complete?session_id=")
    assert anon.get(f"/v1/partner/sso/session/{session}").json()["status"] == "completed"
    # The same state again: the session has ended.
    again = anon.get("/v1/partner/sso/callback", params={"code": "c", "state": state})
    assert again.headers["location"].endswith("reason=invalid_state")
    other, other_state = start_sign_on_again(partner, anon)
    refused = anon.get(
        "/v1/partner/sso/callback",
        params={"error": "access_denied", "error_description": "no", "state": other_state},
    )
    assert refused.headers["location"].endswith("reason=idp_error")
    seen = anon.get(f"/v1/partner/sso/session/{other}").json()
    assert (seen["status"], seen["error"]) == ("failed", "no")


def start_sign_on_again(partner: httpx2.Client, anon: httpx2.Client) -> tuple[str, str]:
    started = anon.get("/v1/partner/sso/initiate", params={"slug": "demo"})
    url = started.json()["authorization_url"]
    return started.json()["session_id"], parse_qs(urlsplit(url).query)["state"][0]


@pytest.mark.parametrize(
    "query", ["", "state=unknown", "state=%ED%A0%80", "code=c", "state=&code="]
)
def test_the_callback_only_ever_redirects(anon: httpx2.Client, query: str) -> None:
    answer = anon.get(f"/v1/partner/sso/callback?{query}")
    assert answer.status_code == 302
    assert answer.headers["location"].startswith("https://app.contio.ai/sso/error")


def test_auto_redirects_to_the_identity_provider(
    partner: httpx2.Client, anon: httpx2.Client
) -> None:
    partner.post("/v1/partner/admin/idp", json=IDP)
    answer = anon.get("/v1/partner/sso/initiate", params={"slug": "demo", "auto": "true"})
    assert answer.status_code == 302
    query = parse_qs(urlsplit(answer.headers["location"]).query)
    assert query["code_challenge_method"] == ["S256"]
    assert query["redirect_uri"][0].endswith("/v1/partner/sso/callback")


def test_control_calls_check_what_they_are_given(anon: httpx2.Client) -> None:
    assert anon.post("/_mock/dns", json={"name": 1}).status_code == 400
    assert anon.post("/_mock/sso/sessions/sess_nothing1", json={}).status_code == 404
    listed = anon.post("/_mock/dns", json={"name": "_contio-challenge.A.com.", "value": "v"})
    assert listed.json() == {"records": {"_contio-challenge.a.com": ["v"]}}
    assert anon.delete("/_mock/dns").json() == {"records": {}}
