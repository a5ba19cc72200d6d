"""Shared pieces of the token endpoint's tests (the modules split from the former
`test_mock_tokens.py`): their user, and the OAuth error code of an answer, checked to carry the
request id of its x-request-id header.
"""

from __future__ import annotations

import httpx2

EMAIL = "tok@example.com"


def error_of(response: httpx2.Response) -> str:
    body = response.json()
    assert body["request_id"] == response.headers["x-request-id"]
    return str(body["error"])
