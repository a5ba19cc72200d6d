"""Hypothesis, every facade method on both clients: whatever a server answers (any status, any
body, any headers), each returns a well-typed result or raises a `ContioError`; nothing else
escapes. Answers that once broke the facade are always tried, and valid bodies give results.

Answers come from an `httpx2.MockTransport`, so the examples are quick and need no server;
`derandomize=True` makes every run try the same examples.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

import httpx2
from hypothesis import example, given

from contio import AsyncOAuthClient, ContioError, OAuthClient
from tests.facade.fuzz_support import (
    EMAIL,
    EXPIRED,
    FUZZ,
    NOW,
    VALID_BODIES,
    WORKSPACE_ID,
    Answer,
    answers,
    check_outcome,
    check_result,
    dumps,
    mostly_shaped,
)

# -- the calls -----------------------------------------------------------------------------------

NAMES = [
    "exchange_code_for_token",
    "refresh_access_token",
    "refresh_access_token",  # the stored refresh token, single-flight
    "get_client_credentials_token",
    "revoke_token",
    "introspect_token",
    "get_user_info",
    "get_available_scopes",
    "check_consent",
    "initiate_partner_auth",
    "verify_partner_auth",
    "get_partner_info",
    "get_valid_access_token",
    "auth",
]
ARGS: list[tuple[tuple[Any, ...], dict[str, Any]]] = [
    (("code-1",), {"code_verifier": "v" * 43}),
    (("cto_rt_v1_given",), {}),
    ((), {}),
    ((["meetings:read"],), {}),
    (("cto_at_v1_expired-access",), {}),
    (("cto_at_v1_expired-access",), {}),
    (("cto_at_v1_given-access",), {}),  # the stored one would be refreshed first
    ((), {}),
    ((EMAIL,), {}),
    ((EMAIL, "Ada"), {"workspace_id": WORKSPACE_ID, "is_admin": True}),
    ((EMAIL, "123456", "sess-1"), {}),
    ((), {}),
    ((), {}),
    ((), {}),
]
API_URL = "https://api.contio.ai/v1/meetings"


def sync_outcomes(answer: Answer) -> None:
    http = httpx2.Client(transport=httpx2.MockTransport(answer.response))
    with OAuthClient(
        "demo-client",
        "demo-secret",
        "https://app.example.com/callback",
        http_client=http,
        max_retries=0,
        clock=lambda: NOW,
        budget=False,  # hundreds of answers parsed: not the budget's test
    ) as client:
        for name, (args, kwargs) in zip(NAMES, ARGS, strict=True):
            client.set_tokens(EXPIRED)
            error: ContioError | None = None
            try:
                if name == "auth":
                    result: object = http.get(API_URL, auth=client.auth)
                else:
                    result = getattr(client, name)(*args, **kwargs)
            except ContioError as exc:
                error = exc
            else:
                check_result(name, result, client)
            check_outcome(name, answer, error)


async def async_outcomes(answer: Answer) -> None:
    http = httpx2.AsyncClient(transport=httpx2.MockTransport(answer.response))
    async with AsyncOAuthClient(
        "demo-client",
        "demo-secret",
        "https://app.example.com/callback",
        http_client=http,
        max_retries=0,
        clock=lambda: NOW,
        budget=False,  # hundreds of answers parsed: not the budget's test
    ) as client:
        for name, (args, kwargs) in zip(NAMES, ARGS, strict=True):
            client.set_tokens(EXPIRED)
            error: ContioError | None = None
            try:
                if name == "auth":
                    result: object = await http.get(API_URL, auth=client.auth)
                else:
                    call: Callable[..., Awaitable[object]] = getattr(client, name)
                    result = await call(*args, **kwargs)
            except ContioError as exc:
                error = exc
            else:
                check_result(name, result, client)
            check_outcome(name, answer, error)
    await http.aclose()


#: Answers that once broke the facade: always tried, whatever Hypothesis draws.
REGRESSIONS = [
    Answer(200, b"[" * 100_000, {}),  # RecursionError from the JSON decoder
    Answer(503, b"[" * 100_000, {}),
    Answer(200, dumps({**VALID_BODIES[0], "expires_in": 10**30}), {}),  # OverflowError
    Answer(200, dumps({**VALID_BODIES[0], "expires_in": -(10**12)}), {}),
    Answer(200, dumps({**VALID_BODIES[6], "expires_in": 10**12}), {}),
    Answer(200, dumps({**VALID_BODIES[0], "access_token": ""}), {}),  # stored, never loadable
]


def with_regressions(test: Callable[[Answer], None]) -> Callable[..., None]:
    for answer in REGRESSIONS:
        test = example(answer=answer)(test)
    return test


@FUZZ
@given(answer=answers)
@with_regressions
def test_sync_client_raises_only_contio_errors(answer: Answer) -> None:
    sync_outcomes(answer)


@FUZZ
@given(answer=answers)
@with_regressions
def test_async_client_raises_only_contio_errors(answer: Answer) -> None:
    asyncio.run(async_outcomes(answer))


@FUZZ
@given(answer=mostly_shaped)
def test_sync_client_parses_almost_valid_bodies(answer: Answer) -> None:
    sync_outcomes(answer)


@FUZZ
@given(answer=mostly_shaped)
def test_async_client_parses_almost_valid_bodies(answer: Answer) -> None:
    asyncio.run(async_outcomes(answer))


def test_valid_bodies_give_results() -> None:
    """The oracle's other side: a valid body for an operation is accepted by it."""
    by_name = {
        "exchange_code_for_token": 0,
        "introspect_token": 1,
        "get_user_info": 2,
        "get_available_scopes": 3,
        "check_consent": 4,
        "initiate_partner_auth": 5,
        "verify_partner_auth": 6,
        "get_partner_info": 7,
    }
    for name, index in by_name.items():
        answer = Answer(200, dumps(VALID_BODIES[index]), {})
        http = httpx2.Client(transport=httpx2.MockTransport(answer.response))
        with OAuthClient("c", "s", "https://app/cb", http_client=http, clock=lambda: NOW) as client:
            client.set_tokens(EXPIRED)
            args, kwargs = ARGS[NAMES.index(name)]
            result = getattr(client, name)(*args, **kwargs)
            check_result(name, result, client)
            if name != "exchange_code_for_token" and name != "get_available_scopes":
                assert not result.extra, (name, result.extra)  # every field was understood
