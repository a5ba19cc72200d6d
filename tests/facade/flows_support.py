"""Shared pieces of the live-mock flow tests of both clients (test_sync_* and test_async_*
grants, token use and partner calls): the two users, and the token set and refresh token a
client holds.
"""

from __future__ import annotations

from contio import AsyncOAuthClient, AuthTokens, OAuthClient

ADA = "ada@example.com"
BOB = "bob@example.com"


def tokens_of(client: OAuthClient | AsyncOAuthClient) -> AuthTokens:
    tokens = client.tokens
    assert tokens is not None
    return tokens


def refresh_token_of(tokens: AuthTokens | OAuthClient | AsyncOAuthClient) -> str:
    held = tokens if isinstance(tokens, AuthTokens) else tokens_of(tokens)
    assert held.refresh_token is not None
    return held.refresh_token
