from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ConsentStatus")


@_attrs_define
class ConsentStatus:
    """Whether the user has consented to the requested scopes for this client.

    Example:
        {'has_consent': False, 'requires_consent': True, 'session_valid': True, 'redirect_url':
            'https://auth.contio.ai/oauth2/consent?client_id=demo-client'}

    Attributes:
        has_consent (bool | Unset): The user has granted every requested scope.
        requires_consent (bool | Unset): The consent screen must be shown.
        session_valid (bool | Unset): The user has a valid sign-in session for this client.
        redirect_url (str | Unset): Where to send the user next.
    """

    has_consent: bool | Unset = UNSET
    requires_consent: bool | Unset = UNSET
    session_valid: bool | Unset = UNSET
    redirect_url: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        has_consent = self.has_consent

        requires_consent = self.requires_consent

        session_valid = self.session_valid

        redirect_url = self.redirect_url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if has_consent is not UNSET:
            field_dict["has_consent"] = has_consent
        if requires_consent is not UNSET:
            field_dict["requires_consent"] = requires_consent
        if session_valid is not UNSET:
            field_dict["session_valid"] = session_valid
        if redirect_url is not UNSET:
            field_dict["redirect_url"] = redirect_url

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        has_consent = d.pop("has_consent", UNSET)

        requires_consent = d.pop("requires_consent", UNSET)

        session_valid = d.pop("session_valid", UNSET)

        redirect_url = d.pop("redirect_url", UNSET)

        consent_status = cls(
            has_consent=has_consent,
            requires_consent=requires_consent,
            session_valid=session_valid,
            redirect_url=redirect_url,
        )

        consent_status.additional_properties = d
        return consent_status

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
