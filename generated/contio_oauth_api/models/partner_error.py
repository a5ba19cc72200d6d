from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="PartnerError")


@_attrs_define
class PartnerError:
    """An error of the partner endpoints. `message` repeats `error` and is deprecated.
    `workspace_id` is present on `workspace_conflict` and names the user's current workspace.

        Example:
            {'code': 'workspace_conflict', 'error': 'The user already belongs to another workspace', 'request_id':
                'req_01hv7k2m3n', 'workspace_id': '0b6d2f8e-3c1a-4e9b-8f7d-5a2c4e6b8d10'}

        Attributes:
            code (str | Unset): `validation_error`, `workspace_not_found`, `workspace_not_authorized`,
                `workspace_conflict`, `invalid_code`, `session_expired`.
            error (str | Unset): A human-readable explanation.
            message (str | Unset): Deprecated; the same as `error`.
            request_id (str | Unset): Identifies the request in Contio's logs.
            workspace_id (UUID | Unset): The user's current workspace (`workspace_conflict` only).
    """

    code: str | Unset = UNSET
    error: str | Unset = UNSET
    message: str | Unset = UNSET
    request_id: str | Unset = UNSET
    workspace_id: UUID | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        error = self.error

        message = self.message

        request_id = self.request_id

        workspace_id: str | Unset = UNSET
        if not isinstance(self.workspace_id, Unset):
            workspace_id = str(self.workspace_id)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if code is not UNSET:
            field_dict["code"] = code
        if error is not UNSET:
            field_dict["error"] = error
        if message is not UNSET:
            field_dict["message"] = message
        if request_id is not UNSET:
            field_dict["request_id"] = request_id
        if workspace_id is not UNSET:
            field_dict["workspace_id"] = workspace_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        code = d.pop("code", UNSET)

        error = d.pop("error", UNSET)

        message = d.pop("message", UNSET)

        request_id = d.pop("request_id", UNSET)

        _workspace_id = d.pop("workspace_id", UNSET)
        workspace_id: UUID | Unset
        if isinstance(_workspace_id, Unset):
            workspace_id = UNSET
        else:
            workspace_id = UUID(_workspace_id)

        partner_error = cls(
            code=code,
            error=error,
            message=message,
            request_id=request_id,
            workspace_id=workspace_id,
        )

        partner_error.additional_properties = d
        return partner_error

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
