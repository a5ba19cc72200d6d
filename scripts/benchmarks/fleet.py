"""(h) The fleet inside Contio's rate limit: `scripts/fleet-sim` run small (a few processes, a
few hundred users, a day in under a minute), with the OAuth budget and without it. Targets:
with the budget, no 429 after the first window, no `invalid_grant`, every sync served, at
most 1.05 OAuth requests per user per day from the fleet (the faulty worker's few held-back
requests are counted apart: they do not grow with the users)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from .report import Bench

SCRIPTS = Path(__file__).resolve().parents[1]


def run(bench: Bench) -> None:
    sys.path.insert(0, str(SCRIPTS))
    from fleetsim.run import simulate, summary_line

    options = bench.options
    print(
        f"\n(h) fleet-sim: {options.fleet_processes} processes, {options.fleet_users} users, "
        f"a day in {options.fleet_day_seconds:g} s, with the budget and without"
    )
    results: dict[bool, dict[str, Any]] = {}
    for budget in (True, False):
        result = simulate(
            processes=options.fleet_processes,
            users=options.fleet_users,
            day_seconds=options.fleet_day_seconds,
            budget=budget,
            say=lambda _: None,
        )
        results[budget] = result
        print(f"  {summary_line(result)}")
    done = results[True]
    fleet_only = done["per_user_per_day_without_faulty"]
    report = bench.report
    report.target(
        "fleet-sim 429s after 1st window",
        str(done["blocked_after_first_window"]),
        "== 0",
        done["blocked_after_first_window"] == 0,
    )
    report.target(
        "fleet-sim invalid_grant", str(done["invalid_grant"]), "== 0", done["invalid_grant"] == 0
    )
    report.target(
        "fleet-sim syncs not served",
        str(done["syncs_expected"] - done["syncs"]),
        "== 0",
        done["syncs"] == done["syncs_expected"],
    )
    report.target(
        "fleet-sim OAuth requests/user/day", f"{fleet_only:.3f}", "<= 1.05", fleet_only <= 1.05
    )
