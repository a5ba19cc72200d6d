"""`SignInRecords` in Django's cache framework: the default of `contio.web.django`.

With a cache every process shares (`CACHES` on Redis, Memcached or the database), a sign-out
in one process ends the user's sessions in all of them, and a callback's `state` is spent
once across the fleet. With Django's default local-memory cache they are one process's, as
`MemorySignInRecords` are.
"""

from __future__ import annotations

import hashlib
import secrets

from django.core.cache import caches

from contio.web.records import SIGN_IN_LIFETIME, STATE_LIFETIME

__all__ = ["CacheSignInRecords"]


def _digest(value: str) -> str:
    """Cache keys of a bounded, safe alphabet, whatever the value (a state comes from the
    request)."""
    return hashlib.sha256(value.encode()).hexdigest()


class CacheSignInRecords:
    """Sign-ins and spent states in a Django cache. Each user has a generation (a random
    value) that a sign-out replaces; a sign-in stands while it was begun in the user's current
    generation. A generation the cache lost (evicted) ends every sign-in of that user: they
    sign in again, never does an ended sign-in come back.

    Args:
        alias: The cache (`CACHES`) to keep them in.
        prefix: What their keys begin with.
        sign_in_lifetime: Seconds a sign-in stands.
    """

    def __init__(
        self,
        alias: str = "default",
        *,
        prefix: str = "contio:",
        sign_in_lifetime: float = SIGN_IN_LIFETIME,
    ) -> None:
        self.alias = alias
        self.prefix = prefix
        self.lifetime = int(sign_in_lifetime)

    def __repr__(self) -> str:
        return f"CacheSignInRecords(alias={self.alias!r})"

    def _generation_key(self, user_key: str) -> str:
        return f"{self.prefix}generation:{_digest(user_key)}"

    def _generation(self, user_key: str) -> str | None:
        value = caches[self.alias].get(self._generation_key(user_key))
        return value if isinstance(value, str) else None

    def spend(self, state: str) -> bool:
        """`SignInRecords.spend`: the cache's atomic add."""
        key = f"{self.prefix}state:{_digest(state)}"
        return bool(caches[self.alias].add(key, 1, int(STATE_LIFETIME)))

    def begin(self, sign_in: str, user_key: str) -> None:
        """`SignInRecords.begin`, in the user's current generation."""
        cache = caches[self.alias]
        generation_key = self._generation_key(user_key)
        cache.add(generation_key, secrets.token_hex(16), self.lifetime)
        cache.touch(generation_key, self.lifetime)  # it outlives every sign-in it judges
        generation = self._generation(user_key)
        if generation is not None:
            value = (user_key, generation)
            cache.set(f"{self.prefix}sign-in:{_digest(sign_in)}", value, self.lifetime)

    def active(self, sign_in: str, user_key: str) -> bool:
        """`SignInRecords.active`: begun by this user, in their current generation."""
        found = caches[self.alias].get(f"{self.prefix}sign-in:{_digest(sign_in)}")
        if not isinstance(found, tuple) or len(found) != 2 or found[0] != user_key:
            return False
        generation = self._generation(user_key)
        return generation is not None and found[1] == generation

    def end_user(self, user_key: str) -> None:
        """`SignInRecords.end_user`: the user's generation moves on (every sign-in of theirs
        begun before is over, in every process)."""
        key = self._generation_key(user_key)
        caches[self.alias].set(key, secrets.token_hex(16), self.lifetime)
