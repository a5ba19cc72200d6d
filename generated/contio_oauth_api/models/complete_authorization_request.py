from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.code_challenge_method import (
    CodeChallengeMethod,
    check_code_challenge_method,
)
from ..models.response_type import ResponseType, check_response_type
from ..types import UNSET, Unset

T = TypeVar("T", bound="CompleteAuthorizationRequest")


@_attrs_define
class CompleteAuthorizationRequest:
    """The signed-in user's consent decision.

    Example:
        {'client_id': 'demo-client', 'email': 'ada@example.com', 'redirect_uri': 'https://app.example.com/callback',
            'response_type': 'code', 'consent': True}

    Attributes:
        client_id (str): The partner app's client id.
        email (str): The signed-in user's email address.
        redirect_uri (str): A registered redirect URI of the client.
        response_type (ResponseType): The OAuth response type; only the authorization code flow is supported. Example:
            code.
        consent (bool): Whether the user grants the requested scopes.
        scope (str | Unset): Space-separated scopes (RFC 6749 §3.3), for example
            `openid profile meetings:read meetings:write`.
             Example: openid profile meetings:read meetings:write.
        state (str | Unset): Opaque state returned with the code.
        code_challenge (str | Unset): PKCE code challenge.
        code_challenge_method (CodeChallengeMethod | Unset): PKCE code challenge method (RFC 7636 §4.3). Example: S256.
        nonce (str | Unset): OpenID Connect Core 1.0 §3.1.2.1: a value the client chooses to bind the ID token to one
            sign-in and so detect a replayed ID token. The ID token issued for the resulting code
            carries it unchanged in its `nonce` claim. Contio's published description does not list
            it; this description follows OIDC Core.
             Example: n-0S6_WzA2Mj.
    """

    client_id: str
    email: str
    redirect_uri: str
    response_type: ResponseType
    consent: bool
    scope: str | Unset = UNSET
    state: str | Unset = UNSET
    code_challenge: str | Unset = UNSET
    code_challenge_method: CodeChallengeMethod | Unset = UNSET
    nonce: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        client_id = self.client_id

        email = self.email

        redirect_uri = self.redirect_uri

        response_type: str = self.response_type

        consent = self.consent

        scope = self.scope

        state = self.state

        code_challenge = self.code_challenge

        code_challenge_method: str | Unset = UNSET
        if not isinstance(self.code_challenge_method, Unset):
            code_challenge_method = self.code_challenge_method

        nonce = self.nonce

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "client_id": client_id,
                "email": email,
                "redirect_uri": redirect_uri,
                "response_type": response_type,
                "consent": consent,
            }
        )
        if scope is not UNSET:
            field_dict["scope"] = scope
        if state is not UNSET:
            field_dict["state"] = state
        if code_challenge is not UNSET:
            field_dict["code_challenge"] = code_challenge
        if code_challenge_method is not UNSET:
            field_dict["code_challenge_method"] = code_challenge_method
        if nonce is not UNSET:
            field_dict["nonce"] = nonce

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        client_id = d.pop("client_id")

        email = d.pop("email")

        redirect_uri = d.pop("redirect_uri")

        response_type = check_response_type(d.pop("response_type"))

        consent = d.pop("consent")

        scope = d.pop("scope", UNSET)

        state = d.pop("state", UNSET)

        code_challenge = d.pop("code_challenge", UNSET)

        _code_challenge_method = d.pop("code_challenge_method", UNSET)
        code_challenge_method: CodeChallengeMethod | Unset
        if isinstance(_code_challenge_method, Unset):
            code_challenge_method = UNSET
        else:
            code_challenge_method = check_code_challenge_method(_code_challenge_method)

        nonce = d.pop("nonce", UNSET)

        complete_authorization_request = cls(
            client_id=client_id,
            email=email,
            redirect_uri=redirect_uri,
            response_type=response_type,
            consent=consent,
            scope=scope,
            state=state,
            code_challenge=code_challenge,
            code_challenge_method=code_challenge_method,
            nonce=nonce,
        )

        complete_authorization_request.additional_properties = d
        return complete_authorization_request

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
