from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="CredentialRotationRequest")


@_attrs_define
class CredentialRotationRequest:
    """A rotation. `confirmation_token` confirms it is meant (any text the operator chooses,
    kept in the audit history); `grace_period_hours` (0-168, default 24) is how long the old
    value keeps working (the webhook secret has none).

        Example:
            {'confirmation_token': 'confirm-rotation-2026-01-05', 'grace_period_hours': 48}

        Attributes:
            confirmation_token (str): Confirms the rotation.
            grace_period_hours (int | Unset): Hours the old value keeps working. Default: 24.
            reason (str | Unset): Why, for the audit history.
    """

    confirmation_token: str
    grace_period_hours: int | Unset = 24
    reason: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        confirmation_token = self.confirmation_token

        grace_period_hours = self.grace_period_hours

        reason = self.reason

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "confirmation_token": confirmation_token,
            }
        )
        if grace_period_hours is not UNSET:
            field_dict["grace_period_hours"] = grace_period_hours
        if reason is not UNSET:
            field_dict["reason"] = reason

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        confirmation_token = d.pop("confirmation_token")

        grace_period_hours = d.pop("grace_period_hours", UNSET)

        reason = d.pop("reason", UNSET)

        credential_rotation_request = cls(
            confirmation_token=confirmation_token,
            grace_period_hours=grace_period_hours,
            reason=reason,
        )

        credential_rotation_request.additional_properties = d
        return credential_rotation_request

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
