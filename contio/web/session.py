"""What a sign-in keeps in the framework's signed session cookie, and reading it back.

During a sign-in: the state, the PKCE verifier, the nonce and where to go next. Once signed
in: the user's key (a hash of the ID token's issuer and `sub`), the `sub`, the id of this
sign-in (see `contio.web.records`), email and name. Never a token, never a secret. The cookie
is signed, not encrypted; what it holds is read back defensively (an old or foreign cookie is
no user), and each part is bounded so the cookie stays well under the 4 KB browsers keep.
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs

__all__ = ["MAX_NEXT", "PENDING_KEY", "USER_KEY", "Pending", "SessionUser", "safe_next"]

#: Session keys, at the top level of the session so that every framework sees each change.
PENDING_KEY = "contio.pending"
USER_KEY = "contio.user"
#: The longest `next` path kept; a longer one falls back to the default.
MAX_NEXT = 1024
#: The longest email or name kept (longer ones are cut): they are shown, not checked.
MAX_SHOWN = 256


def _cut(value: object) -> str | None:
    return value[:MAX_SHOWN] if isinstance(value, str) else None


@attrs.frozen
class SessionUser:
    """Who is signed in, as the session keeps it: no token."""

    key: str
    sub: str
    sign_in: str
    email: str | None = attrs.field(default=None, converter=_cut)
    name: str | None = attrs.field(default=None, converter=_cut)

    def to_session(self) -> dict[str, str | None]:
        return {
            "key": self.key,
            "sub": self.sub,
            "sign_in": self.sign_in,
            "email": self.email,
            "name": self.name,
        }

    @classmethod
    def from_session(cls, value: object) -> SessionUser | None:
        """The user a session names, or None for anything else (an old or foreign cookie)."""
        if not isinstance(value, Mapping):
            return None
        key, sub, sign_in = value.get("key"), value.get("sub"), value.get("sign_in")
        email, name = value.get("email"), value.get("name")
        if not all(isinstance(item, str) and item for item in (key, sub, sign_in)):
            return None
        if not all(item is None or isinstance(item, str) for item in (email, name)):
            return None
        return cls(str(key), str(sub), str(sign_in), email, name)


@attrs.frozen
class Pending:
    state: str
    verifier: str = attrs.field(repr=False)
    nonce: str = attrs.field(repr=False)
    next: str

    @classmethod
    def from_session(cls, value: object) -> Pending | None:
        if not isinstance(value, Mapping):
            return None
        state, verifier, nonce, next_path = (
            value.get(name) for name in ("state", "verifier", "nonce", "next")
        )
        if (
            isinstance(state, str)
            and isinstance(verifier, str)
            and isinstance(nonce, str)
            and isinstance(next_path, str)
            and all((state, verifier, nonce, next_path))
        ):
            return cls(state, verifier, nonce, next_path)
        return None


def safe_next(value: object, default: str) -> str:
    """`value` when it is a path on this site, else `default`: never an open redirect."""
    if (
        not isinstance(value, str)
        or len(value) > MAX_NEXT
        or not value.startswith("/")
        or value.startswith("//")
        or "\\" in value
        or any(ord(char) < 0x21 or ord(char) == 0x7F for char in value)
    ):
        return default
    return value
