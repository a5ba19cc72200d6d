from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.credential_history_event_metadata import (
        CredentialHistoryEventMetadata,
    )


T = TypeVar("T", bound="CredentialHistoryEvent")


@_attrs_define
class CredentialHistoryEvent:
    """One audited action on a credential.

    Example:
        {'id': 'evt_3f9a1c2b4d5e', 'action': 'rotated', 'credential_type': 'api_key', 'created_at':
            '2026-01-05T10:30:00Z', 'initiated_by': 'partner', 'partner_app_id': 'demo-client'}

    Attributes:
        id (str | Unset): The event's id.
        action (str | Unset): What was done - `rotated`, `rollback`, `accessed`, `disabled`, `enabled`,
            `viewed`, `tested`.
        credential_type (str | Unset): `api_key`, `client_secret` or `webhook_secret` (a client keeps one it does not
            know).
        created_at (datetime.datetime | Unset): When.
        initiated_by (str | Unset): Who did it - `partner`, `internal`, `system`.
        partner_app_id (str | Unset): The partner app whose credential it is.
        ip_address (str | Unset): The address of the request.
        user_agent (str | Unset): The user agent of the request.
        reason (str | Unset): The reason given.
        metadata (CredentialHistoryEventMetadata | Unset): More about the event.
    """

    id: str | Unset = UNSET
    action: str | Unset = UNSET
    credential_type: str | Unset = UNSET
    created_at: datetime.datetime | Unset = UNSET
    initiated_by: str | Unset = UNSET
    partner_app_id: str | Unset = UNSET
    ip_address: str | Unset = UNSET
    user_agent: str | Unset = UNSET
    reason: str | Unset = UNSET
    metadata: CredentialHistoryEventMetadata | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        action = self.action

        credential_type = self.credential_type

        created_at: str | Unset = UNSET
        if not isinstance(self.created_at, Unset):
            created_at = self.created_at.isoformat()

        initiated_by = self.initiated_by

        partner_app_id = self.partner_app_id

        ip_address = self.ip_address

        user_agent = self.user_agent

        reason = self.reason

        metadata: dict[str, Any] | Unset = UNSET
        if not isinstance(self.metadata, Unset):
            metadata = self.metadata.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if id is not UNSET:
            field_dict["id"] = id
        if action is not UNSET:
            field_dict["action"] = action
        if credential_type is not UNSET:
            field_dict["credential_type"] = credential_type
        if created_at is not UNSET:
            field_dict["created_at"] = created_at
        if initiated_by is not UNSET:
            field_dict["initiated_by"] = initiated_by
        if partner_app_id is not UNSET:
            field_dict["partner_app_id"] = partner_app_id
        if ip_address is not UNSET:
            field_dict["ip_address"] = ip_address
        if user_agent is not UNSET:
            field_dict["user_agent"] = user_agent
        if reason is not UNSET:
            field_dict["reason"] = reason
        if metadata is not UNSET:
            field_dict["metadata"] = metadata

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.credential_history_event_metadata import (
            CredentialHistoryEventMetadata,  # noqa: PLC0415
        )

        d = dict(src_dict)
        id = d.pop("id", UNSET)

        action = d.pop("action", UNSET)

        credential_type = d.pop("credential_type", UNSET)

        _created_at = d.pop("created_at", UNSET)
        created_at: datetime.datetime | Unset
        if isinstance(_created_at, Unset):
            created_at = UNSET
        else:
            created_at = datetime.datetime.fromisoformat(_created_at)

        initiated_by = d.pop("initiated_by", UNSET)

        partner_app_id = d.pop("partner_app_id", UNSET)

        ip_address = d.pop("ip_address", UNSET)

        user_agent = d.pop("user_agent", UNSET)

        reason = d.pop("reason", UNSET)

        _metadata = d.pop("metadata", UNSET)
        metadata: CredentialHistoryEventMetadata | Unset
        if isinstance(_metadata, Unset):
            metadata = UNSET
        else:
            metadata = CredentialHistoryEventMetadata.from_dict(_metadata)

        credential_history_event = cls(
            id=id,
            action=action,
            credential_type=credential_type,
            created_at=created_at,
            initiated_by=initiated_by,
            partner_app_id=partner_app_id,
            ip_address=ip_address,
            user_agent=user_agent,
            reason=reason,
            metadata=metadata,
        )

        credential_history_event.additional_properties = d
        return credential_history_event

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
