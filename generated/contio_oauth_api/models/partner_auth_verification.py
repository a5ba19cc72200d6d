from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="PartnerAuthVerification")


@_attrs_define
class PartnerAuthVerification:
    """The result of a verified code. Every field is optional: `redirect` continues the
    authorization flow, and tokens are included when the server issues them directly.

        Example:
            {'success': True, 'message': 'Authentication successful'}

        Attributes:
            success (bool | Unset): The code was right.
            message (str | Unset): A human-readable message.
            redirect (str | Unset): Where to continue the authorization flow.
            access_token (str | Unset): Access token, when issued directly.
            id_token (str | Unset): ID token, when issued directly.
            refresh_token (str | Unset): Refresh token, when issued directly.
            expires_in (int | Unset): Seconds until the access token expires.
    """

    success: bool | Unset = UNSET
    message: str | Unset = UNSET
    redirect: str | Unset = UNSET
    access_token: str | Unset = UNSET
    id_token: str | Unset = UNSET
    refresh_token: str | Unset = UNSET
    expires_in: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        success = self.success

        message = self.message

        redirect = self.redirect

        access_token = self.access_token

        id_token = self.id_token

        refresh_token = self.refresh_token

        expires_in = self.expires_in

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if success is not UNSET:
            field_dict["success"] = success
        if message is not UNSET:
            field_dict["message"] = message
        if redirect is not UNSET:
            field_dict["redirect"] = redirect
        if access_token is not UNSET:
            field_dict["access_token"] = access_token
        if id_token is not UNSET:
            field_dict["id_token"] = id_token
        if refresh_token is not UNSET:
            field_dict["refresh_token"] = refresh_token
        if expires_in is not UNSET:
            field_dict["expires_in"] = expires_in

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        success = d.pop("success", UNSET)

        message = d.pop("message", UNSET)

        redirect = d.pop("redirect", UNSET)

        access_token = d.pop("access_token", UNSET)

        id_token = d.pop("id_token", UNSET)

        refresh_token = d.pop("refresh_token", UNSET)

        expires_in = d.pop("expires_in", UNSET)

        partner_auth_verification = cls(
            success=success,
            message=message,
            redirect=redirect,
            access_token=access_token,
            id_token=id_token,
            refresh_token=refresh_token,
            expires_in=expires_in,
        )

        partner_auth_verification.additional_properties = d
        return partner_auth_verification

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
