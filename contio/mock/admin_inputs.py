"""Reading the identity-administration requests: JSON bodies, integers, the query string, and
who sent them (for the audit history)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from starlette.requests import Request

from contio.mock.errors import InvalidInput
from contio.mock.inputs import Fields, parse_json_object, parse_urlencoded, read_body
from contio.mock.state import MockState


async def json_fields(request: Request, state: MockState) -> Fields:
    body = await read_body(request, state.config.max_body_bytes)
    return Fields(parse_json_object(body), state.config.max_field_chars)


def query(request: Request, state: MockState) -> dict[str, str]:
    return parse_urlencoded(request.scope["query_string"], state.config.max_field_chars)


def opt_int(data: Mapping[str, Any], name: str, default: int, low: int, high: int) -> int:
    """An integer field of a JSON body or a query (as text there), within [low, high]."""
    value: Any = data.get(name, default)
    if isinstance(value, str):
        value = int(value) if value.isascii() and value.isdigit() and len(value) < 10 else None
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise InvalidInput(f"{name} must be an integer from {low} to {high}")
    return value


def text(fields: Fields, name: str, *, required: bool, max_chars: int) -> str | None:
    value = fields.req_str(name) if required else fields.opt_str(name)
    if value is not None and len(value) > max_chars:
        raise InvalidInput(f"{name} must be at most {max_chars} characters")
    return value


def who(request: Request) -> dict[str, str]:
    """The request's address and user agent, for an audit event."""
    found = {}
    if request.client is not None:
        found["ip_address"] = request.client.host
    agent = request.headers.get("user-agent")
    if agent:
        found["user_agent"] = agent[:255]
    return found
