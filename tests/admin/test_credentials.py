"""Credential status, history, rotation and rollback against the live mock, through both
clients: the rules of rotation, each documented error, and idempotent retries."""

from __future__ import annotations

import asyncio

import httpx2
import pytest

from contio import (
    AuthenticationError,
    BadRequestError,
    ContioConnectionError,
    InternalServerError,
)
from contio.testing import ContioMock
from tests.admin.conftest import Admin, close_admin, history, open_admin


def token_with(mock: ContioMock, secret: str) -> int:
    """The status of a client-credentials token request with this secret."""
    answer = httpx2.post(
        f"{mock.base_url}/oauth2/token",
        data={"grant_type": "client_credentials"},
        auth=(mock.client_id, secret),
    )
    return answer.status_code


async def test_status_names_each_credential(admin: Admin, mock: ContioMock) -> None:
    status = await admin.get_credential_status()
    assert set(status) == {"api_key", "client_secret", "webhook_secret"}
    for kind, credential in status.items():
        assert credential.credential_type == kind
        assert (credential.status, credential.recommended_action) == ("active", "healthy")
        assert credential.age_days == 0
        assert credential.created_at is not None
        assert credential.created_at.tzinfo is not None
    mock.advance(61 * 86_400)
    aged = await admin.get_credential_status()
    assert aged["client_secret"].recommended_action == "rotate_soon"
    mock.advance(30 * 86_400)
    assert (await admin.get_credential_status())["api_key"].recommended_action == "rotate_now"


async def test_a_wrong_api_key_is_refused(mock: ContioMock) -> None:
    for kind in ("sync", "async"):
        admin = await open_admin(kind, mock, api_key="not-the-key")
        try:
            with pytest.raises(AuthenticationError) as caught:
                await admin.get_credential_status()
            assert caught.value.code == "unauthorized"
            assert "not-the-key" not in str(caught.value) + repr(caught.value)
        finally:
            await close_admin(admin)


async def test_rotating_the_client_secret_keeps_both_in_the_grace_period(
    admin: Admin, mock: ContioMock
) -> None:
    rotation = await admin.rotate_client_secret("confirm", grace_period_hours=1, reason="test")
    new = rotation.new_credential
    assert new.startswith("cs_live_")
    assert new not in repr(rotation)
    assert rotation.rollback_token is not None
    assert rotation.rollback_token not in repr(rotation)
    assert token_with(mock, "demo-secret") == 200
    assert token_with(mock, new) == 200
    status = (await admin.get_credential_status())["client_secret"]
    assert status.status == "pending_rotation"
    assert status.grace_period_ends_at == rotation.grace_period_ends_at
    mock.advance(3601)
    assert token_with(mock, "demo-secret") == 401
    assert token_with(mock, new) == 200
    assert (await admin.get_credential_status())["client_secret"].status == "active"
    [event] = history(mock, "client_secret")
    assert (event["action"], event["reason"]) == ("rotated", "test")


async def test_a_second_rotation_in_the_grace_period_is_refused(admin: Admin) -> None:
    await admin.rotate_client_secret("confirm")
    with pytest.raises(BadRequestError) as caught:
        await admin.rotate_client_secret("confirm again")
    assert caught.value.code == "bad_request"
    assert "grace period" in caught.value.message


async def test_too_many_rotations_within_the_hour(admin: Admin, mock: ContioMock) -> None:
    for _ in range(10):
        await admin.rotate_webhook_secret("confirm")
    with pytest.raises(BadRequestError) as caught:
        await admin.rotate_webhook_secret("confirm")
    assert caught.value.code == "rate_limit_exceeded"
    mock.advance(3601)
    await admin.rotate_webhook_secret("confirm")


