"""The identity-administration operations (partner Sign-On, the IdP configuration and its
domains, the credentials), one short flow each over the same sender as the OAuth ones.

The admin paths authenticate with the partner's API key (`X-API-Key`, `X-Client-ID`). Every
mutation carries an `Idempotency-Key`, made once per call, so that a retry (after a dropped
connection, a 5xx, or a 409 while the first attempt still runs) sends the same key and Contio
does the work once.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any, TypeVar

from contio._checks import check_text
from contio._core.admin_settings import AdminSettings
from contio._core.sender import MAX_RETRY_AFTER, Sender
from contio._core.steps import Call, Flow, Received, Sleep
from contio._text import parse_retry_after
from contio.admin_models import (
    CredentialHistory,
    CredentialRollback,
    CredentialRotation,
    CredentialStatus,
)
from contio.errors import SecretPublishError

__all__ = ["AdminOps", "idempotency_key"]

T = TypeVar("T")
M = TypeVar("M")
CREDENTIAL_TYPES = ("api_key", "client_secret", "webhook_secret")
MAX_GRACE_HOURS = 168


def idempotency_key(value: object) -> str:
    """The caller's key (printable ASCII, 1-255 characters), or a new one."""
    if value is None:
        return str(uuid.uuid4())
    key = check_text(value, "idempotency_key")
    if not 0 < len(key) <= 255 or not all("\x21" <= ch <= "\x7e" for ch in key):
        raise ValueError("idempotency_key must be 1 to 255 printable ASCII characters")
    return key


def _optional_text(value: object, name: str, limit: int) -> str | None:
    if value is None:
        return None
    text = check_text(value, name)
    if len(text) > limit:
        raise ValueError(f"{name} must be at most {limit} characters")
    return text


