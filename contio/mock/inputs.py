"""Reading request bodies and fields defensively: any malformed input becomes `InvalidInput`.

Nothing a client sends (bad encodings, JSON that is not an object, wrong types, huge
values) may reach the handlers as an exception other than `InvalidInput`, so no input
produces a 5xx.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any, NoReturn
from urllib.parse import unquote_plus

from starlette.requests import Request

from contio.mock.errors import InvalidInput

MAX_FORM_FIELDS = 64
MAX_EMAIL_CHARS = 254  # RFC 5321 §4.5.3.1.3, as a path
_BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
_EMAIL = re.compile(r"[^@\s\x00-\x1f\x7f]+@[^@\s\x00-\x1f\x7f]+")
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
FORM_CONTENT_TYPE = "application/x-www-form-urlencoded"


_BODY_KEY = "contio.mock.body"


def body_read(scope: Any) -> bool:
    """Whether `read_body` read this request's body (a second receive would wait forever)."""
    return _BODY_KEY in scope


async def read_body(request: Request, limit: int) -> bytes:
    """The whole body, refusing (without buffering) anything longer than `limit` bytes.
    Read once per request: a second call (a handler after the idempotency check) gets it
    again."""
    kept = request.scope.get(_BODY_KEY)
    if isinstance(kept, bytes):
        return kept
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise InvalidInput(f"request body larger than {limit} bytes")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise InvalidInput(f"request body larger than {limit} bytes")
    request.scope[_BODY_KEY] = whole = bytes(body)
    return whole


def parse_urlencoded(raw: bytes, max_chars: int) -> dict[str, str]:
    """Strict `application/x-www-form-urlencoded`: UTF-8, no repeated or broken fields.

    RFC 6749 §3.1 and §3.2 forbid repeating a parameter, so a repeat is an error, not
    "last one wins".
    """
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise InvalidInput("form body is not valid UTF-8") from None
    fields: dict[str, str] = {}
    if not text:
        return fields
    parts = text.split("&")
    if len(parts) > MAX_FORM_FIELDS:
        raise InvalidInput(f"more than {MAX_FORM_FIELDS} form fields")
    for part in parts:
        if not part:
            continue
        name, sep, value = part.partition("=")
        if not sep or not name:
            raise InvalidInput("malformed form field (expected name=value)")
        if _BAD_PERCENT.search(part):
            raise InvalidInput("malformed percent-encoding")
        try:
            key = unquote_plus(name, encoding="utf-8", errors="strict")
            val = unquote_plus(value, encoding="utf-8", errors="strict")
        except UnicodeDecodeError:
            raise InvalidInput("percent-encoded bytes are not valid UTF-8") from None
        if key in fields:
            raise InvalidInput(f"parameter {key!r} included more than once")
        if len(val) > max_chars:
            raise InvalidInput(f"parameter {key!r} longer than {max_chars} characters")
        fields[key] = val
    return fields


def check_form_content_type(request: Request) -> None:
    """Form endpoints take form bodies; a missing content type is read as a form, leniently."""
    content_type = request.headers.get("content-type")
    if content_type is None:
        return
    media_type = content_type.split(";", 1)[0].strip().lower()
    if media_type != FORM_CONTENT_TYPE:
        raise InvalidInput(f"content type must be {FORM_CONTENT_TYPE}")


def _reject_constant(name: str) -> NoReturn:
    raise ValueError(f"{name} is not JSON")


def is_encodable(text: str) -> bool:
    """Whether `text` can be written as UTF-8: JSON's `\\ud800` escapes decode to lone
    surrogates, which no response, URL or header can carry."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def check_text(data: Any) -> None:
    """Refuse a JSON value holding a string (key or value, at any depth) that is not Unicode.

    Checked once at the door, so that no handler can meet such text later while building
    an answer (a redirect URL, an error message echoing a field) and fail with a 500.
    """
    stack = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            if not is_encodable(value):
                raise InvalidInput("request body has a string that is not valid Unicode")
        elif isinstance(value, dict):
            stack.extend(value.keys())
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)


def parse_json_object(raw: bytes) -> dict[str, Any]:
    """A JSON object (RFC 8259, without NaN/Infinity) of valid Unicode text; anything else is
    `InvalidInput`."""
    try:
        data = json.loads(raw, parse_constant=_reject_constant)
    except (ValueError, RecursionError):
        raise InvalidInput("request body is not valid JSON") from None
    if not isinstance(data, dict):
        raise InvalidInput("request body must be a JSON object")
    check_text(data)
    return data


class Fields:
    """Typed access to the fields of a form or JSON object, with the endpoint's limits."""

    def __init__(self, data: Mapping[str, Any], max_chars: int) -> None:
        self.data = data
        self.max_chars = max_chars

    def __contains__(self, name: str) -> bool:
        return name in self.data

    def opt_str(self, name: str) -> str | None:
        value = self.data.get(name)
        if value is None:
            if name in self.data:
                raise InvalidInput(f"{name} must be a string, not null")
            return None
        if not isinstance(value, str):
            raise InvalidInput(f"{name} must be a string")
        if len(value) > self.max_chars:
            raise InvalidInput(f"{name} longer than {self.max_chars} characters")
        return value

    def req_str(self, name: str) -> str:
        value = self.opt_str(name)
        if value is None:
            raise InvalidInput(f"{name} is required")
        if not value:
            raise InvalidInput(f"{name} must not be empty")
        return value

    def opt_bool(self, name: str) -> bool | None:
        value = self.data.get(name)
        if value is None:
            if name in self.data:
                raise InvalidInput(f"{name} must be a boolean, not null")
            return None
        if not isinstance(value, bool):
            raise InvalidInput(f"{name} must be a boolean")
        return value

    def req_bool(self, name: str) -> bool:
        value = self.opt_bool(name)
        if value is None:
            raise InvalidInput(f"{name} is required")
        return value

    def opt_str_list(self, name: str) -> list[str] | None:
        value = self.data.get(name)
        if value is None:
            if name in self.data:
                raise InvalidInput(f"{name} must be an array of strings, not null")
            return None
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise InvalidInput(f"{name} must be an array of strings")
        if len(value) > 64 or any(len(item) > self.max_chars for item in value):
            raise InvalidInput(f"{name} is too long")
        return value

    def req_email(self, name: str = "email") -> str:
        value = self.req_str(name)
        if len(value) > MAX_EMAIL_CHARS or not _EMAIL.fullmatch(value):
            raise InvalidInput(f"{name} is not an email address")
        return value.lower()

    def opt_uuid(self, name: str) -> str | None:
        value = self.opt_str(name)
        if value is None:
            return None
        if not _UUID.fullmatch(value):
            raise InvalidInput(f"{name} must be a UUID")
        return value.lower()
