"""Sign-ins kept on the server: which session cookies are still signed in, and which
callbacks' `state` was spent.

A session cookie names one sign-in (a random id); the cookie stays good only while the server
keeps that id. Sign-out forgets every sign-in of the user, so a copy of the cookie taken
before (or any other browser's) is dead, even after the user signs in again. A callback's
`state` is spent once: the same callback twice at once (a double click, a browser's retry)
makes one code exchange.

`MemorySignInRecords`, the default, keeps them in the process: right for one process. An
app served by several processes or machines gives all of them one shared implementation of
`SignInRecords` (over Redis or its database): its methods are called from request handlers,
so they must be quick.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Protocol, runtime_checkable

__all__ = ["MemorySignInRecords", "SignInRecords"]

#: How long a sign-in lasts without a sign-out: Contio's refresh tokens live 30 days.
SIGN_IN_LIFETIME = 30 * 86_400.0
#: How long a spent state is remembered: longer than any authorization takes.
STATE_LIFETIME = 3_600.0


@runtime_checkable
class SignInRecords(Protocol):
    """Which sign-ins stand, and which states were spent: what a web integration keeps on the
    server. Give every process of an app one shared implementation (over its Redis or
    database); the default, `MemorySignInRecords`, is one process's.
    """

    def spend(self, state: str) -> bool:
        """True the first time `state` is spent, False ever after (atomic).

        Args:
            state: The `state` of a callback.

        Returns:
            Whether this is its first use.
        """
        ...

    def begin(self, sign_in: str, user_key: str) -> None:
        """Remember a new sign-in of the user.

        Args:
            sign_in: The sign-in's id (kept in the session cookie).
            user_key: The user's key.
        """
        ...

    def active(self, sign_in: str, user_key: str) -> bool:
        """Whether this sign-in of this user still stands.

        Args:
            sign_in: The sign-in's id.
            user_key: The user's key.

        Returns:
            True until it expires or the user signs out.
        """
        ...

    def end_user(self, user_key: str) -> None:
        """Forget every sign-in of the user (sign-out).

        Args:
            user_key: The user's key.
        """
        ...


class MemorySignInRecords:
    """`SignInRecords` in this process's memory, bounded: entries expire, and past
    `max_entries` sign-ins (`max_states` spent states, which anyone can make by starting
    sign-ins) the oldest go first."""

    def __init__(
        self,
        *,
        sign_in_lifetime: float = SIGN_IN_LIFETIME,
        max_entries: int = 1_000_000,
        max_states: int = 100_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """Records in this process's memory, bounded.

        Args:
            sign_in_lifetime: Seconds a sign-in stands.
            max_entries: The most sign-ins kept; the oldest go first.
            max_states: The most spent states kept.
            clock: Seconds now (a monotonic clock by default).
        """
        self._lifetime = sign_in_lifetime
        self._max = max_entries
        self._max_states = max_states  # anyone can spend states: keep them few
        self._clock = clock
        self._lock = threading.Lock()
        self._states: OrderedDict[str, float] = OrderedDict()
        self._sign_ins: OrderedDict[str, tuple[str, float]] = OrderedDict()
        self._by_user: dict[str, set[str]] = {}

    def __repr__(self) -> str:
        return f"MemorySignInRecords({len(self._sign_ins)} sign-ins)"

    def spend(self, state: str) -> bool:
        """`SignInRecords.spend`, in memory."""
        now = self._clock()
        with self._lock:
            self._expire(now)
            if state in self._states:
                return False
            self._states[state] = now + STATE_LIFETIME
            return True

    def begin(self, sign_in: str, user_key: str) -> None:
        """`SignInRecords.begin`, in memory."""
        now = self._clock()
        with self._lock:
            self._expire(now)
            self._sign_ins[sign_in] = (user_key, now + self._lifetime)
            self._by_user.setdefault(user_key, set()).add(sign_in)

    def active(self, sign_in: str, user_key: str) -> bool:
        """`SignInRecords.active`, in memory."""
        with self._lock:
            found = self._sign_ins.get(sign_in)
            return found is not None and found[0] == user_key and self._clock() < found[1]

    def end_user(self, user_key: str) -> None:
        """`SignInRecords.end_user`, in memory."""
        with self._lock:
            for sign_in in self._by_user.pop(user_key, set()):
                self._sign_ins.pop(sign_in, None)

    def _expire(self, now: float) -> None:
        """Before an insert: drop what expired, and make room when full, oldest first (both
        are in insertion order, and every entry of one kind lives as long)."""
        while self._states and (
            next(iter(self._states.values())) <= now or len(self._states) >= self._max_states
        ):
            self._states.popitem(last=False)
        while self._sign_ins and (
            next(iter(self._sign_ins.values()))[1] <= now or len(self._sign_ins) >= self._max
        ):
            sign_in, (user_key, _) = self._sign_ins.popitem(last=False)
            users = self._by_user.get(user_key)
            if users is not None:
                users.discard(sign_in)
                if not users:
                    del self._by_user[user_key]
