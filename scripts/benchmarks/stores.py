"""(g) Token stores: what a plain read (`store.load()`) and a refresh (`refresh_access_token()`:
the store's lock, a read under it, the refresh at the mock, the fenced save) cost through each
store, sealed (AES-256-GCM) and not, as ratios to the memory store.

Wall time per operation, the median of `--store-rounds` rounds (the stores talk to servers of
their own: Redis and PostgreSQL, started here on loopback as the tests start them; SQLite and
the token file on this machine's disk). A report: no target, only where the time goes.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import httpx2

from contio import AsyncOAuthClient, AuthTokens, OAuthClient
from contio.stores import FileTokenStore, MemoryTokenStore, TokenStore

from .base import CLIENT, BenchError
from .report import Bench
from .users import USER_SCOPES, new_email, sign_in

REPO = Path(__file__).resolve().parents[2]
Make = Callable[[Any], TokenStore]


@contextmanager
def servers() -> Iterator[tuple[str, str]]:
    """A Redis and a PostgreSQL server on loopback (the tests' own helpers start them)."""
    sys.path.insert(0, str(REPO))
    from tests.fleet.conftest import RedisServer
    from tests.fleet.postgres import PostgresServer

    redis_server, postgres = RedisServer(), PostgresServer()
    try:
        redis_server.start()
        postgres.start()
        yield redis_server.url, postgres.url
    finally:
        redis_server.close()
        postgres.close()


def store_kinds(folder: Path, redis_url: str, postgres_url: str) -> dict[str, Make]:
    """Each store, made with a sealer or None; a new key (row, file, Redis key) each time."""
    from sqlalchemy import create_engine

    from contio.stores.django import DjangoTokenStore
    from contio.stores.redis import RedisTokenStore
    from contio.stores.sqlalchemy import SQLAlchemyTokenStore, create_token_table
    from tests.django_project import configure

    lite = create_engine(f"sqlite:///{folder / 'tokens.db'}")
    pg = create_engine(postgres_url)
    create_token_table(lite)
    create_token_table(pg)
    configure(str(folder / "site.db"), postgres_url)

    def key() -> str:
        return f"bench-{uuid.uuid4().hex}"

    return {
        "memory": lambda sealer: MemoryTokenStore(),
        "file": lambda sealer: FileTokenStore(folder / f"{key()}.json", sealer=sealer),
        "redis": lambda sealer: RedisTokenStore(key(), url=redis_url, sealer=sealer),
        "sqlalchemy/sqlite": lambda sealer: SQLAlchemyTokenStore(key(), engine=lite, sealer=sealer),
        "sqlalchemy/postgresql": lambda sealer: SQLAlchemyTokenStore(
            key(), engine=pg, sealer=sealer
        ),
        "django/postgresql": lambda sealer: DjangoTokenStore(
            key(), using="postgres", sealer=sealer
        ),
    }


def signed_in_tokens(base_url: str) -> AuthTokens:
    async def go() -> AuthTokens:
        async with (
            httpx2.AsyncClient(base_url=base_url) as control,
            AsyncOAuthClient(*CLIENT, USER_SCOPES, base_url=base_url) as oauth,
        ):
            return await sign_in(oauth, control, new_email())

    return asyncio.run(go())


def per_operation(operation: Callable[[], object], count: int, rounds: int) -> float:
    """Milliseconds per call of `operation`: the median of `rounds` rounds of `count` calls."""
    results = []
    for _ in range(rounds):
        began = time.perf_counter()
        for _ in range(count):
            operation()
        results.append((time.perf_counter() - began) * 1000 / count)
    return statistics.median(results)


def measure(bench: Bench, store: TokenStore) -> tuple[float, float]:
    """(read ms, refresh ms) through `store`, which gets a signed-in user's tokens."""
    store.save(signed_in_tokens(bench.base_url))
    read = per_operation(store.load, bench.options.store_reads, bench.options.store_rounds)
    with OAuthClient(*CLIENT, USER_SCOPES, base_url=bench.base_url, token_store=store) as oauth:
        refresh = per_operation(
            oauth.refresh_access_token, bench.options.store_refreshes, bench.options.store_rounds
        )
        if store.load() != oauth.tokens:
            raise BenchError(f"{store!r} does not hold the tokens of the last refresh")
    return read, refresh


def run(bench: Bench) -> None:
    from contio.stores.sealing import TokenSealer

    sealer = TokenSealer([TokenSealer.generate_key()])
    print(
        "\n(g) token stores: a read and a refresh through each, sealed and not, "
        "as ratios to the memory store (wall time, median of rounds)"
    )
    with ExitStack() as stack:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="contio-bench-")))
        redis_url, postgres_url = stack.enter_context(servers())
        kinds = store_kinds(folder, redis_url, postgres_url)
        base_read, base_refresh = measure(bench, kinds.pop("memory")(None))
        print(f"  {'store':<28} {'read ms':>9} {'x memory':>9} {'refresh ms':>11} {'x memory':>9}")
        print(f"  {'memory':<28} {base_read:>9.4f} {1:>9.1f} {base_refresh:>11.2f} {1:>9.2f}")
        for name, make in kinds.items():
            for sealed in (False, True):
                read, refresh = measure(bench, make(sealer if sealed else None))
                label = f"{name}{' sealed' if sealed else ''}"
                print(
                    f"  {label:<28} {read:>9.3f} {read / base_read:>9.1f} "
                    f"{refresh:>11.2f} {refresh / base_refresh:>9.2f}"
                )
