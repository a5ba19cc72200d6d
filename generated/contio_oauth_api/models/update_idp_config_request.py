from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.idp_mode import IdpMode, check_idp_mode
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.claim_mappings import ClaimMappings


T = TypeVar("T", bound="UpdateIdpConfigRequest")


@_attrs_define
class UpdateIdpConfigRequest:
    """The fields of the configuration to change; those left out stay as they are.

    Example:
        {'is_active': False}

    Attributes:
        name (str | Unset): A display name.
        discovery_url (str | Unset): The identity provider's OIDC discovery document (https). Example:
            https://company.okta.com/.well-known/openid-configuration.
        idp_client_id (str | Unset): The client id at the identity provider.
        idp_client_secret (str | Unset): The client secret at the identity provider; stored encrypted, never returned.
        mode (IdpMode | Unset): Who may sign in: `strict`, users of `allowed_email_domains` only (each domain verified);
            `partner_managed`, every user the partner's identity provider signs in.
             Example: strict.
        allowed_email_domains (list[str] | Unset): Email domains whose users may sign in (strict mode); each verified
            first. Example: ['company.com'].
        claim_mappings (ClaimMappings | Unset): Contio's user fields (`email`, `name`) to the identity provider's claim
            names. Example: {'email': 'email', 'name': 'name'}.
        scopes (list[str] | Unset): The scopes asked of the identity provider (`openid` always among them). Example:
            ['openid', 'email', 'profile'].
        is_active (bool | Unset): Whether Sign-On uses this configuration.
    """

    name: str | Unset = UNSET
    discovery_url: str | Unset = UNSET
    idp_client_id: str | Unset = UNSET
    idp_client_secret: str | Unset = UNSET
    mode: IdpMode | Unset = UNSET
    allowed_email_domains: list[str] | Unset = UNSET
    claim_mappings: ClaimMappings | Unset = UNSET
    scopes: list[str] | Unset = UNSET
    is_active: bool | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        discovery_url = self.discovery_url

        idp_client_id = self.idp_client_id

        idp_client_secret = self.idp_client_secret

        mode: str | Unset = UNSET
        if not isinstance(self.mode, Unset):
            mode = self.mode

        allowed_email_domains: list[str] | Unset = UNSET
        if not isinstance(self.allowed_email_domains, Unset):
            allowed_email_domains = self.allowed_email_domains

        claim_mappings: dict[str, Any] | Unset = UNSET
        if not isinstance(self.claim_mappings, Unset):
            claim_mappings = self.claim_mappings.to_dict()

        scopes: list[str] | Unset = UNSET
        if not isinstance(self.scopes, Unset):
            scopes = self.scopes

        is_active = self.is_active

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if name is not UNSET:
            field_dict["name"] = name
        if discovery_url is not UNSET:
            field_dict["discovery_url"] = discovery_url
        if idp_client_id is not UNSET:
            field_dict["idp_client_id"] = idp_client_id
        if idp_client_secret is not UNSET:
            field_dict["idp_client_secret"] = idp_client_secret
        if mode is not UNSET:
            field_dict["mode"] = mode
        if allowed_email_domains is not UNSET:
            field_dict["allowed_email_domains"] = allowed_email_domains
        if claim_mappings is not UNSET:
            field_dict["claim_mappings"] = claim_mappings
        if scopes is not UNSET:
            field_dict["scopes"] = scopes
        if is_active is not UNSET:
            field_dict["is_active"] = is_active

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.claim_mappings import ClaimMappings  # noqa: PLC0415

        d = dict(src_dict)
        name = d.pop("name", UNSET)

        discovery_url = d.pop("discovery_url", UNSET)

        idp_client_id = d.pop("idp_client_id", UNSET)

        idp_client_secret = d.pop("idp_client_secret", UNSET)

        _mode = d.pop("mode", UNSET)
        mode: IdpMode | Unset
        if isinstance(_mode, Unset):
            mode = UNSET
        else:
            mode = check_idp_mode(_mode)

        allowed_email_domains = cast(list[str], d.pop("allowed_email_domains", UNSET))

        _claim_mappings = d.pop("claim_mappings", UNSET)
        claim_mappings: ClaimMappings | Unset
        if isinstance(_claim_mappings, Unset):
            claim_mappings = UNSET
        else:
            claim_mappings = ClaimMappings.from_dict(_claim_mappings)

        scopes = cast(list[str], d.pop("scopes", UNSET))

        is_active = d.pop("is_active", UNSET)

        update_idp_config_request = cls(
            name=name,
            discovery_url=discovery_url,
            idp_client_id=idp_client_id,
            idp_client_secret=idp_client_secret,
            mode=mode,
            allowed_email_domains=allowed_email_domains,
            claim_mappings=claim_mappings,
            scopes=scopes,
            is_active=is_active,
        )

        update_idp_config_request.additional_properties = d
        return update_idp_config_request

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
