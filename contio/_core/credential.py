"""A credential a client sends (the client secret, the API key): a fixed string, or read from
a source (`contio.secrets`) and read again when it is older than the source's `max_age`, or
when the server refuses it.

Reading is a step (`Call(source, "read")`), so the asyncio clients await the source's `aread`
and the blocking ones call its `read`; the logic is written once.
"""

from __future__ import annotations

import inspect
import time
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from contio._checks import check_credential
from contio._core.steps import Call, Flow
from contio.errors import ContioError
from contio.secrets import FunctionSecret, SecretSourceError

__all__ = ["Credential"]

D = TypeVar("D")


def _is_source(value: object) -> bool:
    return callable(getattr(value, "read", None)) and callable(getattr(value, "aread", None))


class Credential(Generic[D]):
    """One credential and what is derived from its current value (`derive`, once per value:
    a Basic header, a hash)."""

    __slots__ = ("_derived", "_name", "_read_at", "_value", "derive", "source")

    def __init__(self, given: object, name: str, derive: Callable[[str], D]) -> None:
        self._name = name
        self.derive = derive
        self._derived: tuple[str, D] | None = None
        self._read_at = float("-inf")
        self.source: Any = None
        self._value: str | None = None
        if isinstance(given, str):
            self._value = check_credential(given, name)
        elif _is_source(given):
            self.source = given
        elif callable(given):
            self.source = FunctionSecret(given)
        else:
            raise TypeError(
                f"{name} must be a str, a secret source (contio.secrets) or a function "
                f"returning it, not {type(given).__name__}"
            )

    def __repr__(self) -> str:
        where = f" from {self.source!r}" if self.source is not None else ""
        return f"Credential({self._name}='[redacted]'{where})"

    @property
    def known(self) -> str | None:
        """The value held now, or None before a source was first read."""
        return self._value

    @property
    def value(self) -> str:
        if self._value is None:  # the sender reads the source first, when it is stale
            raise ContioError(f"the {self._name} has not been read from its source yet")
        return self._value

    @property
    def derived(self) -> D:
        value = self.value
        cached = self._derived
        if cached is None or cached[0] is not value:
            cached = self._derived = (value, self.derive(value))
        return cached[1]

    def replace(self, value: str) -> None:
        """Hold `value` from now on (the client learnt it itself: a rotation's answer)."""
        self._value, self._read_at = check_credential(value, self._name), time.monotonic()

    def stale(self) -> bool:
        if self.source is None:
            return False
        age = time.monotonic() - self._read_at
        return self._value is None or age >= float(getattr(self.source, "max_age", 60.0))

    def reread(self) -> Flow[bool]:
        """Read the source now; whether the value changed (False for a fixed credential)."""
        if self.source is None:
            return False
        read: Any = yield Call(self.source, "read")
        if inspect.isawaitable(read):  # a source whose read() is a coroutine function
            close = getattr(read, "close", None)
            if close is not None:
                close()
            raise SecretSourceError(f"the {self._name}'s source read() must not be async")
        try:
            value = check_credential(read, self._name)
        except (TypeError, ValueError) as exc:
            raise SecretSourceError(
                f"the {self._name}'s source gave an unusable value: {exc}"
            ) from None
        changed = value != self._value
        self._value, self._read_at = value, time.monotonic()
        return changed
