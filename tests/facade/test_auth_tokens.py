"""AuthTokens on their own: building, serialising and reading a token set, what garbage is refused,
and that no token shows in its repr or str.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from typing import Any, cast

import pytest

from contio import AuthTokens
from tests.facade.units_support import ACCESS, ID_TOKEN, REFRESH, full_tokens

# -- AuthTokens --------------------------------------------------------------------------------


def test_auth_tokens_round_trip_through_json() -> None:
    for tokens in (full_tokens(), AuthTokens(access_token="only-access")):
        again = AuthTokens.from_dict(json.loads(json.dumps(tokens.to_dict())))
        assert again == tokens
        assert isinstance(again.scope, tuple)


def test_auth_tokens_expires_at_is_aware_utc() -> None:
    cest = timezone(timedelta(hours=2))
    tokens = AuthTokens(access_token="a", expires_at=datetime(2030, 1, 1, 14, 0, tzinfo=cest))
    assert tokens.expires_at is not None
    assert tokens.expires_at.utcoffset() == timedelta(0)
    assert tokens.expires_at == datetime(2030, 1, 1, 12, 0, tzinfo=UTC)
    restored = AuthTokens.from_dict(
        {"access_token": "a", "expires_at": "2030-01-01T14:00:00+02:00"}
    )
    assert restored.expires_at == tokens.expires_at
    assert restored.expires_at is not None
    assert restored.expires_at.utcoffset() == timedelta(0)


def test_auth_tokens_reject_naive_expiry() -> None:
    with pytest.raises(ValueError, match="expires_at"):
        AuthTokens(access_token="a", expires_at=datetime(2030, 1, 1))
    with pytest.raises(ValueError, match="expires_at"):
        AuthTokens.from_dict({"access_token": "a", "expires_at": "2030-01-01T00:00:00"})


def test_auth_tokens_read_the_typescript_sdk_shape() -> None:
    tokens = AuthTokens.from_dict(
        {"accessToken": "a", "refreshToken": "r", "expiresAt": 1_900_000_000_000}
    )
    assert tokens.refresh_token == "r"
    assert tokens.expires_at == datetime.fromtimestamp(1_900_000_000, tz=UTC)


GARBAGE: list[object] = [
    None,
    [],
    "cto_at_v1_x",
    42,
    {},
    {"refresh_token": "r"},
    {"access_token": 5},
    {"access_token": ""},
    {"access_token": ["a"]},
    {"access_token": "a", "refresh_token": 7},
    {"access_token": "a", "id_token": {}},
    {"access_token": "a", "expires_at": "tomorrow"},
    {"access_token": "a", "expires_at": ""},
    {"access_token": "a", "expires_at": True},
    {"access_token": "a", "expires_at": float("nan")},
    {"access_token": "a", "expires_at": float("inf")},
    {"access_token": "a", "expires_at": 1e300},
    {"access_token": "a", "expires_at": -1e300},
    {"access_token": "a", "expires_at": {"when": 1}},
    {"access_token": "a", "expires_at": [2030, 1, 1]},
    {"access_token": "a", "scope": 5},
    {"access_token": "a", "scope": ["openid", 5]},
    {"access_token": "a", "scope": {"openid": True}},
    {"access_token": "a", "token_type": 5},
]


@pytest.mark.parametrize("garbage", GARBAGE, ids=[repr(g)[:40] for g in GARBAGE])
def test_auth_tokens_from_garbage_raise_value_error(garbage: object) -> None:
    # The message names what is wrong: the mapping, a token field, expires_at or scope.
    with pytest.raises(ValueError, match=r"token|expires_at|scope"):
        AuthTokens.from_dict(cast(Any, garbage))


def test_auth_tokens_repr_and_str_hide_the_tokens() -> None:
    tokens = full_tokens()
    for text in (repr(tokens), str(tokens), f"{tokens}", repr([tokens])):
        for secret in (ACCESS, REFRESH, ID_TOKEN):
            assert secret not in text
    assert "2030-05-17" in repr(tokens)
