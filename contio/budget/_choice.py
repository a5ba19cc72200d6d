"""Which budget a client draws from: the app's, or by default the process's own for
Contio's servers (whose limit is known), and none for any other server."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from contio.budget._base import Limits
from contio.budget.memory import MemoryBudget

__all__ = ["choose_budget", "forget", "process_budget"]

_METHODS = ("take", "pause", "refuse", "atake", "apause", "arefuse")
_guard = threading.Lock()
_process: MemoryBudget | None = None


def process_budget() -> MemoryBudget:
    """The budget every client of this process shares by default (Contio's limit)."""
    global _process
    with _guard:
        if _process is None:
            _process = MemoryBudget()
        return _process


def forget() -> None:
    """Start this process's budget afresh (a forked child: the parent's lock may have been
    held at the fork; a test: the tests before it must not have spent it)."""
    global _process, _guard
    _process, _guard = None, threading.Lock()


os.register_at_fork(after_in_child=forget)


def _is_contio(origin: str) -> bool:
    host = (urlsplit(origin).hostname or "").lower()
    return host == "contio.ai" or host.endswith(".contio.ai")


def choose_budget(value: object, origins: Iterable[str]) -> Any:
    """The budget of a client given `budget=value` whose endpoints are at `origins`."""
    if value is False:
        return None
    if value is None:
        return process_budget() if any(_is_contio(o) for o in origins) else None
    if isinstance(getattr(value, "limits", None), Limits) and all(
        callable(getattr(value, name, None)) for name in _METHODS
    ):
        return value
    raise TypeError(
        "budget must be a contio.budget MemoryBudget or RedisBudget, None (the default) or "
        f"False (none), not {type(value).__name__}"
    )
