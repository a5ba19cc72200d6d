from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="InitiatePartnerAuthRequest")


@_attrs_define
class InitiatePartnerAuthRequest:
    """Who signs in, and optionally which shared workspace a new user joins.

    Example:
        {'client_id': 'demo-client', 'email': 'ada@example.com'}

    Attributes:
        client_id (str): The partner app's client id.
        email (str): The user's email address.
        name (str | Unset): The user's name, used when a new user is provisioned.
        workspace_id (UUID | Unset): Shared workspace for a new user; omitted, a personal workspace is created.
        is_admin (bool | Unset): Join the workspace as WORKSPACE_ADMIN instead of WORKSPACE_MEMBER. Ignored without
            `workspace_id`.
             Default: False.
    """

    client_id: str
    email: str
    name: str | Unset = UNSET
    workspace_id: UUID | Unset = UNSET
    is_admin: bool | Unset = False
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        client_id = self.client_id

        email = self.email

        name = self.name

        workspace_id: str | Unset = UNSET
        if not isinstance(self.workspace_id, Unset):
            workspace_id = str(self.workspace_id)

        is_admin = self.is_admin

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "client_id": client_id,
                "email": email,
            }
        )
        if name is not UNSET:
            field_dict["name"] = name
        if workspace_id is not UNSET:
            field_dict["workspace_id"] = workspace_id
        if is_admin is not UNSET:
            field_dict["is_admin"] = is_admin

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        client_id = d.pop("client_id")

        email = d.pop("email")

        name = d.pop("name", UNSET)

        _workspace_id = d.pop("workspace_id", UNSET)
        workspace_id: UUID | Unset
        if isinstance(_workspace_id, Unset):
            workspace_id = UNSET
        else:
            workspace_id = UUID(_workspace_id)

        is_admin = d.pop("is_admin", UNSET)

        initiate_partner_auth_request = cls(
            client_id=client_id,
            email=email,
            name=name,
            workspace_id=workspace_id,
            is_admin=is_admin,
        )

        initiate_partner_auth_request.additional_properties = d
        return initiate_partner_auth_request

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
