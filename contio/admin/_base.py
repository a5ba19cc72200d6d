"""What PartnerAdmin and AsyncPartnerAdmin share: configuration, the core, the repr."""

from __future__ import annotations

import abc
from typing import Any, Generic, TypeVar

import httpx2

from contio._checks import check_http_client
from contio._core.admin import AdminOps
from contio._core.admin_settings import AdminSettings
from contio._core.connection import DEFAULT_MAX_RESPONSE_BYTES
from contio._core.sender import Sender
from contio._core.sign_on import SignOn
from contio._core.state import TokenState
from contio.errors import ContioError
from contio.stores import MemoryTokenStore
from contio.types import SecretLike

__all__ = ["_AdminBase"]

H = TypeVar("H", httpx2.Client, httpx2.AsyncClient)


class _AdminCore:
    """What the drivers run admin flows with: the settings and sender, and a token state
    that no admin flow touches (the drivers tell an `on_tokens`, here none, of its news)."""

    on_tokens = None

    def __init__(self, settings: AdminSettings) -> None:
        self.settings = settings
        self.sender = Sender(settings, lambda: ())
        self.state = TokenState(MemoryTokenStore(), read_now=True)
        self.admin = AdminOps(settings, self.sender)
        self.sign_on = SignOn(self.admin)


class _AdminBase(Generic[H], metaclass=abc.ABCMeta):
    _http_type: type[H]

    def __init__(
        self,
        client_id: str,
        api_key: SecretLike | None = None,
        *,
        base_url: str | None = None,
        http_client: H | None = None,
        timeout: float | httpx2.Timeout = 30.0,
        max_retries: int = 2,
        clock: Any = None,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
    ) -> None:
        """A client of Contio's partner Sign-On, IdP configuration and credential endpoints.

        Nothing is sent here.

        Args:
            client_id: The partner app's client id (sent as `X-Client-ID`).
            api_key: The partner's API key (`X-API-Key`): a str, a secret source
                (`contio.secrets.FileSecret`, `RedisSecret`) or a function returning it,
                read again when Contio refuses it. None: only the public Sign-On calls
                (`get_sso_info`, `initiate_sso`, `get_sso_session`, `wait_for_sso_session`).
            base_url: Contio's API (default `https://api.contio.ai`; the mock's URL in tests).
            http_client: An `httpx2.Client` (`httpx2.AsyncClient` for the async client) to
                send with; it is then not closed by this client.
            timeout: Seconds (or an `httpx2.Timeout`) for each attempt.
            max_retries: How many times a call is repeated after a failure that is safe to
                repeat (0-10); a mutation is repeated with its Idempotency-Key.
            clock: A function returning the current aware time (tests).
            max_response_bytes: The most of an answer that is read.

        Raises:
            TypeError: An argument of the wrong type, naming it.
            ValueError: An argument of the wrong value (a `base_url` over http to a host
                that is not loopback...).
        """
        settings = AdminSettings(
            client_id,
            api_key,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            clock=clock,
            max_response_bytes=max_response_bytes,
        )
        check_http_client(http_client, self._http_type)
        self._core = _AdminCore(settings)
        self._owns_http = http_client is None
        self._http: H = http_client if http_client is not None else self._new_http_client()
        self._driver = self._new_driver()

    @abc.abstractmethod
    def _new_http_client(self) -> H: ...

    @abc.abstractmethod
    def _new_driver(self) -> Any: ...

    def _check_open(self) -> None:
        if self._http.is_closed:
            raise ContioError(f"this {type(self).__name__} is closed; create a new one")

    def __repr__(self) -> str:
        settings = self._core.settings
        key = "'[redacted]'" if settings.api_key is not None else "None"
        return (
            f"{type(self).__name__}(client_id={settings.client_id!r}, api_key={key}, "
            f"base_url={settings.root!r})"
        )

    @property
    def client_id(self) -> str:
        """The partner app's client id."""
        return self._core.settings.client_id

    @property
    def base_url(self) -> str:
        """Where Contio's API is."""
        return self._core.settings.root
