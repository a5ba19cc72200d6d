"""The client against a server that misbehaves on purpose (a real loopback socket each):
redirects to another origin, answers that drip a byte a second, bodies of hundreds of
megabytes, token types the client cannot use.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

import httpx2
import pytest

from contio import (
    AsyncOAuthClient,
    AuthTokens,
    ContioTimeoutError,
    FileTokenStore,
    InvalidResponseError,
    MemoryTokenStore,
    OAuthClient,
)
from contio.types import TokenTypeHint
from tests.facade.conftest import AnyClient, close_client, resolve
from tests.hostile import Exchange, HostileServer, elapsed, hostile, response_bytes

SECRET = "hostile-test-secret-Zq8"
CODE = "code-Abc123-never-elsewhere"
VERIFIER = "verifier-" + "V" * 40
REFRESH = "cto_rt_v1_refresh-Never-Elsewhere-77"
ACCESS = "cto_at_v1_access-Never-Elsewhere-77"
ONE_TIME = "493817"
SESSION = "session-Never-Elsewhere-42"
FAR = "2099-01-01T00:00:00+00:00"
TOKENS = AuthTokens.from_dict({"access_token": ACCESS, "refresh_token": REFRESH, "expires_at": FAR})
EXPIRED = AuthTokens.from_dict(
    {"access_token": ACCESS, "refresh_token": REFRESH, "expires_at": "2000-01-01T00:00:00Z"}
)
REDIRECTS = (301, 302, 303, 307, 308)


@pytest.fixture(params=["sync", "async"])
def kind(request: pytest.FixtureRequest) -> str:
    """Which client a test makes (an async test also runs once per async transport)."""
    param: str = request.param
    return param


OPEN: list[AnyClient] = []


@pytest.fixture(autouse=True)
async def close_clients() -> Any:
    """Close every client a test made (the async ones hold aiohttp sessions)."""
    yield
    while OPEN:
        await close_client(OPEN.pop())


def client_for(kind: str, server: HostileServer, **overrides: Any) -> AnyClient:
    options: dict[str, Any] = {
        "base_url": server.base_url,
        "max_retries": 0,
        "token_store": MemoryTokenStore(),
    }
    options.update(overrides)
    cls = OAuthClient if kind == "sync" else AsyncOAuthClient
    client = cls("hostile-client", SECRET, "https://app.example.com/callback", **options)
    OPEN.append(client)
    return client


def calls(client: AnyClient) -> dict[str, Callable[[], Any]]:
    """A call of every operation that sends a secret, each carrying a distinct one."""
    return {
        "exchange": lambda: client.exchange_code_for_token(CODE, code_verifier=VERIFIER),
        "refresh": lambda: client.refresh_access_token(REFRESH),
        "verify": lambda: client.verify_partner_auth("ada@example.com", ONE_TIME, SESSION),
        "initiate": lambda: client.initiate_partner_auth("ada@example.com"),
        "introspect": lambda: client.introspect_token(ACCESS),
        "userinfo": lambda: client.get_user_info(ACCESS),
        "revoke": lambda: client.revoke_token(REFRESH, "refresh_token"),
        "client_credentials": lambda: client.get_client_credentials_token(),
    }


# -- redirects: never followed, whatever the app's client does ------------------------------


@pytest.mark.parametrize("status", REDIRECTS)
@pytest.mark.parametrize("kind", ["sync", "async"])
async def test_a_redirect_is_refused_and_no_secret_reaches_its_target(
    kind: str, status: int, async_transport: str
) -> None:
    with hostile(lambda ex: ex.answer(200, b"{}")) as thief:
        target = f"{thief.base_url}/steal?x=1"

        def redirect(ex: Exchange) -> None:
            ex.answer(status, headers={"Location": target})

        with hostile(redirect) as server:
            if kind == "sync":
                http: Any = httpx2.Client(follow_redirects=True)
            elif async_transport == "aiohttp":
                from httpx_aiohttp.httpx2 import Httpx2AiohttpClient

                http = Httpx2AiohttpClient(follow_redirects=True)
            else:
                http = httpx2.AsyncClient(follow_redirects=True)
            store = MemoryTokenStore(TOKENS)
            client = client_for(kind, server, http_client=http, token_store=store)
            for name, call in calls(client).items():
                with pytest.raises(InvalidResponseError) as refused:
                    await resolve(call())
                message = str(refused.value)
                assert f"{status}" in message, name
                assert f"to http://127.0.0.1:{thief.port}" in message  # the origin, only
                assert "/steal" not in message
                assert refused.value.status_code == status
            if kind == "sync":
                http.close()
            else:
                await http.aclose()
        assert thief.connections == 0  # not one byte of any secret went there
        assert store.load() == TOKENS  # nothing stored, nothing cleared
        assert client.tokens == TOKENS


@pytest.mark.parametrize("status", REDIRECTS)
async def test_a_revoke_answered_with_a_redirect_raises_and_keeps_the_tokens(
    kind: str, status: int
) -> None:
    def redirect(ex: Exchange) -> None:
        ex.answer(status, headers={"Location": "https://elsewhere.example/revoked"})

    with hostile(redirect) as server:
        store = MemoryTokenStore(TOKENS)
        client = client_for(kind, server, token_store=store)
        hints: tuple[tuple[str, TokenTypeHint], ...] = (
            (REFRESH, "refresh_token"),
            (ACCESS, "access_token"),
        )
        for token, hint in hints:
            with pytest.raises(InvalidResponseError, match=f"{status}.*elsewhere.example"):
                await resolve(client.revoke_token(token, hint))
        assert store.load() == TOKENS
        assert client.tokens == TOKENS


async def test_a_revoke_answered_204_is_not_taken_for_done(kind: str) -> None:
    with hostile(lambda ex: ex.answer(204)) as server:
        client = client_for(kind, server, token_store=MemoryTokenStore(TOKENS))
        with pytest.raises(InvalidResponseError, match="unexpected status 204"):
            await resolve(client.revoke_token(REFRESH, "refresh_token"))
        assert client.tokens == TOKENS


# -- one deadline per attempt -----------------------------------------------------------------

TOKEN_JSON = json.dumps(
    {"access_token": "cto_at_v1_new", "token_type": "Bearer", "expires_in": 3600}
).encode()
DRIPPED_WHOLE = response_bytes(200, TOKEN_JSON, {"Content-Type": "application/json"})
TIMEOUT = 2.0


def drip_whole(ex: Exchange) -> None:
    """Every byte of the answer, status line first, one a second."""
    ex.drip(DRIPPED_WHOLE)


def drip_body(ex: Exchange) -> None:
    """The head at once, then the body a byte a second."""
    head = DRIPPED_WHOLE[: DRIPPED_WHOLE.index(b"\r\n\r\n") + 4]
    ex.send(head)
    ex.drip(TOKEN_JSON)


DEADLINE_CALLS = {
    "introspect": lambda c: c.introspect_token(ACCESS),  # idempotent (max_retries=0 here)
    "exchange": lambda c: c.exchange_code_for_token(CODE),  # sent: never repeated
}
DRIPS = pytest.mark.parametrize("handler", [drip_whole, drip_body], ids=["head", "body"])
CALLS = pytest.mark.parametrize("call", sorted(DEADLINE_CALLS))


@DRIPS
@CALLS
@pytest.mark.parametrize("http", ["own", "app's"])
def test_a_dripping_server_cannot_hold_a_sync_call_past_its_deadline(
    handler: Callable[[Exchange], None], call: str, http: str
) -> None:
    # contio's own client keeps the deadline at the socket; an app's is driven from a
    # worker thread that the caller stops waiting for.
    options: dict[str, Any] = {"http_client": httpx2.Client()} if http == "app's" else {}
    with hostile(handler) as server:
        client = client_for("sync", server, timeout=TIMEOUT, **options)
        start = time.monotonic()
        with pytest.raises(ContioTimeoutError, match="timed out"):
            DEADLINE_CALLS[call](client)
        assert elapsed(start) < 2 * TIMEOUT


@DRIPS
@CALLS
async def test_a_dripping_server_cannot_hold_an_async_call_past_its_deadline(
    handler: Callable[[Exchange], None], call: str
) -> None:
    with hostile(handler) as server:
        client = client_for("async", server, timeout=TIMEOUT)
        start = time.monotonic()
        with pytest.raises(ContioTimeoutError, match="timed out"):
            await DEADLINE_CALLS[call](client)
        assert elapsed(start) < 2 * TIMEOUT


def test_retries_of_a_dripping_server_are_bounded_as_documented() -> None:
    retries = 1
    with hostile(drip_whole) as server:
        client = client_for("sync", server, timeout=TIMEOUT, max_retries=retries)
        start = time.monotonic()
        with pytest.raises(ContioTimeoutError):
            client.introspect_token(ACCESS)
        # The README's worst case: (max_retries + 1) x timeout, plus the backoff (< 1 s for
        # the first retry); one more timeout of slack for a loaded machine.
        assert elapsed(start) < (retries + 1) * TIMEOUT + 1.0 + TIMEOUT
        assert server.connections == retries + 1


def test_five_threads_waiting_on_a_dripping_refresh_all_end(tmp_path: Any) -> None:
    with hostile(drip_whole) as server:
        store = FileTokenStore(tmp_path / "tokens.json")
        store.save(EXPIRED)
        client = client_for("sync", server, timeout=TIMEOUT, max_retries=2, token_store=store)
        assert isinstance(client, OAuthClient)
        outcomes: list[BaseException | str] = []
        ends: list[float] = []
        start = time.monotonic()

        def caller() -> None:
            try:
                outcomes.append(client.get_valid_access_token())
            except Exception as exc:
                outcomes.append(exc)
            ends.append(elapsed(start))

        threads = [threading.Thread(target=caller) for _ in range(5)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert len(outcomes) == 5
        assert all(isinstance(outcome, ContioTimeoutError) for outcome in outcomes)
        assert max(ends) < 2 * TIMEOUT  # they shared the one attempt's answer
        assert server.connections == 1  # a refresh that was sent is never repeated
        assert store.load() == EXPIRED


async def test_five_tasks_waiting_on_a_dripping_refresh_all_end(async_transport: str) -> None:
    with hostile(drip_whole) as server:
        client = client_for("async", server, timeout=TIMEOUT, token_store=MemoryTokenStore(EXPIRED))
        assert isinstance(client, AsyncOAuthClient)
        start = time.monotonic()
        outcomes = await asyncio.gather(
            *(client.get_valid_access_token() for _ in range(5)), return_exceptions=True
        )
        assert elapsed(start) < 2 * TIMEOUT
        assert all(isinstance(outcome, ContioTimeoutError) for outcome in outcomes)
        assert server.connections == 1


# -- a cap on what is read --------------------------------------------------------------------

BIG = 400 * 1024 * 1024

RSS_PROBE = """
import asyncio, json, resource, sys
from contio import AsyncOAuthClient, InvalidResponseError, OAuthClient

