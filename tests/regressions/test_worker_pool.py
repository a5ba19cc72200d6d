"""The blocking client's deadline is kept by sending from a process-wide pool of 64 worker
threads (contio/_io/blocking.py). The caller stops waiting at the deadline, but the worker
only looks at `gave_up` between body chunks: a server that drips its *head* keeps the
worker inside `http.send` for as long as it likes. These tests show what that costs.
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from contio import OAuthClient
from tests.hostile import Exchange, hostile
from tests.regressions.helpers import REDIRECT_URI, SECRET

SCOPES = b'{"scopes": ["openid"]}'
REPO = Path(__file__).resolve().parents[2]


def drip_head(ex: Exchange) -> None:
    """A status line and then one header byte every 0.2 s: each read gets a byte well within
    httpx's read timeout, so httpx never gives up."""
    ex.drip(b"HTTP/1.1 200 OK\r\nX-Slow: " + b"a" * 100_000, interval=0.2)


def scopes(ex: Exchange) -> None:
    ex.json(200, {"scopes": ["openid"]})


def test_a_server_dripping_its_head_does_not_stall_every_other_client_of_the_process() -> None:
    with hostile(drip_head) as bad, hostile(scopes) as good:
        slow = OAuthClient(
            "review-client",
            SECRET,
            REDIRECT_URI,
            base_url=bad.base_url,
            max_retries=0,
            timeout=0.5,
        )
        errors: list[BaseException] = []

        def call() -> None:
            try:
                slow.get_available_scopes()
            except Exception as exc:
                errors.append(exc)

        threads = [threading.Thread(target=call) for _ in range(64)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert len(errors) == 64  # each call ended at its deadline, as promised
        # Another client, another (healthy) server: it must not depend on the first.
        healthy = OAuthClient(
            "review-client",
            SECRET,
            REDIRECT_URI,
            base_url=good.base_url,
            max_retries=0,
            timeout=3,
        )
        try:
            assert healthy.get_available_scopes() == ("openid",)
        finally:
            healthy.close()
            slow.close()


def test_concurrent_calls_answered_within_their_timeout_all_succeed() -> None:
    """A healthy server answering every request in 1.5 s, timeout 2.5 s, 80 concurrent callers
    (gunicorn's gthread workers, say): only 64 are sent at once, the others wait in the pool
    with their deadline running, and time out without ever being sent."""

    def slow_but_fine(ex: Exchange) -> None:
        time.sleep(1.5)
        ex.json(200, {"scopes": ["openid"]})

    with hostile(slow_but_fine) as server:
        client = OAuthClient(
            "review-client",
            SECRET,
            REDIRECT_URI,
            base_url=server.base_url,
            max_retries=0,
            timeout=2.5,
        )
        outcomes: list[object] = []

        def call() -> None:
            try:
                outcomes.append(client.get_available_scopes())
            except Exception as exc:
                outcomes.append(exc)

        threads = [threading.Thread(target=call) for _ in range(80)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        client.close()
        failures = [o for o in outcomes if not isinstance(o, tuple)]
        assert not failures, f"{len(failures)} of 80 failed, first: {failures[0]!r}"


EXIT_PROBE = """
import sys
from contio import ContioTimeoutError, OAuthClient

client = OAuthClient("c", "review-secret-1234", "https://a.example/cb", base_url=sys.argv[1],
                     max_retries=0, timeout=1)
try:
    client.get_available_scopes()
except ContioTimeoutError:
    print("timed out", flush=True)
"""


def test_a_script_whose_call_timed_out_can_exit() -> None:
    """A CLI or a cron job: the call timed out after 1 s, the script ends... and the
    interpreter joins the pool's workers at exit, one of them still reading the head."""
    with hostile(drip_head) as server:
        probe = subprocess.Popen(
            [sys.executable, "-c", EXIT_PROBE, server.base_url],
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            out, err = probe.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            probe.kill()
            out, err = probe.communicate()
            raise AssertionError(
                f"still running 20 s after its 1 s call; it printed {out!r}"
            ) from None
    assert probe.returncode == 0, err[-2000:]
    assert out.strip() == "timed out"


ATEXIT_PROBE = """
import atexit, sys
from contio import ContioError, OAuthClient

client = OAuthClient("c", "review-secret-1234", "https://a.example/cb", base_url=sys.argv[1],
                     max_retries=0, timeout=5)
if sys.argv[2] == "warm":
    client.get_available_scopes()


def sign_out_at_exit():  # a CLI revoking, or a worker reporting, as it exits
    try:
        print("ok", client.get_available_scopes(), flush=True)
    except ContioError as exc:
        print("contio error", type(exc).__name__, flush=True)
    except BaseException as exc:
        print("bare", type(exc).__name__, exc, flush=True)


atexit.register(sign_out_at_exit)
"""


@pytest.mark.parametrize("pool", ["cold", "warm"])
def test_a_call_from_an_atexit_handler_is_sent(pool: str) -> None:
    """Plain httpx works in an atexit handler; the worker pool refuses new work there (and,
    created lazily, cannot even be created), so the call is a bare RuntimeError."""
    with hostile(scopes) as server:
        probe = subprocess.run(
            [sys.executable, "-c", ATEXIT_PROBE, server.base_url, pool],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert probe.stdout.strip() == "ok ('openid',)", (probe.stdout, probe.stderr)
