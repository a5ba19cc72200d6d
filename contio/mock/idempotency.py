"""Idempotency keys: a mutation sent again with the key of its first attempt is answered with
the first answer (and `Idempotent-Replayed: true`) instead of being done twice.

Keys belong to one partner app and live 24 hours of the mock's clock. A repeat while the first
request is still running is a 409 that says when to retry; a key sent with a different request
is a 400 (sending it again will not help), as is a malformed key.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from starlette.responses import Response

from contio.mock.errors import PartnerError

KEY_LIFETIME = 24 * 3600.0
IN_FLIGHT_RETRY_AFTER = 1
MAX_KEYS = 100_000  # a flood of keys drops the oldest, as a cache would
_KEY = re.compile(r"[\x21-\x7e]{1,255}")


@dataclass
class Entry:
    fingerprint: str
    expires_at: float
    response: Response | None = None  # None while the first request runs


class Conflict(PartnerError):
    """409 `conflict`; with `retry_after` when the first request is still running."""

    def __init__(self, message: str, retry_after: int | None = None) -> None:
        headers = {"Retry-After": str(retry_after)} if retry_after is not None else None
        super().__init__(409, "conflict", message, headers=headers)
        self.retry_after = retry_after

    def body(self) -> dict[str, object]:
        body = super().body()
        if self.retry_after is not None:
            body["retry_after"] = self.retry_after
        return body


class Ticket:
    """The first request with a key: `finish` stores its answer, `abandon` forgets the key (a
    failure that did nothing, so that a retry does the work)."""

    def __init__(self, store: IdempotencyStore, slot: tuple[str, str]) -> None:
        self.store = store
        self.slot = slot
        self.finished = False

    def finish(self, response: Response) -> None:
        entry = self.store.entries.get(self.slot)
        if entry is None or response.status_code >= 500:
            return  # abandoned: a server error did nothing a retry must not redo
        entry.response = response
        self.finished = True

    def abandon(self) -> None:
        if not self.finished:
            self.store.entries.pop(self.slot, None)


class IdempotencyStore:
    def __init__(self) -> None:
        self.entries: dict[tuple[str, str], Entry] = {}

    def clear(self) -> None:
        self.entries.clear()

    def begin(
        self,
        client_id: str,
        key: str,
        request: tuple[str, str, bytes],
        now: float,
        invalid_code: str = "bad_request",
    ) -> Ticket | Response:
        """A ticket for a first request (`request`: method, path, body), the stored answer of
        a repeat, or an error raised: a 409 in flight, a 400 (`invalid_code`) for a malformed
        key or one sent with another request."""
        if not _KEY.fullmatch(key):
            raise PartnerError(
                400, invalid_code, "Idempotency-Key must be 1-255 printable ASCII characters"
            )
        method, path, body = request
        fingerprint = hashlib.sha256(b"\0".join([method.encode(), path.encode(), body])).hexdigest()
        slot = (client_id, key)
        entry = self.entries.get(slot)
        if entry is not None and entry.expires_at <= now:
            del self.entries[slot]
            entry = None
        if entry is None:
            if len(self.entries) >= MAX_KEYS:
                del self.entries[next(iter(self.entries))]
            self.entries[slot] = Entry(fingerprint, now + KEY_LIFETIME)
            return Ticket(self, slot)
        if entry.fingerprint != fingerprint:
            raise PartnerError(
                400, invalid_code, "this Idempotency-Key was sent with a different request"
            )
        if entry.response is None:
            raise Conflict(
                "a request with this Idempotency-Key is still in progress", IN_FLIGHT_RETRY_AFTER
            )
        stored = entry.response
        headers = {k: v for k, v in stored.headers.items() if k.lower() not in ("content-length",)}
        headers["Idempotent-Replayed"] = "true"
        return Response(stored.body, status_code=stored.status_code, headers=headers)
