from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="AdminError")


@_attrs_define
class AdminError:
    """An error of the identity-administration paths (Contio's partner error shape).
    `message` repeats `error` and is deprecated. `retry_after` is present on a 409 for an
    `Idempotency-Key` whose first request is still running.

        Example:
            {'code': 'unauthorized', 'error': 'Invalid API key or client id', 'message': 'Invalid API key or client id',
                'request_id': 'req_01hv7k2m3n'}

        Attributes:
            code (str | Unset): A machine-readable code: one of Contio's general codes (`validation_error`,
                `bad_request`, `unauthorized`, `not_found`, `conflict`, `too_many_requests`,
                `internal_server_error`) or one of the operation's own (`rate_limit_exceeded`,
                `idp_config_exists`, `invalid_idp`, `domain_not_verified`, ...).
            error (str | Unset): A human-readable explanation.
            message (str | Unset): Deprecated; the same as `error`.
            request_id (str | Unset): Identifies the request in Contio's logs.
            retry_after (int | Unset): Seconds to wait before sending the same request again (a 409 in flight).
    """

    code: str | Unset = UNSET
    error: str | Unset = UNSET
    message: str | Unset = UNSET
    request_id: str | Unset = UNSET
    retry_after: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        error = self.error

        message = self.message

        request_id = self.request_id

        retry_after = self.retry_after

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
        if retry_after is not UNSET:
            field_dict["retry_after"] = retry_after

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        code = d.pop("code", UNSET)

        error = d.pop("error", UNSET)

        message = d.pop("message", UNSET)

        request_id = d.pop("request_id", UNSET)

        retry_after = d.pop("retry_after", UNSET)

        admin_error = cls(
            code=code,
            error=error,
            message=message,
            request_id=request_id,
            retry_after=retry_after,
        )

        admin_error.additional_properties = d
        return admin_error

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
