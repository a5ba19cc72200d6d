"""The CPU-per-call targets, evaluated on the rows the warmed and fresh-process sections
measured: issue 11's (on httpx2), and issues 5 and 6's facade overheads over one transport.

It reads the report only, so a target on new rows is one more line in CHECKS. "contio's
default" is the contio row of the transport AsyncOAuthClient() picks when given no client.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import clients
from .base import verdict
from .report import ISSUE6, WARMED, Bench
from .sdk_peer import SDK_NAME
from .warmed_async import default_transport

DEFAULT = "contio's default"  # stands for the row of AsyncOAuthClient()'s transport
BOTH = (ISSUE6, WARMED)


@dataclass(frozen=True)
class Check:
    label: str
    top: str
    bottom: str
    limit: float
    protocols: tuple[str, ...] = BOTH


CHECKS = [
    Check("sync contio / raw httpx2 (#11)", clients.CONTIO_SYNC, clients.RAW2_SYNC, 1.1),
    Check("async contio's default / official SDK (#11)", DEFAULT, SDK_NAME, 1.0, (WARMED,)),
    Check("async contio's default / official SDK (#11)", DEFAULT, SDK_NAME, 0.5, (ISSUE6,)),
    Check(
        "async contio / raw httpx2, httpx2 transport (#5)",
        clients.CONTIO_HTTPX2,
        clients.RAW2_ASYNC,
        1.2,
        (WARMED,),
    ),
    Check(
        "async contio / raw httpx2, over aiohttp (#6)",
        clients.CONTIO_AIOHTTP,
        clients.RAW2_AIOHTTP,
        1.25,
    ),
]


def run(bench: Bench) -> None:
    measured = bench.report.measured
    default = clients.contio_row(default_transport(bench.base_url))
    print(f"\nCPU per call targets, on both protocols (contio's default: {default or 'unknown'})")
    print(f"  {'':<50} {'target':<8} {'issue 6 protocol':<18} {'warmed':<18}")
    for check in CHECKS:
        top = default if check.top == DEFAULT else check.top
        cells = []
        for protocol in BOTH:
            table = measured.get(protocol, {})
            if protocol not in check.protocols:
                cells.append("-")
            elif top in table and check.bottom in table:
                ratio = table[top].per_call_ms / table[check.bottom].per_call_ms
                ok = ratio <= check.limit
                cells.append(f"{ratio:.2f} {verdict(ok)}")
                bench.report.target(
                    f"[{protocol}] {check.label}", f"{ratio:.2f}", f"<= {check.limit}", ok
                )
            else:
                cells.append("not measured")
        limit = f"<= {check.limit}"
        print(f"  {check.label:<50} {limit:<8} {cells[0]:<18} {cells[1]:<18}")
