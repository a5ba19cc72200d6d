"""RedisTokenStore's fenced saves (issue 10), against the real Redis: the holder of the
refresh lock saves and clears only while the lock is still its own. A holder whose lease
lapsed (its lock deleted, expired while its event loop stood still, or taken by the next
holder) gets LeaseLostError, a TokenStoreError, and writes nothing, so the newer tokens of
the holder after it survive. Anyone not holding the lock writes as before.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import redis
from redis.asyncio.cluster import RedisCluster as AsyncRedisCluster
from redis.cluster import RedisCluster

from contio import AuthTokens, TokenStoreError
from contio.errors import LeaseLostError
from contio.stores.redis import RedisTokenStore
from tests.fleet.conftest import RedisServer, lock_key, token_key, wait_until
from tests.fleet.processes import free_port

Stores = Callable[..., RedisTokenStore]


def tokens(name: str) -> AuthTokens:
    tag = name.replace(" ", "-")  # a token holds no space
    return AuthTokens(
        access_token=f"cto_at_v1_{tag}",
        refresh_token=f"cto_rt_v1_{tag}",
        expires_at=datetime(2030, 1, 2, tzinfo=UTC),
        scope=("openid",),
    )


def assert_lease_lost(error: BaseException, store: RedisTokenStore) -> None:
    assert isinstance(error, LeaseLostError)
    assert isinstance(error, TokenStoreError)
    message = str(error)
    assert repr(store.key) in message  # names the store
    assert "lease" in message
    assert "cto_" not in message  # and no token


def renewers(store: RedisTokenStore) -> list[threading.Thread]:
    """The lease renewer threads of `store`'s locks that are still running."""
    name = f"contio lock {store.key}"
    return [thread for thread in threading.enumerate() if thread.name == name]


def async_renewers(store: RedisTokenStore) -> list[asyncio.Task[object]]:
    name = f"contio lock {store.key}"
    return [task for task in asyncio.all_tasks() if task.get_name() == name and not task.done()]


# -- the keys ---------------------------------------------------------------------------------


def test_the_tokens_and_the_lock_share_a_hash_tag(redis_url: str) -> None:
    store = RedisTokenStore("user-42", url=redis_url)
    assert store.key == "contio:tokens:{user-42}"
    assert store.lock_key == "contio:tokens:{user-42}:lock"
    assert (store.key, store.lock_key) == (token_key("user-42"), lock_key("user-42"))
    mine = RedisTokenStore("user-42", url=redis_url, prefix="app:")
    assert (mine.key, mine.lock_key) == ("app:{user-42}", "app:{user-42}:lock")
    # Braces of the user's own: still one slot (Redis hashes the first {...} it finds).
    assert RedisTokenStore("a}b", url=redis_url).key == "contio:tokens:{a}b}"


def test_a_prefix_that_leaves_no_hash_tag_is_a_value_error(redis_url: str) -> None:
    with pytest.raises(ValueError, match="hash tag"):
        RedisTokenStore("u", url=redis_url, prefix="app{}:")


# -- the holder, while the lock is its own ---------------------------------------------------


async def test_the_holder_saves_and_clears_while_it_owns_the_lock(
    stores: Stores, raw_redis: redis.Redis
) -> None:
    store = stores(ttl=5)
    with store.lock():
        store.save(tokens("one"))
        assert 0 < raw_redis.pttl(store.key) <= 5000  # the fenced write keeps the TTL
        assert store.load() == tokens("one")
        store.clear()
        assert raw_redis.exists(store.key) == 0
    async with store.alock():
        await store.asave(tokens("two"))
        assert 0 < raw_redis.pttl(store.key) <= 5000
        assert await store.aload() == tokens("two")
        await store.aclear()
        assert raw_redis.exists(store.key) == 0
    forever = stores()
    with forever.lock():
        forever.save(tokens("three"))
    assert raw_redis.pttl(forever.key) == -1
    await store.aclose()


def test_others_write_as_before_while_someone_holds_the_lock(
    stores: Stores, raw_redis: redis.Redis
) -> None:
    """A sign-in on another thread, or by a store that does not hold the lock, is a plain
    write: only the holder's writes are fenced."""
    holder = stores(lock_lease=5)
    with holder.lock():
        other_thread: list[BaseException] = []

        def sign_in_elsewhere() -> None:
            try:
                holder.save(tokens("thread"))
            except BaseException as exc:  # reported below
                other_thread.append(exc)

        thread = threading.Thread(target=sign_in_elsewhere)
        thread.start()
        thread.join(10)
        assert other_thread == []
        assert holder.load() == tokens("thread")
        stores().save(tokens("other store"))
        assert holder.load() == tokens("other store")
    raw_redis.delete(holder.key)
    stores().clear()  # nobody holds it now


