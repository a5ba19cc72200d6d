"""What RedisTokenStore runs in Redis and keeps about its lock: the Lua scripts (release,
renew, the fenced save and clear), what a holder read under the lock, and the key and URL
helpers. One reason to change: how the store talks to Redis, not what it offers."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit

__all__ = ["EXTEND", "FENCED_CLEAR", "FENCED_SAVE", "RELEASE", "Holding", "hash_tag", "safe_url"]


# Delete the lock only if it still holds our value: never release another holder's lock
# after ours ran out.
RELEASE = """
if redis.call("get", KEYS[1]) == ARGV[1] then
    return redis.call("del", KEYS[1])
end
return 0
"""


# Extend the lease only while the lock still holds our value.
EXTEND = """
if redis.call("get", KEYS[1]) == ARGV[1] then
    return redis.call("pexpire", KEYS[1], ARGV[2])
end
return 0
"""

# The fence of the holder's save and clear: the lock (KEYS[2]) still holds this holder's
# value; or, when the lock is gone (a restart, a failover, an eviction) and nobody took it
# since, the tokens (KEYS[1]) are still exactly what this holder read under it, so nobody
# saved newer ones. ARGV[4] says what it read: "" nothing, "absent", or "read" (ARGV[5]).
# Checked and written in one step; both keys share a hash tag: one cluster slot.
FENCE = """
if redis.call("get", KEYS[2]) ~= ARGV[1] then
    if ARGV[4] == "" or redis.call("exists", KEYS[2]) == 1 then
        return 0
    end
    local now = redis.call("get", KEYS[1])
    if ARGV[4] == "absent" then
        if now then
            return 0
        end
    elseif now ~= ARGV[5] then
        return 0
    end
end
"""

FENCED_SAVE = (
    FENCE
    + """
if ARGV[3] == "" then
    redis.call("set", KEYS[1], ARGV[2])
else
    redis.call("set", KEYS[1], ARGV[2], "PX", ARGV[3])
end
return 1
"""
)

# The holder's clear, fenced as its save.
FENCED_CLEAR = (
    FENCE
    + """
redis.call("del", KEYS[1])
return 1
"""
)


class Holding:
    """A holder's lock value, and what it read of the tokens while holding it."""

    __slots__ = ("raw", "read", "value")

    def __init__(self, value: str) -> None:
        self.value = value
        self.read = ""  # "", "absent" or "read"
        self.raw = b""

    @property
    def argv(self) -> tuple[str, bytes]:
        return (self.read, self.raw)


def store_key(prefix: str, key: str) -> str:
    """Where the tokens of `key` live. `<prefix>{<key>}` (the braces: a Redis Cluster hash
    tag) unless the key begins with `}`, which would leave the tag empty: then the key is
    escaped (`%` and `}` percent-encoded, so the tag ends where the key does) and the name
    ends in `:escaped`, which no unescaped name does (they end in `}`): no two keys meet."""
    if not key.startswith("}"):
        return f"{prefix}{{{key}}}"
    escaped = key.replace("%", "%25").replace("}", "%7D")
    return f"{prefix}{{{escaped}}}:escaped"


def hash_tag(key: str) -> str | None:
    """The part of `key` Redis Cluster hashes to pick its slot, when it is not the whole key:
    between the first `{` and the first `}` after it, if that is not empty."""
    start = key.find("{")
    end = key.find("}", start + 1) if start >= 0 else -1
    return key[start + 1 : end] if end > start + 1 else None


def safe_url(url: str) -> str:
    """The URL without its password (in the userinfo or a `password=` query argument, which
    redis-py also reads), for messages and reprs."""
    parts = urlsplit(url)
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    in_query = any(name == "password" for name, _ in pairs)
    if parts.password is None and not in_query:
        return url
    netloc = parts.netloc
    if parts.password is not None:
        user = f"{parts.username}:***@" if parts.username else "***@"
        netloc = user + netloc.rpartition("@")[2]  # host and port as written ([IPv6] too)
    query = parts.query
    if in_query:
        hidden = [(name, "***" if name == "password" else value) for name, value in pairs]
        query = urlencode(hidden, safe="*")
    return f"{parts.scheme}://{netloc}{parts.path}" + (f"?{query}" if query else "")
