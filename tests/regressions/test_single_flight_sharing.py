"""What single-flight refresh shares between callers (contio/_core/state.py): an attempt's
error goes to every waiter whose ticket has the same epoch, whatever refresh token that
attempt used; and a stored error is raised again, the same object, to every later caller.
"""

from __future__ import annotations

import asyncio
import threading
import time
import traceback

from contio import AsyncOAuthClient, BadRequestError, OAuthClient
from contio.testing import ContioMock
from tests.facade.conftest import ACCESS_TOKEN_LIFETIME, REFRESHES, count

#: A refresh token of an old session the app still had somewhere: the server refuses it.
STALE = "cto_rt_v1_AnOldRefreshTokenOfAnotherSession0123"


def wait_for_token_requests(mock: ContioMock, n: int) -> None:
    end = time.monotonic() + 10
    while count(mock, "exchangeOauthToken") < n:
        assert time.monotonic() < end, "the refresh never reached the mock"
        time.sleep(0.01)


def test_a_refused_refresh_of_an_explicit_token_is_not_another_waiters_answer(
    contio_mock: ContioMock,
) -> None:
    mock = contio_mock
    with OAuthClient(**mock.client_kwargs()) as oauth:
        mock.sign_in(oauth)
        mock.advance(ACCESS_TOKEN_LIFETIME + 1)  # the stored tokens need a refresh
        mock.fault("exchangeOauthToken", status=None, delay_ms=800)
        outcome: dict[str, object] = {}

        def explicit() -> None:
            try:
                outcome["explicit"] = oauth.refresh_access_token(STALE)
            except Exception as exc:
                outcome["explicit"] = exc

        def automatic() -> None:
            try:
                outcome["automatic"] = oauth.get_valid_access_token()
            except Exception as exc:
                outcome["automatic"] = exc

        first = threading.Thread(target=explicit)
        first.start()
        wait_for_token_requests(mock, 2)  # the stale token's refresh is on the wire
        second = threading.Thread(target=automatic)
        second.start()
        first.join(timeout=30)
        second.join(timeout=30)
        refused = outcome["explicit"]
        assert isinstance(refused, BadRequestError)
        assert refused.code == "invalid_grant"
        # The stored refresh token is fine: this caller must get a token from it, not the
        # invalid_grant of somebody else's stale token (an app signs its user out on that).
        assert isinstance(outcome["automatic"], str), repr(outcome["automatic"])
        assert count(mock, REFRESHES) == 2


async def test_async_a_refused_refresh_of_an_explicit_token_is_not_another_waiters_answer(
    contio_mock: ContioMock,
) -> None:
    mock = contio_mock
    async with AsyncOAuthClient(**mock.client_kwargs()) as oauth:
        await mock.async_sign_in(oauth)
        mock.advance(ACCESS_TOKEN_LIFETIME + 1)
        mock.fault("exchangeOauthToken", status=None, delay_ms=800)
        explicit = asyncio.ensure_future(oauth.refresh_access_token(STALE))
        await asyncio.to_thread(wait_for_token_requests, mock, 2)
        automatic = asyncio.ensure_future(oauth.get_valid_access_token())
        outcomes = await asyncio.gather(explicit, automatic, return_exceptions=True)
        assert isinstance(outcomes[0], BadRequestError)
        assert isinstance(outcomes[1], str), repr(outcomes[1])


def _frames(error: BaseException) -> int:
    return len(traceback.extract_tb(error.__traceback__))


def test_a_dead_refresh_tokens_error_does_not_grow_with_every_call(
    contio_mock: ContioMock,
) -> None:
    """The error of a refresh token refused for good is kept and raised again, the same
    object, at every later call: each raise adds that call's frames to its traceback. A
    worker that retries a signed-out user every few seconds grows it (and the frames it
    keeps alive) without bound, and every logged traceback with it."""
    mock = contio_mock
    with OAuthClient(**mock.client_kwargs()) as oauth:
        mock.sign_in(oauth)
        tokens = oauth.tokens
        assert tokens is not None
        assert tokens.refresh_token is not None
        mock.http.post(
            "/oauth2/revoke",
            data={"token": tokens.refresh_token, "token_type_hint": "refresh_token"},
            auth=(mock.client_id, mock.client_secret),
        ).raise_for_status()
        mock.advance(ACCESS_TOKEN_LIFETIME + 1)
        sizes: list[int] = []
        for _ in range(30):
            try:
                oauth.get_valid_access_token()
            except BadRequestError as exc:
                sizes.append(_frames(exc))
        assert len(sizes) == 30
        assert sizes[-1] == sizes[1], f"traceback frames: {sizes[1]} then {sizes[-1]}"
