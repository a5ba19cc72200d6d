from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.partner_auth_challenge_challenge_params import (
        PartnerAuthChallengeChallengeParams,
    )


T = TypeVar("T", bound="PartnerAuthChallenge")


@_attrs_define
class PartnerAuthChallenge:
    """The started passwordless sign-in.

    Example:
        {'session': 'ses_2b7e9f4c1a8d', 'challenge_name': 'CUSTOM_CHALLENGE'}

    Attributes:
        session (str | Unset): Identifies this sign-in; pass it to `/auth/verify`.
        challenge_name (str | Unset): The kind of challenge, e.g. `CUSTOM_CHALLENGE`.
        challenge_params (PartnerAuthChallengeChallengeParams | Unset): Parameters of the challenge.
        user_provisioned (bool | Unset): A new user was created.
    """

    session: str | Unset = UNSET
    challenge_name: str | Unset = UNSET
    challenge_params: PartnerAuthChallengeChallengeParams | Unset = UNSET
    user_provisioned: bool | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        session = self.session

        challenge_name = self.challenge_name

        challenge_params: dict[str, Any] | Unset = UNSET
        if not isinstance(self.challenge_params, Unset):
            challenge_params = self.challenge_params.to_dict()

        user_provisioned = self.user_provisioned

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if session is not UNSET:
            field_dict["session"] = session
        if challenge_name is not UNSET:
            field_dict["challenge_name"] = challenge_name
        if challenge_params is not UNSET:
            field_dict["challenge_params"] = challenge_params
        if user_provisioned is not UNSET:
            field_dict["user_provisioned"] = user_provisioned

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.partner_auth_challenge_challenge_params import (
            PartnerAuthChallengeChallengeParams,  # noqa: PLC0415
        )

        d = dict(src_dict)
        session = d.pop("session", UNSET)

        challenge_name = d.pop("challenge_name", UNSET)

        _challenge_params = d.pop("challenge_params", UNSET)
        challenge_params: PartnerAuthChallengeChallengeParams | Unset
        if isinstance(_challenge_params, Unset):
            challenge_params = UNSET
        else:
            challenge_params = PartnerAuthChallengeChallengeParams.from_dict(
                _challenge_params
            )

        user_provisioned = d.pop("user_provisioned", UNSET)

        partner_auth_challenge = cls(
            session=session,
            challenge_name=challenge_name,
            challenge_params=challenge_params,
            user_provisioned=user_provisioned,
        )

        partner_auth_challenge.additional_properties = d
        return partner_auth_challenge

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
