"""A client library for accessing Contio Partner API — OAuth 2.0 and OpenID Connect"""

from .client import AuthenticatedClient, Client

__all__ = (
    "AuthenticatedClient",
    "Client",
)
