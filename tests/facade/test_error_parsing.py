"""ContioAPIError.from_response: the error answer of each known shape (OAuth, general, partner)
and of none, the class by status, the request id, Retry-After in seconds or as an HTTP date, and
messages redacted of tokens and secrets.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import httpx2
import pytest

from contio import (
    AuthenticationError,
    BadRequestError,
    ConflictError,
    ContioAPIError,
    ContioError,
    InternalServerError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
)
from tests.facade.units_support import (
    BASIC,
    CLIENT_SECRET,
    ID_TOKEN,
    REFRESH,
    WORKSPACE_ID,
    Script,
    json_response,
    sync_client,
)

# -- ContioAPIError.from_response --------------------------------------------------------------


def error_response(
    status: int, content: bytes | str = b"", headers: Mapping[str, str] | None = None
) -> httpx2.Response:
    return httpx2.Response(
        status,
        content=content.encode() if isinstance(content, str) else content,
        headers=headers,
        request=httpx2.Request("POST", "https://auth.contio.ai/oauth2/token"),
    )


def test_error_from_the_oauth_shape() -> None:
    body = {"error": "invalid_grant", "error_description": "code expired", "request_id": "req_1"}
    error = ContioAPIError.from_response(error_response(400, json.dumps(body)))
    assert type(error) is BadRequestError
    assert (error.code, error.message, error.request_id) == (
        "invalid_grant",
        "code expired",
        "req_1",
    )
    assert error.status_code == 400
    assert error.response is not None
    assert error.response.status_code == 400
    assert str(error) == "[400 invalid_grant] code expired (request_id=req_1)"


def test_error_from_the_general_shape() -> None:
    body = {"code": "validation_error", "message": "email is invalid", "request_id": "req_2"}
    error = ContioAPIError.from_response(error_response(400, json.dumps(body)))
    assert type(error) is BadRequestError
    assert (error.code, error.message, error.request_id) == (
        "validation_error",
        "email is invalid",
        "req_2",
    )


def test_error_from_the_partner_shape() -> None:
    body = {
        "code": "workspace_conflict",
        "error": "user already belongs to another workspace",
        "message": "user already belongs to another workspace",
        "request_id": "req_3",
        "workspace_id": WORKSPACE_ID,
    }
    error = ContioAPIError.from_response(error_response(409, json.dumps(body)))
    assert type(error) is ConflictError
    assert error.code == "workspace_conflict"
    assert error.message == "user already belongs to another workspace"
    assert error.workspace_id == WORKSPACE_ID
    assert error.request_id == "req_3"
    # Without the deprecated `message`, the partner shape's `error` is the message.
    del body["message"]
    body["code"] = "workspace_not_found"
    error = ContioAPIError.from_response(error_response(404, json.dumps(body)))
    assert type(error) is NotFoundError
    assert (error.code, error.message) == (
        "workspace_not_found",
        "user already belongs to another workspace",
    )


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        ("<html><body><h1>502 Bad Gateway</h1></body></html>", "non-JSON"),
        ("", "no body"),
        ('{"error": "invalid_gr', "non-JSON"),
        (b"\xff\xfe\x00garbage", "non-JSON"),
        ("[" * 100_000, "non-JSON"),
        ('["invalid_grant", "expired"]', "unrecognised JSON"),
        ('{"status": "down", "detail": {"x": 1}}', "unrecognised JSON"),
        ('{"error": 5, "error_description": ["x"], "code": null}', "unrecognised JSON"),
        ("null", "body"),  # valid JSON, labelled non-JSON: only the wording is at stake
    ],
    ids=["html", "empty", "truncated", "binary", "deep", "list", "unknown", "wrong-types", "null"],
)
def test_error_from_bodies_of_no_known_shape(content: str | bytes, kind: str) -> None:
    error = ContioAPIError.from_response(error_response(502, content))
    assert type(error) is InternalServerError
    assert error.code is None
    assert error.status_code == 502
    assert kind in error.message
    assert "502" in error.message
    assert len(str(error)) < 700


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (400, BadRequestError),
        (401, AuthenticationError),
        (403, PermissionDeniedError),
        (404, NotFoundError),
        (409, ConflictError),
        (429, RateLimitError),
        (500, InternalServerError),
        (502, InternalServerError),
        (503, InternalServerError),
        (504, InternalServerError),
        (599, InternalServerError),
        (418, ContioAPIError),
        (422, ContioAPIError),
    ],
)
def test_error_class_by_status(status: int, expected: type[ContioAPIError]) -> None:
    body = json.dumps({"error": "some_code", "error_description": "what happened"})
    error = ContioAPIError.from_response(error_response(status, body))
    assert type(error) is expected
    assert isinstance(error, ContioAPIError)
    assert isinstance(error, ContioError)
    assert error.code == "some_code"


def test_request_id_from_body_or_header() -> None:
    headers = {"X-Request-Id": "req_header"}
    from_header = ContioAPIError.from_response(
        error_response(400, '{"error": "invalid_request"}', headers)
    )
    assert from_header.request_id == "req_header"
    from_body = ContioAPIError.from_response(
        error_response(400, '{"error": "invalid_request", "request_id": "req_body"}', headers)
    )
    assert from_body.request_id == "req_body"
    neither = ContioAPIError.from_response(error_response(400, "oops"))
    assert neither.request_id is None


def test_retry_after_seconds_and_http_date() -> None:
    def retry_after(value: str) -> float | None:
        response = error_response(429, '{"error": "rate_limit_exceeded"}', {"Retry-After": value})
        return ContioAPIError.from_response(response).retry_after

    assert retry_after("120") == 120.0
    assert retry_after("0") == 0.0
    in_two_minutes = datetime.now(UTC) + timedelta(seconds=120)
    seconds = retry_after(format_datetime(in_two_minutes, usegmt=True))
    assert seconds is not None
    assert 100 < seconds <= 121
    assert retry_after("Sun, 06 Nov 1994 08:49:37 GMT") == 0.0  # in the past: retry now
    assert retry_after("soon") is None
    assert retry_after("nan") is None
    no_header = ContioAPIError.from_response(error_response(429, "{}"))
    assert no_header.retry_after is None


def test_error_messages_redact_tokens_and_secrets() -> None:
    body = {
        "error": "invalid_grant",
        "error_description": f"refresh token {REFRESH} for {CLIENT_SECRET} / {ID_TOKEN} "
        f"with {BASIC} is bad",
    }
    error = ContioAPIError.from_response(error_response(400, json.dumps(body)), CLIENT_SECRET)
    for text in (str(error), repr(error), error.message):
        for secret in (REFRESH, CLIENT_SECRET, ID_TOKEN, BASIC.split()[1]):
            assert secret not in text


def test_except_contio_api_error_catches_every_error_answer() -> None:
    for status in (400, 401, 403, 404, 409, 418, 429, 500, 503):
        handler = Script(json_response(status, {"error": "e", "error_description": "d"}))
        with sync_client(handler, max_retries=0) as oauth:
            caught: ContioAPIError | None = None
            try:
                oauth.get_available_scopes()
            except ContioAPIError as error:
                caught = error
        assert caught is not None, f"no ContioAPIError for {status}"
        assert caught.status_code == status
