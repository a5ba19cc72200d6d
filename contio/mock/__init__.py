"""A stateful mock of Contio's OAuth 2.0 / OpenID Connect server.

An independent server-side implementation (it imports neither the `contio` client nor the
generated API client), so that checking it against `openapi/contio-oauth.yaml` means
something. Use it in-process::

    from contio.mock import serve_in_thread

    with serve_in_thread() as mock:
        ...  # talk to mock.base_url with client demo-client / demo-secret

or as a server: ``contio mock --port 8765``. The control API under ``/_mock/`` (outbox,
clock, stats, faults, signing keys, DNS records, Sign-On sessions, reset) lets tests drive it
without sleeping. The identity-administration paths take the API key ``demo-api-key``
(with ``X-Client-ID: demo-client``); the demo partner's Sign-On slug is ``demo``.
"""

from contio.mock.app import create_app, get_state
from contio.mock.config import (
    DEFAULT_SCOPES,
    DEMO_API_KEY,
    DEMO_CLIENT_ID,
    DEMO_CLIENT_SECRET,
    DEMO_REDIRECT_URIS,
    DEMO_SLUG,
    DEMO_WORKSPACE_ID,
    EXISTING_USER_EMAIL,
    EXISTING_USER_ID,
    EXISTING_USER_WORKSPACE_ID,
    OPERATION_IDS,
    OTHER_CLIENT_ID,
    OTHER_CLIENT_SECRET,
    OTHER_WORKSPACE_ID,
    SCOPES,
    UNKNOWN_WORKSPACE_ID,
    MockConfig,
)
from contio.mock.server import RunningMock, serve_in_thread
from contio.mock.state import MockState

__all__ = [
    "DEFAULT_SCOPES",
    "DEMO_API_KEY",
    "DEMO_CLIENT_ID",
    "DEMO_CLIENT_SECRET",
    "DEMO_REDIRECT_URIS",
    "DEMO_SLUG",
    "DEMO_WORKSPACE_ID",
    "EXISTING_USER_EMAIL",
    "EXISTING_USER_ID",
    "EXISTING_USER_WORKSPACE_ID",
    "OPERATION_IDS",
    "OTHER_CLIENT_ID",
    "OTHER_CLIENT_SECRET",
    "OTHER_WORKSPACE_ID",
    "SCOPES",
    "UNKNOWN_WORKSPACE_ID",
    "MockConfig",
    "MockState",
    "RunningMock",
    "create_app",
    "get_state",
    "serve_in_thread",
]
