"""The partner's OIDC identity provider for Sign-On (`/v1/partner/admin/idp`): one per partner
app; https discovery only, public consumer providers refused, strict mode limited to verified
email domains; the IdP client secret kept, never answered.

The mock reads no discovery document: the provider's endpoints are derived from the discovery
URL, and a host under `.invalid` stands for one whose document cannot be fetched.
"""

from __future__ import annotations

import uuid
from typing import Any
from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.responses import Response

from contio.mock.admin_gate import partner_of
from contio.mock.admin_inputs import json_fields
from contio.mock.admin_state import IdpRecord
from contio.mock.clock import isoformat
from contio.mock.domains import is_verified, normalize
from contio.mock.errors import InvalidInput, PartnerError, json_response
from contio.mock.state import MockState

DISCOVERY_SUFFIX = "/.well-known/openid-configuration"
MODES = ("strict", "partner_managed")
DEFAULT_SCOPES = ["openid", "email", "profile"]
DEFAULT_CLAIMS = {"email": "email", "name": "name"}
#: Providers of consumer accounts: anyone may sign up there, so they prove nothing about a
#: partner's users. (Microsoft's consumer tenant is refused by its path.)
CONSUMER_HOSTS = frozenset(
    {"accounts.google.com", "login.live.com", "accounts.zoho.com", "accounts.zoho.eu"}
)
CONSUMER_TENANTS = ("/consumers/", "/9188040d-6c67-4c5b-b112-36a304b66dad/")
LIMITS = {"name": 255, "idp_client_id": 255, "idp_client_secret": 1024}


def bad(code: str, message: str) -> PartnerError:
    return PartnerError(400, code, message)


def _discovery(url: str) -> dict[str, str]:
    """The provider's endpoints, as its discovery document would list them."""
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.hostname or parts.username or parts.password:
        raise bad("invalid_idp", "discovery_url must be an https URL")
    if not parts.path.endswith(DISCOVERY_SUFFIX) or parts.query or parts.fragment:
        raise bad("invalid_idp", f"discovery_url must end with {DISCOVERY_SUFFIX}")
    host = parts.hostname.lower()
    if host in CONSUMER_HOSTS or (
        host == "login.microsoftonline.com" and parts.path.lower().startswith(CONSUMER_TENANTS)
    ):
        raise bad("invalid_idp", f"{host} signs in public consumer accounts; use your own IdP")
    if host.endswith(".invalid"):
        raise bad("discovery_fetch_failed", "the discovery document could not be fetched")
    issuer = url[: -len(DISCOVERY_SUFFIX)]
    return {
        "issuer": issuer,
        "authorization_endpoint": issuer + "/authorize",
        "token_endpoint": issuer + "/token",
        "userinfo_endpoint": issuer + "/userinfo",
        "jwks_uri": issuer + "/jwks",
    }


async def _read(request: Request, state: MockState, *, creating: bool) -> dict[str, Any]:
    """The fields given, checked one by one (`invalid_request_body`)."""
    given: dict[str, Any] = {}
    try:
        fields = await json_fields(request, state)
        for name, limit in (("discovery_url", 2048), *LIMITS.items()):
            value = fields.req_str(name) if creating else fields.opt_str(name)
            if value is not None:
                if not value or len(value) > limit:
                    raise InvalidInput(f"{name} must be 1 to {limit} characters")
                given[name] = value
        mode = fields.req_str("mode") if creating else fields.opt_str("mode")
        if mode is not None:
            if mode not in MODES:
                raise InvalidInput("mode must be strict or partner_managed")
            given["mode"] = mode
        for name in ("allowed_email_domains", "scopes"):
            items = fields.opt_str_list(name)
            if items is not None:
                if len(items) > (50 if name == "allowed_email_domains" else 20):
                    raise InvalidInput(f"{name} has too many entries")
                given[name] = items
        if "claim_mappings" in fields:
            claims = fields.data["claim_mappings"]
            if not isinstance(claims, dict) or len(claims) > 20:
                raise InvalidInput("claim_mappings must be an object of at most 20 names")
            if not all(isinstance(v, str) and 0 < len(v) <= 255 for v in claims.values()):
                raise InvalidInput("claim_mappings' values must be claim names")
            given["claim_mappings"] = dict(claims)
        active = fields.opt_bool("is_active")
        if active is not None and not creating:
            given["is_active"] = active
    except InvalidInput as exc:
        raise bad("invalid_request_body", exc.message) from None
    if "scopes" in given and "openid" not in given["scopes"]:
        raise bad("invalid_request_body", "scopes must include openid")
    return given


def _check_domains(state: MockState, client_id: str, config: dict[str, Any]) -> None:
    domains = [normalize(d) for d in config["allowed_email_domains"]]
    config["allowed_email_domains"] = list(dict.fromkeys(domains))
    for other, record in state.admin.idp.items():
        if other != client_id:
            taken = set(record.config["allowed_email_domains"]) & set(domains)
            if taken:
                raise bad("domain_already_claimed", f"{min(taken)} is claimed by another partner")
    if config["mode"] == "strict":
        if not domains:
            raise bad("strict_mode_requires_domains", "strict mode needs allowed_email_domains")
        unverified = [d for d in domains if not is_verified(state, client_id, d)]
        if unverified:
            raise bad("domain_not_verified", f"verify {unverified[0]} first")


def _answer(record: IdpRecord, status: int = 200) -> Response:
    return json_response(record.config, status)


async def get(request: Request, state: MockState) -> Response:
    record = state.admin.idp.get(partner_of(request).client_id)
    if record is None:
        raise PartnerError(404, "not_found", "no IdP configuration for this partner app")
    return _answer(record)


async def create(request: Request, state: MockState) -> Response:
    client_id = partner_of(request).client_id
    given = await _read(request, state, creating=True)
    if client_id in state.admin.idp:
        raise PartnerError(409, "idp_config_exists", "this partner app has an IdP configuration")
    now = isoformat(state.now())
    secret = given.pop("idp_client_secret")
    config: dict[str, Any] = {
        "id": str(uuid.uuid4()),
        "partner_app_id": client_id,
        "type": "oidc",
        "allowed_email_domains": [],
        "claim_mappings": dict(DEFAULT_CLAIMS),
        "scopes": list(DEFAULT_SCOPES),
        "is_active": True,
        **given,
        **_discovery(given["discovery_url"]),
        "discovery_last_fetched_at": now,
        "created_at": now,
        "updated_at": now,
    }
    _check_domains(state, client_id, config)
    record = state.admin.idp[client_id] = IdpRecord(config, secret)
    return _answer(record, 201)


async def update(request: Request, state: MockState) -> Response:
    """PATCH, and the deprecated PUT, which Contio treats the same."""
    client_id = partner_of(request).client_id
    given = await _read(request, state, creating=False)
    record = state.admin.idp.get(client_id)
    if record is None:
        raise PartnerError(404, "not_found", "no IdP configuration for this partner app")
    secret = given.pop("idp_client_secret", record.secret)
    config = {**record.config, **given}
    now = isoformat(state.now())
    if "discovery_url" in given:
        config.update(_discovery(given["discovery_url"]), discovery_last_fetched_at=now)
    _check_domains(state, client_id, config)
    config["updated_at"] = now
    record.config, record.secret = config, secret
    return _answer(record)


async def delete(request: Request, state: MockState) -> Response:
    if state.admin.idp.pop(partner_of(request).client_id, None) is None:
        raise PartnerError(404, "not_found", "no IdP configuration for this partner app")
    return Response(status_code=204)
