from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="CredentialRollbackRequest")


@_attrs_define
class CredentialRollbackRequest:
    """A rollback of the last rotation.

    Example:
        {'rollback_token': 'rbk_7d2e9f1a3c5b7d9e1f3a5c7e9b1d3f5a'}

    Attributes:
        rollback_token (str): The rotation's rollback token.
        reason (str | Unset): Why, for the audit history.
    """

    rollback_token: str
    reason: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        rollback_token = self.rollback_token

        reason = self.reason

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "rollback_token": rollback_token,
            }
        )
        if reason is not UNSET:
            field_dict["reason"] = reason

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        rollback_token = d.pop("rollback_token")

        reason = d.pop("reason", UNSET)

        credential_rollback_request = cls(
            rollback_token=rollback_token,
            reason=reason,
        )

        credential_rollback_request.additional_properties = d
        return credential_rollback_request

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
