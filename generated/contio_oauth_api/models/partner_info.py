from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="PartnerInfo")


@_attrs_define
class PartnerInfo:
    """A partner app's public profile.

    Example:
        {'client_id': 'demo-client', 'name': 'Demo Partner App', 'company_name': 'Demo Partner Inc.', 'co_brand_name':
            'Demo'}

    Attributes:
        client_id (str | Unset): The partner app's client id.
        name (str | Unset): The app's name.
        company_name (str | Unset): The partner's company.
        co_brand_name (str | Unset): Name shown beside Contio's on co-branded pages.
    """

    client_id: str | Unset = UNSET
    name: str | Unset = UNSET
    company_name: str | Unset = UNSET
    co_brand_name: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        client_id = self.client_id

        name = self.name

        company_name = self.company_name

        co_brand_name = self.co_brand_name

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if client_id is not UNSET:
            field_dict["client_id"] = client_id
        if name is not UNSET:
            field_dict["name"] = name
        if company_name is not UNSET:
            field_dict["company_name"] = company_name
        if co_brand_name is not UNSET:
            field_dict["co_brand_name"] = co_brand_name

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        client_id = d.pop("client_id", UNSET)

        name = d.pop("name", UNSET)

        company_name = d.pop("company_name", UNSET)

        co_brand_name = d.pop("co_brand_name", UNSET)

        partner_info = cls(
            client_id=client_id,
            name=name,
            company_name=company_name,
            co_brand_name=co_brand_name,
        )

        partner_info.additional_properties = d
        return partner_info

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
