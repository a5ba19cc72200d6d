"""scripts/fleet-sim, small (issue 21, part 5): a day compressed to seconds, a few processes on
one RedisBudget against the mock with Contio's WAF rule: nothing blocked after the first
window, no invalid_grant, every sync served; and its summary line names each count."""

from __future__ import annotations

import sys

from tests.fleet.conftest import REPO

sys.path.insert(0, str(REPO / "scripts"))

from fleetsim.run import simulate, summary_line


def test_a_small_simulated_day_stays_inside_the_limit(redis_url: str) -> None:
    result = simulate(
        processes=2, users=120, day_seconds=24, budget=True, redis_url=redis_url, say=print
    )
    assert result["blocked_after_first_window"] == 0
    assert result["blocked_at_mock"] == 0
    assert result["invalid_grant"] == 0
    assert result["syncs"] == result["syncs_expected"] == 120 * 24
    assert result["sign_ins"] >= 1
    assert result["sign_ins_failed"] == 0
    assert result["per_user_per_day_without_faulty"] <= 1.2  # a tiny fleet: a few early
    line = summary_line(result)
    for count in ("OAuth requests", "429s", "invalid_grant", "syncs served", "per user per day"):
        assert count in line
