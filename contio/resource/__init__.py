"""Protecting a partner's own API with Contio access tokens (a resource server, RFC 6750):
the Bearer token of each request is checked by introspection at Contio (RFC 7662), the answer
remembered (in memory, or in Redis for a fleet) no longer than the token's `exp` and a TTL,
inactive answers briefly; scopes are checked; refusals carry the right `WWW-Authenticate`.

`BearerGuard` / `AsyncBearerGuard` do the work; `contio.resource.starlette` (FastAPI),
`contio.resource.flask` and `contio.resource.django` adapt them.
"""

from contio.resource.cache import (
    IntrospectionCache,
    MemoryIntrospectionCache,
    RedisIntrospectionCache,
)
from contio.resource.core import Checked, Verdict
from contio.resource.guard import AsyncBearerGuard, BearerGuard

__all__ = [
    "AsyncBearerGuard",
    "BearerGuard",
    "Checked",
    "IntrospectionCache",
    "MemoryIntrospectionCache",
    "RedisIntrospectionCache",
    "Verdict",
]
