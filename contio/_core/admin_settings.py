"""The admin client's configuration, checked once: the partner's client id and API key (a
string or a secret source), where Contio's API is, and the admin operations' endpoints."""

from __future__ import annotations

from urllib.parse import urlsplit

from contio._checks import check_credential, check_url
from contio._core.connection import Connection, Endpoint
from contio._core.credential import Credential
from contio._core.steps import Received

__all__ = ["DEFAULT_API_URL", "AdminSettings"]

DEFAULT_API_URL = "https://api.contio.ai"
#: The operations that change something: repeated only with their Idempotency-Key.
MUTATIONS = frozenset(
    {
        "createIdpConfig",
        "replaceIdpConfig",
        "updateIdpConfig",
        "deleteIdpConfig",
        "initiateIdpDomainVerification",
        "checkIdpDomainVerification",
        "rotateApiKey",
        "rollbackApiKey",
        "rotateClientSecret",
        "rollbackClientSecret",
        "rotateWebhookSecret",
    }
)


def _nothing(value: str) -> None:
    return None


class AdminSettings(Connection):
    """Validated configuration of one admin client."""

    def __init__(
        self,
        client_id: object,
        api_key: object,
        *,
        base_url: object = None,
        timeout: object = 30.0,
        max_retries: object = 2,
        clock: object = None,
        max_response_bytes: object = 1024 * 1024,
    ) -> None:
        super().__init__(
            timeout=timeout,
            max_retries=max_retries,
            clock=clock,
            max_response_bytes=max_response_bytes,
        )
        self.client_id = check_credential(client_id, "client_id")
        #: None: only the public Sign-On calls can be made.
        self.api_key: Credential[None] | None = (
            Credential(api_key, "api_key", _nothing) if api_key is not None else None
        )
        if self.api_key is not None:
            self.credential = self.api_key
        root = check_url(base_url if base_url is not None else DEFAULT_API_URL, "base_url")
        if urlsplit(root).query:
            raise ValueError("base_url must not have a query")
        self.root = root
        self._endpoints: dict[str, Endpoint] = {}

    def __repr__(self) -> str:
        return f"AdminSettings(client_id={self.client_id!r}, api_key='[redacted]')"

    def endpoint(self, name: str) -> Endpoint:
        """An operation's endpoint: repeated after a failure that may have reached the
        server only when it is a read or carries its idempotency key (every mutation here
        does); not drawn from the OAuth budget (Contio's WAF rule covers the OAuth paths)."""
        found = self._endpoints.get(name)
        if found is None:
            found = self._endpoints[name] = Endpoint(name, self.root, True, budgeted=False)
        return found

    def needs_api_key(self, call: str) -> None:
        if self.api_key is None:
            raise ValueError(
                f"{call} needs the partner's API key: pass api_key= when you create the client"
            )

    def authenticate(self, endpoint: Endpoint) -> tuple[dict[str, str], dict[str, str]]:
        assert self.api_key is not None
        return {"X-API-Key": self.api_key.value, "X-Client-ID": self.client_id}, {}

    def refused(self, received: Received) -> bool:
        return received.status_code == 401

    def secrets(self) -> tuple[str, ...]:
        key = self.api_key.known if self.api_key is not None else None
        return (key,) if key else ()
