"""The simulated day: its clock (a day compressed into `day_seconds` of real time) and its
schedule: when each user's tokens expire (signed in yesterday, many of them in the morning),
and who signs in again today, when."""

from __future__ import annotations

import random
import time
from dataclasses import dataclass

DAY = 86_400.0
HOUR = 3600.0
MINUTE = 60.0
#: Contio's WAF rule: 100 OAuth requests per 5 minutes per client address.
LIMIT = 100
WINDOW = 300.0
#: The share of users whose tokens expire in the morning burst, and when it is.
BURST_SHARE = 0.35
BURST = (7 * HOUR, 9 * HOUR)
#: The share of users who sign in again during the day, and of those in the morning.
SIGN_IN_SHARE = 0.01
MORNING_SIGN_INS = (0.6, 7 * HOUR, 10 * HOUR)


@dataclass(frozen=True)
class SimClock:
    """Simulated seconds since the day began at real Unix time `start`."""

    start: float
    day_seconds: float

    @property
    def factor(self) -> float:
        """Simulated seconds per real second."""
        return DAY / self.day_seconds

    def real(self, simulated: float) -> float:
        """Real seconds that `simulated` seconds last."""
        return simulated / self.factor

    def now(self) -> float:
        return (time.time() - self.start) * self.factor

    def at(self, simulated: float) -> float:
        """The real Unix time of a simulated moment."""
        return self.start + self.real(simulated)

    def sleep_until(self, simulated: float) -> None:
        left = self.at(simulated) - time.time()
        if left > 0:
            time.sleep(left)


def expiries(users: int, rng: random.Random) -> list[float]:
    """When each user's access token expires, in simulated seconds of the day."""
    times = []
    for _ in range(users):
        if rng.random() < BURST_SHARE:
            times.append(rng.uniform(*BURST))
        else:
            times.append(rng.uniform(0, DAY))
    return times


def sign_ins(users: int, rng: random.Random) -> list[tuple[float, int]]:
    """Who signs in again today and when: (simulated time, user), in time order."""
    share, morning_from, morning_to = MORNING_SIGN_INS
    chosen = rng.sample(range(users), max(1, round(users * SIGN_IN_SHARE)))
    planned = [
        (rng.uniform(morning_from, morning_to) if rng.random() < share else rng.uniform(0, DAY), u)
        for u in chosen
    ]
    return sorted(planned)


def percentile(values: list[float], fraction: float) -> float:
    """The `fraction` percentile of `values` (nearest rank); 0 for none."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))]
