"""One process of the simulated fleet: `python -m fleetsim.worker CONFIG_PATH` (from scripts/).

A fleet worker looks after its share of the users (one OAuthClient each, on the shared Redis
store): every simulated hour it syncs them (each sync uses the user's access token, as
background work), a `Refresher` renews their tokens ahead of time (with the budget), and the
sign-ins scheduled on it happen as a browser and the app's callback would. The faulty worker
asks for a client-credentials token with a wrong secret in a tight loop, whatever the error;
it runs at the lowest CPU priority: on a real fleet it burns its own machine, not the others'.
It prints one JSON line: what it sent, what it got, what it waited.
"""

from __future__ import annotations

import json
import os
import secrets
import sys
import threading
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx2
import redis

from contio import ContioError, OAuthClient, SignInRequiredError
from contio.budget import RedisBudget, background
from contio.refresher import Refresher
from contio.stores.redis import RedisTokenStore
from fleetsim.day import HOUR, LIMIT, MINUTE, WINDOW, SimClock

REDIRECT_URI = "http://localhost:8765/callback"
SCOPE = ["meetings:read"]


def user_key(run: str, user: int) -> str:
    """A simulated user's key in the shared store (this run's own)."""
    return f"sim-{run}-user-{user}"


class Tally:
    """What the worker's requests met, counted by the HTTP client's response hook."""

    def __init__(self, clock: SimClock) -> None:
        self.clock = clock
        self.lock = threading.Lock()
        self.sent: Counter[str] = Counter()
        self.blocked = 0
        self.blocked_after_first_window = 0

    def hook(self, response: httpx2.Response) -> None:
        with self.lock:
            self.sent[response.request.url.path] += 1
            if response.status_code == 429:
                self.blocked += 1
                if self.clock.now() > WINDOW:
                    self.blocked_after_first_window += 1


