from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="CredentialRollback")


@_attrs_define
class CredentialRollback:
    """A rolled-back rotation.

    Example:
        {'credential_type': 'client_secret', 'status': 'rolled_back', 'rolled_back_at': '2026-01-05T10:45:00Z',
            'grace_period_ends_at': '2026-01-07T10:30:00Z'}

    Attributes:
        credential_type (str | Unset): `api_key`, `client_secret` or `webhook_secret` (a client keeps one it does not
            know).
        status (str | Unset): `rolled_back`.
        rolled_back_at (datetime.datetime | Unset): When.
        grace_period_ends_at (datetime.datetime | Unset): Until when the value the rotation made keeps working too.
    """

    credential_type: str | Unset = UNSET
    status: str | Unset = UNSET
    rolled_back_at: datetime.datetime | Unset = UNSET
    grace_period_ends_at: datetime.datetime | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        credential_type = self.credential_type

        status = self.status

        rolled_back_at: str | Unset = UNSET
        if not isinstance(self.rolled_back_at, Unset):
            rolled_back_at = self.rolled_back_at.isoformat()

        grace_period_ends_at: str | Unset = UNSET
        if not isinstance(self.grace_period_ends_at, Unset):
            grace_period_ends_at = self.grace_period_ends_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if credential_type is not UNSET:
            field_dict["credential_type"] = credential_type
        if status is not UNSET:
            field_dict["status"] = status
        if rolled_back_at is not UNSET:
            field_dict["rolled_back_at"] = rolled_back_at
        if grace_period_ends_at is not UNSET:
            field_dict["grace_period_ends_at"] = grace_period_ends_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        credential_type = d.pop("credential_type", UNSET)

        status = d.pop("status", UNSET)

        _rolled_back_at = d.pop("rolled_back_at", UNSET)
        rolled_back_at: datetime.datetime | Unset
        if isinstance(_rolled_back_at, Unset):
            rolled_back_at = UNSET
        else:
            rolled_back_at = datetime.datetime.fromisoformat(_rolled_back_at)

        _grace_period_ends_at = d.pop("grace_period_ends_at", UNSET)
        grace_period_ends_at: datetime.datetime | Unset
        if isinstance(_grace_period_ends_at, Unset):
            grace_period_ends_at = UNSET
        else:
            grace_period_ends_at = datetime.datetime.fromisoformat(
                _grace_period_ends_at
            )

        credential_rollback = cls(
            credential_type=credential_type,
            status=status,
            rolled_back_at=rolled_back_at,
            grace_period_ends_at=grace_period_ends_at,
        )

        credential_rollback.additional_properties = d
        return credential_rollback

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
