from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="CredentialStatus")


@_attrs_define
class CredentialStatus:
    """One credential's state. `pending_rotation`: a rotation's grace period runs until
    `grace_period_ends_at`, the old value still works. `recommended_action` says when to
    rotate (`healthy`, `rotate_soon` from 60 days, `rotate_now` from 90).

        Example:
            {'credential_type': 'api_key', 'status': 'active', 'created_at': '2026-01-01T00:00:00Z', 'age_days': 5,
                'recommended_action': 'healthy'}

        Attributes:
            credential_type (str | Unset): `api_key`, `client_secret` or `webhook_secret` (a client keeps one it does not
                know).
            status (str | Unset): Where the credential stands - `active`, `pending_rotation`, `expired`.
            created_at (datetime.datetime | Unset): When the current value was made.
            age_days (int | Unset): Whole days since `created_at`.
            last_rotated_at (datetime.datetime | Unset): When it was last rotated (absent if never).
            last_used_at (datetime.datetime | Unset): When it last authenticated a request (absent if never).
            grace_period_ends_at (datetime.datetime | Unset): When the old value stops working (`pending_rotation` only).
            recommended_action (str | Unset): What to do about it - `healthy`, `rotate_soon`, `rotate_now`.
    """

    credential_type: str | Unset = UNSET
    status: str | Unset = UNSET
    created_at: datetime.datetime | Unset = UNSET
    age_days: int | Unset = UNSET
    last_rotated_at: datetime.datetime | Unset = UNSET
    last_used_at: datetime.datetime | Unset = UNSET
    grace_period_ends_at: datetime.datetime | Unset = UNSET
    recommended_action: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        credential_type = self.credential_type

        status = self.status

        created_at: str | Unset = UNSET
        if not isinstance(self.created_at, Unset):
            created_at = self.created_at.isoformat()

        age_days = self.age_days

        last_rotated_at: str | Unset = UNSET
        if not isinstance(self.last_rotated_at, Unset):
            last_rotated_at = self.last_rotated_at.isoformat()

        last_used_at: str | Unset = UNSET
        if not isinstance(self.last_used_at, Unset):
            last_used_at = self.last_used_at.isoformat()

        grace_period_ends_at: str | Unset = UNSET
        if not isinstance(self.grace_period_ends_at, Unset):
            grace_period_ends_at = self.grace_period_ends_at.isoformat()

        recommended_action = self.recommended_action

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if credential_type is not UNSET:
            field_dict["credential_type"] = credential_type
        if status is not UNSET:
            field_dict["status"] = status
        if created_at is not UNSET:
            field_dict["created_at"] = created_at
        if age_days is not UNSET:
            field_dict["age_days"] = age_days
        if last_rotated_at is not UNSET:
            field_dict["last_rotated_at"] = last_rotated_at
        if last_used_at is not UNSET:
            field_dict["last_used_at"] = last_used_at
        if grace_period_ends_at is not UNSET:
            field_dict["grace_period_ends_at"] = grace_period_ends_at
        if recommended_action is not UNSET:
            field_dict["recommended_action"] = recommended_action

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        credential_type = d.pop("credential_type", UNSET)

        status = d.pop("status", UNSET)

        _created_at = d.pop("created_at", UNSET)
        created_at: datetime.datetime | Unset
        if isinstance(_created_at, Unset):
            created_at = UNSET
        else:
            created_at = datetime.datetime.fromisoformat(_created_at)

        age_days = d.pop("age_days", UNSET)

        _last_rotated_at = d.pop("last_rotated_at", UNSET)
        last_rotated_at: datetime.datetime | Unset
        if isinstance(_last_rotated_at, Unset):
            last_rotated_at = UNSET
        else:
            last_rotated_at = datetime.datetime.fromisoformat(_last_rotated_at)

        _last_used_at = d.pop("last_used_at", UNSET)
        last_used_at: datetime.datetime | Unset
        if isinstance(_last_used_at, Unset):
            last_used_at = UNSET
        else:
            last_used_at = datetime.datetime.fromisoformat(_last_used_at)

        _grace_period_ends_at = d.pop("grace_period_ends_at", UNSET)
        grace_period_ends_at: datetime.datetime | Unset
        if isinstance(_grace_period_ends_at, Unset):
            grace_period_ends_at = UNSET
        else:
            grace_period_ends_at = datetime.datetime.fromisoformat(
                _grace_period_ends_at
            )

        recommended_action = d.pop("recommended_action", UNSET)

        credential_status = cls(
            credential_type=credential_type,
            status=status,
            created_at=created_at,
            age_days=age_days,
            last_rotated_at=last_rotated_at,
            last_used_at=last_used_at,
            grace_period_ends_at=grace_period_ends_at,
            recommended_action=recommended_action,
        )

        credential_status.additional_properties = d
        return credential_status

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
