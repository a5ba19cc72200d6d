"""Passwordless partner sign-in (/auth/initiate, /auth/verify), partner info and health."""

from __future__ import annotations

from datetime import datetime

import httpx2
import pytest

from contio.mock import (
    DEMO_CLIENT_ID,
    DEMO_WORKSPACE_ID,
    EXISTING_USER_EMAIL,
    EXISTING_USER_WORKSPACE_ID,
    OTHER_CLIENT_ID,
    OTHER_CLIENT_SECRET,
    OTHER_WORKSPACE_ID,
    UNKNOWN_WORKSPACE_ID,
    RunningMock,
)
from contio.mock.models import ROLE_ADMIN, ROLE_MEMBER, ROLE_OWNER
from tests.mock.flows import initiate, latest_code, verify

EMAIL = "pat@example.com"


def partner_error(response: httpx2.Response, status: int, code: str) -> dict[str, object]:
    """Check the PartnerError shape: code, error, (deprecated) message, request_id."""
    assert response.status_code == status, response.text
    body: dict[str, object] = response.json()
    assert body["code"] == code
    assert isinstance(body["error"], str)
    assert body["message"] == body["error"]
    assert body["request_id"] == response.headers["x-request-id"]
    return body


def test_initiate_provisions_then_finds(mock: RunningMock, client: httpx2.Client) -> None:
    first = initiate(client, EMAIL, name="Pat Doe")
    assert first.json()["user_provisioned"] is True
    second = initiate(client, EMAIL.upper())
    assert second.json()["user_provisioned"] is False
    assert second.json()["session"] != first.json()["session"]
    user = mock.state.find_user(EMAIL)
    assert user is not None
    assert user.role == ROLE_OWNER  # a personal workspace of their own
    assert user.workspace_id not in (DEMO_WORKSPACE_ID, OTHER_WORKSPACE_ID)
    assert [m.email for m in mock.outbox()] == [EMAIL, EMAIL]


@pytest.mark.parametrize(("is_admin", "role"), [(True, ROLE_ADMIN), (False, ROLE_MEMBER)])
def test_initiate_into_shared_workspace(
    mock: RunningMock, client: httpx2.Client, is_admin: bool, role: str
) -> None:
    answer = initiate(client, EMAIL, workspace_id=DEMO_WORKSPACE_ID, is_admin=is_admin)
    assert answer.status_code == 200
    user = mock.state.find_user(EMAIL)
    assert user is not None
    assert user.workspace_id == DEMO_WORKSPACE_ID
    assert user.role == role


def test_existing_user_found_in_own_workspace(client: httpx2.Client) -> None:
    answer = initiate(client, EXISTING_USER_EMAIL, workspace_id=EXISTING_USER_WORKSPACE_ID)
    assert answer.status_code == 200
    assert answer.json()["user_provisioned"] is False


@pytest.mark.parametrize("workspace_id", ["not-a-uuid", "", "7c9e6679742540de944be07fc1f90ae7", 42])
def test_malformed_workspace_id(client: httpx2.Client, workspace_id: object) -> None:
    partner_error(initiate(client, EMAIL, workspace_id=workspace_id), 400, "validation_error")


def test_workspace_not_found(client: httpx2.Client) -> None:
    answer = initiate(client, EMAIL, workspace_id=UNKNOWN_WORKSPACE_ID)
    partner_error(answer, 404, "workspace_not_found")


def test_workspace_not_authorized(client: httpx2.Client) -> None:
    answer = initiate(client, EMAIL, workspace_id=OTHER_WORKSPACE_ID)
    partner_error(answer, 403, "workspace_not_authorized")


def test_workspace_conflict(client: httpx2.Client) -> None:
    answer = initiate(client, EXISTING_USER_EMAIL, workspace_id=DEMO_WORKSPACE_ID)
    body = partner_error(answer, 409, "workspace_conflict")
    assert body["workspace_id"] == EXISTING_USER_WORKSPACE_ID


def test_workspace_errors_send_no_code(mock: RunningMock, client: httpx2.Client) -> None:
    initiate(client, EXISTING_USER_EMAIL, workspace_id=DEMO_WORKSPACE_ID)
    initiate(client, EMAIL, workspace_id=OTHER_WORKSPACE_ID)
    assert mock.outbox() == []
    assert mock.state.find_user(EMAIL) is None


@pytest.mark.parametrize(
    "body",
    [
        {"email": EMAIL},
        {"client_id": DEMO_CLIENT_ID},
        {"client_id": DEMO_CLIENT_ID, "email": "not an email"},
        {"client_id": DEMO_CLIENT_ID, "email": EMAIL, "is_admin": "yes"},
        {"client_id": DEMO_CLIENT_ID, "email": EMAIL, "name": 7},
        {"client_id": OTHER_CLIENT_ID, "email": EMAIL},
    ],
)
def test_initiate_validation(client: httpx2.Client, body: dict[str, object]) -> None:
    partner_error(client.post("/auth/initiate", json=body), 400, "validation_error")


