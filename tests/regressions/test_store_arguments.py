"""Issue 10, item 6, for the stores and the token set: wrong types are a TypeError and wrong
values a ValueError, at the constructor, naming the parameter. The stores check almost
nothing: `ttl="30"` makes a 2,000-digit expiry (every save then fails at Redis), a negative
ttl or a NaN lease fails at the first save or lock, and `AuthTokens(expires_at=<str>)` is an
AttributeError from deep inside its converter.
"""

from __future__ import annotations

from typing import Any

import pytest

from contio import AuthTokens, FileTokenStore
from contio.stores.redis import RedisTokenStore

URL = "redis://127.0.0.1:6379/0"  # the constructor never connects

REDIS_CASES = [
    ("ttl", "30", TypeError),
    ("ttl", -5, ValueError),
    ("ttl", float("nan"), ValueError),
    ("lock_lease", "30", TypeError),
    ("lock_lease", float("nan"), ValueError),
    ("lock_lease", float("inf"), ValueError),
    ("lock_timeout", float("nan"), ValueError),
    ("socket_timeout", "5", TypeError),
]


@pytest.mark.parametrize(("name", "value", "error"), REDIS_CASES)
def test_a_wrong_redis_store_argument_is_refused_by_name(
    name: str, value: Any, error: type[Exception]
) -> None:
    with pytest.raises(error, match=name):
        RedisTokenStore("user-1", url=URL, **{name: value})


@pytest.mark.parametrize(
    ("value", "error"), [("60", TypeError), (float("nan"), ValueError), (-1, ValueError)]
)
def test_a_wrong_file_store_lock_timeout_is_refused_by_name(
    tmp_path: Any, value: Any, error: type[Exception]
) -> None:
    with pytest.raises(error, match="lock_timeout"):
        FileTokenStore(tmp_path / "tokens.json", lock_timeout=value)


@pytest.mark.parametrize("expires_at", ["2099-01-01T00:00:00+00:00", 4_070_908_800])
def test_auth_tokens_read_an_expiry_as_from_dict_does(expires_at: Any) -> None:
    """`AuthTokens.from_dict` reads ISO strings and Unix times; the constructor, the first
    thing an app tries, raised AttributeError ('str' object has no attribute 'tzinfo'). It
    reads them too now, and refuses what is neither, by name."""
    tokens = AuthTokens(access_token="cto_at_v1_x", expires_at=expires_at)
    assert tokens.expires_at is not None
    assert tokens.expires_at.year == 2099
    # The conversion is the constructor's at run time; its type is the attribute's (datetime).
    not_a_time: Any = "next week"
    with pytest.raises(ValueError, match="expires_at"):
        AuthTokens(access_token="cto_at_v1_x", expires_at=not_a_time)
