from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.credential_status import CredentialStatus


T = TypeVar("T", bound="CredentialStatusMap")


@_attrs_define
class CredentialStatusMap:
    """Each credential's status, keyed by its type.

    Example:
        {'api_key': {'credential_type': 'api_key', 'status': 'active', 'created_at': '2026-01-01T00:00:00Z', 'age_days':
            5, 'recommended_action': 'healthy'}, 'client_secret': {'credential_type': 'client_secret', 'status': 'active',
            'created_at': '2026-01-01T00:00:00Z', 'age_days': 5, 'recommended_action': 'healthy'}, 'webhook_secret':
            {'credential_type': 'webhook_secret', 'status': 'active', 'created_at': '2026-01-01T00:00:00Z', 'age_days': 5,
            'recommended_action': 'healthy'}}

    Attributes:
        api_key (CredentialStatus | Unset): One credential's state. `pending_rotation`: a rotation's grace period runs
            until
            `grace_period_ends_at`, the old value still works. `recommended_action` says when to
            rotate (`healthy`, `rotate_soon` from 60 days, `rotate_now` from 90).
             Example: {'credential_type': 'api_key', 'status': 'active', 'created_at': '2026-01-01T00:00:00Z', 'age_days':
            5, 'recommended_action': 'healthy'}.
        client_secret (CredentialStatus | Unset): One credential's state. `pending_rotation`: a rotation's grace period
            runs until
            `grace_period_ends_at`, the old value still works. `recommended_action` says when to
            rotate (`healthy`, `rotate_soon` from 60 days, `rotate_now` from 90).
             Example: {'credential_type': 'api_key', 'status': 'active', 'created_at': '2026-01-01T00:00:00Z', 'age_days':
            5, 'recommended_action': 'healthy'}.
        webhook_secret (CredentialStatus | Unset): One credential's state. `pending_rotation`: a rotation's grace period
            runs until
            `grace_period_ends_at`, the old value still works. `recommended_action` says when to
            rotate (`healthy`, `rotate_soon` from 60 days, `rotate_now` from 90).
             Example: {'credential_type': 'api_key', 'status': 'active', 'created_at': '2026-01-01T00:00:00Z', 'age_days':
            5, 'recommended_action': 'healthy'}.
    """

    api_key: CredentialStatus | Unset = UNSET
    client_secret: CredentialStatus | Unset = UNSET
    webhook_secret: CredentialStatus | Unset = UNSET
    additional_properties: dict[str, CredentialStatus] = _attrs_field(
        init=False, factory=dict
    )

    def to_dict(self) -> dict[str, Any]:
        api_key: dict[str, Any] | Unset = UNSET
        if not isinstance(self.api_key, Unset):
            api_key = self.api_key.to_dict()

        client_secret: dict[str, Any] | Unset = UNSET
        if not isinstance(self.client_secret, Unset):
            client_secret = self.client_secret.to_dict()

        webhook_secret: dict[str, Any] | Unset = UNSET
        if not isinstance(self.webhook_secret, Unset):
            webhook_secret = self.webhook_secret.to_dict()

        field_dict: dict[str, Any] = {}
        for prop_name, prop in self.additional_properties.items():
            field_dict[prop_name] = prop.to_dict()

        field_dict.update({})
        if api_key is not UNSET:
            field_dict["api_key"] = api_key
        if client_secret is not UNSET:
            field_dict["client_secret"] = client_secret
        if webhook_secret is not UNSET:
            field_dict["webhook_secret"] = webhook_secret

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.credential_status import CredentialStatus  # noqa: PLC0415

        d = dict(src_dict)
        _api_key = d.pop("api_key", UNSET)
        api_key: CredentialStatus | Unset
        if isinstance(_api_key, Unset):
            api_key = UNSET
        else:
            api_key = CredentialStatus.from_dict(_api_key)

        _client_secret = d.pop("client_secret", UNSET)
        client_secret: CredentialStatus | Unset
        if isinstance(_client_secret, Unset):
            client_secret = UNSET
        else:
            client_secret = CredentialStatus.from_dict(_client_secret)

        _webhook_secret = d.pop("webhook_secret", UNSET)
        webhook_secret: CredentialStatus | Unset
        if isinstance(_webhook_secret, Unset):
            webhook_secret = UNSET
        else:
            webhook_secret = CredentialStatus.from_dict(_webhook_secret)

        credential_status_map = cls(
            api_key=api_key,
            client_secret=client_secret,
            webhook_secret=webhook_secret,
        )

        additional_properties = {}
        for prop_name, prop_dict in d.items():
            additional_property = CredentialStatus.from_dict(prop_dict)

            additional_properties[prop_name] = additional_property

        credential_status_map.additional_properties = additional_properties
        return credential_status_map

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> CredentialStatus:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: CredentialStatus) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
