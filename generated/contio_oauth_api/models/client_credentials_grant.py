from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.grant_type import GrantType, check_grant_type
from ..types import UNSET, Unset

T = TypeVar("T", bound="ClientCredentialsGrant")


@_attrs_define
class ClientCredentialsGrant:
    """Obtain a token for the partner app itself, with no user (RFC 6749 §4.4). No refresh token
    is issued.

        Example:
            {'grant_type': 'client_credentials', 'scope': 'meetings:read'}

        Attributes:
            grant_type (GrantType): Always `client_credentials` (the pattern says so). The enum lists all three grants
                because generators that flatten a form body into one parameter list
                (openapi-generator) merge the three grants' `grant_type` into one.
            scope (str | Unset): Space-separated scopes (RFC 6749 §3.3), for example
                `openid profile meetings:read meetings:write`.
                 Example: openid profile meetings:read meetings:write.
            client_id (str | Unset): Alternative to HTTP Basic (`client_secret_post`); send with `client_secret`.
            client_secret (str | Unset): Alternative to HTTP Basic (`client_secret_post`); send with `client_id`.
    """

    grant_type: GrantType
    scope: str | Unset = UNSET
    client_id: str | Unset = UNSET
    client_secret: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        grant_type: str = self.grant_type

        scope = self.scope

        client_id = self.client_id

        client_secret = self.client_secret

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "grant_type": grant_type,
            }
        )
        if scope is not UNSET:
            field_dict["scope"] = scope
        if client_id is not UNSET:
            field_dict["client_id"] = client_id
        if client_secret is not UNSET:
            field_dict["client_secret"] = client_secret

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        grant_type = check_grant_type(d.pop("grant_type"))

        scope = d.pop("scope", UNSET)

        client_id = d.pop("client_id", UNSET)

        client_secret = d.pop("client_secret", UNSET)

        client_credentials_grant = cls(
            grant_type=grant_type,
            scope=scope,
            client_id=client_id,
            client_secret=client_secret,
        )

        client_credentials_grant.additional_properties = d
        return client_credentials_grant

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
