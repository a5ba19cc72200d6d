"""`contio demo`: the whole OAuth lifecycle against an in-process mock, one line per step.

It needs no configuration and no network: it starts the mock on a free loopback port, drives
it with the facade exactly as an app would, and shows what came back (tokens masked).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import Any, TextIO

import attrs
import httpx2

from contio.client import OAuthClient
from contio.errors import ContioError
from contio.pkce import generate_pkce_pair, generate_state
from contio.testing.sandbox import ContioMock
from contio.tokens import AuthTokens, mask

__all__ = ["DemoFailed", "Step", "run_demo"]

DEMO_EMAIL = "ada@example.com"
DEMO_NAME = "Ada Lovelace"


@attrs.frozen
class Step:
    """One step of the demo and what came back."""

    number: int
    name: str
    summary: str
    details: dict[str, Any]


class DemoFailed(Exception):
    """A step did not do what it should; the message says which and why."""


def _tokens(tokens: AuthTokens) -> dict[str, Any]:
    return {
        "access_token": mask(tokens.access_token),
        "refresh_token": mask(tokens.refresh_token),
        "id_token": mask(tokens.id_token),
        "expires_at": tokens.expires_at.isoformat() if tokens.expires_at else None,
        "scope": list(tokens.scope),
    }


def _check(condition: bool, what: str) -> None:
    if not condition:
        raise DemoFailed(what)


def run_demo(report: Callable[[Step], None]) -> list[Step]:
    """Run every step against a fresh in-process mock, calling `report` after each."""
    from contio.mock import serve_in_thread

    steps: list[Step] = []

    def done(name: str, summary: str, /, **details: Any) -> None:
        step = Step(len(steps) + 1, name, summary, details)
        steps.append(step)
        report(step)

    with serve_in_thread() as running:
        mock = ContioMock(running)
        try:
            with OAuthClient(**mock.client_kwargs()) as oauth:
                _lifecycle(oauth, mock, done)
        finally:
            mock.close()
    return steps


def _lifecycle(oauth: OAuthClient, mock: ContioMock, done: Callable[..., None]) -> None:
    info = oauth.get_partner_info()
    done(
        "partner info",
        f"{info.name} ({info.company_name})",
        client_id=info.client_id,
        name=info.name,
        company_name=info.company_name,
    )

    scopes = oauth.get_available_scopes()
    _check("openid" in scopes, "the scope list has no openid")
    done("scopes", ", ".join(scopes), scopes=scopes)

    challenge = oauth.initiate_partner_auth(DEMO_EMAIL, DEMO_NAME)
    code, _ = mock.last_code(DEMO_EMAIL)
    done(
        "passwordless initiate",
        f"code sent to {DEMO_EMAIL} "
        f"(user_provisioned={challenge.user_provisioned}); code read from the mock's outbox",
        challenge_name=challenge.challenge_name,
        user_provisioned=challenge.user_provisioned,
    )

    verified = oauth.verify_partner_auth(DEMO_EMAIL, code, challenge.session)
    _check(verified.success is True, "verify did not succeed")
    done(
        "verify",
        f"signed in: {verified.message}",
        success=verified.success,
        redirect_url=verified.redirect_url,
    )

    consent = oauth.check_consent(DEMO_EMAIL)
    done(
        "check consent",
        f"has_consent={consent.has_consent} requires_consent={consent.requires_consent}",
        has_consent=consent.has_consent,
        requires_consent=consent.requires_consent,
        session_valid=consent.session_valid,
    )

    pkce, state = generate_pkce_pair(), generate_state()
    auth_code = mock.consent(
        DEMO_EMAIL, state=state, code_challenge=pkce.challenge, code_challenge_method="S256"
    )
    done(
        "consent with PKCE",
        f"authorization code {mask(auth_code)} (S256 challenge)",
        code=mask(auth_code),
        code_challenge_method="S256",
    )

    tokens = oauth.exchange_code_for_token(auth_code, code_verifier=pkce.verifier)
    done(
        "code exchange",
        f"access {mask(tokens.access_token)}, refresh "
        f"{mask(tokens.refresh_token)}, expires {tokens.expires_at:%Y-%m-%d %H:%M}Z"
        if tokens.expires_at
        else "tokens received",
        **_tokens(tokens),
    )

    user = oauth.get_user_info()
    done(
        "user info",
        f"{user.name} <{user.email}> sub={user.sub}",
        sub=user.sub,
        email=user.email,
        name=user.name,
    )

    introspection = oauth.introspect_token(tokens.access_token)
    _check(introspection.active, "a fresh access token is not active")
    done(
        "introspect",
        f"active={introspection.active} scope={' '.join(introspection.scope)}",
        active=introspection.active,
        scope=list(introspection.scope),
        client_id=introspection.client_id,
    )

    with httpx2.Client(auth=oauth.auth) as api:
        response = api.get(f"{mock.base_url}/oauth2/userInfo")
        _check(response.status_code == 200, f"oauth.auth call answered {response.status_code}")
        done(
            "call through oauth.auth",
            f"GET /oauth2/userInfo -> {response.status_code}",
            status=response.status_code,
        )

        before = mock.stats().get("exchangeOauthToken:refresh_token", 0)
        mock.advance(24 * 3600 + 1)
        _check(oauth.is_token_expired(), "the token did not expire with the clock")
        done(
            "clock advanced past expiry",
            "mock clock +24h: is_token_expired() is True",
            expired=True,
        )

        response = api.get(f"{mock.base_url}/oauth2/userInfo")
        refreshed = oauth.tokens
        _check(response.status_code == 200, f"call after expiry answered {response.status_code}")
        _check(
            refreshed is not None and refreshed.access_token != tokens.access_token,
            "the access token was not refreshed",
        )
        refreshes = mock.stats().get("exchangeOauthToken:refresh_token", 0) - before
        _check(refreshes == 1, f"{refreshes} refresh requests instead of 1")
        assert refreshed is not None
        done(
            "automatic refresh",
            f"oauth.auth refreshed once: access "
            f"{mask(refreshed.access_token)}, refresh token rotated",
            refreshes=refreshes,
            **_tokens(refreshed),
        )

    with OAuthClient(**mock.client_kwargs()) as service:
        service_tokens = service.get_client_credentials_token(["meetings:read"])
        _check(service_tokens.refresh_token is None, "client credentials got a refresh token")
        done(
            "client credentials",
            f"app token {mask(service_tokens.access_token)}, "
            f"scope {' '.join(service_tokens.scope)}, no refresh token",
            **_tokens(service_tokens),
        )

    access_token = refreshed.access_token
    oauth.revoke_token(refreshed.refresh_token or "", "refresh_token")
    done(
        "revoke",
        "refresh token revoked (and the access tokens issued from it)",
        token_type="refresh_token",
    )

    after = oauth.introspect_token(access_token)
    _check(not after.active, "the access token is still active after revocation")
    done("introspect after revoke", f"active={after.active}", active=after.active)


def main(as_json: bool = False, out: TextIO | None = None) -> int:
    """Run the demo, printing as it goes; 0 on success, 1 with one clear line on failure."""
    stream = out if out is not None else sys.stdout
    steps: list[Step] = []

    def report(step: Step) -> None:
        steps.append(step)
        if not as_json:
            stream.write(f"{step.number:2d}. {step.name:<28} {step.summary}\n")
            stream.flush()

    try:
        run_demo(report)
    except (ContioError, DemoFailed, OSError, RuntimeError, httpx2.HTTPError) as exc:
        failed_at = len(steps) + 1
        message = f"demo failed at step {failed_at}: {type(exc).__name__}: {exc}"
        if as_json:
            stream.write(
                json.dumps(
                    {"ok": False, "error": message, "steps": [attrs.asdict(s) for s in steps]},
                    indent=2,
                )
            )
            stream.write("\n")
        else:
            sys.stderr.write(message + "\n")
        return 1
    if as_json:
        stream.write(json.dumps({"ok": True, "steps": [attrs.asdict(s) for s in steps]}, indent=2))
        stream.write("\n")
    else:
        stream.write(f"all {len(steps)} steps passed\n")
    return 0
