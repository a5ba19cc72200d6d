from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="CredentialRotation")


@_attrs_define
class CredentialRotation:
    """A rotated credential: `new_credential` is shown this once. `rollback_token` (single use,
    until `rollback_expires_at`) restores the old value; the webhook secret has none.

        Example:
            {'credential_type': 'api_key', 'new_credential': 'pk_live_2b4d6f8a0c2e4a6c8e0a2c4e6a8c0e2a',
                'grace_period_ends_at': '2026-01-07T10:30:00Z', 'rollback_token': 'rbk_7d2e9f1a3c5b7d9e1f3a5c7e9b1d3f5a',
                'rollback_expires_at': '2026-01-05T11:30:00Z'}

        Attributes:
            credential_type (str | Unset): `api_key`, `client_secret` or `webhook_secret` (a client keeps one it does not
                know).
            new_credential (str | Unset): The new value.
            grace_period_ends_at (datetime.datetime | Unset): When the old value stops working.
            rollback_token (str | Unset): Restores the old value (`rollbackApiKey`, `rollbackClientSecret`).
            rollback_expires_at (datetime.datetime | Unset): When the rollback token expires (about an hour after the
                rotation).
    """

    credential_type: str | Unset = UNSET
    new_credential: str | Unset = UNSET
    grace_period_ends_at: datetime.datetime | Unset = UNSET
    rollback_token: str | Unset = UNSET
    rollback_expires_at: datetime.datetime | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        credential_type = self.credential_type

        new_credential = self.new_credential

        grace_period_ends_at: str | Unset = UNSET
        if not isinstance(self.grace_period_ends_at, Unset):
            grace_period_ends_at = self.grace_period_ends_at.isoformat()

        rollback_token = self.rollback_token

        rollback_expires_at: str | Unset = UNSET
        if not isinstance(self.rollback_expires_at, Unset):
            rollback_expires_at = self.rollback_expires_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if credential_type is not UNSET:
            field_dict["credential_type"] = credential_type
        if new_credential is not UNSET:
            field_dict["new_credential"] = new_credential
        if grace_period_ends_at is not UNSET:
            field_dict["grace_period_ends_at"] = grace_period_ends_at
        if rollback_token is not UNSET:
            field_dict["rollback_token"] = rollback_token
        if rollback_expires_at is not UNSET:
            field_dict["rollback_expires_at"] = rollback_expires_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        credential_type = d.pop("credential_type", UNSET)

        new_credential = d.pop("new_credential", UNSET)

        _grace_period_ends_at = d.pop("grace_period_ends_at", UNSET)
        grace_period_ends_at: datetime.datetime | Unset
        if isinstance(_grace_period_ends_at, Unset):
            grace_period_ends_at = UNSET
        else:
            grace_period_ends_at = datetime.datetime.fromisoformat(
                _grace_period_ends_at
            )

        rollback_token = d.pop("rollback_token", UNSET)

        _rollback_expires_at = d.pop("rollback_expires_at", UNSET)
        rollback_expires_at: datetime.datetime | Unset
        if isinstance(_rollback_expires_at, Unset):
            rollback_expires_at = UNSET
        else:
            rollback_expires_at = datetime.datetime.fromisoformat(_rollback_expires_at)

        credential_rotation = cls(
            credential_type=credential_type,
            new_credential=new_credential,
            grace_period_ends_at=grace_period_ends_at,
            rollback_token=rollback_token,
            rollback_expires_at=rollback_expires_at,
        )

        credential_rotation.additional_properties = d
        return credential_rotation

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
