"""The IdP configuration, its domains and partner Sign-On against the live mock, through both
clients, with each documented error."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest

from contio import ConflictError, ContioTimeoutError, NotFoundError
from contio.admin import PartnerAdmin, build_sso_entry_url
from contio.errors import BadRequestError
from contio.mock import OTHER_CLIENT_ID
from contio.mock.config import OTHER_API_KEY
from contio.testing import ContioMock
from tests.admin.conftest import Admin, close_admin, open_admin

OKTA: dict[str, Any] = {
    "name": "Okta SSO",
    "discovery_url": "https://acme.okta.com/.well-known/openid-configuration",
    "idp_client_id": "0oa123",
    "idp_client_secret": "idp-secret-value",
    "mode": "partner_managed",
}


async def verified(admin: Admin, mock: ContioMock, domain: str) -> None:
    challenge = await admin.initiate_idp_domain_verification(domain)
    mock.publish_dns(challenge.dns_record_name, challenge.dns_record_value)
    assert (await admin.check_idp_domain_verification(domain)).status == "verified"


async def test_the_idp_configuration_lifecycle(admin: Admin) -> None:
    with pytest.raises(NotFoundError):
        await admin.get_idp_config()
    created = await admin.create_idp_config(**OKTA)
    assert (created.name, created.mode, created.is_active) == ("Okta SSO", "partner_managed", True)
    assert created.issuer == "https://acme.okta.com"
    assert created.scopes == ("openid", "email", "profile")
    assert dict(created.claim_mappings) == {"email": "email", "name": "name"}
    assert "idp-secret-value" not in repr(created)
    assert (await admin.get_idp_config()) == created
    with pytest.raises(ConflictError) as caught:
        await admin.create_idp_config(**OKTA)
    assert caught.value.code == "idp_config_exists"
    paused = await admin.update_idp_config(is_active=False)
    assert (paused.is_active, paused.name) == (False, "Okta SSO")
    renamed = await admin.replace_idp_config(name="Renamed")
    assert (renamed.name, renamed.is_active) == ("Renamed", False)
    await admin.delete_idp_config()
    with pytest.raises(NotFoundError):
        await admin.delete_idp_config()
    with pytest.raises(NotFoundError):
        await admin.update_idp_config(name="nothing to update")


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"discovery_url": "https://accounts.google.com/.well-known/openid-configuration"},
         "invalid_idp"),
        ({"discovery_url": "https://acme.okta.com/oauth2/discovery"}, "invalid_idp"),
        ({"discovery_url": "https://gone.invalid/.well-known/openid-configuration"},
         "discovery_fetch_failed"),
        ({"mode": "strict"}, "strict_mode_requires_domains"),
        ({"mode": "strict", "allowed_email_domains": ["acme.com"]}, "domain_not_verified"),
        ({"allowed_email_domains": ["gmail.com"]}, "domain_is_generic"),
        ({"allowed_email_domains": ["contio.ai"]}, "domain_reserved"),
        ({"scopes": ["email"]}, "invalid_request_body"),
    ],
)  # fmt: skip
async def test_contios_rules_for_an_idp(admin: Admin, change: dict[str, object], code: str) -> None:
    with pytest.raises(BadRequestError) as caught:
        await admin.create_idp_config(**{**OKTA, **change})
    assert caught.value.code == code
    assert "idp-secret-value" not in str(caught.value)


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"discovery_url": "http://acme.okta.com/.well-known/openid-configuration"}, ValueError),
        ({"mode": "open"}, ValueError),
        ({"allowed_email_domains": "acme.com"}, TypeError),
        ({"allowed_email_domains": ["not a domain"]}, ValueError),
        ({"name": ""}, ValueError),
    ],
)
async def test_what_contio_would_refuse_is_refused_before_sending(
    admin: Admin, mock: ContioMock, change: dict[str, object], error: type[Exception]
) -> None:
    with pytest.raises(error):
        await admin.create_idp_config(**{**OKTA, **change})
    assert mock.stats().get("createIdpConfig", 0) == 0


async def test_strict_mode_with_a_verified_domain(admin: Admin, mock: ContioMock) -> None:
    await verified(admin, mock, "Acme.com")
    strict = await admin.create_idp_config(
        **{**OKTA, "mode": "strict", "allowed_email_domains": ["acme.com"]}
    )
    assert strict.allowed_email_domains == ("acme.com",)
    # Another partner cannot claim it.
    other = PartnerAdmin(OTHER_CLIENT_ID, api_key=OTHER_API_KEY, base_url=mock.base_url)
    with other, pytest.raises(BadRequestError) as caught:
        other.create_idp_config(**{**OKTA, "allowed_email_domains": ["acme.com"]})
    assert caught.value.code == "domain_already_claimed"


async def test_domain_verification(admin: Admin, mock: ContioMock) -> None:
    with pytest.raises(NotFoundError):
        await admin.get_idp_domain_verification("acme.com")
    started = await admin.initiate_idp_domain_verification("ACME.com")
    assert started.domain == "acme.com"
    assert started.dns_record_name == "_contio-challenge.acme.com"
    assert started.dns_record_value.startswith("contio-domain-verify=")
    assert (started.status, started.verified_at) == ("pending", None)
    assert started.expires_at is not None
    # Not published yet: still pending.
    assert (await admin.check_idp_domain_verification("acme.com")).status == "pending"
    mock.publish_dns(started.dns_record_name, "contio-domain-verify=wrong")
    assert (await admin.check_idp_domain_verification("acme.com")).status == "pending"
    mock.publish_dns(started.dns_record_name, started.dns_record_value)
    done = await admin.check_idp_domain_verification("acme.com")
    assert (done.status, done.expires_at) == ("verified", None)
    assert done.verified_at is not None
    assert (await admin.get_idp_domain_verification("acme.com")).status == "verified"
    # Verified stays verified: a new initiation answers it unchanged.
    assert (await admin.initiate_idp_domain_verification("acme.com")).status == "verified"


async def test_an_unchecked_challenge_expires(admin: Admin, mock: ContioMock) -> None:
    await admin.initiate_idp_domain_verification("late.example-corp.com")
    mock.advance(7 * 86_400 + 1)
    assert (await admin.get_idp_domain_verification("late.example-corp.com")).status == "expired"


@pytest.mark.parametrize(
    ("domain", "code"),
    [("gmail.com", "domain_is_generic"), ("example.com", "domain_reserved"),
     ("shop.test", "domain_reserved")],
)  # fmt: skip
async def test_domains_no_partner_may_claim(admin: Admin, domain: str, code: str) -> None:
    with pytest.raises(BadRequestError) as caught:
        await admin.initiate_idp_domain_verification(domain)
    assert caught.value.code == code


@pytest.mark.parametrize("domain", ["acme.com/../../credentials", "a b.com", "com", "", "-a.com"])
async def test_only_a_domain_reaches_the_path(admin: Admin, mock: ContioMock, domain: str) -> None:
    with pytest.raises(ValueError, match="domain"):
        await admin.initiate_idp_domain_verification(domain)
    assert mock.stats().get("initiateIdpDomainVerification", 0) == 0


async def test_sign_on_info_and_a_session(admin: Admin, mock: ContioMock) -> None:
    info = await admin.get_sso_info(mock.slug)
    assert (info.slug, info.has_idp_config, info.is_active) == ("demo", False, False)
    with pytest.raises(NotFoundError) as caught:
        await admin.initiate_sso(mock.slug)
    assert caught.value.code == "sso_not_configured"
    await admin.create_idp_config(**OKTA)
    assert (await admin.get_sso_info(mock.slug)).is_active
    started = await admin.initiate_sso(mock.slug, target="meeting:abc-123")
    assert started.authorization_url.startswith("https://acme.okta.com/authorize?")
    assert "code_challenge=" in started.authorization_url
    assert (await admin.get_sso_session(started.session_id)).status == "pending"
    mock.end_sso_session(started.session_id, email="existing@example.com")
    ended = await admin.get_sso_session(started.session_id)
    assert (ended.status, ended.target, ended.ended) == ("completed", "meeting:abc-123", True)
    assert ended.user_id


async def test_a_failed_and_an_expired_session(admin: Admin, mock: ContioMock) -> None:
    await admin.create_idp_config(**OKTA)
    failed = await admin.initiate_sso(mock.slug)
    mock.end_sso_session(failed.session_id, error="access_denied")
    seen = await admin.get_sso_session(failed.session_id)
    assert (seen.status, seen.error) == ("failed", "access_denied")
    late = await admin.initiate_sso(mock.slug)
    mock.advance(601)
    assert (await admin.get_sso_session(late.session_id)).status == "expired"


@pytest.mark.parametrize(
    ("call", "args", "error"),
    [
        ("get_sso_info", ("Demo",), ValueError),
        ("get_sso_info", ("demo/../admin",), ValueError),
        ("initiate_sso", ("demo",), None),
        ("get_sso_session", ("sess_../x",), ValueError),
        ("get_sso_session", (42,), TypeError),
    ],
)
async def test_sign_on_arguments(
    admin: Admin, call: str, args: tuple[object, ...], error: type[Exception] | None
) -> None:
    if error is None:  # a well-formed slug with no identity provider is Contio's 404
        with pytest.raises(NotFoundError):
            await getattr(admin, call)(*args)
        return
    with pytest.raises(error):
        await getattr(admin, call)(*args)


async def test_unknown_slug_and_session(admin: Admin) -> None:
    with pytest.raises(NotFoundError):
        await admin.get_sso_info("nobody")
    with pytest.raises(NotFoundError):
        await admin.get_sso_session("sess_0123456789abcdef")


async def test_sign_on_needs_no_api_key(mock: ContioMock) -> None:
    for kind in ("sync", "async"):
        public = await open_admin(kind, mock, api_key=None)
        try:
            assert (await public.get_sso_info(mock.slug)).name
            with pytest.raises(ValueError, match="api_key"):
                await public.get_credential_status()
        finally:
            await close_admin(public)


async def test_waiting_for_a_session_to_end(admin: Admin, mock: ContioMock) -> None:
    await admin.create_idp_config(**OKTA)
    started = await admin.initiate_sso(mock.slug)
    timer = threading.Timer(1.5, mock.end_sso_session, (started.session_id,))
    timer.start()
    try:
        ended = await admin.wait_for_sso_session(started.session_id, timeout=30)
    finally:
        timer.cancel()
    assert ended.status == "completed"
    # Polled with backoff: 1 s, then 2 s — a handful of polls, not one per moment.
    assert mock.stats()["getSsoSession"] <= 4


async def test_a_wait_ends_at_its_deadline(admin: Admin, mock: ContioMock) -> None:
    await admin.create_idp_config(**OKTA)
    started = await admin.initiate_sso(mock.slug)
    with pytest.raises(ContioTimeoutError, match="did not end within 2 s"):
        await admin.wait_for_sso_session(started.session_id, timeout=2)
    with pytest.raises(ValueError, match="timeout"):
        await admin.wait_for_sso_session(started.session_id, timeout=0)


def test_a_blocking_wait_is_cancelled_at_once(mock: ContioMock) -> None:
    with PartnerAdmin(**mock.admin_kwargs()) as admin:
        admin.create_idp_config(**OKTA)
        started = admin.initiate_sso(mock.slug)
        cancel = threading.Event()
        threading.Timer(0.3, cancel.set).start()
        began = time.monotonic()
        seen = admin.wait_for_sso_session(started.session_id, timeout=60, cancel=cancel)
        assert seen.status == "pending"
        assert time.monotonic() - began < 30  # not the deadline: the cancel ended it


@pytest.mark.parametrize(
    ("kwargs", "url"),
    [
        ({}, "https://app.contio.ai/p/demo"),
        ({"target": "desktop"}, "https://app.contio.ai/p/demo?target=desktop"),
        (
            {"target": "meeting:m-1", "login_hint": "ada@acme.com", "auto": True},
            "https://app.contio.ai/p/demo?target=meeting%3Am-1&login_hint=ada%40acme.com&auto=true",
        ),
        ({"app_url": "https://beta.app.contio.ai/"}, "https://beta.app.contio.ai/p/demo"),
    ],
)
def test_the_entry_url(kwargs: dict[str, object], url: str) -> None:
    assert build_sso_entry_url("demo", **kwargs) == url  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("args", "kwargs", "error"),
    [
        (("Demo",), {}, ValueError),
        (("demo",), {"target": "elsewhere"}, ValueError),
        (("demo",), {"auto": "yes"}, TypeError),
        (("demo",), {"login_hint": "a\nb"}, ValueError),
        (("demo",), {"app_url": "http://app.contio.ai"}, ValueError),
    ],
)
def test_the_entry_url_refuses(
    args: tuple[object, ...], kwargs: dict[str, object], error: type[Exception]
) -> None:
    with pytest.raises(error):
        build_sso_entry_url(*args, **kwargs)  # type: ignore[arg-type]
