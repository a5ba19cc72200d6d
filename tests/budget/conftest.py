"""The budget tests' mock: Contio's WAF rule on, with a short window of real time."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

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
