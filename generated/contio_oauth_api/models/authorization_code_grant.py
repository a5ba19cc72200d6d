from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.grant_type import GrantType, check_grant_type
from ..types import UNSET, Unset

T = TypeVar("T", bound="AuthorizationCodeGrant")


@_attrs_define
class AuthorizationCodeGrant:
    """Exchange an authorization code (RFC 6749 §4.1.3). `code_verifier` is required when the
    authorization request carried a PKCE `code_challenge` (RFC 7636 §4.5).

        Example:
            {'grant_type': 'authorization_code', 'code': 'ac_8f1c2e9a7b', 'redirect_uri':
                'https://app.example.com/callback', 'code_verifier': 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk'}

        Attributes:
            grant_type (GrantType): Always `authorization_code` (the pattern says so). The enum lists all three grants
                because generators that flatten a form body into one parameter list
                (openapi-generator) merge the three grants' `grant_type` into one.
            code (str): The authorization code from the redirect.
            redirect_uri (str): The same `redirect_uri` as in the authorization request.
            code_verifier (str | Unset): The PKCE code verifier.
            client_id (str | Unset): Alternative to HTTP Basic (`client_secret_post`); send with `client_secret`.
            client_secret (str | Unset): Alternative to HTTP Basic (`client_secret_post`); send with `client_id`.
    """

    grant_type: GrantType
    code: str
    redirect_uri: str
    code_verifier: str | Unset = UNSET
    client_id: str | Unset = UNSET
    client_secret: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        grant_type: str = self.grant_type

        code = self.code

        redirect_uri = self.redirect_uri

        code_verifier = self.code_verifier

        client_id = self.client_id

        client_secret = self.client_secret

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "grant_type": grant_type,
                "code": code,
                "redirect_uri": redirect_uri,
            }
        )
        if code_verifier is not UNSET:
            field_dict["code_verifier"] = code_verifier
        if client_id is not UNSET:
            field_dict["client_id"] = client_id
        if client_secret is not UNSET:
            field_dict["client_secret"] = client_secret

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        grant_type = check_grant_type(d.pop("grant_type"))

        code = d.pop("code")

        redirect_uri = d.pop("redirect_uri")

        code_verifier = d.pop("code_verifier", UNSET)

        client_id = d.pop("client_id", UNSET)

        client_secret = d.pop("client_secret", UNSET)

        authorization_code_grant = cls(
            grant_type=grant_type,
            code=code,
            redirect_uri=redirect_uri,
            code_verifier=code_verifier,
            client_id=client_id,
            client_secret=client_secret,
        )

        authorization_code_grant.additional_properties = d
        return authorization_code_grant

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
