"""Error answers, retries and transport failures, for both clients against the live mock.

Every test runs twice, with OAuthClient and with AsyncOAuthClient (`make_client` /
`any_client`). Faults set `retry_after=0` where a retry is expected, so that the suite does
not sleep through the client's backoff.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx2
import pytest

from contio import (
    AuthenticationError,
    ConflictError,
    ContioAPIError,
    ContioConnectionError,
    ContioTimeoutError,
    InternalServerError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
)
from contio.mock import (
    DEMO_WORKSPACE_ID,
    EXISTING_USER_EMAIL,
    EXISTING_USER_WORKSPACE_ID,
    OTHER_WORKSPACE_ID,
    UNKNOWN_WORKSPACE_ID,
)
from contio.testing import ContioMock
from tests.facade.conftest import (
    AnyClient,
    ClientFactory,
    closed_port_url,
    count,
    resolve,
    sign_in_any,
)

Call = Callable[[AnyClient], Any]  # a call on either client: a result or a coroutine

NEW_USER = "new.user@example.com"

# -- error answers --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("email", "workspace_id", "error", "status", "code"),
    [
        (NEW_USER, UNKNOWN_WORKSPACE_ID, NotFoundError, 404, "workspace_not_found"),
        (NEW_USER, OTHER_WORKSPACE_ID, PermissionDeniedError, 403, "workspace_not_authorized"),
        (EXISTING_USER_EMAIL, DEMO_WORKSPACE_ID, ConflictError, 409, "workspace_conflict"),
    ],
    ids=["not_found", "not_authorized", "conflict"],
)
async def test_workspace_errors_of_initiate_partner_auth(
    any_client: AnyClient,
    mock: ContioMock,
    email: str,
    workspace_id: str,
    error: type[ContioAPIError],
    status: int,
    code: str,
) -> None:
    with pytest.raises(ContioAPIError) as caught:
        await resolve(any_client.initiate_partner_auth(email, workspace_id=workspace_id))
    exc = caught.value
    assert type(exc) is error
    assert exc.code == code
    assert exc.status_code == status
    assert exc.message
    assert exc.request_id is not None
    assert exc.response is not None
    assert exc.request_id == exc.response.headers["x-request-id"]
    # Only the conflict names the user's current workspace.
    expected = EXISTING_USER_WORKSPACE_ID if error is ConflictError else None
    assert exc.workspace_id == expected
    assert count(mock, "initiatePartnerAuth") == 1  # a 4xx is never retried
    assert mock.outbox() == []  # and no code was sent


BAD_INPUT: dict[str, tuple[Call, str]] = {
    "workspace_id-not-a-UUID": (
        lambda c: c.initiate_partner_auth(NEW_USER, workspace_id="ws-1"),
        "workspace_id must be a UUID",
    ),
    "workspace_id-cut-short": (
        lambda c: c.initiate_partner_auth(NEW_USER, workspace_id=DEMO_WORKSPACE_ID[:-1]),
        "workspace_id must be a UUID",
    ),
    "email-empty": (lambda c: c.initiate_partner_auth(""), "email"),
    "email-not-an-address": (lambda c: c.check_consent("ada"), "email"),
    "code-empty": (lambda c: c.exchange_code_for_token(""), "code"),
    "unknown-token_type": (
        lambda c: c.revoke_token(
            "cto_at_v1_x",
            "id_token",  # type: ignore[arg-type]
        ),
        "token_type",
    ),
    "scope-with-a-space": (
        lambda c: c.get_client_credentials_token(["meetings:read openid"]),
        "scope",
    ),
    "verify-code-blank": (lambda c: c.verify_partner_auth(NEW_USER, "  ", "s"), "code"),
}


@pytest.mark.parametrize(("call", "names"), BAD_INPUT.values(), ids=BAD_INPUT.keys())
async def test_bad_input_raises_value_error_before_any_request(
    any_client: AnyClient, mock: ContioMock, call: Call, names: str
) -> None:
    with pytest.raises(ValueError, match=names):  # the message names what is wrong
        await resolve(call(any_client))
    assert mock.stats() == {}


CLIENT_AUTHENTICATED: dict[str, tuple[str, Call]] = {
    "exchange_code_for_token": ("exchangeOauthToken", lambda c: c.exchange_code_for_token("x")),
    "refresh_access_token": ("exchangeOauthToken", lambda c: c.refresh_access_token("x")),
    "get_client_credentials_token": (
        "exchangeOauthToken",
        lambda c: c.get_client_credentials_token(),
    ),
    "revoke_token": ("revokeOauthToken", lambda c: c.revoke_token("cto_at_v1_x")),
    "introspect_token": ("introspectOauthToken", lambda c: c.introspect_token("cto_at_v1_x")),
    "get_available_scopes": ("listOauthScopes", lambda c: c.get_available_scopes()),
    "check_consent": ("checkOauthConsent", lambda c: c.check_consent(NEW_USER)),
    "initiate_partner_auth": ("initiatePartnerAuth", lambda c: c.initiate_partner_auth(NEW_USER)),
    "verify_partner_auth": (
        "verifyPartnerAuth",
        lambda c: c.verify_partner_auth(NEW_USER, "123456", "session"),
    ),
}


@pytest.mark.parametrize(
    ("operation", "call"), CLIENT_AUTHENTICATED.values(), ids=CLIENT_AUTHENTICATED.keys()
)
async def test_wrong_client_secret_is_invalid_client(
    make_client: ClientFactory, mock: ContioMock, operation: str, call: Call
) -> None:
    client = make_client(client_secret="not-the-secret")
    with pytest.raises(AuthenticationError) as caught:
        await resolve(call(client))
    assert caught.value.code == "invalid_client"
    assert caught.value.status_code == 401
    assert count(mock, operation) == 1
    # Public partner info takes no client authentication at all.
    assert (await resolve(client.get_partner_info())).client_id == mock.client_id


# -- 429 ------------------------------------------------------------------------------------


async def test_429_is_retried_then_succeeds(any_client: AnyClient, mock: ContioMock) -> None:
    mock.fault("introspectOauthToken", status=429, count=1, retry_after=0)
    result = await resolve(any_client.introspect_token("cto_at_v1_unknown"))
    assert result.active is False
    assert count(mock, "introspectOauthToken") == 2


async def test_429_beyond_max_retries_is_rate_limit_error(
    make_client: ClientFactory, mock: ContioMock
) -> None:
    client = make_client(max_retries=2)
    mock.fault("introspectOauthToken", status=429, count=3, retry_after=0)
    with pytest.raises(RateLimitError) as caught:
        await resolve(client.introspect_token("cto_at_v1_unknown"))
    assert caught.value.code == "rate_limit_exceeded"
    assert caught.value.status_code == 429
    assert caught.value.retry_after == 0
    assert count(mock, "introspectOauthToken") == 3  # the call and two retries


async def test_rate_limit_error_carries_retry_after(
    make_client: ClientFactory, mock: ContioMock
) -> None:
    client = make_client(max_retries=0)
    mock.fault("listOauthScopes", status=429, retry_after=7)
    with pytest.raises(RateLimitError) as caught:
        await resolve(client.get_available_scopes())
    assert caught.value.retry_after == 7
    assert count(mock, "listOauthScopes") == 1


async def test_a_retry_after_too_long_to_wait_is_not_slept_through(
    any_client: AnyClient, mock: ContioMock
) -> None:
    mock.fault("listOauthScopes", status=429, count=3, retry_after=3600)
    with pytest.raises(RateLimitError) as caught:
        await resolve(any_client.get_available_scopes())
    assert caught.value.retry_after == 3600  # the caller decides whether to wait an hour
    assert count(mock, "listOauthScopes") == 1


# -- 5xx ------------------------------------------------------------------------------------

IDEMPOTENT: dict[str, tuple[str, Call]] = {
    "introspect_token": ("introspectOauthToken", lambda c: c.introspect_token("cto_at_v1_x")),
    "revoke_token": ("revokeOauthToken", lambda c: c.revoke_token("cto_at_v1_x")),
    "get_available_scopes": ("listOauthScopes", lambda c: c.get_available_scopes()),
    "check_consent": ("checkOauthConsent", lambda c: c.check_consent(NEW_USER)),
    "get_partner_info": ("getPublicPartnerInfo", lambda c: c.get_partner_info()),
    "get_user_info": ("getOauthUserInfo", lambda c: c.get_user_info()),
}


@pytest.mark.parametrize(("operation", "call"), IDEMPOTENT.values(), ids=IDEMPOTENT.keys())
async def test_503_is_retried_then_succeeds(
    make_client: ClientFactory, mock: ContioMock, operation: str, call: Call
) -> None:
    client = make_client(max_retries=2)
    if operation == "getOauthUserInfo":
        await sign_in_any(client, mock)
    mock.fault(operation, status=503, count=2, retry_after=0)
    await resolve(call(client))
    assert count(mock, operation) == 3


async def test_503_without_retry_after_is_retried_after_a_backoff(
    make_client: ClientFactory, mock: ContioMock
) -> None:
    client = make_client(max_retries=1)
    mock.fault("listOauthScopes", status=503, count=1)  # no Retry-After: jittered backoff
    assert await resolve(client.get_available_scopes())
    assert count(mock, "listOauthScopes") == 2


@pytest.mark.parametrize("status", [502, 504])
async def test_other_gateway_errors_are_retried(
    any_client: AnyClient, mock: ContioMock, status: int
) -> None:
    mock.fault("listOauthScopes", status=status, count=1, retry_after=0)
    assert await resolve(any_client.get_available_scopes())
    assert count(mock, "listOauthScopes") == 2


async def test_500_is_not_retried(any_client: AnyClient, mock: ContioMock) -> None:
    mock.fault("listOauthScopes", status=500, count=1, retry_after=0)
    with pytest.raises(InternalServerError) as caught:
        await resolve(any_client.get_available_scopes())
    assert caught.value.status_code == 500
    assert count(mock, "listOauthScopes") == 1


async def test_503_beyond_max_retries_is_internal_server_error(
    make_client: ClientFactory, mock: ContioMock
) -> None:
    client = make_client(max_retries=2)
    mock.fault("introspectOauthToken", status=503, count=3, retry_after=0)
    with pytest.raises(InternalServerError) as caught:
        await resolve(client.introspect_token("cto_at_v1_x"))
    assert caught.value.status_code == 503
    assert caught.value.code == "service_unavailable"
    assert count(mock, "introspectOauthToken") == 3


NOT_REPEATABLE: dict[str, tuple[str, Call]] = {
    "exchange_code_for_token": ("exchangeOauthToken", lambda c: c.exchange_code_for_token("x")),
    "refresh_access_token": (
        "exchangeOauthToken",
        lambda c: c.refresh_access_token("cto_rt_v1_x"),
    ),
    "initiate_partner_auth": ("initiatePartnerAuth", lambda c: c.initiate_partner_auth(NEW_USER)),
    "verify_partner_auth": (
        "verifyPartnerAuth",
        lambda c: c.verify_partner_auth(NEW_USER, "123456", "session"),
    ),
}


@pytest.mark.parametrize(("operation", "call"), NOT_REPEATABLE.values(), ids=NOT_REPEATABLE.keys())
async def test_503_is_not_retried_for_calls_that_are_not_safe_to_repeat(
    make_client: ClientFactory, mock: ContioMock, operation: str, call: Call
) -> None:
    client = make_client(max_retries=2)
    mock.fault(operation, status=503, count=1, retry_after=0)
    with pytest.raises(InternalServerError) as caught:
        await resolve(call(client))
    assert caught.value.status_code == 503
    assert count(mock, operation) == 1


# -- transport failures ---------------------------------------------------------------------


async def test_dropped_connection_is_retried_for_an_idempotent_call(
    any_client: AnyClient, mock: ContioMock
) -> None:
    mock.fault("introspectOauthToken", status=None, drop_connection=True)
    result = await resolve(any_client.introspect_token("cto_at_v1_x"))
    assert result.active is False
    assert count(mock, "introspectOauthToken") == 2


@pytest.mark.parametrize(("operation", "call"), NOT_REPEATABLE.values(), ids=NOT_REPEATABLE.keys())
async def test_dropped_connection_is_not_retried_for_calls_that_are_not_safe_to_repeat(
    make_client: ClientFactory, mock: ContioMock, operation: str, call: Call
) -> None:
    client = make_client(max_retries=2)
    mock.fault(operation, status=None, drop_connection=True)
    with pytest.raises(ContioConnectionError) as caught:
        await resolve(call(client))
    assert type(caught.value) is ContioConnectionError  # not a timeout
    assert count(mock, operation) == 1  # it may have reached the server: not repeated


async def test_connection_refused_is_a_connection_error(make_client: ClientFactory) -> None:
    client = make_client(base_url=closed_port_url(), max_retries=0)
    with pytest.raises(ContioConnectionError) as caught:
        await resolve(client.get_available_scopes())
    assert type(caught.value) is ContioConnectionError
    assert "listOauthScopes" in str(caught.value)


async def test_a_connection_that_never_opened_is_retried_even_for_a_code_exchange(
    make_client: ClientFactory,
) -> None:
    attempts: list[httpx2.Request] = []
    http: httpx2.Client | httpx2.AsyncClient
    if make_client.kind == "sync":
        http = httpx2.Client(event_hooks={"request": [attempts.append]})
    else:

        async def record(request: httpx2.Request) -> None:
            attempts.append(request)

        http = httpx2.AsyncClient(event_hooks={"request": [record]})
    client = make_client(base_url=closed_port_url(), max_retries=1, http_client=http)
    with pytest.raises(ContioConnectionError):
        await resolve(client.exchange_code_for_token("code"))
    if isinstance(http, httpx2.Client):
        http.close()
    else:
        await http.aclose()
    # Refused before a byte was sent, so even a non-repeatable call may go again.
    assert [request.url.path for request in attempts] == ["/oauth2/token"] * 2


async def test_a_slow_answer_is_a_timeout_error(
    make_client: ClientFactory, mock: ContioMock
) -> None:
    client = make_client(timeout=0.5, max_retries=0)
    mock.fault("listOauthScopes", status=503, delay_ms=5_000)
    with pytest.raises(ContioTimeoutError) as caught:
        await resolve(client.get_available_scopes())
    assert isinstance(caught.value, ContioConnectionError)
    assert count(mock, "listOauthScopes") == 1


async def test_a_timeout_is_retried_for_an_idempotent_call_only(
    make_client: ClientFactory, mock: ContioMock
) -> None:
    client = make_client(timeout=0.5, max_retries=1)
    # The faults answer 503 only after the delay, without reaching the handlers.
    mock.fault("introspectOauthToken", status=503, delay_ms=5_000)
    assert (await resolve(client.introspect_token("cto_at_v1_x"))).active is False
    assert count(mock, "introspectOauthToken") == 2

    mock.fault("exchangeOauthToken", status=503, delay_ms=5_000)
    with pytest.raises(ContioTimeoutError):
        await resolve(client.exchange_code_for_token("code"))
    assert count(mock, "exchangeOauthToken") == 1
