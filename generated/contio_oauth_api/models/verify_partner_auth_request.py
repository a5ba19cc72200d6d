from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="VerifyPartnerAuthRequest")


@_attrs_define
class VerifyPartnerAuthRequest:
    """The one-time code the user received.

    Example:
        {'client_id': 'demo-client', 'email': 'ada@example.com', 'code': '482913', 'session': 'ses_2b7e9f4c1a8d'}

    Attributes:
        client_id (str): The partner app's client id.
        email (str): The user's email address.
        code (str): The one-time code from the email.
        session (str): The session from `/auth/initiate`.
    """

    client_id: str
    email: str
    code: str
    session: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        client_id = self.client_id

        email = self.email

        code = self.code

        session = self.session

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "client_id": client_id,
                "email": email,
                "code": code,
                "session": session,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        client_id = d.pop("client_id")

        email = d.pop("email")

        code = d.pop("code")

        session = d.pop("session")

        verify_partner_auth_request = cls(
            client_id=client_id,
            email=email,
            code=code,
            session=session,
        )

        verify_partner_auth_request.additional_properties = d
        return verify_partner_auth_request

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
