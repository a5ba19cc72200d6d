from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.credential_history_event import CredentialHistoryEvent
    from ..models.credential_history_pagination import CredentialHistoryPagination


T = TypeVar("T", bound="CredentialHistory")


@_attrs_define
class CredentialHistory:
    """One page of the credentials' history, newest first.

    Example:
        {'events': [], 'pagination': {'count': 0, 'limit': 20, 'offset': 0}}

    Attributes:
        events (list[CredentialHistoryEvent] | Unset): The events.
        pagination (CredentialHistoryPagination | Unset): Which page this is. Example: {'count': 0, 'limit': 20,
            'offset': 0}.
    """

    events: list[CredentialHistoryEvent] | Unset = UNSET
    pagination: CredentialHistoryPagination | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        events: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.events, Unset):
            events = []
            for events_item_data in self.events:
                events_item = events_item_data.to_dict()
                events.append(events_item)

        pagination: dict[str, Any] | Unset = UNSET
        if not isinstance(self.pagination, Unset):
            pagination = self.pagination.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if events is not UNSET:
            field_dict["events"] = events
        if pagination is not UNSET:
            field_dict["pagination"] = pagination

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.credential_history_event import CredentialHistoryEvent  # noqa: PLC0415
        from ..models.credential_history_pagination import CredentialHistoryPagination  # noqa: PLC0415

        d = dict(src_dict)
        _events = d.pop("events", UNSET)
        events: list[CredentialHistoryEvent] | Unset = UNSET
        if _events is not UNSET:
            events = []
            for events_item_data in _events:
                events_item = CredentialHistoryEvent.from_dict(events_item_data)

                events.append(events_item)

        _pagination = d.pop("pagination", UNSET)
        pagination: CredentialHistoryPagination | Unset
        if isinstance(_pagination, Unset):
            pagination = UNSET
        else:
            pagination = CredentialHistoryPagination.from_dict(_pagination)

        credential_history = cls(
            events=events,
            pagination=pagination,
        )

        credential_history.additional_properties = d
        return credential_history

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
