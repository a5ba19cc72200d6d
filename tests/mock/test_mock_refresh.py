"""The token endpoint's rules for refresh: rotation, reuse revoking the token family (and only
it), narrowing but never widening the scope, and the lifetimes of refresh and access tokens.
"""

from __future__ import annotations

import httpx2

from contio.mock import RunningMock
from tests.mock.flows import introspect, is_active, refresh, user_tokens, userinfo
from tests.mock.tokens_support import EMAIL, error_of


def test_refresh_rotates(client: httpx2.Client) -> None:
    tokens = user_tokens(client, EMAIL)
    first = refresh(client, tokens["refresh_token"])
    assert first.status_code == 200
    rotated = first.json()
    assert rotated["refresh_token"] != tokens["refresh_token"]
    assert rotated["access_token"] != tokens["access_token"]
    assert not is_active(client, tokens["refresh_token"])
    assert is_active(client, rotated["refresh_token"])
    second = refresh(client, rotated["refresh_token"])
    assert second.status_code == 200


def test_refresh_token_reuse_revokes_the_family(client: httpx2.Client) -> None:
    original = user_tokens(client, EMAIL)
    generation2 = refresh(client, original["refresh_token"]).json()
    generation3 = refresh(client, generation2["refresh_token"]).json()
    reused = refresh(client, original["refresh_token"])
    assert reused.status_code == 400
    assert error_of(reused) == "invalid_grant"
    for token in (
        original["access_token"],
        generation2["access_token"],
        generation3["access_token"],
        generation3["refresh_token"],
    ):
        assert not is_active(client, token)
    assert refresh(client, generation3["refresh_token"]).status_code == 400
    assert userinfo(client, generation3["access_token"]).status_code == 401


def test_reuse_leaves_other_grants_alone(client: httpx2.Client) -> None:
    first = user_tokens(client, EMAIL)
    second = user_tokens(client, EMAIL)
    refresh(client, first["refresh_token"])
    refresh(client, first["refresh_token"])  # reuse: first's family goes
    assert is_active(client, second["access_token"])
    assert refresh(client, second["refresh_token"]).status_code == 200


def test_refresh_may_narrow_scope(client: httpx2.Client) -> None:
    tokens = user_tokens(client, EMAIL)
    narrowed = refresh(client, tokens["refresh_token"], scope="openid meetings:read")
    assert narrowed.status_code == 200
    assert narrowed.json()["scope"] == "openid meetings:read"
    assert introspect(client, narrowed.json()["access_token"])["scope"] == "openid meetings:read"
    # The new refresh token still carries the original grant, so a later refresh may widen
    # back up to it (RFC 6749 §6), but not beyond.
    restored = refresh(client, narrowed.json()["refresh_token"])
    assert restored.json()["scope"] == tokens["scope"]


def test_refresh_may_not_widen_scope(client: httpx2.Client) -> None:
    tokens = user_tokens(client, EMAIL, scope="openid meetings:read")
    widened = refresh(client, tokens["refresh_token"], scope="openid meetings:read calendar:write")
    assert widened.status_code == 400
    assert error_of(widened) == "invalid_scope"
    assert refresh(client, tokens["refresh_token"]).status_code == 200  # not consumed


def test_refresh_token_expires_after_thirty_days(mock: RunningMock, client: httpx2.Client) -> None:
    tokens = user_tokens(client, EMAIL)
    mock.advance_clock(30 * 86400 + 1)
    answer = refresh(client, tokens["refresh_token"])
    assert answer.status_code == 400
    assert error_of(answer) == "invalid_grant"


def test_access_token_expires_after_a_day(mock: RunningMock, client: httpx2.Client) -> None:
    tokens = user_tokens(client, EMAIL)
    mock.advance_clock(86401)
    assert not is_active(client, tokens["access_token"])
    answer = userinfo(client, tokens["access_token"])
    assert answer.status_code == 401
    assert answer.json()["error"] == "invalid_token"
    assert refresh(client, tokens["refresh_token"]).status_code == 200
