"""Every non-empty user key works in RedisTokenStore (issue 18), against the real Redis.

A key that begins with `}` used to leave an empty Redis Cluster hash tag and was refused,
so that user could never sign in. Such keys now live under an escaped name; every other key
keeps the name it always had, so tokens saved before the change still load.
"""

from __future__ import annotations

import itertools

import pytest
import redis

from contio.stores._redis_lua import hash_tag
from contio.stores.redis import RedisTokenStore
from tests.fleet.conftest import token_key
from tests.fleet.one_loop import tokens

ODD_KEYS = [
    "}",
    "}}",
    "}x",
    "}{",
    "{}",
    "{",
    "%7D",
    "}%7D",
    "%}",
    "}:escaped",
    "user } with spaces",
    "nul\x00byte",
    "ünïcødé ✓",
    "../../etc/passwd",
    "}" + "k" * 4000,
]


@pytest.mark.parametrize("key", ODD_KEYS, ids=range(len(ODD_KEYS)))
def test_every_non_empty_key_saves_loads_and_clears(redis_url: str, key: str) -> None:
    store = RedisTokenStore(key, url=redis_url, prefix="contio:test:keys:")
    # The tokens and the lock share one Cluster slot: a non-empty hash tag, the same for both.
    assert hash_tag(store.key)
    assert hash_tag(store.key) == hash_tag(store.lock_key)
    store.save(tokens("one"))
    assert RedisTokenStore(key, url=redis_url, prefix="contio:test:keys:").load() == tokens("one")
    with store.lock():
        store.save(tokens("two"))
    assert store.load() == tokens("two")
    store.clear()
    assert store.load() is None


def test_no_two_keys_share_a_name(redis_url: str) -> None:
    names = {key: RedisTokenStore(key, url=redis_url).key for key in [*ODD_KEYS, "a", "a}b"]}
    assert len(set(names.values())) == len(names)
    for (one, first), (other, second) in itertools.combinations(names.items(), 2):
        assert first + ":lock" != second, (one, other)


def test_keys_that_always_worked_keep_their_name(redis_url: str) -> None:
    """Tokens written under the old layout (by an earlier release) are found again."""
    raw = redis.Redis.from_url(redis_url)
    old = RedisTokenStore("user-7}b", url=redis_url)
    assert old.key == token_key("user-7}b")
    old.save(tokens("old"))
    assert raw.exists(token_key("user-7}b"))
    assert RedisTokenStore("user-7}b", url=redis_url).load() == tokens("old")
    old.clear()


async def test_the_asyncio_side_uses_the_same_name(redis_url: str) -> None:
    store = RedisTokenStore("}async", url=redis_url)
    await store.asave(tokens("async"))
    assert RedisTokenStore("}async", url=redis_url).load() == tokens("async")
    await store.aclear()
    await store.aclose()
