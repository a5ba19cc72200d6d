"""Email domains: what a partner may name (not generic, not reserved, well formed), and the
DNS challenge that proves it owns one (`/v1/partner/admin/idp/domains/{domain}…`).

The mock looks nothing up in the real DNS: a test publishes the TXT record through the control
API (`POST /_mock/dns`), and the check finds it there.
"""

from __future__ import annotations

import re
import secrets
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from contio.mock.admin_gate import partner_of
from contio.mock.admin_state import DomainRecord
from contio.mock.clock import isoformat
from contio.mock.errors import PartnerError, json_response
from contio.mock.state import MockState

CHALLENGE_LIFETIME = 7 * 86_400.0
RECORD_PREFIX = "_contio-challenge."
VALUE_PREFIX = "contio-domain-verify="
#: Public email services: anyone can have an address there, so no partner may claim one.
GENERIC = frozenset(
    {
        "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com", "msn.com",
        "yahoo.com", "ymail.com", "icloud.com", "me.com", "aol.com", "proton.me",
        "protonmail.com", "zoho.com", "gmx.com", "gmx.net", "mail.com", "yandex.com",
    }
)  # fmt: skip
RESERVED_TLDS = frozenset({"test", "example", "invalid", "localhost", "local", "internal"})
RESERVED = frozenset({"contio.ai", "example.com", "example.net", "example.org"})
_LABEL = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)")


def domain_error(code: str, message: str) -> PartnerError:
    return PartnerError(400, code, message)


def normalize(raw: str) -> str:
    """The domain lowercase and in punycode, or `invalid_domain`; generic and reserved ones
    are refused with their own codes."""
    try:
        domain = raw.strip().rstrip(".").lower().encode("idna").decode("ascii")
    except (UnicodeError, ValueError):
        raise domain_error("invalid_domain", "not a domain name") from None
    labels = domain.split(".")
    if (
        len(domain) > 253
        or len(labels) < 2
        or not all(_LABEL.fullmatch(label) for label in labels)
        or labels[-1].isdigit()
    ):
        raise domain_error("invalid_domain", f"{domain[:64]!r} is not a domain name")
    if domain in GENERIC:
        raise domain_error("domain_is_generic", f"{domain} is a public email domain")
    if (
        labels[-1] in RESERVED_TLDS
        or domain in RESERVED
        or any(domain.endswith("." + r) for r in RESERVED)
    ):
        raise domain_error("domain_reserved", f"{domain} is reserved")
    return domain


def render(record: DomainRecord, now: float) -> dict[str, Any]:
    ends = record.expires_at
    expired = record.status == "pending" and ends is not None and now >= ends
    answer: dict[str, Any] = {
        "domain": record.domain,
        "status": "expired" if expired else record.status,
        "dns_record_name": RECORD_PREFIX + record.domain,
        "dns_record_value": VALUE_PREFIX + record.token,
    }
    if record.status == "pending" and record.expires_at is not None:
        answer["expires_at"] = isoformat(record.expires_at)
    if record.verified_at is not None:
        answer["verified_at"] = isoformat(record.verified_at)
    return answer


def is_verified(state: MockState, client_id: str, domain: str) -> bool:
    record = state.admin.domains.get((client_id, domain))
    return record is not None and record.status == "verified"


def _found(request: Request, state: MockState) -> tuple[str, DomainRecord]:
    domain = normalize(request.path_params["domain"])
    record = state.admin.domains.get((partner_of(request).client_id, domain))
    if record is None:
        raise PartnerError(404, "not_found", f"no verification of {domain}; initiate one first")
    return domain, record


async def initiate(request: Request, state: MockState) -> Response:
    domain = normalize(request.path_params["domain"])
    slot = (partner_of(request).client_id, domain)
    record = state.admin.domains.get(slot)
    now = state.now()
    if record is None or record.status != "verified":
        record = DomainRecord(domain, secrets.token_hex(16), "pending", now + CHALLENGE_LIFETIME)
        state.admin.domains[slot] = record
    return json_response(render(record, now), 201)


async def get(request: Request, state: MockState) -> Response:
    _, record = _found(request, state)
    return json_response(render(record, state.now()))


async def check(request: Request, state: MockState) -> Response:
    domain, record = _found(request, state)
    now = state.now()
    published = state.admin.dns.get(RECORD_PREFIX + domain, set())
    live = record.expires_at is None or now < record.expires_at
    if record.status == "pending" and live and VALUE_PREFIX + record.token in published:
        record.status, record.verified_at, record.expires_at = "verified", now, None
    return json_response(render(record, now))
