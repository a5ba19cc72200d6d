"""The budget tests' mock (Contio's WAF rule on, a short window of real time), and workers
drawing from one budget at once."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator
from typing import Any

from contio.budget import USER
from contio.mock import MockConfig, serve_in_thread
from contio.testing import ContioMock


@contextlib.contextmanager
def waf_mock(limit: int, window: float) -> Iterator[ContioMock]:
    """A live mock allowing `limit` OAuth requests per rolling `window` seconds per address
    (the mock's clock runs as the wall's here)."""
    with serve_in_thread(MockConfig(rate_limit=limit, rate_limit_window=window)) as running:
        mock = ContioMock(running)
        try:
            yield mock
        finally:
            mock.close()


def granted_at_once(budget_of_worker: Callable[[], Any], workers: int = 8, draws: int = 10) -> int:
    """`workers` threads, each with the budget `budget_of_worker` makes it (its own
    connections, as a process has), draw `draws` times as fast as they can, all released at
    once; how many draws were granted."""
    granted: list[int] = []
    start = threading.Barrier(workers)

    def draw() -> None:
        budget = budget_of_worker()
        start.wait()
        granted.append(sum(budget.take(USER, "c").granted for _ in range(draws)))

    threads = [threading.Thread(target=draw) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert len(granted) == workers, "a worker did not finish"
    return sum(granted)
