"""The fixed values some arguments take, as `Literal` types a type checker enforces."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Literal

from contio.secrets import SecretSource
from contio.tokens import AuthTokens

__all__ = ["ClientAuth", "CodeChallengeMethod", "SecretLike", "TokenTypeHint", "TokensListener"]

#: How the client authenticates at the token endpoint and its kin (RFC 6749 §2.3.1): HTTP
#: Basic over the form-encoded id and secret (the default), Basic over them as they are (the
#: TypeScript SDK's form), or both in the form body.
ClientAuth = Literal["client_secret_basic", "client_secret_basic_raw", "client_secret_post"]

#: PKCE's transformation of the verifier (RFC 7636 §4.2); use S256.
CodeChallengeMethod = Literal["S256", "plain"]

#: Which token `revoke_token` is given (RFC 7009 §2.1 `token_type_hint`).
TokenTypeHint = Literal["access_token", "refresh_token"]

#: `on_tokens`: called with the new tokens (None after a sign-out) once the token store has
#: taken a change; an `AsyncOAuthClient` also awaits what it returns (an async function).
TokensListener = Callable[[AuthTokens | None], Awaitable[object] | object]

#: A credential (client secret, API key): the value, a source it is read from
#: (`contio.secrets.FileSecret`, `RedisSecret`, any object with `read`/`aread`), or a function
#: returning it (an async one for the asyncio clients).
SecretLike = str | SecretSource | Callable[[], str] | Callable[[], Awaitable[str]]
