"""Shared pieces of the facade's Hypothesis tests (the modules split from the former
`test_fuzz.py`): the settings every property runs with, the strategies of server answers (any
status, body and headers, and bodies almost of the right shape), and the oracle of what a
well-typed result is.
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

import attrs
import httpx2
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from contio import (
    AsyncOAuthClient,
    AuthTokens,
    ConsentStatus,
    ContioAPIError,
    ContioError,
    InvalidResponseError,
    OAuthClient,
    PartnerAuthChallenge,
    PartnerAuthVerification,
    PartnerInfo,
    TokenIntrospection,
    UserInfo,
)

FUZZ = settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

NOW = datetime(2030, 1, 1, 12, 0, tzinfo=UTC)
EMAIL = "ada@example.com"
WORKSPACE_ID = "7c9e6679-7425-40de-944b-e07fc1f90ae7"
#: Tokens that need a refresh: expired, with a refresh token.
EXPIRED = AuthTokens(
    access_token="cto_at_v1_expired-access",
    refresh_token="cto_rt_v1_stored-refresh",
    expires_at=NOW - timedelta(minutes=5),
    scope=("openid",),
)

# -- the answers ---------------------------------------------------------------------------------

#: One valid success body per operation, as the wire reference describes them.
VALID_BODIES: list[dict[str, Any]] = [
    {
        "access_token": "cto_at_v1_new",
        "token_type": "Bearer",
        "expires_in": 86_400,
        "refresh_token": "cto_rt_v1_new",
        "scope": "openid profile",
        "id_token": "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln",
    },
    {
        "active": True,
        "scope": "openid profile",
        "client_id": "demo-client",
        "username": EMAIL,
        "sub": "user-1",
        "aud": ["demo-client"],
        "iss": "https://auth.contio.ai",
        "exp": 1_900_000_000,
        "iat": 1_800_000_000,
        "nbf": 1_800_000_000,
        "token_type": "Bearer",
        "ext": {"workspace": "w"},
    },
    {
        "sub": "user-1",
        "email": EMAIL,
        "email_verified": True,
        "name": "Ada",
        "given_name": "Ada",
        "family_name": "Lovelace",
        "picture": "https://x/p.png",
        "locale": "en",
        "phone_number": "+1",
        "phone_number_verified": False,
    },
    {"scopes": ["openid", "profile", "meetings:read"]},
    {
        "has_consent": True,
        "requires_consent": False,
        "redirect_url": "https://app/cb?code=x",
        "session_valid": True,
    },
    {
        "session": "sess-1",
        "challenge_name": "EMAIL_OTP",
        "challenge_params": {"email": EMAIL},
        "user_provisioned": True,
    },
    {
        "success": True,
        "message": "ok",
        "redirect": "https://app/cb",
        "access_token": "cto_at_v1_v",
        "id_token": "eyJ.eyJ.sig",
        "refresh_token": "cto_rt_v1_v",
        "expires_in": 3600,
    },
    {"client_id": "demo-client", "name": "Demo", "company_name": "Inc", "co_brand_name": "D"},
    {"error": "invalid_grant", "error_description": "expired", "request_id": "req_1"},
    {"code": "validation_error", "message": "bad", "request_id": "req_2"},
    {
        "code": "workspace_conflict",
        "error": "conflict",
        "message": "conflict",
        "request_id": "req_3",
        "workspace_id": WORKSPACE_ID,
    },
]
FIELD_NAMES = sorted({key for body in VALID_BODIES for key in body})

huge_ints = st.sampled_from([10**12, -(10**12), 10**30, -(10**30), 2**63, 10**308])
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    huge_ints,
    st.floats(),  # NaN and infinities too: json.dumps writes them, json.loads reads them back
    st.text(max_size=20),
)
json_values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.one_of(st.sampled_from(FIELD_NAMES), st.text(max_size=6)), children),
    ),
    max_leaves=12,
)
#: Objects keyed by the fields the facade reads, holding values of any type.
field_objects = st.dictionaries(st.sampled_from(FIELD_NAMES), json_values, max_size=8)
wrong_values = st.one_of(
    st.booleans(),
    st.integers(),
    huge_ints,
    st.floats(),
    st.text(max_size=10),
    st.lists(st.one_of(st.integers(), st.text(max_size=3)), max_size=3),
    st.dictionaries(st.text(max_size=3), st.one_of(st.integers(), st.none()), max_size=3),
)


@st.composite
def almost_valid(draw: st.DrawFn) -> dict[str, Any]:
    """A valid body with one field dropped, nulled or given a value of another type."""
    body = dict(draw(st.sampled_from(VALID_BODIES)))
    key = draw(st.sampled_from(sorted(body)))
    action = draw(st.sampled_from(["wrong type", "missing", "null", "extra", "huge"]))
    if action == "huge":  # a number past what a datetime or a C integer can hold
        numbers = sorted(name for name, value in body.items() if type(value) is int)
        body[draw(st.sampled_from(numbers or [key]))] = draw(huge_ints)
    elif action == "missing":
        del body[key]
    elif action == "null":
        body[key] = None
    elif action == "extra":
        body[draw(st.text(min_size=1, max_size=8))] = draw(json_values)
    else:
        body[key] = draw(wrong_values)
    return body


def dumps(value: Any) -> bytes:
    return json.dumps(value).encode()


bodies = st.one_of(
    st.binary(max_size=300),
    st.text(max_size=200).map(str.encode),
    json_values.map(dumps),
    field_objects.map(dumps),
    almost_valid().map(dumps),
    st.sampled_from(VALID_BODIES).map(dumps),
    st.sampled_from(VALID_BODIES).map(lambda body: dumps(body)[: len(dumps(body)) // 2]),
    st.sampled_from([b"", b"null", b"[]", b"{}", b"[" * 50_000, b"<html>502</html>"]),
)
header_text = st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=40)
headers = st.fixed_dictionaries(
    {},
    optional={
        "Content-Type": st.sampled_from(["application/json", "text/html", "text/plain"]),
        "Retry-After": st.one_of(
            header_text,
            st.integers(-5, 10**6).map(str),
            st.just("Wed, 21 Oct 2015 07:28:00 GMT"),
        ),
        "X-Request-Id": header_text,
        "WWW-Authenticate": header_text,
    },
)


@attrs.frozen
class Answer:
    status: int
    body: bytes
    headers: Mapping[str, str]

    def response(self, request: httpx2.Request) -> httpx2.Response:
        return httpx2.Response(self.status, content=self.body, headers=dict(self.headers))


answers = st.builds(
    Answer,
    status=st.one_of(st.integers(200, 599), st.sampled_from([200, 400, 401, 404, 429, 503])),
    body=bodies,
    headers=headers,
)
#: Bodies that fit some operation more often than not: the parsing paths, not just the guards.
mostly_shaped = st.builds(
    Answer,
    status=st.just(200),
    body=st.one_of(almost_valid().map(dumps), field_objects.map(dumps)),
    headers=st.just({}),
)

# -- what a well-typed result is -----------------------------------------------------------------


def conforms(value: object, hint: Any) -> bool:
    """Whether `value` has the type `hint` (the forms the facade's results use)."""
    if hint is Any:
        return True
    if hint is type(None):
        return value is None
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin is typing.Literal:
        return value in args
    if origin in (typing.Union, types.UnionType):
        return any(conforms(value, arg) for arg in args)
    if origin is tuple:
        return isinstance(value, tuple) and all(conforms(item, args[0]) for item in value)
    if origin is list:
        return isinstance(value, list) and all(conforms(item, args[0]) for item in value)
    if origin is Mapping:
        return isinstance(value, Mapping) and all(
            conforms(key, args[0]) and conforms(item, args[1]) for key, item in value.items()
        )
    if hint is bool:
        return type(value) is bool
    if hint is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if hint is datetime:
        return isinstance(value, datetime) and value.utcoffset() == timedelta(0)
    if isinstance(hint, type) and (dataclasses.is_dataclass(hint) or attrs.has(hint)):
        return isinstance(value, hint) and well_typed(value)
    assert isinstance(hint, type), hint
    return isinstance(value, hint)


def well_typed(result: object) -> bool:
    """Whether every field of a result (a dataclass, as the facade's are, or an attrs class)
    has its annotated type."""
    cls: Any = type(result)
    hints = typing.get_type_hints(cls)
    names = [
        f.name
        for f in (dataclasses.fields(cls) if dataclasses.is_dataclass(cls) else attrs.fields(cls))
    ]
    return all(conforms(getattr(result, name), hints[name]) for name in names)


def check_tokens(tokens: object, client: OAuthClient | AsyncOAuthClient) -> None:
    assert isinstance(tokens, AuthTokens)
    assert well_typed(tokens)
    assert tokens.expires_at is None or tokens.expires_at.utcoffset() == timedelta(0)
    assert client.tokens == tokens  # every method that receives tokens stores them
    # What a client stores, a client must be able to load again (FileTokenStore, set_tokens).
    assert AuthTokens.from_dict(json.loads(json.dumps(tokens.to_dict()))) == tokens


def check_result(name: str, result: object, client: OAuthClient | AsyncOAuthClient) -> None:
    expected: dict[str, type] = {
        "introspect_token": TokenIntrospection,
        "get_user_info": UserInfo,
        "check_consent": ConsentStatus,
        "initiate_partner_auth": PartnerAuthChallenge,
        "verify_partner_auth": PartnerAuthVerification,
        "get_partner_info": PartnerInfo,
    }
    if name in ("exchange_code_for_token", "refresh_access_token", "get_client_credentials_token"):
        check_tokens(result, client)
    elif name == "revoke_token":
        assert result is None
    elif name == "get_available_scopes":
        assert conforms(result, tuple[str, ...])
    elif name == "get_valid_access_token":
        assert isinstance(result, str)
        assert client.tokens is not None
        assert result == client.tokens.access_token
    elif name == "auth":
        assert isinstance(result, httpx2.Response)
    else:
        assert isinstance(result, expected[name]), (name, result)
        assert well_typed(result), result
        if isinstance(result, PartnerAuthVerification) and result.tokens is not None:
            check_tokens(result.tokens, client)


def check_outcome(name: str, answer: Answer, error: ContioError | None) -> None:
    """What must fail, and how, whatever the body."""
    if answer.status >= 400:
        # Every call sends a request first (the tokens held need a refresh), and an error
        # status is an error answer, whatever its body.
        assert isinstance(error, ContioAPIError), (name, answer, error)
        assert error.status_code == answer.status
        assert len(str(error)) < 1_000
    elif answer.status != 200 and name != "revoke_token":
        # 2xx other than 200 and 3xx: nothing to read a result from.
        assert isinstance(error, InvalidResponseError), (name, answer, error)
    elif error is not None:
        assert isinstance(error, InvalidResponseError), (name, answer, error)
