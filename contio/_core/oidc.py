"""OpenID Connect: discovery, the key set, and verifying ID tokens (Core §3.1.3.7).

Discovery is asked at Contio's path first (`/.well-known/openid_configuration`, with an
underscore), then at the standard one, and kept for its Cache-Control max-age or an hour. The
key set is kept until a token names a `kid` it lacks: then it is fetched again at once, at
most once a minute, so forged `kid`s cannot make the client hammer Contio. Keys come from the
configured root's `/.well-known/jwks.json` only: a discovery document cannot send the client
elsewhere. The issuer ID tokens must name is the discovery document's, which must match the
app's `issuer=` when it gives one. The JOSE work (signatures) is joserfc's, from the `oidc`
extra.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import copy
import hmac
import json
import re
import time
from collections.abc import Iterator
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from contio._checks import check_text, check_token
from contio._core.jwks import ALGORITHMS, usable_key
from contio._core.sender import Sender
from contio._core.settings import Endpoint, Settings
from contio._core.steps import Exclusive, Flow, Job, Received
from contio._wire import WireTypeError
from contio.errors import ContioError, IDTokenError
from contio.oidc import IDTokenClaims, JSONWebKey, JSONWebKeySet, OpenIDConfiguration

if TYPE_CHECKING:
    from contio._core.state import TokenState

__all__ = ["OpenID", "require_joserfc"]

DISCOVERY_LIFETIME = timedelta(hours=1)
MAX_DISCOVERY_LIFETIME = timedelta(days=1)
REFETCH_EVERY = 60.0  # seconds between key set refetches for an unknown kid
FAILURE_BACKOFF = 10.0  # seconds a failed fetch is answered from memory, not fetched again
MAX_SUB = 255  # OpenID Connect Core §2: at most 255 ASCII characters
STANDARD_DISCOVERY_PATH = "/.well-known/openid-configuration"
_MAX_AGE = re.compile(r"(?:^|,)\s*max-age\s*=\s*(\d{1,9})\s*(?:,|$)", re.IGNORECASE)


def _monotonic() -> float:
    return time.monotonic()


def _segment(part: str, what: str) -> dict[str, Any]:
    try:
        raw = base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))
        value = json.loads(raw)
    except (ValueError, binascii.Error, RecursionError):
        raise IDTokenError(f"the ID token's {what} is not base64url JSON", "malformed") from None
    if not isinstance(value, dict):
        raise IDTokenError(f"the ID token's {what} is not a JSON object", "malformed")
    return value


def require_joserfc() -> None:
    """Fail now, before anything is sent or spent, when ID tokens cannot be verified."""
    _joserfc()


def _joserfc() -> Any:
    try:
        from joserfc import jwk, jwt
    except ImportError:
        raise ContioError(
            "verifying ID tokens needs the oidc extra: pip install 'contio[oidc]'"
        ) from None
    return jwk, jwt


class OpenID:
    """Discovery, keys and ID token verification for one client."""

    def __init__(self, settings: Settings, state: TokenState, sender: Sender) -> None:
        self.settings = settings
        self.state = state
        self.sender = sender
        origin = settings.root  # a base_url's path kept: a gateway's prefix
        # Under /.well-known/: not counted by Contio's OAuth rate limit, not budgeted.
        self.discovery_endpoint = Endpoint("getOpenidConfiguration", origin, True, budgeted=False)
        self.standard_endpoint = Endpoint(
            "getOpenidConfiguration", origin, True, STANDARD_DISCOVERY_PATH, budgeted=False
        )
        self.jwks_endpoint = Endpoint("getOauthJwks", origin, True, budgeted=False)
        self._discovery: OpenIDConfiguration | None = None
        self._discovery_until: Any = None
        self._keys: JSONWebKeySet | None = None
        self._last_refetch: float | None = None
        # A fetch that failed, and until when (monotonic) that answers instead of fetching.
        self._failed: dict[str, tuple[ContioError, float]] = {}

    # -- discovery and keys ----------------------------------------------------------------

    def configuration(self) -> Job[OpenIDConfiguration]:
        return Job(self._configuration())

    def _configuration(self) -> Flow[OpenIDConfiguration]:
        from contio_oauth_api import models as wire
        from contio_oauth_api.api.oauth import get_openid_configuration

        cached = self._fresh_configuration()
        if cached is not None:
            return cached
        # One fetch at a time: those who waited find it done (or failed) and fetch nothing.
        yield Exclusive("discovery")
        cached = self._fresh_configuration()
        if cached is not None:
            return cached
        self._raise_recent_failure("discovery")
        now = self.settings.now()
        kwargs = get_openid_configuration._get_kwargs()
        with self._failure_kept("discovery"):
            received = yield from self._get(self.discovery_endpoint, kwargs)
            if received.status_code == 404:  # not at Contio's path: the standard one
                received = yield from self._get(self.standard_endpoint, kwargs)
            found = self.sender.result(
                self.discovery_endpoint,
                received,
                wire.OpenIDConfiguration.from_dict,
                OpenIDConfiguration.from_wire,
            )
        # The issuer is the app's `issuer=`, else the document's own, fetched over TLS from
        # the configured host (Contio's may differ from its hosts' names).
        expected = self.settings.issuer
        if expected is not None and found.issuer.rstrip("/") != expected:
            raise IDTokenError(
                f"the discovery document names another issuer than {expected} "
                "(OpenID Connect Discovery §4.3)",
                "issuer",
            )
        self._discovery, self._discovery_until = found, now + self._lifetime(received)
        yield Exclusive("discovery", enter=False)
        return found

    def _fresh_configuration(self) -> OpenIDConfiguration | None:
        cached = self._discovery
        if cached is not None and self.settings.now() < self._discovery_until:
            return cached
        return None

    def _raise_recent_failure(self, what: str) -> None:
        """A fetch of `what` that failed moments ago fails again without a request, so a
        flood of tokens during an outage is not a flood of requests to the provider."""
        failed = self._failed.get(what)
        if failed is not None and _monotonic() < failed[1]:
            raise copy.copy(failed[0])

    @contextlib.contextmanager
    def _failure_kept(self, what: str) -> Iterator[None]:
        try:
            yield
        except ContioError as exc:
            self._failed[what] = (exc, _monotonic() + FAILURE_BACKOFF)
            raise
        self._failed.pop(what, None)

    @staticmethod
    def _lifetime(received: Received) -> timedelta:
        header = received.response.headers.get("cache-control", "")
        if "no-store" in header.lower() or "no-cache" in header.lower():
            return timedelta(0)
        match = _MAX_AGE.search(header)
        if match is None:
            return DISCOVERY_LIFETIME
        return min(timedelta(seconds=int(match.group(1))), MAX_DISCOVERY_LIFETIME)

    def _get(self, endpoint: Endpoint, kwargs: dict[str, Any]) -> Flow[Received]:
        request = self.sender.request(endpoint, kwargs, authorization=None)
        return (yield from self.sender.send(endpoint, request))

    def key_set(self) -> Job[JSONWebKeySet]:
        return Job(self._key_set())

    def _key_set(self) -> Flow[JSONWebKeySet]:
        if self._keys is not None:
            return self._keys
        yield Exclusive("keys")  # one fetch at a time; those who waited find it done
        keys = self._keys if self._keys is not None else (yield from self._fetch_keys())
        yield Exclusive("keys", enter=False)
        return keys

    def _fetch_keys(self) -> Flow[JSONWebKeySet]:
        """Fetch the key set (its lock held), a failure kept for FAILURE_BACKOFF."""
        from contio_oauth_api import models as wire
        from contio_oauth_api.api.oauth import get_oauth_jwks

        self._raise_recent_failure("keys")
        with self._failure_kept("keys"):
            keys = yield from self.sender.call(
                self.jwks_endpoint,
                get_oauth_jwks._get_kwargs(),
                wire.JSONWebKeySet.from_dict,
                JSONWebKeySet.from_wire,
            )
        self._keys = keys
        return keys

    def _key_for(self, kid: str | None, alg: str) -> Flow[JSONWebKey]:
        keys = yield from self._key_set()
        key = usable_key(keys, kid, alg)
        if key is None:
            yield Exclusive("keys")  # a refetch under way may bring the key
            key = usable_key(self._keys or keys, kid, alg)
            last = self._last_refetch
            if key is None and (last is None or _monotonic() - last >= REFETCH_EVERY):
                # A kid the set lacks: keys were rotated. Fetch them again at once, but at
                # most once a minute, however many tokens name unknown kids.
                self._last_refetch = _monotonic()
                key = usable_key((yield from self._fetch_keys()), kid, alg)
            yield Exclusive("keys", enter=False)
        if key is None:
            raise IDTokenError("no key of the provider's key set signed this ID token", "kid")
        return key

    # -- verifying ID tokens ---------------------------------------------------------------

    def verify(
        self, id_token: str | None, nonce: str | None, max_age: float | None
    ) -> Job[IDTokenClaims]:
        if id_token is not None:
            check_token(id_token, "id_token")
        if nonce is not None:
            check_text(nonce, "nonce")
        require_joserfc()
        if max_age is not None and (
            isinstance(max_age, bool) or not isinstance(max_age, (int, float)) or max_age < 0
        ):
            raise TypeError("max_age must be a number of seconds >= 0")
        return Job(self.verified(id_token, nonce, max_age))

    def verified(
        self, id_token: str | None, nonce: str | None, max_age: float | None = None
    ) -> Flow[IDTokenClaims]:
        """The claims of `id_token` (None: the stored one), or IDTokenError saying why not."""
        if id_token is None:
            held = yield from self.state.current()
            id_token = held.id_token if held is not None else None
        if not id_token:
            raise IDTokenError("there is no ID token to verify", "missing")
        parts = id_token.split(".")
        if len(parts) != 3:
            raise IDTokenError("the ID token is not a signed JWT (three parts)", "malformed")
        header = _segment(parts[0], "header")
        _segment(parts[1], "payload")  # an object, before any key is fetched for it
        alg = header.get("alg")
        if not isinstance(alg, str) or alg not in ALGORITHMS:
            # Never `none`, never an HMAC algorithm (which would take a public key as its
            # secret): RS256 and ES256 only.
            raise IDTokenError("the ID token's algorithm is not RS256 or ES256", "alg")
        kid = header.get("kid")
        if kid is not None and not isinstance(kid, str):
            raise IDTokenError("the ID token's kid is not a string", "malformed")
        if not isinstance(header.get("typ", ""), str):
            raise IDTokenError("the ID token's typ is not a string", "malformed")
        if "crit" in header:  # RFC 7515 §4.1.11: extensions this client does not know
            raise IDTokenError("the ID token's header names critical extensions", "crit")
        provider = yield from self._configuration()
        listed = provider.id_token_signing_alg_values_supported
        if listed and alg not in listed:
            raise IDTokenError("the provider does not list the ID token's algorithm", "alg")
        key = yield from self._key_for(kid, alg)
        payload = self._signed_payload(id_token, key, alg)
        try:
            claims = IDTokenClaims.from_payload(payload)
        except WireTypeError as exc:
            raise IDTokenError(f"the ID token's claims are malformed: {exc}", "claims") from None
        self._check(claims, provider, nonce, max_age)
        return claims

    @staticmethod
    def _signed_payload(id_token: str, key: JSONWebKey, alg: str) -> dict[str, Any]:
        jwk, jwt = _joserfc()
        from joserfc.errors import JoseError

        try:
            public = jwk.import_key(key.to_dict())
            token = jwt.decode(id_token, public, algorithms=[alg])
        except (JoseError, ValueError, TypeError):
            raise IDTokenError("the ID token's signature does not verify", "signature") from None
        claims: Any = token.claims
        if not isinstance(claims, dict):
            raise IDTokenError("the ID token's payload is not a JSON object", "malformed")
        return claims

    def _check(
        self,
        claims: IDTokenClaims,
        provider: OpenIDConfiguration,
        nonce: str | None,
        max_age: float | None,
    ) -> None:
        settings = self.settings
        if not claims.sub or len(claims.sub) > MAX_SUB or not claims.sub.isascii():
            raise IDTokenError("the ID token's sub is empty, too long or not ASCII", "sub")
        if claims.iss != provider.issuer:
            raise IDTokenError("the ID token's issuer is not the provider's", "iss")
        if settings.client_id not in claims.aud:
            raise IDTokenError("the ID token is not for this client (aud)", "aud")
        if (len(claims.aud) > 1 or claims.azp is not None) and claims.azp != settings.client_id:
            raise IDTokenError("the ID token's authorized party is not this client", "azp")
        now = settings.now().timestamp()
        leeway = settings.id_token_leeway.total_seconds()
        if now >= claims.exp + leeway:
            raise IDTokenError("the ID token has expired", "exp")
        if claims.iat > now + leeway:
            raise IDTokenError("the ID token was issued in the future", "iat")
        if max_age is not None:
            if claims.auth_time is None:
                raise IDTokenError(
                    "max_age was asked but the ID token has no auth_time", "auth_time"
                )
            if now > claims.auth_time + max_age + leeway:
                raise IDTokenError("the user signed in longer ago than max_age", "auth_time")
        if nonce is not None and (
            claims.nonce is None or not hmac.compare_digest(claims.nonce.encode(), nonce.encode())
        ):
            raise IDTokenError("the ID token's nonce is not the one sent", "nonce")
