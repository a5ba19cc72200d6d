"""FileTokenStore's lock inside one event loop, run as its own process (a deadlock here must
not hang the test session): `python -m tests.fleet.one_loop PATH`.

One task holds `alock()` across an await, as a refresh holds it across its request; other
tasks of the same loop load and save meanwhile. Waiting for the flock in the kernel would
block the loop, so the holder could never release it. Prints one JSON line of what happened.
"""

from __future__ import annotations

import asyncio
import json
import sys
from datetime import UTC, datetime
from typing import Any

from contio import AuthTokens, FileTokenStore, TokenStoreError


def tokens(name: str) -> AuthTokens:
    return AuthTokens(
        access_token=f"cto_at_v1_{name}",
        refresh_token=f"cto_rt_v1_{name}",
        expires_at=datetime(2030, 1, 1, tzinfo=UTC),
        scope=("openid",),
    )


async def run(path: str) -> dict[str, Any]:
    report: dict[str, Any] = {}
    holder = FileTokenStore(path, lock_timeout=0.5)
    held = asyncio.Event()
    release = asyncio.Event()

    async def hold() -> None:
        async with holder.alock():
            # The holder's own loads and saves do not wait for its own lock.
            await holder.asave(tokens("holder"))
            report["holder_loaded"] = (await holder.aload()) == tokens("holder")
            held.set()
            await release.wait()

    ticks = 0

    async def tick() -> None:
        nonlocal ticks
        while True:
            ticks += 1
            await asyncio.sleep(0.005)

    ticker = asyncio.create_task(tick())
    holding = asyncio.create_task(hold())
    await held.wait()

    # A waiter of this loop gives up after its lock_timeout, and the loop ran meanwhile.
    before = ticks
    impatient = FileTokenStore(path, lock_timeout=0.3)
    # Reads need no lock (saves are atomic renames): the holder's save is seen at once.
    report["read_while_held"] = (await impatient.aload()) == tokens("holder")
    try:
        await impatient.asave(tokens("x"))
    except TokenStoreError as exc:
        report["asave_error"] = str(exc)
    # A blocking save from this loop would wait for a lock only this loop can release.
    try:
        impatient.save(tokens("x"))
    except TokenStoreError as exc:
        report["save_error"] = str(exc)
    report["ticks_while_waiting"] = ticks - before

    # A patient waiter of this loop gets the lock once the holder lets go.
    patient = FileTokenStore(path, lock_timeout=10)
    saving = asyncio.create_task(patient.asave(tokens("waiter")))
    await asyncio.sleep(0.2)
    report["saved_before_release"] = saving.done()
    release.set()
    await asyncio.wait_for(saving, 10)
    await holding
    report["final"] = (await patient.aload()) == tokens("waiter")
    await patient.aclear()
    report["cleared"] = await patient.aload() is None
    ticker.cancel()
    return report


def main() -> None:
    print(json.dumps(asyncio.run(run(sys.argv[1]))), flush=True)


if __name__ == "__main__":
    main()
