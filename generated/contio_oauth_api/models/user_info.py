from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="UserInfo")


@_attrs_define
class UserInfo:
    """OpenID Connect standard claims about the user (OIDC Core §5.1).

    Example:
        {'sub': 'usr_5e8a1c', 'email': 'ada@example.com', 'email_verified': True, 'name': 'Ada Lovelace'}

    Attributes:
        sub (str): The user's stable id.
        email (str | Unset): The user's email address.
        email_verified (bool | Unset): Whether Contio has verified the email address.
        name (str | Unset): Full name.
        given_name (str | Unset): Given name.
        family_name (str | Unset): Family name.
        picture (str | Unset): URL of the user's picture.
        locale (str | Unset): BCP 47 language tag.
        phone_number (str | Unset): Phone number, E.164 preferred.
        phone_number_verified (bool | Unset): Whether the phone number is verified.
    """

    sub: str
    email: str | Unset = UNSET
    email_verified: bool | Unset = UNSET
    name: str | Unset = UNSET
    given_name: str | Unset = UNSET
    family_name: str | Unset = UNSET
    picture: str | Unset = UNSET
    locale: str | Unset = UNSET
    phone_number: str | Unset = UNSET
    phone_number_verified: bool | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        sub = self.sub

        email = self.email

        email_verified = self.email_verified

        name = self.name

        given_name = self.given_name

        family_name = self.family_name

        picture = self.picture

        locale = self.locale

        phone_number = self.phone_number

        phone_number_verified = self.phone_number_verified

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "sub": sub,
            }
        )
        if email is not UNSET:
            field_dict["email"] = email
        if email_verified is not UNSET:
            field_dict["email_verified"] = email_verified
        if name is not UNSET:
            field_dict["name"] = name
        if given_name is not UNSET:
            field_dict["given_name"] = given_name
        if family_name is not UNSET:
            field_dict["family_name"] = family_name
        if picture is not UNSET:
            field_dict["picture"] = picture
        if locale is not UNSET:
            field_dict["locale"] = locale
        if phone_number is not UNSET:
            field_dict["phone_number"] = phone_number
        if phone_number_verified is not UNSET:
            field_dict["phone_number_verified"] = phone_number_verified

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        sub = d.pop("sub")

        email = d.pop("email", UNSET)

        email_verified = d.pop("email_verified", UNSET)

        name = d.pop("name", UNSET)

        given_name = d.pop("given_name", UNSET)

        family_name = d.pop("family_name", UNSET)

        picture = d.pop("picture", UNSET)

        locale = d.pop("locale", UNSET)

        phone_number = d.pop("phone_number", UNSET)

        phone_number_verified = d.pop("phone_number_verified", UNSET)

        user_info = cls(
            sub=sub,
            email=email,
            email_verified=email_verified,
            name=name,
            given_name=given_name,
            family_name=family_name,
            picture=picture,
            locale=locale,
            phone_number=phone_number,
            phone_number_verified=phone_number_verified,
        )

        user_info.additional_properties = d
        return user_info

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
