from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="OAuthError")


@_attrs_define
class OAuthError:
    """An OAuth error (RFC 6749 §5.2, RFC 6750 §3.1).

    Example:
        {'error': 'invalid_grant', 'error_description': 'The refresh token is invalid', 'request_id': 'req_01hv7k2m3n'}

    Attributes:
        error (str): The error code: `invalid_request`, `invalid_client`, `invalid_grant`,
            `unsupported_grant_type`, `invalid_scope`, `unsupported_response_type`,
            `unsupported_token_type`, `invalid_token`, `insufficient_scope`,
            `rate_limit_exceeded`.
        error_description (str | Unset): A human-readable explanation.
        request_id (str | Unset): Identifies the request in Contio's logs.
    """

    error: str
    error_description: str | Unset = UNSET
    request_id: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        error = self.error

        error_description = self.error_description

        request_id = self.request_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "error": error,
            }
        )
        if error_description is not UNSET:
            field_dict["error_description"] = error_description
        if request_id is not UNSET:
            field_dict["request_id"] = request_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        error = d.pop("error")

        error_description = d.pop("error_description", UNSET)

        request_id = d.pop("request_id", UNSET)

        o_auth_error = cls(
            error=error,
            error_description=error_description,
            request_id=request_id,
        )

        o_auth_error.additional_properties = d
        return o_auth_error

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
