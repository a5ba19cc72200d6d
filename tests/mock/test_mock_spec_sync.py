"""The mock serves exactly the operations that `openapi/contio-oauth.yaml` describes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx2
import yaml

from contio.mock import OPERATION_IDS, RunningMock

SPEC = Path(__file__).resolve().parents[2] / "openapi" / "contio-oauth.yaml"
METHODS = ("get", "post", "put", "patch", "delete")


def spec_operations() -> dict[str, tuple[str, str]]:
    spec: dict[str, Any] = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    return {
        operation["operationId"]: (method.upper(), path)
        for path, item in spec["paths"].items()
        for method, operation in item.items()
        if method in METHODS
    }


def test_operation_ids_match_the_spec() -> None:
    assert set(spec_operations()) == set(OPERATION_IDS)


def test_every_operation_is_routed_and_counted(mock: RunningMock, anon: httpx2.Client) -> None:
    for operation_id, (method, path) in spec_operations().items():
        url = path.replace("{client_id}", "demo-client").replace("{slug}", "demo")
        before = mock.state.stats.get(operation_id, 0)
        answer = anon.request(method, url)
        assert answer.status_code != 405, operation_id
        assert answer.status_code < 500
        # Its own handler answered (a 404 of the router would not count it).
        assert mock.state.stats.get(operation_id, 0) == before + 1, operation_id
    assert set(mock.state.stats) >= set(OPERATION_IDS)