class AdminOps:
    """The credential operations and the plumbing every admin call shares (`call`)."""

    def __init__(self, settings: AdminSettings, sender: Sender) -> None:
        self.settings = settings
        self.sender = sender

    def call(
        self,
        name: str,
        kwargs: dict[str, Any],
        model: Callable[[dict[str, Any]], M] | None,
        convert: Callable[[M], T],
        *,
        expected: int = 200,
        key: str | None = None,
        authenticated: bool = True,
    ) -> Flow[T]:
        """One admin call: authenticated with the API key (read again once if refused), a
        mutation with its `key`, repeated while Contio says the key's first request still
        runs; the answer turned into `convert`'s result (`model` None: no body)."""
        endpoint = self.settings.endpoint(name)
        if authenticated:
            self.settings.needs_api_key(name)
        if key is not None:
            kwargs["headers"] = {**(kwargs.get("headers") or {}), "Idempotency-Key": key}
        settings = self.settings
        attempt = 0
        while True:
            received = yield from self.sender.exchange(endpoint, kwargs, client=authenticated)
            delay = self._in_flight(received) if key is not None else None
            if delay is None or attempt >= settings.max_retries:
                break
            attempt += 1
            yield Sleep(delay)
        if model is None:  # no body to read: the status says it was done
            self.sender.expect(endpoint, received, expected)
            return convert(None)  # type: ignore[arg-type]
        return self.sender.result(endpoint, received, model, convert, expected=expected)

    @staticmethod
    def _in_flight(received: Received) -> float | None:
        """How long to wait before sending again, when Contio says the first request with
        this Idempotency-Key is still running (409 with Retry-After)."""
        if received.status_code != 409:
            return None
        delay = parse_retry_after(received.response.headers.get("retry-after"))
        if delay is None or delay > MAX_RETRY_AFTER:
            return None
        return max(delay, 0.05)

    # -- credentials -------------------------------------------------------------------------

    def status(self) -> Flow[Mapping[str, CredentialStatus]]:
        from contio_oauth_api.api.credentials import get_credential_status
        from contio_oauth_api.models import CredentialStatus as Wire
        from contio_oauth_api.models import CredentialStatusMap

        def convert(model: CredentialStatusMap) -> Mapping[str, CredentialStatus]:
            found: dict[str, CredentialStatus] = {}
            named = {kind: getattr(model, kind) for kind in CREDENTIAL_TYPES}
            for kind, item in {**named, **model.additional_properties}.items():
                if isinstance(item, Wire):
                    found[kind] = CredentialStatus.from_wire(item, kind)
            return found

        return (
            yield from self.call(
                "getCredentialStatus",
                get_credential_status._get_kwargs(),
                CredentialStatusMap.from_dict,
                convert,
            )
        )

    def history(
        self, limit: object, offset: object, credential_type: object
    ) -> Flow[CredentialHistory]:
        from contio_oauth_api.api.credentials import list_credential_history
        from contio_oauth_api.models import CredentialHistory as Wire

        if credential_type is not None and credential_type not in CREDENTIAL_TYPES:
            raise ValueError(f"credential_type must be one of {', '.join(CREDENTIAL_TYPES)}")
        page = {"limit": (limit, 1, 100), "offset": (offset, 0, 100_000)}
        for name, (value, low, high) in page.items():
            if isinstance(value, bool) or not isinstance(value, int | None):
                raise TypeError(f"{name} must be an int")
            if value is not None and not low <= value <= high:
                raise ValueError(f"{name} must be from {low} to {high}")
        kwargs = list_credential_history._get_kwargs(
            limit=20 if limit is None else limit,  # type: ignore[arg-type]
            offset=0 if offset is None else offset,  # type: ignore[arg-type]
            credential_type=credential_type or UNSET(),  # type: ignore[arg-type]
        )
        return (
            yield from self.call(
                "listCredentialHistory", kwargs, Wire.from_dict, CredentialHistory.from_wire
            )
        )

    def rotate(
        self,
        kind: str,
        confirmation_token: object,
        grace_period_hours: object,
        reason: object,
        key: object,
        publish_to: object,
    ) -> Flow[CredentialRotation]:
        from contio_oauth_api.api.credentials import (
            rotate_api_key,
            rotate_client_secret,
            rotate_webhook_secret,
        )
        from contio_oauth_api.models import CredentialRotation as Wire
        from contio_oauth_api.models import CredentialRotationRequest

        token = check_text(confirmation_token, "confirmation_token")
        if not 0 < len(token) <= 255:
            raise ValueError("confirmation_token must be 1 to 255 characters")
        if grace_period_hours is not None and (
            isinstance(grace_period_hours, bool) or not isinstance(grace_period_hours, int)
        ):
            raise TypeError("grace_period_hours must be an int")
        if grace_period_hours is not None and not 0 <= grace_period_hours <= MAX_GRACE_HOURS:
            raise ValueError(f"grace_period_hours must be from 0 to {MAX_GRACE_HOURS}")
        _check_publisher(publish_to, "publish")
        body = CredentialRotationRequest(
            confirmation_token=token,
            grace_period_hours=UNSET() if grace_period_hours is None else grace_period_hours,
            reason=_optional_text(reason, "reason", 500) or UNSET(),
        )
        name, module = {
            "api_key": ("rotateApiKey", rotate_api_key),
            "client_secret": ("rotateClientSecret", rotate_client_secret),
            "webhook_secret": ("rotateWebhookSecret", rotate_webhook_secret),
        }[kind]
        unique = idempotency_key(key)
        kwargs = module._get_kwargs(body=body, idempotency_key=unique)

        def model(body: dict[str, Any]) -> Wire:
            # Times that do not parse are dropped rather than the answer: it holds the only
            # copy of the new value.
            for field in ("grace_period_ends_at", "rollback_expires_at"):
                try:
                    datetime.fromisoformat(body[field])
                except (KeyError, TypeError, ValueError):
                    body.pop(field, None)
            return Wire.from_dict(body)

        rotation = yield from self.call(
            name, kwargs, model, lambda m: CredentialRotation.from_wire(m, kind), key=unique
        )
        if publish_to is not None:
            yield from self._publish(publish_to, "publish", (rotation.new_credential,), rotation)
        if kind == "api_key" and self.settings.api_key is not None:  # go on with the new key
            self.settings.api_key.replace(rotation.new_credential)
        return rotation

    def rollback(
        self, kind: str, rollback_token: object, reason: object, key: object, publish_to: object
    ) -> Flow[CredentialRollback]:
        from contio_oauth_api.api.credentials import rollback_api_key, rollback_client_secret
        from contio_oauth_api.models import CredentialRollback as Wire
        from contio_oauth_api.models import CredentialRollbackRequest

        token = check_text(rollback_token, "rollback_token")
        if not 0 < len(token) <= 255:
            raise ValueError("rollback_token must be 1 to 255 characters")
        _check_publisher(publish_to, "restore_previous")
        body = CredentialRollbackRequest(
            rollback_token=token, reason=_optional_text(reason, "reason", 500) or UNSET()
        )
        name, module = {
            "api_key": ("rollbackApiKey", rollback_api_key),
            "client_secret": ("rollbackClientSecret", rollback_client_secret),
        }[kind]
        unique = idempotency_key(key)
        kwargs = module._get_kwargs(body=body, idempotency_key=unique)
        rolled_back = yield from self.call(
            name, kwargs, Wire.from_dict, CredentialRollback.from_wire, key=unique
        )
        if publish_to is not None:
            yield from self._publish(publish_to, "restore_previous", (), rolled_back)
        return rolled_back

    def _publish(self, source: Any, method: str, args: tuple[Any, ...], done: Any) -> Flow[None]:
        """Tell the fleet through its secret source; a failure keeps what Contio did."""
        try:
            yield Call(source, method, *args)
        except Exception as exc:  # the source's own failure, whatever its kind
            raise SecretPublishError(
                f"Contio's answer could not be published to {source!r} "
                f"({type(exc).__name__}); publish it yourself, or roll the rotation back",
                result=done,
            ) from None


def _check_publisher(source: object, method: str) -> None:
    if source is not None and not (
        callable(getattr(source, method, None)) and callable(getattr(source, "a" + method, None))
    ):
        raise TypeError(
            f"publish_to must be a secret source with {method}() (contio.secrets.FileSecret, "
            f"RedisSecret), not {type(source).__name__}"
        )


def UNSET() -> Any:  # the generated client's sentinel, loaded with it
    from contio_oauth_api.types import UNSET as unset

    return unset