base_url, kind, transport = sys.argv[1:4]
if transport == "httpx":
    sys.modules["aiohttp"] = None
args = ("rss-client", "rss-secret", "https://app.example.com/cb")

def peak_kib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

async def main():
    if kind == "sync":
        client = OAuthClient(*args, base_url=base_url, max_retries=0, timeout=60)
        call = lambda: client.introspect_token("cto_at_v1_x")
    else:
        client = AsyncOAuthClient(*args, base_url=base_url, max_retries=0, timeout=60)
        async def call():
            return await client.introspect_token("cto_at_v1_x")
    outcomes = []
    for _ in range(3):
        before = peak_kib()
        try:
            result = call()
            if kind != "sync":
                await result
            outcomes.append("no error")
        except InvalidResponseError as exc:
            outcomes.append(str(exc))
        outcomes.append(peak_kib() - before)
    print(json.dumps(outcomes))

asyncio.run(main())
"""


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
@pytest.mark.parametrize("kind", ["sync", "async-httpx", "async-aiohttp"])
def test_a_400_mb_answer_is_refused_with_memory_flat(kind: str, chunked: bool) -> None:
    sent: list[int] = []

    def huge(ex: Exchange) -> None:
        sent.append(ex.stream(BIG, chunked=chunked))

    with hostile(huge) as server:
        client_kind, _, transport = kind.partition("-")
        probe = subprocess.run(
            [sys.executable, "-c", RSS_PROBE, server.base_url, client_kind, transport or "httpx"],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert probe.returncode == 0, probe.stderr[-2000:]
        outcomes = json.loads(probe.stdout)
    messages, growth_kib = outcomes[0::2], outcomes[1::2]
    assert all("larger than max_response_bytes" in m for m in messages), messages
    # The first call pays for the imports made at the first request; the later ones must not
    # grow at all beyond noise.
    assert max(growth_kib[1:]) < 20 * 1024, growth_kib
    # The server could not push the whole body: the connection was dropped early.
    assert sent
    assert max(sent) < BIG // 4


# -- token types the client cannot use ----------------------------------------------------------


@pytest.mark.parametrize("token_type", ["DPoP", "mac", "", "Bearer2", "bearer "])
async def test_a_token_type_other_than_bearer_is_refused(kind: str, token_type: str) -> None:
    answer = {"access_token": "cto_at_v1_new", "token_type": token_type, "expires_in": 60}
    with hostile(lambda ex: ex.json(200, answer)) as server:
        store = MemoryTokenStore(TOKENS)
        client = client_for(kind, server, token_store=store)
        with pytest.raises(InvalidResponseError, match="token_type"):
            await resolve(client.exchange_code_for_token(CODE))
        assert store.load() == TOKENS


@pytest.mark.parametrize("token_type", ["bearer", "BEARER", "Bearer"])
async def test_bearer_in_any_case_is_bearer(kind: str, token_type: str) -> None:
    answer = {"access_token": "cto_at_v1_new", "token_type": token_type, "expires_in": 60}
    with hostile(lambda ex: ex.json(200, answer)) as server:
        client = client_for(kind, server)
        tokens = await resolve(client.exchange_code_for_token(CODE))
        assert tokens.token_type == "Bearer"


@pytest.mark.parametrize("token_type", ["DPoP", "mac"])
def test_tokens_of_another_type_cannot_be_held(token_type: str) -> None:
    with pytest.raises(ValueError, match="Bearer"):
        AuthTokens(access_token=ACCESS, token_type=token_type)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="Bearer"):
        AuthTokens.from_dict({"access_token": ACCESS, "token_type": token_type})
