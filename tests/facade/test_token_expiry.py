"""Expiry by the injected clock, without a server: is_token_expired, set_tokens and
get_valid_access_token judged by a clock the test sets (a fresh token is returned without a
request, one inside the refresh margin is refreshed), and missing tokens fail before any request.
"""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qsl

import pytest

from contio import AuthTokens, MissingTokenError
from tests.facade.units_support import (
    ACCESS,
    CANNED,
    EXPIRY,
    REFRESH,
    FakeClock,
    Recorder,
    async_client,
    full_tokens,
    sync_client,
)

# -- expiry by the injected clock --------------------------------------------------------------


def test_is_token_expired_by_the_injected_clock() -> None:
    clock = FakeClock(EXPIRY - timedelta(hours=1))
    recorder = Recorder()
    with sync_client(recorder, clock=clock) as oauth:
        assert oauth.is_token_expired()  # no tokens
        oauth.set_tokens(AuthTokens(access_token="a"))
        assert oauth.is_token_expired()  # unknown expiry
        oauth.set_tokens(AuthTokens(access_token="a", expires_at=EXPIRY))
        assert not oauth.is_token_expired()
        clock.now = EXPIRY - timedelta(microseconds=1)
        assert not oauth.is_token_expired()
        clock.now = EXPIRY
        assert oauth.is_token_expired()
        clock.now = EXPIRY + timedelta(days=3)
        assert oauth.is_token_expired()
        assert oauth.get_access_token() == "a"  # expired, but still reported as it is
    assert recorder.requests == []


def test_set_tokens_accepts_to_dict_output() -> None:
    with sync_client(Recorder(), clock=FakeClock(EXPIRY - timedelta(hours=1))) as oauth:
        oauth.set_tokens(full_tokens(EXPIRY).to_dict())
        assert oauth.tokens == full_tokens(EXPIRY)
        assert oauth.get_access_token() == ACCESS
        with pytest.raises(ValueError, match="access_token"):
            oauth.set_tokens({"access_token": 3})
        assert oauth.tokens == full_tokens(EXPIRY)  # unchanged by the bad call


def test_fresh_token_is_returned_without_a_request() -> None:
    clock = FakeClock(EXPIRY - timedelta(hours=1))
    recorder = Recorder()
    with sync_client(recorder, clock=clock) as oauth:
        oauth.set_tokens(full_tokens(EXPIRY))
        assert oauth.get_valid_access_token() == ACCESS
        assert recorder.requests == []
        clock.now = EXPIRY - timedelta(seconds=30)  # inside the 60 s refresh margin
        assert oauth.get_valid_access_token() == CANNED["token"]["access_token"]
    assert [request.url.path for request in recorder.requests] == ["/custom/token"]
    form = dict(parse_qsl(recorder.requests[0].content.decode()))
    assert form == {"grant_type": "refresh_token", "refresh_token": REFRESH}


async def test_async_fresh_token_is_returned_without_a_request() -> None:
    clock = FakeClock(EXPIRY - timedelta(hours=1))
    recorder = Recorder()
    async with async_client(recorder, clock=clock) as oauth:
        oauth.set_tokens(full_tokens(EXPIRY))
        assert await oauth.get_valid_access_token() == ACCESS
    assert recorder.requests == []


def test_missing_tokens_fail_before_any_request() -> None:
    recorder = Recorder()
    with sync_client(recorder) as oauth:
        with pytest.raises(MissingTokenError):
            oauth.refresh_access_token()
        with pytest.raises(MissingTokenError):
            oauth.get_user_info()
        with pytest.raises(MissingTokenError):
            oauth.get_valid_access_token()
        oauth.set_tokens(AuthTokens(access_token="a"))  # no refresh token, unknown expiry
        with pytest.raises(MissingTokenError):
            oauth.refresh_access_token()
        # An unknown expiry counts as usable: refreshing on every call would be worse, and
        # a 401 through oauth.auth still refreshes (is_token_expired() stays True, as the
        # SDK's documentation says).
        assert oauth.get_valid_access_token() == "a"
        assert oauth.is_token_expired()
    assert recorder.requests == []
