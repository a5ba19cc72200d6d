"""What the review tests share: a client for a hostile server, and running a call of
either client."""

from __future__ import annotations

import sys
from typing import Any

import pytest

from contio import AsyncOAuthClient, OAuthClient
from tests.hostile import HostileServer

SECRET = "review-client-secret-Q7"
REDIRECT_URI = "https://app.example.com/callback"


def use_transport(monkeypatch: pytest.MonkeyPatch, transport: str) -> None:
    """Make AsyncOAuthClient's default transport `transport` ("aiohttp" or "httpx")."""
    if transport == "httpx":
        monkeypatch.setitem(sys.modules, "aiohttp", None)  # its own sender needs aiohttp


def hostile_client(kind: str, server: HostileServer, **options: Any) -> Any:
    settings: dict[str, Any] = {"base_url": server.base_url, "max_retries": 0}
    settings.update(options)
    secret = settings.pop("client_secret", SECRET)
    cls = OAuthClient if kind == "sync" else AsyncOAuthClient
    return cls("review-client", secret, REDIRECT_URI, **settings)
