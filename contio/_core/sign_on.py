"""Partner Sign-On: the public calls (landing information, starting a sign-in, a session's
status and waiting for it to end), the IdP configuration and its email domains.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Mapping, Sequence
from typing import Any

from contio._checks import check_text
from contio._core.admin import UNSET, AdminOps, idempotency_key
from contio._core.steps import Flow, Sleep
from contio.admin_models import DomainVerification, IdpConfig, SsoInfo, SsoInitiation, SsoSession
from contio.errors import ContioTimeoutError

__all__ = ["SignOn", "check_domain", "check_slug", "check_target"]

_SLUG = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?")
_TARGET = re.compile(r"web|desktop|backlog|meeting:[A-Za-z0-9-]{1,64}")
_SESSION = re.compile(r"sess_[A-Za-z0-9]{8,64}")
_LABEL = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)")
MODES = ("strict", "partner_managed")
#: How a wait for a Sign-On session polls: first after this, doubling up to MAX_POLL.
FIRST_POLL, MAX_POLL = 1.0, 10.0
MAX_WAIT = 3600.0


def check_slug(value: object) -> str:
    slug = check_text(value, "slug")
    if not _SLUG.fullmatch(slug):
        raise ValueError("slug must be lowercase letters, digits and dashes (as in the entry URL)")
    return slug


def check_target(value: object) -> str:
    target = check_text(value, "target")
    if not _TARGET.fullmatch(target):
        raise ValueError("target must be 'web', 'desktop', 'backlog' or 'meeting:<id>'")
    return target


def check_domain(value: object) -> str:
    """An email domain, lowercase and in punycode (an internationalised one encoded), so
    that nothing but a domain can reach the request's path."""
    text = check_text(value, "domain").strip().rstrip(".").lower()
    try:
        domain = text.encode("idna").decode("ascii")
    except (UnicodeError, ValueError):
        raise ValueError("domain must be a domain name") from None
    labels = domain.split(".")
    if len(domain) > 253 or len(labels) < 2 or not all(_LABEL.fullmatch(x) for x in labels):
        raise ValueError("domain must be a domain name (example.com)")
    return domain


def _strings(value: object, name: str, limit: int) -> list[str]:
    if isinstance(value, str) or not isinstance(value, Sequence):
        raise TypeError(f"{name} must be a sequence of str")
    items = [check_text(item, name) for item in value]
    if len(items) > limit:
        raise ValueError(f"{name} takes at most {limit} entries")
    return items


def _idp_fields(fields: Mapping[str, Any], *, creating: bool) -> dict[str, Any]:
    """The IdP configuration's fields as the wire wants them, checked."""
    body: dict[str, Any] = {}
    for name in ("name", "discovery_url", "idp_client_id", "idp_client_secret"):
        value = fields.get(name)
        if value is not None:
            body[name] = check_text(value, name)
            if not body[name]:
                raise ValueError(f"{name} must not be empty")
    if "discovery_url" in body and not body["discovery_url"].startswith("https://"):
        raise ValueError("discovery_url must be an https URL (Contio refuses any other)")
    mode = fields.get("mode")
    if mode is not None:
        if mode not in MODES:
            raise ValueError("mode must be 'strict' or 'partner_managed'")
        body["mode"] = mode
    if fields.get("allowed_email_domains") is not None:
        domains = _strings(fields["allowed_email_domains"], "allowed_email_domains", 50)
        body["allowed_email_domains"] = [check_domain(d) for d in domains]
    if fields.get("scopes") is not None:
        body["scopes"] = _strings(fields["scopes"], "scopes", 20)
    claims = fields.get("claim_mappings")
    if claims is not None:
        if not isinstance(claims, Mapping):
            raise TypeError("claim_mappings must be a mapping of str to str")
        body["claim_mappings"] = {
            check_text(k, "claim_mappings"): check_text(v, "claim_mappings")
            for k, v in claims.items()
        }
    active = fields.get("is_active")
    if active is not None:
        if not isinstance(active, bool):
            raise TypeError("is_active must be True or False")
        body["is_active"] = active
    missing = [n for n in ("name", "discovery_url", "idp_client_id", "idp_client_secret", "mode")
               if n not in body]  # fmt: skip
    if creating and missing:
        raise TypeError(f"create_idp_config needs {', '.join(missing)}")
    return body


