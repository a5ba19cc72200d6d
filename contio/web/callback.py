"""The callback of a sign-in (the redirect URI), framework-neutral: every check, then the
tokens stored and the sign-in remembered. A step of `contio.web.core`'s kind: it yields
effects for a runner to carry out.
"""

from __future__ import annotations

import hmac
import re
import secrets
from collections.abc import Iterable, MutableMapping
from typing import Any

from contio import IDTokenError
from contio.errors import ContioAPIError, ContioError, RateLimitError, TokenStoreError
from contio.tokens import AuthTokens
from contio.web.core import SignInError, log, user_key
from contio.web.effects import Exchange, Flow, RevokeToken, Save
from contio.web.records import SignInRecords
from contio.web.session import PENDING_KEY, USER_KEY, Pending, SessionUser

__all__ = ["finish_sign_in"]

#: What an `error=` from the authorization server may show on a page: an RFC 6749 code.
_ERROR_CODE = re.compile(r"[a-z0-9_]{1,64}")


def _single(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """The callback's parameters, each given once: a repeated one (which copy would the
    framework pick?) is refused (RFC 6749 §3.1)."""
    params: dict[str, str] = {}
    for name, value in pairs:
        if name in params:
            raise SignInError("repeated_parameter", "The answer from Contio was malformed.")
        params[name] = value
    return params


def finish_sign_in(
    session: MutableMapping[str, Any],
    pairs: Iterable[tuple[str, str]],
    sign_ins: SignInRecords,
) -> Flow[str]:
    """The callback: check everything, then store the tokens and remember the user.

    `pairs` are the query's parameters as the request carries them (repeats included).
    Returns where to send the browser next. Any failure raises SignInError, with nothing
    stored and the session's sign-in in progress spent (a second try starts again). The
    `state` is spent once across every request: the same callback twice at once makes one
    code exchange, and the other a clear 400.
    """
    pending = Pending.from_session(session.pop(PENDING_KEY, None))
    params = _single(pairs)
    error = params.get("error")
    if error is not None:
        shown = error if _ERROR_CODE.fullmatch(error) else "an unknown error"
        if error == "access_denied":
            raise SignInError("access_denied", "Access was not allowed, so you are not signed in.")
        raise SignInError("authorization_error", f"Contio did not sign you in ({shown}).")
    if pending is None:
        raise SignInError(
            "no_sign_in", "No sign-in was in progress in this browser. Please sign in again."
        )
    state = params.get("state")
    if not state:
        raise SignInError("missing_state", "The answer from Contio carried no state.")
    if not hmac.compare_digest(state.encode(), pending.state.encode()):
        raise SignInError(
            "state_mismatch", "This answer is not for the sign-in started in this browser."
        )
    code = params.get("code")
    if not code:
        raise SignInError("missing_code", "The answer from Contio carried no code.")
    if not sign_ins.spend(pending.state):
        raise SignInError(
            "state_spent", "This sign-in was completed already. Please reload the page."
        )
    tokens = yield from _exchange(code, pending)
    claims = tokens.id_token_claims
    if claims is None or not claims.sub:
        raise SignInError("bad_id_token", "Contio's answer carried no verified ID token.")
    key = user_key(claims.iss, claims.sub)
    user = SessionUser(key, claims.sub, secrets.token_urlsafe(24), claims.email, claims.name)
    try:
        replaced: AuthTokens | None = yield Save(user.key, tokens)
    except TokenStoreError as exc:
        raise SignInError("store_failed", "Your sign-in could not be saved.", 500) from exc
    sign_ins.begin(user.sign_in, user.key)
    session[USER_KEY] = user.to_session()
    # One grant per user: the one this sign-in replaced (the user's sign-in in another
    # browser, which now shares these tokens) would otherwise stay live at Contio.
    old = replaced.refresh_token if replaced is not None else None
    if old and old != tokens.refresh_token:
        try:
            yield RevokeToken(old)
        except ContioError as exc:
            log.warning("contio.web: could not revoke a replaced grant (%s)", type(exc).__name__)
    return pending.next


def _exchange(code: str, pending: Pending) -> Flow[AuthTokens]:
    try:
        tokens: AuthTokens = yield Exchange(code, pending.verifier, pending.nonce)
    except IDTokenError as exc:
        raise SignInError(
            "bad_id_token", "Contio's ID token did not check out.", detail=exc.reason
        ) from exc
    except RateLimitError as exc:  # Contio's 429, or the OAuth budget spent: nothing is wrong
        raise SignInError(
            "busy",
            "Too many sign-ins at Contio right now: please try again in a minute.",
            503,
            detail=exc.code,
            retry_after=exc.retry_after,
        ) from exc
    except ContioAPIError as exc:
        if exc.status_code >= 500:
            raise SignInError(
                "contio_error", "Contio could not sign you in now.", 502, detail=exc.code
            ) from exc
        raise SignInError(
            "code_rejected", "This sign-in link was used already or has expired.", detail=exc.code
        ) from exc
    except ContioError as exc:
        raise SignInError(
            "contio_unreachable", "Contio could not be reached.", 502, detail=type(exc).__name__
        ) from exc
    return tokens
