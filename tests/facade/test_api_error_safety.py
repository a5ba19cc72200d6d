"""ContioAPIError pickles, and request secrets (codes, verifiers, sessions, tokens given as
arguments) never show in an error's str or repr, whether the server echoes them in a 400 or
the transport fails, nor in their form-encoded spelling.
"""

from __future__ import annotations

import base64
import pickle
from collections.abc import Awaitable, Callable
from urllib.parse import quote, quote_plus

import httpx2
import pytest

from contio import (
    AsyncOAuthClient,
    BadRequestError,
    ConflictError,
    ContioAPIError,
    ContioConnectionError,
    ContioError,
    OAuthClient,
    RateLimitError,
)

# -- 6. ContioAPIError pickles ----------------------------------------------------------------


def api_errors() -> list[ContioAPIError]:
    request = httpx2.Request("POST", "https://contio.test/oauth2/token")
    conflict = httpx2.Response(
        409,
        json={
            "code": "workspace_conflict",
            "error": "the user already belongs to a workspace",
            "workspace_id": "3f1e2d4c-5b6a-4789-8abc-def012345678",
        },
        headers={"x-request-id": "req-409"},
        request=request,
    )
    return [
        BadRequestError(
            "refresh token already used",
            code="invalid_grant",
            status_code=400,
            request_id="req-400",
        ),
        ConflictError.from_response(conflict),
        RateLimitError(
            "rate limit exceeded",
            code="rate_limit_exceeded",
            status_code=429,
            response=httpx2.Response(429, request=request),
            request_id="req-429",
            retry_after=7.5,
        ),
    ]


@pytest.mark.parametrize("error", api_errors(), ids=lambda error: type(error).__name__)
def test_api_errors_survive_a_pickle_round_trip(error: ContioAPIError) -> None:
    copy = pickle.loads(pickle.dumps(error))  # noqa: S301 - our own bytes
    assert type(copy) is type(error)
    assert isinstance(copy, ContioAPIError)
    for field in ("message", "code", "status_code", "request_id", "retry_after", "workspace_id"):
        assert getattr(copy, field) == getattr(error, field), field
    assert copy.response is None
    assert str(copy) == str(error)
    assert copy.args == error.args


def test_pickled_error_fields_are_the_ones_given() -> None:
    bad, conflict, limited = (pickle.loads(pickle.dumps(e)) for e in api_errors())  # noqa: S301
    assert (bad.code, bad.status_code, bad.request_id) == ("invalid_grant", 400, "req-400")
    assert conflict.workspace_id == "3f1e2d4c-5b6a-4789-8abc-def012345678"
    assert (conflict.code, conflict.request_id) == ("workspace_conflict", "req-409")
    assert conflict.message == "the user already belongs to a workspace"
    assert (limited.retry_after, limited.status_code) == (7.5, 429)


# -- 7. request secrets never show in an error ------------------------------------------------

CLIENT_SECRET = "client-SECRET-value-9871"
EXPLICIT_SECRETS = {
    "code": "ac_SECRETCODE123",
    "verifier": "pkce-VERIFIER-SECRET-0123456789-abcdefghijklmnopq",
    "access": "opaque-explicit-token-xyz",
    "one_time": "938271",
    "session": "ses_SECRET_SESSION",
    "refresh": "explicit-refresh-abc123",
}
EMAIL = "grace@example.com"


def echoed(request: httpx2.Request) -> str:
    """What a hostile server repeats back: the request's credentials and its whole body."""
    authorization = request.headers.get("authorization", "")
    scheme, _, credential = authorization.partition(" ")
    decoded = ""
    if scheme.lower() == "basic":
        decoded = base64.b64decode(credential).decode()
    return f"cred={credential} basic={decoded} body={request.content.decode()}"


def echo_server(request: httpx2.Request) -> httpx2.Response:
    return httpx2.Response(
        400, json={"error": "invalid_request", "error_description": echoed(request)}
    )


def refusing_server(request: httpx2.Request) -> httpx2.Response:
    raise httpx2.ConnectError(
        f"refused after reading {request.content!r} with {echoed(request)}", request=request
    )


