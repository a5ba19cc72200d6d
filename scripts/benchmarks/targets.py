"""Issue 6's targets, CPU per call, evaluated on both protocols from the rows measured.

It reads the report only, so a target on new rows is one more line in CHECKS.
"""

from __future__ import annotations

from .base import verdict
from .report import ISSUE6, WARMED, Bench
from .sdk_peer import SDK_NAME
from .warmed_sync import RATIO_TARGET

AIOHTTP_RATIO_TARGET = 1.25  # contio / raw httpx, both over the aiohttp transport (issue 6)
SDK_RATIO_TARGET = 0.75  # contio (aiohttp transport) / the official TypeScript SDK (issue 6)

# (label, the measure on top, the one below, the most the ratio may be)
CHECKS = [
    (
        "contio (aiohttp) / official TypeScript SDK",
        "contio over aiohttp",
        SDK_NAME,
        SDK_RATIO_TARGET,
    ),
    (
        "contio (aiohttp) / raw httpx (aiohttp)",
        "contio over aiohttp",
        "raw httpx over aiohttp",
        AIOHTTP_RATIO_TARGET,
    ),
    ("contio sync / raw httpx sync", "contio OAuthClient", "raw httpx Client", RATIO_TARGET),
]


def run(bench: Bench) -> None:
    measured = bench.report.measured
    print("\nissue 6 targets, CPU per call, on both protocols")
    print(f"  {'':<44} {'target':<8} {'issue 6 protocol':<18} {'warmed':<18}")
    for label, top, bottom, limit in CHECKS:
        cells = []
        for protocol in (ISSUE6, WARMED):
            table = measured.get(protocol, {})
            if top in table and bottom in table:
                ratio = table[top].per_call_ms / table[bottom].per_call_ms
                ok = ratio <= limit
                cells.append(f"{ratio:.2f} {verdict(ok)}")
                bench.report.target(f"[{protocol}] {label}", f"{ratio:.2f}", f"<= {limit}", ok)
            else:
                cells.append("not measured")
        print(f"  {label:<44} {'<= ' + str(limit):<8} {cells[0]:<18} {cells[1]:<18}")
