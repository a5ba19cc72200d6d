from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="DomainVerification")


@_attrs_define
class DomainVerification:
    """The ownership verification of one email domain: a DNS TXT record named
    `dns_record_name` with the value `dns_record_value` proves it.

        Example:
            {'domain': 'acme.com', 'status': 'verified', 'dns_record_name': '_contio-challenge.acme.com',
                'dns_record_value': 'contio-domain-verify=9f1a3c5b7d9e1f3a', 'verified_at': '2026-01-02T00:00:00Z'}

        Attributes:
            domain (str | Unset): The domain, lowercase, punycode for an internationalised one.
            status (str | Unset): Where the verification stands - `pending`, `verified`, `expired`.
            dns_record_name (str | Unset): The TXT record's name (`_contio-challenge.<domain>`).
            dns_record_value (str | Unset): The TXT record's value (`contio-domain-verify=<token>`).
            expires_at (datetime.datetime | Unset): When a pending challenge expires (absent once verified).
            verified_at (datetime.datetime | Unset): When the domain was verified (verified only).
    """

    domain: str | Unset = UNSET
    status: str | Unset = UNSET
    dns_record_name: str | Unset = UNSET
    dns_record_value: str | Unset = UNSET
    expires_at: datetime.datetime | Unset = UNSET
    verified_at: datetime.datetime | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        domain = self.domain

        status = self.status

        dns_record_name = self.dns_record_name

        dns_record_value = self.dns_record_value

        expires_at: str | Unset = UNSET
        if not isinstance(self.expires_at, Unset):
            expires_at = self.expires_at.isoformat()

        verified_at: str | Unset = UNSET
        if not isinstance(self.verified_at, Unset):
            verified_at = self.verified_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if domain is not UNSET:
            field_dict["domain"] = domain
        if status is not UNSET:
            field_dict["status"] = status
        if dns_record_name is not UNSET:
            field_dict["dns_record_name"] = dns_record_name
        if dns_record_value is not UNSET:
            field_dict["dns_record_value"] = dns_record_value
        if expires_at is not UNSET:
            field_dict["expires_at"] = expires_at
        if verified_at is not UNSET:
            field_dict["verified_at"] = verified_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        domain = d.pop("domain", UNSET)

        status = d.pop("status", UNSET)

        dns_record_name = d.pop("dns_record_name", UNSET)

        dns_record_value = d.pop("dns_record_value", UNSET)

        _expires_at = d.pop("expires_at", UNSET)
        expires_at: datetime.datetime | Unset
        if isinstance(_expires_at, Unset):
            expires_at = UNSET
        else:
            expires_at = datetime.datetime.fromisoformat(_expires_at)

        _verified_at = d.pop("verified_at", UNSET)
        verified_at: datetime.datetime | Unset
        if isinstance(_verified_at, Unset):
            verified_at = UNSET
        else:
            verified_at = datetime.datetime.fromisoformat(_verified_at)

        domain_verification = cls(
            domain=domain,
            status=status,
            dns_record_name=dns_record_name,
            dns_record_value=dns_record_value,
            expires_at=expires_at,
            verified_at=verified_at,
        )

        domain_verification.additional_properties = d
        return domain_verification

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