class Fleet:
    def __init__(self, config: dict[str, Any]) -> None:
        self.config = config
        self.clock = SimClock(config["start"], config["day_seconds"])
        self.redis = redis.Redis.from_url(config["redis_url"])
        self.tally = Tally(self.clock)
        self.http = httpx2.Client(event_hooks={"response": [self.tally.hook]})
        clock = self.clock
        self.budget: RedisBudget | bool = (
            RedisBudget(
                client=self.redis,
                address=f"fleet-sim-{config['run']}",
                limit=LIMIT,
                window=clock.real(WINDOW),
                wait=clock.real(10 * MINUTE),
                background_wait=clock.real(15 * MINUTE),
                refused_hold=clock.real(30 * MINUTE),
            )
            if config["budget"]
            else False
        )
        self.clients: dict[int, OAuthClient] = {}
        self.errors: Counter[str] = Counter()
        self.invalid_grant = 0
        self.lock = threading.Lock()

    def client(self, user: int, secret: str | None = None) -> OAuthClient:
        found = self.clients.get(user)
        if found is None:
            found = self.clients[user] = OAuthClient(
                self.config["client_id"],
                secret or self.config["client_secret"],
                REDIRECT_URI,
                SCOPE,
                base_url=self.config["base_url"],
                token_store=RedisTokenStore(user_key(self.config["run"], user), client=self.redis),
                http_client=self.http,
                budget=self.budget,  # type: ignore[arg-type]
                refresh_margin=self.clock.real(5 * MINUTE),
            )
        return found

    def failed(self, where: str, exc: ContioError) -> None:
        with self.lock:
            self.errors[f"{where}: {type(exc).__name__}"] += 1
            if isinstance(exc, SignInRequiredError):
                self.invalid_grant += 1

    # -- what the fleet does -----------------------------------------------------------------

    def sync(self, owned: list[int], report: dict[str, Any]) -> None:
        """Every simulated hour, use every owned user's token (work nobody waits for)."""
        for hour in range(24):
            self.clock.sleep_until(hour * HOUR + self.config["index"] * MINUTE)
            for user in owned:
                try:
                    with background():
                        self.client(user).get_valid_access_token()
                    report["syncs"] += 1
                except ContioError as exc:
                    self.failed("sync", exc)
                    report["syncs_failed"] += 1

    def sign_ins(self, planned: list[list[float]], waits: list[float]) -> None:
        """The sign-ins scheduled here: the browser at Contio, then the app's callback."""
        browser = httpx2.Client()
        for at, user in planned:
            self.clock.sleep_until(at)
            client = self.client(int(user))
            url = client.get_authorization_url(state=secrets.token_urlsafe(8))
            where = {"X-Forwarded-For": f"198.51.100.{int(user) % 250 + 1}"}  # the user's own
            location = browser.get(url, headers=where).headers.get("location", "")
            code = parse_qs(urlsplit(location).query).get("code", [""])[0]
            started = time.monotonic()
            try:
                client.exchange_code_for_token(code)
                waits.append(time.monotonic() - started)
            except ContioError as exc:
                self.failed("sign-in", exc)
        browser.close()

    def refresher(self, stop: threading.Event, report: dict[str, Any]) -> None:
        clock = self.clock
        owned = [self.client(u) for u in self.config["owned"]]
        refresher = Refresher(
            lambda: owned,
            ahead=timedelta(seconds=clock.real(30 * MINUTE)),
            look_ahead=timedelta(seconds=clock.real(12 * HOUR)),
            share=1 / self.config["processes"],
        )
        while not stop.is_set():
            done = refresher.run_once()
            report["early_refreshes"] += done.renewed
            for name, count in done.failed.items():
                self.errors[f"refresher: {name}"] += count
                if name == "SignInRequiredError":
                    self.invalid_grant += count
            stop.wait(clock.real(5 * MINUTE))

    def run(self) -> dict[str, Any]:
        config = self.config
        owned: list[int] = config["owned"]
        for user in owned:
            self.client(user)
        report: dict[str, Any] = {"syncs": 0, "syncs_failed": 0, "early_refreshes": 0}
        waits: list[float] = []
        stop = threading.Event()
        threads = [
            threading.Thread(target=self.sync, args=(owned, report)),
            threading.Thread(target=self.sign_ins, args=(config["sign_ins"], waits)),
        ]
        if config["budget"]:
            threads.append(threading.Thread(target=self.refresher, args=(stop, report)))
        ready(config)
        for thread in threads:
            thread.start()
        for thread in threads[:2]:
            thread.join()
        stop.set()
        for thread in threads[2:]:
            thread.join()
        return {**report, "sign_in_waits": waits, **self.summary()}

    def faulty(self) -> dict[str, Any]:
        """A worker whose secret is wrong, calling again at once on every error."""
        os.nice(19)
        client = self.client(-1, secret="a-wrong-secret")
        ready(self.config)
        end = self.clock.at(24 * HOUR)
        calls = 0
        while time.time() < end:
            calls += 1
            try:
                client.get_client_credentials_token()
            except ContioError as exc:
                self.errors[f"faulty: {type(exc).__name__}"] += 1
        return {"faulty_calls": calls, **self.summary()}

    def summary(self) -> dict[str, Any]:
        tally = self.tally
        return {
            "sent": dict(tally.sent),
            "blocked": tally.blocked,
            "blocked_after_first_window": tally.blocked_after_first_window,
            "invalid_grant": self.invalid_grant,
            "errors": dict(self.errors),
        }


def ready(config: dict[str, Any]) -> None:
    """Say so, then wait for the day to begin."""
    Path(config["ready"]).touch()
    left = config["start"] - time.time()
    if left > 0:
        time.sleep(left)


def main() -> None:
    config = json.loads(Path(sys.argv[1]).read_text())
    fleet = Fleet(config)
    report = fleet.faulty() if config["role"] == "faulty" else fleet.run()
    print(json.dumps(report), flush=True)


if __name__ == "__main__":
    main()