def hostile_client(handler: Callable[[httpx2.Request], httpx2.Response]) -> OAuthClient:
    return OAuthClient(
        "hostile-client",
        CLIENT_SECRET,
        "https://app.example.com/callback",
        base_url="https://contio.test",
        http_client=httpx2.Client(transport=httpx2.MockTransport(handler)),
        max_retries=0,
    )


def hostile_async_client(handler: Callable[[httpx2.Request], httpx2.Response]) -> AsyncOAuthClient:
    return AsyncOAuthClient(
        "hostile-client",
        CLIENT_SECRET,
        "https://app.example.com/callback",
        base_url="https://contio.test",
        http_client=httpx2.AsyncClient(transport=httpx2.MockTransport(handler)),
        max_retries=0,
    )


def sync_calls(oauth: OAuthClient) -> dict[str, Callable[[], object]]:
    s = EXPLICIT_SECRETS
    return {
        "exchange_code_for_token": lambda: oauth.exchange_code_for_token(
            s["code"], code_verifier=s["verifier"]
        ),
        "get_user_info": lambda: oauth.get_user_info(s["access"]),
        "verify_partner_auth": lambda: oauth.verify_partner_auth(
            EMAIL, s["one_time"], session=s["session"]
        ),
        "refresh_access_token": lambda: oauth.refresh_access_token(s["refresh"]),
    }


def async_calls(aoauth: AsyncOAuthClient) -> dict[str, Callable[[], Awaitable[object]]]:
    s = EXPLICIT_SECRETS
    return {
        "exchange_code_for_token": lambda: aoauth.exchange_code_for_token(
            s["code"], code_verifier=s["verifier"]
        ),
        "get_user_info": lambda: aoauth.get_user_info(s["access"]),
        "verify_partner_auth": lambda: aoauth.verify_partner_auth(
            EMAIL, s["one_time"], session=s["session"]
        ),
        "refresh_access_token": lambda: aoauth.refresh_access_token(s["refresh"]),
    }


def assert_no_secret(error: BaseException, call: str) -> None:
    text = f"{error}\n{error!r}"
    for name, secret in [*EXPLICIT_SECRETS.items(), ("client_secret", CLIENT_SECRET)]:
        assert secret not in text, f"{call}: the {name} shows in {text!r}"
    # The echo did reach the message (not cut off before the secrets): it was redacted.
    assert "[redacted]" in text, text
    assert "body=" in text, text


SERVERS = {"echoing 400": echo_server, "transport failure": refusing_server}


@pytest.mark.parametrize("server", sorted(SERVERS))
def test_request_secrets_never_show_in_an_error(server: str) -> None:
    expected = BadRequestError if server == "echoing 400" else ContioConnectionError
    with hostile_client(SERVERS[server]) as oauth:
        for call, work in sync_calls(oauth).items():
            with pytest.raises(ContioError) as info:
                work()
            assert isinstance(info.value, expected), (call, info.value)
            assert_no_secret(info.value, call)


@pytest.mark.parametrize("server", sorted(SERVERS))
async def test_async_request_secrets_never_show_in_an_error(server: str) -> None:
    expected = BadRequestError if server == "echoing 400" else ContioConnectionError
    async with hostile_async_client(SERVERS[server]) as aoauth:
        for call, work in async_calls(aoauth).items():
            with pytest.raises(ContioError) as info:
                await work()
            assert isinstance(info.value, expected), (call, info.value)
            assert_no_secret(info.value, call)


def test_secrets_are_redacted_as_sent_too() -> None:
    """A secret with characters that form encoding escapes is redacted in both spellings."""

    def echo(request: httpx2.Request) -> httpx2.Response:
        return httpx2.Response(
            400, json={"error": "invalid_grant", "error_description": request.content.decode()}
        )

    secret = "rt/with+base64=chars"
    http = httpx2.Client(transport=httpx2.MockTransport(echo))
    with (
        http,
        OAuthClient(
            "client", "s3cret-client", "https://app.example.com/cb", http_client=http
        ) as oauth,
        pytest.raises(BadRequestError) as bad,
    ):
        oauth.refresh_access_token(secret)
    text = str(bad.value) + repr(bad.value)
    assert "refresh_token=" in text  # the echo came through, minus the secret
    for spelling in (secret, quote_plus(secret), quote(secret, safe="")):
        assert spelling not in text
