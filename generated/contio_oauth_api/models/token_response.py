from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="TokenResponse")


@_attrs_define
class TokenResponse:
    """Tokens issued by the token endpoint (RFC 6749 §5.1). Access tokens live 24 hours,
    refresh tokens 30 days, ID tokens 24 hours.

        Example:
            {'access_token': 'cto_at_v1_4f2a9c1e7b3d5a8f0c6e', 'token_type': 'Bearer', 'expires_in': 86400, 'refresh_token':
                'cto_rt_v1_9d0b6f3a1c7e4b2d8f5a', 'scope': 'openid profile meetings:read meetings:write'}

        Attributes:
            access_token (str): Opaque access token (`cto_at_v1_…`).
            token_type (str): Always `Bearer`. Example: Bearer.
            expires_in (int | Unset): Seconds until the access token expires. RFC 6749 §5.1 only recommends it: a client
                that finds it absent treats the expiry as unknown.
            refresh_token (str | Unset): Opaque refresh token (`cto_rt_v1_…`); absent for client credentials.
            scope (str | Unset): Space-separated scopes (RFC 6749 §3.3), for example
                `openid profile meetings:read meetings:write`.
                 Example: openid profile meetings:read meetings:write.
            id_token (str | Unset): OpenID Connect ID token (a JWT), when `openid` was granted.
    """

    access_token: str
    token_type: str
    expires_in: int | Unset = UNSET
    refresh_token: str | Unset = UNSET
    scope: str | Unset = UNSET
    id_token: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        access_token = self.access_token

        token_type = self.token_type

        expires_in = self.expires_in

        refresh_token = self.refresh_token

        scope = self.scope

        id_token = self.id_token

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "access_token": access_token,
                "token_type": token_type,
            }
        )
        if expires_in is not UNSET:
            field_dict["expires_in"] = expires_in
        if refresh_token is not UNSET:
            field_dict["refresh_token"] = refresh_token
        if scope is not UNSET:
            field_dict["scope"] = scope
        if id_token is not UNSET:
            field_dict["id_token"] = id_token

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        access_token = d.pop("access_token")

        token_type = d.pop("token_type")

        expires_in = d.pop("expires_in", UNSET)

        refresh_token = d.pop("refresh_token", UNSET)

        scope = d.pop("scope", UNSET)

        id_token = d.pop("id_token", UNSET)

        token_response = cls(
            access_token=access_token,
            token_type=token_type,
            expires_in=expires_in,
            refresh_token=refresh_token,
            scope=scope,
            id_token=id_token,
        )

        token_response.additional_properties = d
        return token_response

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