async def test_the_webhook_secret_rotates_at_once_without_rollback(admin: Admin) -> None:
    before = await admin.get_credential_status()
    rotation = await admin.rotate_webhook_secret("confirm")
    assert rotation.new_credential.startswith("whsec_")
    assert rotation.rollback_token is None
    after = (await admin.get_credential_status())["webhook_secret"]
    assert after.status == "active"  # no grace period
    assert after.last_rotated_at is not None
    assert before["webhook_secret"].last_rotated_at is None


async def test_rollback_restores_the_old_secret_once(admin: Admin, mock: ContioMock) -> None:
    rotation = await admin.rotate_client_secret("confirm", grace_period_hours=2)
    assert rotation.rollback_token is not None
    rolled_back = await admin.rollback_client_secret(rotation.rollback_token, reason="oops")
    assert rolled_back.status == "rolled_back"
    assert rolled_back.grace_period_ends_at == rotation.grace_period_ends_at
    # The old secret is current again; the rotated-to one works until the grace period ends.
    assert token_with(mock, "demo-secret") == 200
    assert token_with(mock, rotation.new_credential) == 200
    mock.advance(2 * 3600 + 1)
    assert token_with(mock, "demo-secret") == 200
    assert token_with(mock, rotation.new_credential) == 401
    # Single use.
    with pytest.raises(BadRequestError) as caught:
        await admin.rollback_client_secret(rotation.rollback_token)
    assert "used already" in caught.value.message
    assert [e["action"] for e in history(mock, "client_secret")] == ["rotated", "rollback"]


async def test_a_rollback_token_expires_after_an_hour(admin: Admin, mock: ContioMock) -> None:
    rotation = await admin.rotate_api_key("confirm", grace_period_hours=48)
    assert rotation.rollback_token is not None
    mock.advance(3601)
    with pytest.raises(BadRequestError) as caught:
        await admin.rollback_api_key(rotation.rollback_token)
    assert "expired" in caught.value.message
    with pytest.raises(BadRequestError):
        await admin.rollback_api_key("rbk_not-the-token")


async def test_rotating_the_api_key_moves_this_client_to_the_new_one(
    admin: Admin, mock: ContioMock
) -> None:
    rotation = await admin.rotate_api_key("confirm", grace_period_hours=0)
    # The old key died at once; this client goes on with the new one.
    status = await admin.get_credential_status()
    assert status["api_key"].last_rotated_at is not None
    other = await open_admin(admin.kind, mock)  # still holding demo-api-key
    try:
        with pytest.raises(AuthenticationError):
            await other.get_credential_status()
    finally:
        await close_admin(other)
    fresh = await open_admin(admin.kind, mock, api_key=rotation.new_credential)
    try:
        assert (await fresh.get_credential_status())["api_key"].status == "active"
    finally:
        await close_admin(fresh)


async def test_history_pages_and_filters(admin: Admin) -> None:
    await admin.rotate_webhook_secret("one")
    await admin.rotate_client_secret("two")
    await admin.rotate_webhook_secret("three")
    page = await admin.list_credential_history(limit=2)
    assert (page.count, page.limit, page.offset) == (2, 2, 0)
    assert [e.credential_type for e in page.events] == ["webhook_secret", "client_secret"]
    rest = await admin.list_credential_history(limit=2, offset=2)
    assert [e.credential_type for e in rest.events] == ["webhook_secret"]
    only = await admin.list_credential_history(credential_type="client_secret")
    assert [e.action for e in only.events] == ["rotated"]
    assert only.events[0].created_at.tzinfo is not None
    with pytest.raises(ValueError, match="limit"):
        await admin.list_credential_history(limit=0)
    with pytest.raises(ValueError, match="credential_type"):
        await admin.list_credential_history(credential_type="password")


