"""A live mock of Contio's auth server and its control API, for tests, demos and notebooks.

`ContioMock` wraps a running `contio.mock` server: its base URL and client credentials,
arguments for a client that talks to it, and helpers for the `/_mock/` control API (outbox,
clock, stats, faults, reset) and for signing a user in. The pytest plugin (`contio.testing`)
and `contio demo` are built on it.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import httpx2

from contio.client import AsyncOAuthClient, OAuthClient

if TYPE_CHECKING:
    from contio.mock import RunningMock

__all__ = ["DEFAULT_REDIRECT_URI", "ContioMock"]

DEFAULT_REDIRECT_URI = "http://127.0.0.1:8400/callback"
DEFAULT_TEST_SCOPE = ("openid", "profile", "email", "meetings:read", "meetings:write")


class ContioMock:
    """A live mock of Contio's auth server, and its `/_mock/` control API."""

    def __init__(self, running: RunningMock, redirect_uri: str = DEFAULT_REDIRECT_URI) -> None:
        """A handle on a running mock.

        Args:
            running: What `contio.mock.serve_in_thread` returned.
            redirect_uri: The redirect URI clients of `client_kwargs` use.
        """
        self.running = running
        self.base_url = running.base_url
        self.client_id = running.config.client_id
        self.client_secret = running.config.client_secret
        #: The partner's API key and Sign-On slug (`PartnerAdmin`).
        self.api_key = running.config.api_key
        self.slug = running.config.slug
        self.redirect_uri = redirect_uri
        self.scope = DEFAULT_TEST_SCOPE
        self.http = httpx2.Client(base_url=running.base_url)

    def __repr__(self) -> str:
        return f"ContioMock(base_url={self.base_url!r}, client_id={self.client_id!r})"

    def close(self) -> None:
        """Close the control API's HTTP client (the mock keeps running)."""
        self.http.close()

    def client_kwargs(self, **overrides: Any) -> dict[str, Any]:
        """Arguments for an OAuthClient / AsyncOAuthClient that talks to this mock."""
        kwargs: dict[str, Any] = {
            "client_id": self.client_id,
            "client_secret": self.client_secret,
            "redirect_uri": self.redirect_uri,
            "scope": list(self.scope),
            "base_url": self.base_url,
            "clock": self.clock,
        }
        kwargs.update(overrides)
        return kwargs

    def admin_kwargs(self, **overrides: Any) -> dict[str, Any]:
        """Arguments for a PartnerAdmin / AsyncPartnerAdmin that talks to this mock."""
        kwargs: dict[str, Any] = {
            "client_id": self.client_id,
            "api_key": self.api_key,
            "base_url": self.base_url,
        }
        kwargs.update(overrides)
        return kwargs

    def publish_dns(self, name: str, value: str) -> None:
        """Publish a DNS TXT record, for a domain verification's check to find."""
        self.http.post("/_mock/dns", json={"name": name, "value": value}).raise_for_status()

    def end_sso_session(
        self, session_id: str, *, error: str | None = None, email: str | None = None
    ) -> dict[str, Any]:
        """End a Sign-On session as the partner's identity provider would: completed (the
        user `email`, when the mock knows them), or failed with `error`."""
        body: dict[str, Any] = {"status": "failed" if error is not None else "completed"}
        if error is not None:
            body["error"] = error
        if email is not None:
            body["email"] = email
        response = self.http.post(f"/_mock/sso/sessions/{session_id}", json=body)
        response.raise_for_status()
        ended: dict[str, Any] = response.json()
        return ended

    # -- the clock -----------------------------------------------------------------------------

    def clock(self) -> datetime:
        """The mock's current time: pass as `clock=` so the client sees what the mock sees."""
        return datetime.fromtimestamp(self.running.state.clock.now(), tz=UTC)

    def advance(self, seconds: float) -> datetime:
        """Move the mock's clock forward (token expiry without sleeping).

        Args:
            seconds: How far.

        Returns:
            The mock's new time.
        """
        response = self.http.post("/_mock/clock", json={"advance_seconds": seconds})
        response.raise_for_status()
        return self.clock()

    # -- what the mock saw and sent -------------------------------------------------------------

    def outbox(self, email: str | None = None) -> list[dict[str, Any]]:
        """The one-time codes the mock "emailed".

        Args:
            email: Only those to this address (default: all).

        Returns:
            The messages: `email`, `code`, `session`, `sent_at`.
        """
        params = {"email": email} if email is not None else {}
        response = self.http.get("/_mock/outbox", params=params)
        response.raise_for_status()
        messages: list[dict[str, Any]] = response.json()["messages"]
        return messages

    def last_code(self, email: str) -> tuple[str, str]:
        """The last one-time code sent to `email`, and its session.

        Args:
            email: The address.

        Returns:
            `(code, session)`.

        Raises:
            LookupError: Nothing was sent to that address.
        """
        messages = self.outbox(email)
        if not messages:
            raise LookupError(f"the mock sent no code to {email}")
        return messages[-1]["code"], messages[-1]["session"]

    def stats(self) -> dict[str, int]:
        """Requests per operationId (and per grant: `exchangeOauthToken:refresh_token`)."""
        response = self.http.get("/_mock/stats")
        response.raise_for_status()
        requests: dict[str, int] = response.json()["requests"]
        return requests

    # -- shaping what happens next ------------------------------------------------------------

    def fault(
        self,
        operation: str = "*",
        *,
        status: int | None = 503,
        count: int = 1,
        retry_after: int | None = None,
        delay_ms: int | None = None,
        drop_connection: bool = False,
        after: bool = False,
    ) -> None:
        """Make the next `count` calls of `operation` fail so.

        Args:
            operation: An operationId (`getOauthUserInfo`...), or `*` for any.
            status: The error status to answer with (None with `drop_connection`).
            count: How many calls fail.
            retry_after: A `Retry-After` header, in seconds.
            delay_ms: Wait this long before answering.
            drop_connection: Close the connection instead of answering.
            after: Let the call do its work first, then fail its answer (the work is done,
                the client does not hear of it).
        """
        spec: dict[str, Any] = {
            "operation": operation,
            "status": status,
            "count": count,
            "drop_connection": drop_connection,
            "after": after,
        }
        if retry_after is not None:
            spec["retry_after"] = retry_after
        if delay_ms is not None:
            spec["delay_ms"] = delay_ms
        self.http.post("/_mock/faults", json=spec).raise_for_status()

    def reset(self) -> None:
        """Back to the initial state: users, tokens, clock, stats, faults, outbox."""
        self.http.post("/_mock/reset").raise_for_status()

    def consent(self, email: str, **fields: Any) -> str:
        """Consent as the signed-in user (as Contio's consent page does).

        Args:
            email: The user, signed in for this client (`initiate` and `verify` first).
            **fields: Other fields of the consent request (`state`, `code_challenge`...).

        Returns:
            An authorization code for `exchange_code_for_token`.
        """
        body = {
            "client_id": self.client_id,
            "email": email,
            "redirect_uri": self.redirect_uri,
            "response_type": "code",
            "consent": True,
            "scope": " ".join(self.scope),
            **fields,
        }
        response = self.http.post("/oauth2/authorize", json=body)
        response.raise_for_status()
        code: str = response.json()["code"]
        return code

    def sign_in(
        self, oauth: OAuthClient, email: str = "ada@example.com", name: str = "Ada"
    ) -> None:
        """The whole passwordless flow with a blocking client: it ends up holding user tokens.

        Args:
            oauth: A client of this mock.
            email: The user's address.
            name: Their name.
        """
        challenge = oauth.initiate_partner_auth(email, name)
        code, _ = self.last_code(email)
        oauth.verify_partner_auth(email, code, challenge.session)
        oauth.exchange_code_for_token(self.consent(email))

    async def async_sign_in(
        self, oauth: AsyncOAuthClient, email: str = "ada@example.com", name: str = "Ada"
    ) -> None:
        """`sign_in` for an `AsyncOAuthClient`.

        Args:
            oauth: An async client of this mock.
            email: The user's address.
            name: Their name.
        """
        challenge = await oauth.initiate_partner_auth(email, name)
        code, _ = self.last_code(email)
        await oauth.verify_partner_auth(email, code, challenge.session)
        await oauth.exchange_code_for_token(self.consent(email))
