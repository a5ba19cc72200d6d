from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.code_challenge_method import (
    CodeChallengeMethod,
    check_code_challenge_method,
)
from ..models.response_type import ResponseType, check_response_type
from ..types import UNSET, Unset

T = TypeVar("T", bound="CheckConsentRequest")


@_attrs_define
class CheckConsentRequest:
    """Which user and which scopes to check consent for.

    Example:
        {'client_id': 'demo-client', 'email': 'ada@example.com', 'scopes': ['openid', 'profile']}

    Attributes:
        client_id (str): The partner app's client id (the same as the authenticated client).
        email (str): The user's email address.
        scopes (list[str] | Unset): The scopes to check, as the API describes them.
        scope (str | Unset): Space-separated scopes (RFC 6749 §3.3), for example
            `openid profile meetings:read meetings:write`.
             Example: openid profile meetings:read meetings:write.
        redirect_uri (str | Unset): Where to continue the flow when consent is already given.
        response_type (ResponseType | Unset): The OAuth response type; only the authorization code flow is supported.
            Example: code.
        state (str | Unset): Opaque state for the continued flow.
        code_challenge (str | Unset): PKCE code challenge for the continued flow.
        code_challenge_method (CodeChallengeMethod | Unset): PKCE code challenge method (RFC 7636 §4.3). Example: S256.
    """

    client_id: str
    email: str
    scopes: list[str] | Unset = UNSET
    scope: str | Unset = UNSET
    redirect_uri: str | Unset = UNSET
    response_type: ResponseType | Unset = UNSET
    state: str | Unset = UNSET
    code_challenge: str | Unset = UNSET
    code_challenge_method: CodeChallengeMethod | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        client_id = self.client_id

        email = self.email

        scopes: list[str] | Unset = UNSET
        if not isinstance(self.scopes, Unset):
            scopes = self.scopes

        scope = self.scope

        redirect_uri = self.redirect_uri

        response_type: str | Unset = UNSET
        if not isinstance(self.response_type, Unset):
            response_type = self.response_type

        state = self.state

        code_challenge = self.code_challenge

        code_challenge_method: str | Unset = UNSET
        if not isinstance(self.code_challenge_method, Unset):
            code_challenge_method = self.code_challenge_method

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "client_id": client_id,
                "email": email,
            }
        )
        if scopes is not UNSET:
            field_dict["scopes"] = scopes
        if scope is not UNSET:
            field_dict["scope"] = scope
        if redirect_uri is not UNSET:
            field_dict["redirect_uri"] = redirect_uri
        if response_type is not UNSET:
            field_dict["response_type"] = response_type
        if state is not UNSET:
            field_dict["state"] = state
        if code_challenge is not UNSET:
            field_dict["code_challenge"] = code_challenge
        if code_challenge_method is not UNSET:
            field_dict["code_challenge_method"] = code_challenge_method

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        client_id = d.pop("client_id")

        email = d.pop("email")

        scopes = cast(list[str], d.pop("scopes", UNSET))

        scope = d.pop("scope", UNSET)

        redirect_uri = d.pop("redirect_uri", UNSET)

        _response_type = d.pop("response_type", UNSET)
        response_type: ResponseType | Unset
        if isinstance(_response_type, Unset):
            response_type = UNSET
        else:
            response_type = check_response_type(_response_type)

        state = d.pop("state", UNSET)

        code_challenge = d.pop("code_challenge", UNSET)

        _code_challenge_method = d.pop("code_challenge_method", UNSET)
        code_challenge_method: CodeChallengeMethod | Unset
        if isinstance(_code_challenge_method, Unset):
            code_challenge_method = UNSET
        else:
            code_challenge_method = check_code_challenge_method(_code_challenge_method)

        check_consent_request = cls(
            client_id=client_id,
            email=email,
            scopes=scopes,
            scope=scope,
            redirect_uri=redirect_uri,
            response_type=response_type,
            state=state,
            code_challenge=code_challenge,
            code_challenge_method=code_challenge_method,
        )

        check_consent_request.additional_properties = d
        return check_consent_request

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