class SignOn:
    """Sign-On, the IdP configuration and its domains, over the admin plumbing."""

    def __init__(self, admin: AdminOps) -> None:
        self.admin = admin

    # -- public: no API key -------------------------------------------------------------------

    def info(self, slug: object) -> Flow[SsoInfo]:
        from contio_oauth_api.api.sso import get_sso_info
        from contio_oauth_api.models import SsoInfo as Wire

        kwargs = get_sso_info._get_kwargs(check_slug(slug))
        return (
            yield from self.admin.call(
                "getSsoInfo", kwargs, Wire.from_dict, SsoInfo.from_wire, authenticated=False
            )
        )

    def initiate(self, slug: object, target: object) -> Flow[SsoInitiation]:
        from contio_oauth_api.api.sso import initiate_sso
        from contio_oauth_api.models import SsoInitiation as Wire

        kwargs = initiate_sso._get_kwargs(
            slug=check_slug(slug),
            target=check_target(target) if target is not None else UNSET(),
            auto=False,
        )
        return (
            yield from self.admin.call(
                "initiateSso", kwargs, Wire.from_dict, SsoInitiation.from_wire, authenticated=False
            )
        )

    def session(self, session_id: object) -> Flow[SsoSession]:
        from contio_oauth_api.api.sso import get_sso_session
        from contio_oauth_api.models import SsoSession as Wire

        found = check_text(session_id, "session_id")
        if not _SESSION.fullmatch(found):
            raise ValueError("session_id must be the session_id initiate_sso answered")
        kwargs = get_sso_session._get_kwargs(found)
        return (
            yield from self.admin.call(
                "getSsoSession", kwargs, Wire.from_dict, SsoSession.from_wire, authenticated=False
            )
        )

    def wait(
        self, session_id: object, timeout: object, cancel: threading.Event | None
    ) -> Flow[SsoSession]:
        """Poll until the session ends (backing off from 1 s to 10 s), at most `timeout`
        seconds; a set `cancel` ends the wait with the session as last seen."""
        if isinstance(timeout, bool) or not isinstance(timeout, int | float):
            raise TypeError("timeout must be a number of seconds")
        if not 0 < timeout <= MAX_WAIT:
            raise ValueError(f"timeout must be more than 0 and at most {MAX_WAIT:g} seconds")
        if cancel is not None and not isinstance(cancel, threading.Event):
            raise TypeError("cancel must be a threading.Event")
        deadline = time.monotonic() + float(timeout)
        delay = FIRST_POLL
        while True:
            seen = yield from self.session(session_id)
            if seen.ended or (cancel is not None and cancel.is_set()):
                return seen
            left = deadline - time.monotonic()
            if left <= 0:
                raise ContioTimeoutError(
                    f"getSsoSession: the Sign-On session did not end within {timeout:g} s "
                    f"(it is {seen.status})"
                )
            yield Sleep(min(delay, left), cancel)
            if cancel is not None and cancel.is_set():
                return seen
            delay = min(delay * 2, MAX_POLL)

    # -- the IdP configuration (API key) ----------------------------------------------------

    def get_idp(self) -> Flow[IdpConfig]:
        from contio_oauth_api.api.idp import get_idp_config
        from contio_oauth_api.models import IdpConfig as Wire

        kwargs = get_idp_config._get_kwargs()
        return (
            yield from self.admin.call("getIdpConfig", kwargs, Wire.from_dict, IdpConfig.from_wire)
        )

    def write_idp(self, how: str, fields: Mapping[str, Any], key: object) -> Flow[IdpConfig]:
        """`create` (POST), `update` (PATCH) or `replace` (PUT, deprecated: Contio treats it
        as PATCH)."""
        from contio_oauth_api.api.idp import (
            create_idp_config,
            replace_idp_config,
            update_idp_config,
        )
        from contio_oauth_api.models import CreateIdpConfigRequest, UpdateIdpConfigRequest
        from contio_oauth_api.models import IdpConfig as Wire

        creating = how == "create"
        body_fields = _idp_fields(fields, creating=creating)
        model = CreateIdpConfigRequest if creating else UpdateIdpConfigRequest
        body = model.from_dict(body_fields)
        name, module = {
            "create": ("createIdpConfig", create_idp_config),
            "update": ("updateIdpConfig", update_idp_config),
            "replace": ("replaceIdpConfig", replace_idp_config),
        }[how]
        unique = idempotency_key(key)
        kwargs = module._get_kwargs(body=body, idempotency_key=unique)
        return (
            yield from self.admin.call(
                name,
                kwargs,
                Wire.from_dict,
                IdpConfig.from_wire,
                expected=201 if creating else 200,
                key=unique,
            )
        )

    def delete_idp(self, key: object) -> Flow[None]:
        from contio_oauth_api.api.idp import delete_idp_config

        unique = idempotency_key(key)
        kwargs = delete_idp_config._get_kwargs(idempotency_key=unique)
        yield from self.admin.call(
            "deleteIdpConfig", kwargs, None, lambda _: None, expected=204, key=unique
        )

    # -- domain verification -----------------------------------------------------------------

    def domain(self, how: str, domain: object, key: object) -> Flow[DomainVerification]:
        """`initiate` a DNS challenge, `get` it as it stands, or `check` its TXT record."""
        from contio_oauth_api.api.idp import (
            check_idp_domain_verification,
            get_idp_domain_verification,
            initiate_idp_domain_verification,
        )
        from contio_oauth_api.models import DomainVerification as Wire

        name = check_domain(domain)
        if how == "get":
            kwargs = get_idp_domain_verification._get_kwargs(name)
            return (
                yield from self.admin.call(
                    "getIdpDomainVerification", kwargs, Wire.from_dict, DomainVerification.from_wire
                )
            )
        unique = idempotency_key(key)
        initiate = how == "initiate"
        module = initiate_idp_domain_verification if initiate else check_idp_domain_verification
        operation = "initiateIdpDomainVerification" if initiate else "checkIdpDomainVerification"
        kwargs = module._get_kwargs(name, idempotency_key=unique)
        return (
            yield from self.admin.call(
                operation,
                kwargs,
                Wire.from_dict,
                DomainVerification.from_wire,
                expected=201 if initiate else 200,
                key=unique,
            )
        )
