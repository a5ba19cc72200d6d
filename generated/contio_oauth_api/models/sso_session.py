from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="SsoSession")


@_attrs_define
class SsoSession:
    """A Sign-On session: `pending` until the identity provider sends the browser back, then
    `completed` (with `user_id` and `target`) or `failed` (with `error`); `expired` when
    nobody came back in time.

        Example:
            {'status': 'pending'}

        Attributes:
            status (str | Unset): Where the session stands - `pending`, `completed`, `failed`, `expired`.
            user_id (str | Unset): The Contio user signed in (`completed`).
            target (str | Unset): Where a signed-in user lands - `web`, `desktop`, `backlog` or `meeting:{id}`. Example:
                web.
            error (str | Unset): Why it failed or expired.
    """

    status: str | Unset = UNSET
    user_id: str | Unset = UNSET
    target: str | Unset = UNSET
    error: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        status = self.status

        user_id = self.user_id

        target = self.target

        error = self.error

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if status is not UNSET:
            field_dict["status"] = status
        if user_id is not UNSET:
            field_dict["user_id"] = user_id
        if target is not UNSET:
            field_dict["target"] = target
        if error is not UNSET:
            field_dict["error"] = error

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        status = d.pop("status", UNSET)

        user_id = d.pop("user_id", UNSET)

        target = d.pop("target", UNSET)

        error = d.pop("error", UNSET)

        sso_session = cls(
            status=status,
            user_id=user_id,
            target=target,
            error=error,
        )

        sso_session.additional_properties = d
        return sso_session

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