@pytest.mark.parametrize(
    ("args", "kwargs", "error"),
    [
        (("",), {}, ValueError),
        ((None,), {}, TypeError),
        (("ok",), {"grace_period_hours": 169}, ValueError),
        (("ok",), {"grace_period_hours": True}, TypeError),
        (("ok",), {"idempotency_key": "has space"}, ValueError),
        (("ok",), {"publish_to": "a/path"}, TypeError),
    ],
)
async def test_bad_arguments_fail_before_anything_is_sent(
    admin: Admin, mock: ContioMock, args: tuple[object, ...], kwargs: dict[str, object],
    error: type[Exception],
) -> None:  # fmt: skip
    with pytest.raises(error):
        await admin.rotate_client_secret(*args, **kwargs)
    assert mock.stats().get("rotateClientSecret", 0) == 0


async def test_an_answer_lost_after_the_rotation_is_retried_with_the_same_key(
    admin: Admin, mock: ContioMock
) -> None:
    """The rotation is done, then its connection drops: the retry sends the same
    Idempotency-Key, Contio replays its answer, and nothing is rotated twice."""
    mock.fault("rotateClientSecret", status=None, drop_connection=True, after=True)
    rotation = await admin.rotate_client_secret("confirm")
    assert mock.stats()["rotateClientSecret"] == 2
    assert len(history(mock, "client_secret")) == 1
    # The answer the client got is the one the first attempt made: its secret works.
    assert token_with(mock, rotation.new_credential) == 200
    [entry] = mock.running.state.admin.idempotency.entries.values()
    assert entry.response is not None


async def test_a_server_error_before_the_work_is_retried_with_the_same_key(
    admin: Admin, mock: ContioMock
) -> None:
    mock.fault("rotateApiKey", status=503)
    rotation = await admin.rotate_api_key("confirm")
    assert mock.stats()["rotateApiKey"] == 2
    assert len(history(mock, "api_key")) == 1
    assert rotation.new_credential.startswith("pk_live_")


async def test_no_retry_without_retries_left(mock: ContioMock) -> None:
    admin = await open_admin("sync", mock, max_retries=0)
    try:
        mock.fault("rotateClientSecret", status=None, drop_connection=True, after=True)
        with pytest.raises(ContioConnectionError):
            await admin.rotate_client_secret("confirm", idempotency_key="rotation-1")
        # Rotated once, answer lost; the operator retries with the same key: no second one.
        again = await admin.rotate_client_secret("confirm", idempotency_key="rotation-1")
        assert len(history(mock, "client_secret")) == 1
        assert token_with(mock, again.new_credential) == 200
    finally:
        await close_admin(admin)


async def test_a_repeat_in_flight_waits_for_the_first(mock: ContioMock) -> None:
    """Two calls with one key at once: the second hears 409 (in flight), waits its
    Retry-After, and gets the first one's answer; Contio rotated once."""
    first = await open_admin("async", mock)
    second = await open_admin("async", mock)
    try:
        mock.fault("rotateWebhookSecret", status=None, delay_ms=1500)
        slow = asyncio.ensure_future(first.rotate_webhook_secret("ok", idempotency_key="same"))
        await asyncio.sleep(0.5)
        quick = await second.rotate_webhook_secret("ok", idempotency_key="same")
        done = await slow
        assert quick.new_credential == done.new_credential
        assert len(history(mock, "webhook_secret")) == 1
        assert mock.stats()["rotateWebhookSecret"] >= 3  # first, the 409, the replay
    finally:
        await close_admin(first)
        await close_admin(second)


async def test_a_key_reused_for_another_request_is_refused(admin: Admin) -> None:
    await admin.rotate_webhook_secret("one", idempotency_key="k")
    with pytest.raises(BadRequestError) as caught:
        await admin.rotate_webhook_secret("two", idempotency_key="k")
    assert "different request" in caught.value.message


def test_the_api_key_never_shows_in_an_error(mock: ContioMock) -> None:
    from contio.admin import PartnerAdmin

    with PartnerAdmin(**mock.admin_kwargs()) as admin:
        mock.fault("getCredentialStatus", status=500, count=3)
        with pytest.raises(InternalServerError) as caught:
            admin.get_credential_status()
        text = str(caught.value) + repr(caught.value)
        assert mock.api_key not in text
        assert mock.api_key not in repr(admin)