# -- the holder, after its lease lapsed --------------------------------------------------------


@pytest.mark.parametrize("how", ["lapsed", "taken"])
def test_a_holder_that_lost_its_lock_gets_lease_lost_and_writes_nothing(
    stores: Stores, raw_redis: redis.Redis, how: str
) -> None:
    late = stores(lock_lease=5)
    nxt = stores(lock_lease=5, lock_timeout=5)
    reader = stores()  # reads that are not the late holder's (its own would fence its writes)
    with late.lock():
        assert late.load() is None  # what it read under its lock
        raw_redis.delete(late.lock_key)  # its lease ran out (a pause, Redis away)
        with contextlib.ExitStack() as next_holds:
            if how == "taken":
                next_holds.enter_context(nxt.lock())
                nxt.save(tokens("newer"))  # the next holder refreshed and saved
                taken = raw_redis.get(nxt.lock_key)
            else:
                stores().save(tokens("newer"))
            with pytest.raises(TokenStoreError) as saving:
                late.save(tokens("late"))
            assert_lease_lost(saving.value, late)
            assert reader.load() == tokens("newer")
            with pytest.raises(TokenStoreError) as clearing:
                late.clear()
            assert_lease_lost(clearing.value, late)
            assert reader.load() == tokens("newer")
            if how == "taken":
                assert raw_redis.get(nxt.lock_key) == taken  # the next holder keeps its lock
        if how == "taken":  # the next holder let go: still not the late holder's
            with pytest.raises(LeaseLostError):
                late.save(tokens("late"))
            assert reader.load() == tokens("newer")
    assert reader.load() == tokens("newer")
    late.save(tokens("after"))  # out of its lock(): a plain write again
    assert reader.load() == tokens("after")


def test_the_renewer_stops_once_the_lock_is_lost(stores: Stores, raw_redis: redis.Redis) -> None:
    """Renewing after the loss would be pointless at best: the lock is never taken back."""
    late = stores(lock_lease=0.3)
    with late.lock():
        assert len(renewers(late)) == 1
        raw_redis.delete(late.lock_key)
        wait_until(lambda: not renewers(late), "the renewer to stop", 5)
        assert raw_redis.exists(late.lock_key) == 0
        with pytest.raises(LeaseLostError):
            late.save(tokens("late"))


@pytest.mark.parametrize("how", ["lapsed", "taken"])
async def test_async_a_holder_that_lost_its_lock_gets_lease_lost_and_writes_nothing(
    stores: Stores, raw_redis: redis.Redis, how: str
) -> None:
    late = stores(lock_lease=0.5)
    nxt = stores(lock_lease=5, lock_timeout=5)
    reader = stores()
    try:
        async with late.alock():
            assert await late.aload() is None
            held = raw_redis.get(late.lock_key)
            assert held is not None
            # The event loop stands still (a long GC pause, a blocking call): its renewer
            # cannot run, and the lease runs out on its own.
            time.sleep(1.0)  # noqa: ASYNC251 - the stall is the point
            assert raw_redis.exists(late.lock_key) == 0
            # Its renewer runs again, finds the lock gone and stops (never taking it back).
            for _ in range(500):
                if not async_renewers(late):
                    break
                await asyncio.sleep(0.01)
            assert not async_renewers(late)
            async with contextlib.AsyncExitStack() as next_holds:
                if how == "taken":
                    await next_holds.enter_async_context(nxt.alock())
                    await nxt.asave(tokens("newer"))
                else:
                    await stores().asave(tokens("newer"))
                with pytest.raises(TokenStoreError) as saving:
                    await late.asave(tokens("late"))
                assert_lease_lost(saving.value, late)
                assert reader.load() == tokens("newer")
                with pytest.raises(TokenStoreError) as clearing:
                    await late.aclear()
                assert_lease_lost(clearing.value, late)
                assert reader.load() == tokens("newer")
        assert reader.load() == tokens("newer")
        assert raw_redis.exists(late.lock_key) == 0
    finally:
        await late.aclose()
        await nxt.aclose()


