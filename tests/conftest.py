"""Options of the whole test suite: `--interop` runs tests/interop (the OpenID-Certified
server and relying party, which need `npm ci` in tests/interop first; see its run.sh)
instead of leaving it out of the run."""

from __future__ import annotations

from pathlib import Path

import pytest

INTEROP = Path(__file__).parent / "interop"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--interop",
        action="store_true",
        help="run tests/interop against oidc-provider and openid-client (npm ci first)",
    )


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    if collection_path == INTEROP and not config.getoption("--interop"):
        return True  # not collected at all: `bash tests/interop/run.sh` runs it
    return None
