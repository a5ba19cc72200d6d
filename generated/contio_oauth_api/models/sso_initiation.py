from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="SsoInitiation")


@_attrs_define
class SsoInitiation:
    """A Sign-On that has started.

    Example:
        {'authorization_url': 'https://idp.example.com/authorize?client_id=0oa1234567890abcdef', 'session_id':
            'sess_9c1d7e2f4a6b8c0d'}

    Attributes:
        authorization_url (str | Unset): The identity provider's authorization URL to send the browser to.
        session_id (str | Unset): The session to poll (`getSsoSession`).
    """

    authorization_url: str | Unset = UNSET
    session_id: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        authorization_url = self.authorization_url

        session_id = self.session_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if authorization_url is not UNSET:
            field_dict["authorization_url"] = authorization_url
        if session_id is not UNSET:
            field_dict["session_id"] = session_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        authorization_url = d.pop("authorization_url", UNSET)

        session_id = d.pop("session_id", UNSET)

        sso_initiation = cls(
            authorization_url=authorization_url,
            session_id=session_id,
        )

        sso_initiation.additional_properties = d
        return sso_initiation

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
