"""Hypothesis, the facade's pieces on their own: ContioAPIError.from_response on any error
answer, parse_retry_after on any header value, and AuthTokens from any dict (valid or a
ValueError) and through a JSON round trip.
"""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import httpx2
from hypothesis import given
from hypothesis import strategies as st

from contio import AuthTokens, ContioAPIError
from contio._text import parse_retry_after
from tests.facade.fuzz_support import FUZZ, bodies, header_text, headers, json_values, well_typed

# -- the pieces, on their own --------------------------------------------------------------------


@FUZZ
@given(status=st.integers(400, 599), body=bodies, headers=headers)
def test_error_from_any_answer(status: int, body: bytes, headers: dict[str, str]) -> None:
    response = httpx2.Response(status, content=body, headers=headers)
    error = ContioAPIError.from_response(response, "demo-secret")
    assert isinstance(error, ContioAPIError)
    assert error.status_code == status
    assert error.code is None or isinstance(error.code, str)
    assert isinstance(error.message, str)
    assert error.message
    assert error.request_id is None or isinstance(error.request_id, str)
    assert error.workspace_id is None or isinstance(error.workspace_id, str)
    assert error.retry_after is None or (
        math.isfinite(error.retry_after) and error.retry_after >= 0
    )
    assert len(str(error)) < 1_000
    assert "demo-secret" not in str(error)


@FUZZ
@given(value=st.one_of(header_text, st.text(max_size=40)))
def test_retry_after_is_none_or_finite_seconds(value: str) -> None:
    seconds = parse_retry_after(value)
    assert seconds is None or (math.isfinite(seconds) and seconds >= 0)


token_keys = st.sampled_from(
    [
        "access_token",
        "refresh_token",
        "id_token",
        "expires_at",
        "scope",
        "token_type",
        "accessToken",
        "refreshToken",
        "idToken",
        "expiresAt",
        "tokenType",
    ]
)
offsets = st.sampled_from(
    [UTC, timezone(timedelta(hours=5)), timezone(timedelta(hours=-7, minutes=-30))]
)
#: Aware datetimes of any year: near year 1 or 9999, some have no UTC equivalent.
any_aware = st.datetimes(timezones=offsets)
#: Aware datetimes that convert to UTC.
aware = st.datetimes(
    min_value=datetime(1971, 1, 1),  # bounds of a timezone-aware strategy are naive
    max_value=datetime(9000, 1, 1),
    timezones=offsets,
)


@FUZZ
@given(
    data=st.one_of(
        json_values,
        st.dictionaries(
            token_keys,
            st.one_of(
                json_values,
                any_aware.map(datetime.isoformat),
                st.sampled_from(["0001-01-01T00:00:00+05:00", "9999-12-31T23:59:59-01:00"]),
            ),
        ),
    )
)
def test_tokens_from_any_dict_are_valid_or_value_error(data: Any) -> None:
    try:
        tokens = AuthTokens.from_dict(data)
    except ValueError:
        return
    assert well_typed(tokens)
    assert tokens.access_token
    assert AuthTokens.from_dict(json.loads(json.dumps(tokens.to_dict()))) == tokens


#: What a token may hold: visible ASCII (AuthTokens refuses anything else).
TOKEN_TEXT = st.text(st.characters(min_codepoint=0x21, max_codepoint=0x7E), min_size=1)


@FUZZ
@given(
    tokens=st.builds(
        AuthTokens,
        access_token=TOKEN_TEXT,
        refresh_token=st.none() | TOKEN_TEXT,
        id_token=st.none() | TOKEN_TEXT,
        expires_at=st.none() | aware,
        scope=st.lists(st.text(min_size=1)).map(tuple),
        token_type=st.sampled_from(["Bearer", "bearer", "BEARER"]),
    )
)
def test_tokens_round_trip_through_json(tokens: AuthTokens) -> None:
    again = AuthTokens.from_dict(json.loads(json.dumps(tokens.to_dict())))
    assert again == tokens
