"""Checks of what a server sent, field by field: the generated models trust the server, the
facade does not. Shared by the typed results (`contio.models`, `contio.oidc`) and the core."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from types import MappingProxyType
from typing import Any, TypeVar

T = TypeVar("T")
_EMPTY: Mapping[str, Any] = MappingProxyType({})


def _empty() -> Mapping[str, Any]:
    """The results' default for a mapping field: `_EMPTY`, shared (a dataclass refuses an
    unhashable default, so it is a default_factory)."""
    return _EMPTY


def _is_unset(value: object) -> bool:
    """Whether a generated model left this field UNSET. The generated package is not
    imported for this: its models (and with them its types module) made the value."""
    return type(value).__name__ == "Unset" and type(value).__module__ == "contio_oauth_api.types"


def unix_time(seconds: int | None) -> datetime | None:
    """A NumericDate (seconds since the epoch) as an aware UTC datetime; None for none, or
    for one no datetime can hold (a nonsense date from a server)."""
    if seconds is None:
        return None
    try:
        return datetime.fromtimestamp(seconds, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return None


class WireTypeError(ValueError):
    """A field of an answer has the wrong type; the client turns it into InvalidResponseError."""


def _opt(value: object, kind: type[T], name: str) -> T | None:
    # bool is an int in Python; a JSON true is never a count of seconds.
    if isinstance(value, kind) and not (kind is int and isinstance(value, bool)):
        return value
    if value is None or _is_unset(value):
        return None
    raise WireTypeError(f"field {name!r} should be {kind.__name__}")


def _req(value: object, kind: type[T], name: str) -> T:
    checked = _opt(value, kind, name)
    if checked is None:
        raise WireTypeError(f"field {name!r} is missing")
    return checked


def _str_list(value: object, name: str) -> tuple[str, ...]:
    if value is None or _is_unset(value):
        return ()
    if isinstance(value, str):  # a single audience may come as a string (RFC 7519 §4.1.3)
        return (value,)
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise WireTypeError(f"field {name!r} should be a list of strings")
    return tuple(value)


def _str_map(value: object, name: str) -> Mapping[str, str]:
    if value is None or _is_unset(value):
        return _EMPTY
    props = getattr(value, "additional_properties", value)
    if not isinstance(props, dict) or not all(isinstance(v, str) for v in props.values()):
        raise WireTypeError(f"field {name!r} should map strings to strings")
    return MappingProxyType(dict(props))


def _any_map(value: object, name: str) -> Mapping[str, Any]:
    if value is None or _is_unset(value):
        return _EMPTY
    props = getattr(value, "additional_properties", value)
    if not isinstance(props, dict):
        raise WireTypeError(f"field {name!r} should be an object")
    return MappingProxyType(dict(props))


def _extra(model: Any) -> Mapping[str, Any]:
    extra: dict[str, Any] = model.additional_properties
    return MappingProxyType(dict(extra)) if extra else _EMPTY


def _scopes(value: object, name: str = "scope") -> tuple[str, ...]:
    text = _opt(value, str, name)
    return tuple(text.split()) if text else ()
