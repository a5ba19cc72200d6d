"""What every part of the bench shares, the fresh-process child included: stdlib only.

The child process imports this before it starts timing, so nothing here may pull in httpx,
contio or any client: that would change what the raw clients' processes hold.
"""

from __future__ import annotations

import base64
import importlib
import os
from pathlib import Path
from typing import Any

from . import REPO

CLIENT_ID = "demo-client"
CLIENT_SECRET = "demo-secret"  # the mock's published demo credentials
REDIRECT_URI = "http://127.0.0.1/callback"
CLIENT = (CLIENT_ID, CLIENT_SECRET, REDIRECT_URI)
BASIC = "Basic " + base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()


class BenchError(RuntimeError):
    """The bench itself broke (not a missed target)."""


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def optional_module(name: str) -> Any:
    """The module, or None when it is not installed (typed Any: it may be absent for mypy)."""
    try:
        return importlib.import_module(name)
    except ImportError:
        return None


def subprocess_env(*extra: Path) -> dict[str, str]:
    """The environment for a child Python: this work tree (and `extra`) first on its path."""
    paths = [*map(str, extra), str(REPO), str(REPO / "generated"), os.environ.get("PYTHONPATH", "")]
    return {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in paths if p)}
