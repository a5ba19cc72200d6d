from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.health_status_checks import HealthStatusChecks


T = TypeVar("T", bound="HealthStatus")


@_attrs_define
class HealthStatus:
    """The service's health.

    Example:
        {'status': 'healthy', 'service': 'contio-oauth', 'timestamp': '2026-01-01T00:00:00Z', 'checks': {'storage':
            'ok'}}

    Attributes:
        status (str | Unset): `healthy` when every check passes.
        service (str | Unset): The service's name.
        timestamp (datetime.datetime | Unset): When the check ran.
        checks (HealthStatusChecks | Unset): The state of each dependency (`ok`, or a value the server chooses).
    """

    status: str | Unset = UNSET
    service: str | Unset = UNSET
    timestamp: datetime.datetime | Unset = UNSET
    checks: HealthStatusChecks | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        status = self.status

        service = self.service

        timestamp: str | Unset = UNSET
        if not isinstance(self.timestamp, Unset):
            timestamp = self.timestamp.isoformat()

        checks: dict[str, Any] | Unset = UNSET
        if not isinstance(self.checks, Unset):
            checks = self.checks.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if status is not UNSET:
            field_dict["status"] = status
        if service is not UNSET:
            field_dict["service"] = service
        if timestamp is not UNSET:
            field_dict["timestamp"] = timestamp
        if checks is not UNSET:
            field_dict["checks"] = checks

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.health_status_checks import HealthStatusChecks  # noqa: PLC0415

        d = dict(src_dict)
        status = d.pop("status", UNSET)

        service = d.pop("service", UNSET)

        _timestamp = d.pop("timestamp", UNSET)
        timestamp: datetime.datetime | Unset
        if isinstance(_timestamp, Unset):
            timestamp = UNSET
        else:
            timestamp = datetime.datetime.fromisoformat(_timestamp)

        _checks = d.pop("checks", UNSET)
        checks: HealthStatusChecks | Unset
        if isinstance(_checks, Unset):
            checks = UNSET
        else:
            checks = HealthStatusChecks.from_dict(_checks)

        health_status = cls(
            status=status,
            service=service,
            timestamp=timestamp,
            checks=checks,
        )

        health_status.additional_properties = d
        return health_status

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
