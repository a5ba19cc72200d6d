"""One worker of a fleet, run as its own process: `python -m tests.fleet.worker CONFIG_JSON`.

It does what a web app's worker does: one AsyncOAuthClient on a shared token store (Redis or
a file), whose clock follows the mock's (read once from `GET /_mock/clock`), then `tasks`
asyncio tasks that all ask for a valid access token at once. With `ready`/`go` paths it
creates `ready` when it has started and waits for `go` before the tasks begin, so that the
test releases every worker at the same moment. With `follow_up` (`ready` and `go` paths) it
then writes that report to `ready`, waits for `go`, and asks for a valid access token once
more, as the next request a web worker serves would.

It prints one JSON line: the distinct tokens its tasks got, how many got one, the errors (how
many were TokenStoreError), and what the follow-up call got.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx2
from sqlalchemy.ext.asyncio import create_async_engine

from contio import AsyncOAuthClient, FileTokenStore, TokenStore, TokenStoreError
from contio.stores.redis import RedisTokenStore
from contio.stores.sealing import TokenSealer
from contio.stores.sqlalchemy import SQLAlchemyTokenStore

#: How long a worker waits for the test's "go" before it gives up (exit status 3).
GO_LIMIT = 60.0


def make_store(spec: dict[str, Any]) -> TokenStore:
    """The store a worker config describes: {"kind": "redis" | "sqlalchemy" | "file", ...}."""
    if spec["kind"] == "sqlalchemy":  # an asyncio engine, as an async web app has
        sealer = TokenSealer(spec["sealer_keys"]) if spec.get("sealer_keys") else None
        return SQLAlchemyTokenStore(
            spec["key"],
            async_engine=create_async_engine(spec["url"]),
            lock_lease=spec.get("lock_lease", 30.0),
            lock_timeout=spec.get("lock_timeout", 60.0),
            sealer=sealer,
        )
    if spec["kind"] == "django":  # the tests' Django project, on its SQLite or PostgreSQL
        from contio.stores.django import DjangoTokenStore
        from tests.django_project import configure

        configure(spec["sqlite"], spec["postgres"], migrate=False)
        return DjangoTokenStore(
            spec["key"],
            using=spec["using"],
            lock_lease=spec.get("lock_lease", 30.0),
            lock_timeout=spec.get("lock_timeout", 60.0),
            sealer=TokenSealer(spec["sealer_keys"]) if spec.get("sealer_keys") else None,
        )
    if spec["kind"] == "redis":
        return RedisTokenStore(
            spec["key"],
            url=spec["url"],
            lock_lease=spec.get("lock_lease", 30.0),
            lock_timeout=spec.get("lock_timeout", 60.0),
            socket_timeout=spec.get("socket_timeout", 5.0),
        )
    return FileTokenStore(spec["path"], lock_timeout=spec.get("lock_timeout", 60.0))


async def close_store(store: TokenStore) -> None:
    if isinstance(store, RedisTokenStore):
        await store.aclose()
    if isinstance(store, SQLAlchemyTokenStore) and store.async_engine is not None:
        await store.async_engine.dispose()


def ready_then_wait(config: dict[str, Any]) -> None:
    """Say this worker has started, then wait for the test's "go" (both optional)."""
    if config.get("ready"):
        Path(config["ready"]).touch()
    if config.get("go"):
        wait_for(Path(config["go"]))


def wait_for(go: Path) -> None:
    """Wait until the test creates `go`; exit with status 3 after GO_LIMIT seconds."""
    deadline = time.monotonic() + GO_LIMIT
    while not go.exists():
        if time.monotonic() > deadline:
            print(f"worker: no {go.name} after {GO_LIMIT:g} s", file=sys.stderr)
            sys.exit(3)
        time.sleep(0.002)


async def run(config: dict[str, Any], offset: float) -> dict[str, Any]:
    """Run the tasks; `offset` is the mock clock's offset from this machine's, in seconds."""
    base_url: str = config["base_url"]

    def clock() -> datetime:
        return datetime.fromtimestamp(time.time() + offset, tz=UTC)

    store = make_store(config["store"])
    client = AsyncOAuthClient(
        client_id=config["client_id"],
        client_secret=config["client_secret"],
        redirect_uri=config["redirect_uri"],
        scope=config["scope"],
        base_url=base_url,
        token_store=store,
        clock=clock,
        timeout=config.get("timeout", 30.0),
    )
    try:
        await asyncio.to_thread(ready_then_wait, config)
        results = await asyncio.gather(
            *(client.get_valid_access_token() for _ in range(config["tasks"])),
            return_exceptions=True,
        )
        report = summary(results)
        if config.get("follow_up"):
            report["follow_up"] = await follow_up(client, config["follow_up"], report)
    finally:
        await client.aclose()
        await close_store(store)
    return report


def summary(results: list[str | BaseException]) -> dict[str, Any]:
    tokens = [result for result in results if isinstance(result, str)]
    errors = [result for result in results if isinstance(result, BaseException)]
    return {
        "tokens": sorted(set(tokens)),
        "got": len(tokens),
        "errors": [f"{type(error).__name__}: {error}" for error in errors],
        "store_errors": sum(isinstance(error, TokenStoreError) for error in errors),
    }


async def follow_up(
    client: AsyncOAuthClient, paths: dict[str, str], report: dict[str, Any]
) -> dict[str, str]:
    """Hand the test the report so far, wait for its "go", then make one more call."""
    ready = Path(paths["ready"])
    part = ready.with_name(ready.name + ".part")
    part.write_text(json.dumps(report))
    part.rename(ready)  # the test never reads half a report
    await asyncio.to_thread(wait_for, Path(paths["go"]))
    try:
        return {"token": await client.get_valid_access_token()}
    except Exception as exc:
        return {"error": f"{type(exc).__name__}: {exc}"}


def main() -> None:
    config = json.loads(sys.argv[1])
    clock = httpx2.get(f"{config['base_url']}/_mock/clock", timeout=10).json()
    report = asyncio.run(run(config, float(clock["offset_seconds"])))
    print(json.dumps(report), flush=True)


if __name__ == "__main__":
    main()
