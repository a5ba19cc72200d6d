"""Shared pieces of OAuthClient's live-mock flow tests (the modules split from the former
`test_sync_flows.py`): the two users, and the token set and refresh token a client holds.
"""

from __future__ import annotations

from contio import AuthTokens, OAuthClient

ADA = "ada@example.com"
BOB = "bob@example.com"


def tokens_of(oauth: OAuthClient) -> AuthTokens:
    tokens = oauth.tokens
    assert tokens is not None
    return tokens


def refresh_token_of(tokens: AuthTokens | OAuthClient) -> str:
    refresh_token = (tokens_of(tokens) if isinstance(tokens, OAuthClient) else tokens).refresh_token
    assert refresh_token is not None
    return refresh_token
