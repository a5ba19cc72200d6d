"""Shared pieces of AsyncOAuthClient's live-mock flow tests (the modules split from the former
`test_async_flows.py`): the two users, and the token set and refresh token a client holds.
"""

from __future__ import annotations

from contio import AsyncOAuthClient, AuthTokens

ADA = "ada@example.com"
BOB = "bob@example.com"


def tokens_of(aoauth: AsyncOAuthClient) -> AuthTokens:
    tokens = aoauth.tokens
    assert tokens is not None
    return tokens


def refresh_token_of(tokens: AuthTokens | AsyncOAuthClient) -> str:
    if isinstance(tokens, AsyncOAuthClient):
        tokens = tokens_of(tokens)
    assert tokens.refresh_token is not None
    return tokens.refresh_token
