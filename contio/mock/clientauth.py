"""Client authentication: HTTP Basic (`client_secret_basic`) or form fields
(`client_secret_post`)."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping
from urllib.parse import unquote_plus

from starlette.datastructures import Headers

from contio.mock.credential_state import CLIENT_SECRET
from contio.mock.errors import invalid_client
from contio.mock.models import Partner
from contio.mock.state import MockState


def _decode_basic(param: str) -> tuple[str, str] | None:
    try:
        decoded = base64.b64decode(param.strip(), validate=True).decode("utf-8")
    except (binascii.Error, ValueError):
        return None
    client_id, sep, secret = decoded.partition(":")
    if not sep or not client_id:
        return None
    return client_id, secret


def _check(state: MockState, client_id: str, secret: str) -> Partner | None:
    """The partner, when `secret` is its client secret (or, in a rotation's grace period,
    the one the rotation replaced)."""
    partner = state.partners.get(client_id)
    credentials = state.admin.credentials.get(client_id)
    if partner is None or credentials is None:
        return None
    return partner if credentials[CLIENT_SECRET].accepts(secret, state.now()) else None


def authenticate_client(
    state: MockState, headers: Headers, form: Mapping[str, str] | None = None
) -> Partner:
    """The authenticated partner, or a 401 `invalid_client` (`OAuthError`).

    `form` is given only where `client_secret_post` is allowed (the form endpoints).
    RFC 6749 §2.3.1 form-encodes id and secret inside Basic; the TypeScript SDK does not,
    so both readings are accepted.
    """
    authorization = headers.get("authorization")
    if authorization is not None:
        scheme, _, param = authorization.partition(" ")
        if scheme.lower() == "basic":
            credentials = _decode_basic(param)
            if credentials is None:
                raise invalid_client("malformed HTTP Basic credentials")
            client_id, secret = credentials
            partner = _check(state, client_id, secret) or _check(
                state, unquote_plus(client_id), unquote_plus(secret)
            )
            if partner is None:
                raise invalid_client("client authentication failed")
            if form is not None and form.get("client_id", partner.client_id) != partner.client_id:
                raise invalid_client("client_id in the body differs from the authenticated client")
            return partner
    if form is not None:
        form_id = form.get("client_id")
        form_secret = form.get("client_secret")
        if form_id and form_secret is not None:
            partner = _check(state, form_id, form_secret)
            if partner is None:
                raise invalid_client("client authentication failed")
            return partner
    raise invalid_client("client authentication required (HTTP Basic or client_secret_post)")
