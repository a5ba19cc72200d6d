from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="SsoInfo")


@_attrs_define
class SsoInfo:
    """A partner's branding and Sign-On readiness.

    Example:
        {'name': 'Demo Partner App', 'slug': 'demo', 'co_brand_name': 'Demo Partner', 'has_idp_config': False,
            'is_active': False}

    Attributes:
        name (str | Unset): The partner app's name.
        slug (str | Unset): A partner's slug in Sign-On URLs. Example: demo.
        co_brand_name (str | Unset): The co-brand shown with Contio's.
        co_brand_logo_url (str | Unset): The partner's logo, when it has one.
        has_idp_config (bool | Unset): Whether an IdP configuration exists.
        is_active (bool | Unset): Whether Sign-On works now (a configuration exists and is active).
    """

    name: str | Unset = UNSET
    slug: str | Unset = UNSET
    co_brand_name: str | Unset = UNSET
    co_brand_logo_url: str | Unset = UNSET
    has_idp_config: bool | Unset = UNSET
    is_active: bool | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        slug = self.slug

        co_brand_name = self.co_brand_name

        co_brand_logo_url = self.co_brand_logo_url

        has_idp_config = self.has_idp_config

        is_active = self.is_active

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if name is not UNSET:
            field_dict["name"] = name
        if slug is not UNSET:
            field_dict["slug"] = slug
        if co_brand_name is not UNSET:
            field_dict["co_brand_name"] = co_brand_name
        if co_brand_logo_url is not UNSET:
            field_dict["co_brand_logo_url"] = co_brand_logo_url
        if has_idp_config is not UNSET:
            field_dict["has_idp_config"] = has_idp_config
        if is_active is not UNSET:
            field_dict["is_active"] = is_active

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name", UNSET)

        slug = d.pop("slug", UNSET)

        co_brand_name = d.pop("co_brand_name", UNSET)

        co_brand_logo_url = d.pop("co_brand_logo_url", UNSET)

        has_idp_config = d.pop("has_idp_config", UNSET)

        is_active = d.pop("is_active", UNSET)

        sso_info = cls(
            name=name,
            slug=slug,
            co_brand_name=co_brand_name,
            co_brand_logo_url=co_brand_logo_url,
            has_idp_config=has_idp_config,
            is_active=is_active,
        )

        sso_info.additional_properties = d
        return sso_info

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