def test_partner_endpoints_need_basic(anon: httpx2.Client) -> None:
    for path in ("/auth/initiate", "/auth/verify"):
        answer = anon.post(path, json={"client_id": DEMO_CLIENT_ID, "email": EMAIL})
        assert answer.status_code == 401
        assert answer.json()["error"] == "invalid_client"
        assert answer.headers["www-authenticate"] == 'Basic realm="contio"'


def test_verify_signs_in_once(mock: RunningMock, client: httpx2.Client) -> None:
    session = initiate(client, EMAIL).json()["session"]
    code = latest_code(client, EMAIL)
    assert verify(client, EMAIL, code, session).status_code == 200
    user = mock.state.find_user(EMAIL)
    assert user is not None
    assert mock.state.is_signed_in(user, DEMO_CLIENT_ID)
    partner_error(verify(client, EMAIL, code, session), 400, "session_expired")


def test_three_wrong_codes_end_the_session(client: httpx2.Client) -> None:
    session = initiate(client, EMAIL).json()["session"]
    code = latest_code(client, EMAIL)
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(3):
        partner_error(verify(client, EMAIL, wrong, session), 400, "invalid_code")
    partner_error(verify(client, EMAIL, code, session), 400, "session_expired")


def test_two_wrong_codes_then_right(client: httpx2.Client) -> None:
    session = initiate(client, EMAIL).json()["session"]
    code = latest_code(client, EMAIL)
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(2):
        partner_error(verify(client, EMAIL, wrong, session), 400, "invalid_code")
    assert verify(client, EMAIL, code, session).status_code == 200


def test_session_expires(mock: RunningMock, client: httpx2.Client) -> None:
    session = initiate(client, EMAIL).json()["session"]
    mock.advance_clock(601)
    partner_error(
        verify(client, EMAIL, latest_code(client, EMAIL), session), 400, "session_expired"
    )


def test_session_bound_to_email_and_client(client: httpx2.Client) -> None:
    session = initiate(client, EMAIL).json()["session"]
    code = latest_code(client, EMAIL)
    partner_error(verify(client, "someone@example.com", code, session), 400, "session_expired")
    partner_error(verify(client, EMAIL, code, "no-such-session"), 400, "session_expired")
    other = client.post(
        "/auth/verify",
        json={"client_id": OTHER_CLIENT_ID, "email": EMAIL, "code": code, "session": session},
        auth=(OTHER_CLIENT_ID, OTHER_CLIENT_SECRET),
    )
    partner_error(other, 400, "session_expired")
    assert verify(client, EMAIL, code, session).status_code == 200  # still usable by its owner


@pytest.mark.parametrize("missing", ["client_id", "email", "code", "session"])
def test_verify_validation(client: httpx2.Client, missing: str) -> None:
    body = {"client_id": DEMO_CLIENT_ID, "email": EMAIL, "code": "123456", "session": "s"}
    del body[missing]
    partner_error(client.post("/auth/verify", json=body), 400, "validation_error")


def test_partner_info(anon: httpx2.Client) -> None:
    answer = anon.get(f"/v1/partner/info/{DEMO_CLIENT_ID}/public")
    assert answer.status_code == 200
    assert answer.json() == {
        "client_id": DEMO_CLIENT_ID,
        "name": "Demo Partner App",
        "company_name": "Demo Partner Inc.",
        "co_brand_name": "Demo Partner",
    }
    assert anon.get(f"/v1/partner/info/{OTHER_CLIENT_ID}/public").status_code == 200


def test_partner_info_not_found(anon: httpx2.Client) -> None:
    answer = anon.get("/v1/partner/info/nobody/public")
    assert answer.status_code == 404
    body = answer.json()
    assert body["code"] == "not_found"
    assert body["request_id"] == answer.headers["x-request-id"]


def parse_time(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))  # 3.10 does not read "Z"


def test_health_follows_the_mock_clock(mock: RunningMock, anon: httpx2.Client) -> None:
    before = parse_time(anon.get("/oauth2/health").json()["timestamp"])
    mock.advance_clock(3600)
    answer = anon.get("/oauth2/health")
    body = answer.json()
    assert body["status"] == "healthy"
    assert body["service"] == "contio-oauth-mock"
    assert body["checks"] == {"storage": "ok"}
    after = parse_time(body["timestamp"])
    assert after.tzinfo is not None
    assert (after - before).total_seconds() >= 3600
