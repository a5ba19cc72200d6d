"""No secret ever shows, with hostile answers: bodies that echo the secrets sent, and bodies that
do not parse, leave none of them in a log line, an exception or its traceback, on every call.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx2
import pytest

from contio import (
    AuthTokens,
    ContioError,
    InvalidResponseError,
    OAuthClient,
    PartnerAuthVerification,
)
from contio.mock import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, DEMO_WORKSPACE_ID
from tests.facade.secrets_support import (
    EMAIL,
    NEVER_ISSUED_ACCESS,
    NEVER_ISSUED_REFRESH,
    Evidence,
    basic,
)

# -- hostile answers: bodies that echo secrets, bodies that do not parse -------------------------

STORED = AuthTokens(
    access_token="opaque-stored-access-token-7f3a9c",
    refresh_token="opaque-stored-refresh-token-2b8d1e",
    id_token="eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZGEifQ.c3RvcmVkLWlkLXRva2Vu",
)
ECHO = (
    f"{NEVER_ISSUED_ACCESS} {NEVER_ISSUED_REFRESH} {STORED.access_token} "
    f"{STORED.refresh_token} {STORED.id_token} {DEMO_CLIENT_SECRET} "
    f"Basic {basic(DEMO_CLIENT_ID, DEMO_CLIENT_SECRET)} Bearer {STORED.access_token}"
)


def hostile_answers() -> list[httpx2.Response | httpx2.TransportError]:
    """Answers of a misbehaving server, each carrying secrets where a message may pick them up."""
    token_fields = {
        "access_token": NEVER_ISSUED_ACCESS,
        "refresh_token": NEVER_ISSUED_REFRESH,
        "id_token": STORED.id_token,
        "token_type": "Bearer",
    }
    return [
        httpx2.Response(400, json={"error": "invalid_grant", "error_description": ECHO}),
        httpx2.Response(401, json={"error": ECHO, "error_description": ECHO, "request_id": "r1"}),
        httpx2.Response(409, json={"code": ECHO, "error": ECHO, "message": ECHO}),
        httpx2.Response(500, text=f"<html><pre>{ECHO}</pre></html>"),
        httpx2.Response(502, text=ECHO),
        httpx2.Response(200, text=f"<html>{ECHO}</html>"),
        httpx2.Response(200, json={**token_fields, "expires_in": ECHO}),
        httpx2.Response(200, json={**token_fields, "expires_in": 10**30}),
        httpx2.Response(200, json={**token_fields, "expires_in": 3600, "scope": 7}),
        httpx2.Response(200, json={"active": ECHO, "sub": NEVER_ISSUED_ACCESS}),
        httpx2.Response(200, json={"sub": 5, "email": ECHO}),
        httpx2.Response(200, json={"success": True, **token_fields, "expires_in": [ECHO]}),
        httpx2.Response(200, json=[ECHO]),
        httpx2.Response(204),
        httpx2.Response(302, headers={"Location": f"https://x/?token={NEVER_ISSUED_ACCESS}"}),
        httpx2.ConnectError(f"connect failed: {ECHO}"),
        httpx2.ReadError(f"read failed: {ECHO}"),
        httpx2.ReadTimeout(f"timed out: {ECHO}"),
    ]


SYNC_CALLS: list[Callable[[OAuthClient], object]] = [
    lambda c: c.exchange_code_for_token("code"),
    lambda c: c.refresh_access_token(),
    lambda c: c.refresh_access_token(NEVER_ISSUED_REFRESH),
    lambda c: c.get_client_credentials_token(),
    lambda c: c.revoke_token(NEVER_ISSUED_ACCESS),
    lambda c: c.introspect_token(NEVER_ISSUED_ACCESS),
    lambda c: c.get_user_info(),
    lambda c: c.get_available_scopes(),
    lambda c: c.check_consent(EMAIL),
    lambda c: c.initiate_partner_auth(EMAIL, workspace_id=DEMO_WORKSPACE_ID),
    lambda c: c.verify_partner_auth(EMAIL, "123456", "session"),
    lambda c: c.get_partner_info(),
]


def test_hostile_answers_leak_no_secret(
    evidence: Evidence, caplog: pytest.LogCaptureFixture
) -> None:
    ev = evidence
    ev.tokens(STORED)
    for value in ECHO.split():
        if value not in ("Basic", "Bearer"):
            ev.add_secret(value, "secret echoed by the server")
    for answer in hostile_answers():
        failures = 0

        def handler(request: httpx2.Request, answer: Any = answer) -> httpx2.Response:
            if isinstance(answer, Exception):
                raise answer
            return httpx2.Response(
                answer.status_code, headers=answer.headers, content=answer.content
            )

        http = httpx2.Client(transport=httpx2.MockTransport(handler))
        with OAuthClient(
            DEMO_CLIENT_ID,
            DEMO_CLIENT_SECRET,
            "https://app.example.com/callback",
            http_client=http,
            budget=False,  # hundreds of hostile answers: not the budget's test
            max_retries=0,
        ) as oauth:
            for call in SYNC_CALLS:
                oauth.set_tokens(STORED)
                try:
                    result = call(oauth)
                except ContioError as exc:
                    failures += 1
                    ev.error(exc)
                else:
                    # A result faithfully holds what the server said (a `sub` may look like
                    # anything); only the types that carry tokens must hide them.
                    if isinstance(result, (AuthTokens, PartnerAuthVerification)):
                        ev.show(result)
            ev.show(oauth)
        if isinstance(answer, Exception) or answer.status_code >= 400:
            assert failures == len(SYNC_CALLS), answer
        else:  # a success status with a body that does not fit: revoke ignores the body
            assert failures >= len(SYNC_CALLS) - 3, answer
    assert any("ContioTimeoutError" in where for where, _ in ev.texts)
    # And explicitly: a success status whose body does not fit is an InvalidResponseError.
    bad_body = {"access_token": NEVER_ISSUED_ACCESS, "token_type": "Bearer", "expires_in": ECHO}
    http = httpx2.Client(
        transport=httpx2.MockTransport(lambda _: httpx2.Response(200, json=bad_body))
    )
    with OAuthClient(
        DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, "https://app.example.com/cb", http_client=http
    ) as oauth:
        error = ev.expect(InvalidResponseError, lambda: oauth.exchange_code_for_token("code"))
        assert error.status_code == 200
        assert "expires_in" in str(error)
        assert oauth.tokens is None
    ev.logs(caplog)
    ev.assert_clean()