async def test_async_the_holder_is_the_task_not_the_thread(
    stores: Stores, raw_redis: redis.Redis
) -> None:
    """Another task of the same loop (a request the worker serves meanwhile) does not hold
    the lock a refreshing task holds: its writes are plain ones."""
    holder = stores(lock_lease=5)
    try:
        async with holder.alock():
            raw_redis.delete(holder.lock_key)
            await asyncio.create_task(holder.asave(tokens("other task")))
            assert stores().load() == tokens("other task")
            with pytest.raises(LeaseLostError):
                await holder.asave(tokens("holder"))
            assert stores().load() == tokens("other task")
    finally:
        await holder.aclose()


def test_a_holder_whose_lock_vanished_saves_when_nobody_else_did(
    stores: Stores, raw_redis: redis.Redis
) -> None:
    """A lock key lost to a restart, a failover or an eviction, with the tokens untouched
    since the holder read them under it: the refresh's result is saved, not thrown away (the
    server has rotated the refresh token already)."""
    holder = stores(lock_lease=5)
    stores().save(tokens("read"))
    with holder.lock():
        assert holder.load() == tokens("read")
        raw_redis.delete(holder.lock_key)
        holder.save(tokens("refreshed"))
        assert stores().load() == tokens("refreshed")


def test_a_fenced_save_with_redis_hung_is_the_store_error(own_redis: RedisServer) -> None:
    """Redis not answering is a TokenStoreError naming the store, not a lease lost: the
    save may or may not have landed."""
    store = RedisTokenStore("hung", url=own_redis.url, socket_timeout=0.5, lock_lease=5)
    try:
        with store.lock():
            own_redis.pause()
            try:
                with pytest.raises(TokenStoreError) as info:
                    store.save(tokens("one"))
            finally:
                own_redis.resume()
            assert not isinstance(info.value, LeaseLostError)
            assert repr(store.key) in str(info.value)
            assert own_redis.url in str(info.value)
    finally:
        store.close()


# -- Redis Cluster ----------------------------------------------------------------------------


def cluster_port() -> int:
    """A free port whose cluster bus port (10000 above it, for Redis 6) is free too."""
    while True:
        port = free_port()
        if port > 55535:
            continue
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            try:
                probe.bind(("127.0.0.1", port + 10000))
            except OSError:
                continue
        return port


@pytest.fixture
def cluster_node(tmp_path: Path) -> Iterator[RedisServer]:
    """A one-node Redis Cluster holding every slot: it refuses, as any cluster does, a script
    whose keys lie in two slots."""
    nodes = tmp_path / "nodes.conf"
    options = ["--cluster-enabled", "yes", "--cluster-config-file", str(nodes)]
    server = RedisServer(cluster_port(), options)
    try:
        server.start()
        admin = redis.Redis.from_url(server.url, socket_timeout=5)
        try:
            admin.cluster("ADDSLOTS", *range(16384))
            wait_until(lambda: admin.cluster("INFO")["cluster_state"] == "ok", "the cluster")
        finally:
            admin.close()
        yield server
    finally:
        server.close()


async def test_the_fenced_scripts_run_on_redis_cluster(cluster_node: RedisServer) -> None:
    plain = redis.Redis.from_url(cluster_node.url, socket_timeout=5)
    cluster = RedisCluster(host="127.0.0.1", port=cluster_node.port)
    async_cluster = AsyncRedisCluster(host="127.0.0.1", port=cluster_node.port)
    store = RedisTokenStore("ada", client=cluster, async_client=async_cluster, lock_lease=5)
    try:
        # What a store whose two keys were in two slots would get (here, the bare names).
        script = "return redis.call('get', KEYS[2])"
        with pytest.raises(redis.ResponseError, match="same slot"):
            plain.eval(script, 2, "contio:tokens:ada", "contio:tokens:ada:lock")
        assert plain.eval(script, 2, store.key, store.lock_key) is None  # one slot: runs

        with store.lock():
            store.save(tokens("one"))
            assert store.load() == tokens("one")
            store.clear()
            assert store.load() is None
            store.save(tokens("two"))
            plain.delete(store.lock_key)  # its lease lapsed
            with pytest.raises(LeaseLostError):
                store.save(tokens("late"))
        async with store.alock():
            assert await store.aload() == tokens("two")
            await store.asave(tokens("three"))
            plain.delete(store.lock_key)
            with pytest.raises(LeaseLostError):
                await store.aclear()
        assert await store.aload() == tokens("three")
    finally:
        plain.close()
        cluster.close()
        await async_cluster.aclose()
