"""Runs one simulated day: a Redis (the tests' helper starts one), the mock with Contio's WAF
rule on (its window, lifetimes and Retry-After compressed with the day), the users' tokens of
yesterday in the shared store, N fleet workers and one faulty worker; then sums up."""

from __future__ import annotations

import contextlib
import json
import random
import secrets
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import redis

from contio import AuthTokens
from contio.mock import MockConfig, RunningMock, serve_in_thread
from contio.mock.state import MockState
from contio.stores.redis import RedisTokenStore
from fleetsim import day
from fleetsim.day import DAY, LIMIT, WINDOW, SimClock
from fleetsim.worker import REDIRECT_URI, SCOPE, user_key

SCRIPTS = Path(__file__).resolve().parents[1]
REPO = SCRIPTS.parent


@contextlib.contextmanager
def redis_server(url: str | None) -> Iterator[str]:
    if url is not None:
        yield url
        return
    sys.path.insert(0, str(REPO))
    from tests.fleet.conftest import RedisServer

    with RedisServer() as server:
        yield server.url


def batched(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def mint(count: int) -> Callable[[MockState], list[tuple[str, str]]]:
    """Yesterday's sign-ins, issued by the mock at once (no request counted)."""

    def issue(state: MockState) -> list[tuple[str, str]]:
        client_id = state.config.client_id
        issued = []
        for _ in range(count):
            grant = state.new_grant(client_id, None, tuple(SCOPE))
            access = state.issue_token(grant, "access_token", grant.scopes)
            refresh = state.issue_token(grant, "refresh_token", grant.scopes)
            issued.append((access.value, refresh.value))
        return issued

    return issue


def simulate(
    *,
    processes: int,
    users: int,
    day_seconds: float,
    budget: bool,
    seed: int = 1,
    redis_url: str | None = None,
    say: Callable[[str], None] = print,
) -> dict[str, Any]:
    rng = random.Random(seed)  # noqa: S311 - a repeatable simulation, not a secret
    setup = 5.0 + users / 1000
    with redis_server(redis_url) as url, tempfile.TemporaryDirectory() as folder:
        store = redis.Redis.from_url(url)
        run = secrets.token_hex(4)  # this run's keys: never another's, nor the app's
        factor = DAY / day_seconds
        config = MockConfig(
            rate_limit=LIMIT,
            rate_limit_window=WINDOW / factor,
            rate_limit_address_header="X-Forwarded-For",
            access_token_lifetime=max(1, round(DAY / factor)),
            refresh_token_lifetime=max(1, round(30 * DAY / factor)),
            auto_approve_email="returning-user@example.com",
            extra_redirect_uris=(REDIRECT_URI,),
        )
        with serve_in_thread(config) as mock:
            started = time.time()
            clock = SimClock(started + setup, day_seconds)
            issued = mock.call(mint(users))
            for user, ((access, refresh), expires) in enumerate(
                zip(issued, day.expiries(users, rng), strict=True)
            ):
                tokens = AuthTokens(
                    access,
                    refresh,
                    expires_at=datetime.fromtimestamp(clock.at(expires), UTC),
                    scope=tuple(SCOPE),
                )
                RedisTokenStore(user_key(run, user), client=store).save(tokens)
            planned: list[list[list[float]]] = [[] for _ in range(processes)]
            for at, user in day.sign_ins(users, rng):  # on any worker, as a web request lands
                planned[rng.randrange(processes)].append([at, user])
            say(f"seeded {users} users in {time.time() - started:.1f} s; the day begins")
            reports = run_workers(
                Path(folder), run, processes, users, planned, clock, budget, url, mock, config
            )
            blocked_at_mock = mock.call(lambda state: state.stats.get("rate_limited", 0))
        for keys in batched(store.scan_iter(f"contio:tokens:{{sim-{run}-*"), 500):
            store.delete(*keys)
        store.close()
    return summarize(reports, processes, users, clock, budget, blocked_at_mock)


def run_workers(
    folder: Path,
    run: str,
    processes: int,
    users: int,
    planned: list[list[list[float]]],
    clock: SimClock,
    budget: bool,
    redis_url: str,
    mock: RunningMock,
    config: MockConfig,
) -> list[dict[str, Any]]:
    workers = []
    for index in range(processes + 1):
        role = "faulty" if index == processes else "fleet"
        settings = {
            "role": role,
            "run": run,
            "index": index,
            "processes": processes,
            "owned": list(range(index, users, processes)) if role == "fleet" else [],
            "sign_ins": planned[index] if role == "fleet" else [],
            "start": clock.start,
            "day_seconds": clock.day_seconds,
            "budget": budget,
            "redis_url": redis_url,
            "base_url": mock.base_url,
            "client_id": config.client_id,
            "client_secret": config.client_secret,
            "ready": str(folder / f"ready-{index}"),
        }
        path = folder / f"worker-{index}.json"
        path.write_text(json.dumps(settings))
        workers.append(
            subprocess.Popen(
                [sys.executable, "-m", "fleetsim.worker", str(path)],
                cwd=SCRIPTS,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )
        )
    reports = []
    try:
        for worker in workers:
            out, err = worker.communicate(timeout=clock.day_seconds + 300)
            if worker.returncode != 0:
                raise RuntimeError(f"a worker failed: {err.decode()[-3000:]}")
            reports.append(json.loads(out.decode().strip().splitlines()[-1]))
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.kill()
    return reports


def summarize(
    reports: list[dict[str, Any]],
    processes: int,
    users: int,
    clock: SimClock,
    budget: bool,
    blocked_at_mock: int,
) -> dict[str, Any]:
    sent = sum(sum(r["sent"].values()) for r in reports)
    waits = [w * clock.factor for r in reports for w in r.get("sign_in_waits", [])]
    errors: dict[str, int] = {}
    for report in reports:
        for name, count in report["errors"].items():
            errors[name] = errors.get(name, 0) + count
    return {
        "processes": processes,
        "users": users,
        "budget": budget,
        "day_seconds": clock.day_seconds,
        "oauth_requests": sent,
        "faulty_requests": sum(sum(r["sent"].values()) for r in reports if "faulty_calls" in r),
        "blocked": sum(r["blocked"] for r in reports),
        "blocked_after_first_window": sum(r["blocked_after_first_window"] for r in reports),
        "blocked_at_mock": blocked_at_mock,
        "invalid_grant": sum(r["invalid_grant"] for r in reports),
        "syncs": sum(r.get("syncs", 0) for r in reports),
        "syncs_expected": users * 24,
        "early_refreshes": sum(r.get("early_refreshes", 0) for r in reports),
        "sign_ins": len(waits),
        "sign_ins_failed": sum(n for name, n in errors.items() if name.startswith("sign-in:")),
        "sign_in_wait_p50": day.percentile(waits, 0.5),
        "sign_in_wait_p99": day.percentile(waits, 0.99),
        "per_user_per_day": sent / users,
        "per_user_per_day_without_faulty": (
            sent - sum(sum(r["sent"].values()) for r in reports if "faulty_calls" in r)
        )
        / users,
        "errors": errors,
    }


def summary_line(result: dict[str, Any]) -> str:
    """The one line that names each count."""
    return (
        f"fleet-sim: {result['processes']} processes, {result['users']} users, budget "
        f"{'on' if result['budget'] else 'off'}: {result['oauth_requests']} OAuth requests, "
        f"{result['blocked']} 429s ({result['blocked_after_first_window']} after the first "
        f"window), {result['invalid_grant']} invalid_grant, {result['syncs']}/"
        f"{result['syncs_expected']} syncs served, {result['sign_ins']} sign-ins served "
        f"({result['sign_ins_failed']} failed) waited p50 "
        f"{result['sign_in_wait_p50']:.1f} s p99 {result['sign_in_wait_p99']:.1f} s "
        f"(simulated), {result['per_user_per_day']:.3f} OAuth requests per user per day "
        f"({result['per_user_per_day_without_faulty']:.3f} without the faulty worker's)"
    )
