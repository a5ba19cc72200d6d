"""The sans-IO core shared by OAuthClient and AsyncOAuthClient.

Every operation is written once, as a flow (see `steps`) that yields what it needs done and
receives the outcome; the two clients only drive flows, with blocking or awaited I/O, as
httpx's auth flows drive both of its clients. The parts, each with one reason to change:

- `settings`: the validated configuration and the endpoints' URLs;
- `state`: the one place where tokens change, with the epoch that guards against races;
- `sender`: requests, the deadline and read cap, redirects refused, retries, errors;
- `grants`: the token endpoint and single-flight refresh;
- `operations`: every other endpoint, and the authorization URL;
- `oidc`: discovery, the key set, and verifying ID tokens.
"""

from __future__ import annotations

from contio._core.grants import Grants
from contio._core.oidc import OpenID
from contio._core.operations import Operations
from contio._core.sender import Sender
from contio._core.settings import Settings
from contio._core.state import TokenState
from contio.stores import MemoryTokenStore, TokenStore
from contio.types import TokensListener

__all__ = ["Core"]

_STORE_METHODS = ("load", "save", "clear")


class Core:
    """One client's settings, token state, sender and operations, wired together."""

    def __init__(
        self,
        settings: Settings,
        token_store: object,
        *,
        asyncio: bool,
        on_tokens: TokensListener | None = None,
    ) -> None:
        if token_store is None:
            token_store = MemoryTokenStore()
        elif not all(callable(getattr(token_store, name, None)) for name in _STORE_METHODS):
            raise TypeError(
                "token_store must have load(), save(tokens) and clear() (see "
                f"contio.TokenStore), not {type(token_store).__name__}"
            )
        store: TokenStore = token_store  # type: ignore[assignment]
        lazily = bool(getattr(store, "loads_lazily", False))
        self.settings = settings
        #: The app's listener, told of each change once the store has taken it.
        self.on_tokens = on_tokens
        self.state = TokenState(store, read_now=not lazily)
        # An asyncio client never reads such a store (Redis) with blocking calls.
        self.defer_reads = lazily and asyncio
        self.sender = Sender(settings, self._held_secrets)
        self.openid = OpenID(settings, self.state, self.sender)
        self.grants = Grants(settings, self.state, self.sender, self.openid)
        self.ops = Operations(settings, self.state, self.sender, self.grants)

    def _held_secrets(self) -> tuple[str | None, ...]:
        tokens = self.state.held
        if tokens is None:
            return ()
        return (tokens.access_token, tokens.refresh_token, tokens.id_token)

    def __repr__(self) -> str:
        return f"Core(client_id={self.settings.client_id!r}, client_secret='[redacted]')"
