from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.idp_config_claim_mappings import IdpConfigClaimMappings


T = TypeVar("T", bound="IdpConfig")


@_attrs_define
class IdpConfig:
    """The partner app's IdP configuration, with the endpoints read from its discovery
    document. The IdP client secret is never returned.

        Example:
            {'id': '123e4567-e89b-12d3-a456-426614174000', 'partner_app_id': 'demo-client', 'type': 'oidc', 'name': 'Okta
                SSO', 'discovery_url': 'https://company.okta.com/.well-known/openid-configuration', 'issuer':
                'https://company.okta.com', 'authorization_endpoint': 'https://company.okta.com/oauth2/v1/authorize',
                'token_endpoint': 'https://company.okta.com/oauth2/v1/token', 'jwks_uri':
                'https://company.okta.com/oauth2/v1/keys', 'idp_client_id': '0oa1234567890abcdef', 'mode': 'partner_managed',
                'allowed_email_domains': [], 'claim_mappings': {'email': 'email', 'name': 'name'}, 'scopes': ['openid', 'email',
                'profile'], 'is_active': True, 'created_at': '2026-01-01T00:00:00Z', 'updated_at': '2026-01-01T00:00:00Z'}

        Attributes:
            id (str | Unset): The configuration's id.
            partner_app_id (str | Unset): The partner app it belongs to.
            type_ (str | Unset): `oidc`, the only kind Contio supports.
            name (str | Unset): The display name.
            discovery_url (str | Unset): The discovery document.
            issuer (str | Unset): The identity provider's issuer.
            authorization_endpoint (str | Unset): Its authorization endpoint.
            token_endpoint (str | Unset): Its token endpoint.
            userinfo_endpoint (str | Unset): Its user info endpoint, when it has one.
            jwks_uri (str | Unset): Its key set.
            idp_client_id (str | Unset): The client id at the identity provider.
            mode (str | Unset): `strict` or `partner_managed` (see IdpMode).
            allowed_email_domains (list[str] | Unset): Email domains allowed (strict mode).
            claim_mappings (IdpConfigClaimMappings | Unset): Contio's user fields to the provider's claims.
            scopes (list[str] | Unset): The scopes asked of the provider.
            is_active (bool | Unset): Whether Sign-On uses it.
            discovery_last_fetched_at (datetime.datetime | Unset): When the discovery document was last read.
            created_at (datetime.datetime | Unset): When it was created.
            updated_at (datetime.datetime | Unset): When it last changed.
    """

    id: str | Unset = UNSET
    partner_app_id: str | Unset = UNSET
    type_: str | Unset = UNSET
    name: str | Unset = UNSET
    discovery_url: str | Unset = UNSET
    issuer: str | Unset = UNSET
    authorization_endpoint: str | Unset = UNSET
    token_endpoint: str | Unset = UNSET
    userinfo_endpoint: str | Unset = UNSET
    jwks_uri: str | Unset = UNSET
    idp_client_id: str | Unset = UNSET
    mode: str | Unset = UNSET
    allowed_email_domains: list[str] | Unset = UNSET
    claim_mappings: IdpConfigClaimMappings | Unset = UNSET
    scopes: list[str] | Unset = UNSET
    is_active: bool | Unset = UNSET
    discovery_last_fetched_at: datetime.datetime | Unset = UNSET
    created_at: datetime.datetime | Unset = UNSET
    updated_at: datetime.datetime | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        partner_app_id = self.partner_app_id

        type_ = self.type_

        name = self.name

        discovery_url = self.discovery_url

        issuer = self.issuer

        authorization_endpoint = self.authorization_endpoint

        token_endpoint = self.token_endpoint

        userinfo_endpoint = self.userinfo_endpoint

        jwks_uri = self.jwks_uri

        idp_client_id = self.idp_client_id

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

        discovery_last_fetched_at: str | Unset = UNSET
        if not isinstance(self.discovery_last_fetched_at, Unset):
            discovery_last_fetched_at = self.discovery_last_fetched_at.isoformat()

        created_at: str | Unset = UNSET
        if not isinstance(self.created_at, Unset):
            created_at = self.created_at.isoformat()

        updated_at: str | Unset = UNSET
        if not isinstance(self.updated_at, Unset):
            updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if id is not UNSET:
            field_dict["id"] = id
        if partner_app_id is not UNSET:
            field_dict["partner_app_id"] = partner_app_id
        if type_ is not UNSET:
            field_dict["type"] = type_
        if name is not UNSET:
            field_dict["name"] = name
        if discovery_url is not UNSET:
            field_dict["discovery_url"] = discovery_url
        if issuer is not UNSET:
            field_dict["issuer"] = issuer
        if authorization_endpoint is not UNSET:
            field_dict["authorization_endpoint"] = authorization_endpoint
        if token_endpoint is not UNSET:
            field_dict["token_endpoint"] = token_endpoint
        if userinfo_endpoint is not UNSET:
            field_dict["userinfo_endpoint"] = userinfo_endpoint
        if jwks_uri is not UNSET:
            field_dict["jwks_uri"] = jwks_uri
        if idp_client_id is not UNSET:
            field_dict["idp_client_id"] = idp_client_id
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
        if discovery_last_fetched_at is not UNSET:
            field_dict["discovery_last_fetched_at"] = discovery_last_fetched_at
        if created_at is not UNSET:
            field_dict["created_at"] = created_at
        if updated_at is not UNSET:
            field_dict["updated_at"] = updated_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.idp_config_claim_mappings import IdpConfigClaimMappings  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id", UNSET)

        partner_app_id = d.pop("partner_app_id", UNSET)

        type_ = d.pop("type", UNSET)

        name = d.pop("name", UNSET)

        discovery_url = d.pop("discovery_url", UNSET)

        issuer = d.pop("issuer", UNSET)

        authorization_endpoint = d.pop("authorization_endpoint", UNSET)

        token_endpoint = d.pop("token_endpoint", UNSET)

        userinfo_endpoint = d.pop("userinfo_endpoint", UNSET)

        jwks_uri = d.pop("jwks_uri", UNSET)

        idp_client_id = d.pop("idp_client_id", UNSET)

        mode = d.pop("mode", UNSET)

        allowed_email_domains = cast(list[str], d.pop("allowed_email_domains", UNSET))

        _claim_mappings = d.pop("claim_mappings", UNSET)
        claim_mappings: IdpConfigClaimMappings | Unset
        if isinstance(_claim_mappings, Unset):
            claim_mappings = UNSET
        else:
            claim_mappings = IdpConfigClaimMappings.from_dict(_claim_mappings)

        scopes = cast(list[str], d.pop("scopes", UNSET))

        is_active = d.pop("is_active", UNSET)

        _discovery_last_fetched_at = d.pop("discovery_last_fetched_at", UNSET)
        discovery_last_fetched_at: datetime.datetime | Unset
        if isinstance(_discovery_last_fetched_at, Unset):
            discovery_last_fetched_at = UNSET
        else:
            discovery_last_fetched_at = datetime.datetime.fromisoformat(
                _discovery_last_fetched_at
            )

        _created_at = d.pop("created_at", UNSET)
        created_at: datetime.datetime | Unset
        if isinstance(_created_at, Unset):
            created_at = UNSET
        else:
            created_at = datetime.datetime.fromisoformat(_created_at)

        _updated_at = d.pop("updated_at", UNSET)
        updated_at: datetime.datetime | Unset
        if isinstance(_updated_at, Unset):
            updated_at = UNSET
        else:
            updated_at = datetime.datetime.fromisoformat(_updated_at)

        idp_config = cls(
            id=id,
            partner_app_id=partner_app_id,
            type_=type_,
            name=name,
            discovery_url=discovery_url,
            issuer=issuer,
            authorization_endpoint=authorization_endpoint,
            token_endpoint=token_endpoint,
            userinfo_endpoint=userinfo_endpoint,
            jwks_uri=jwks_uri,
            idp_client_id=idp_client_id,
            mode=mode,
            allowed_email_domains=allowed_email_domains,
            claim_mappings=claim_mappings,
            scopes=scopes,
            is_active=is_active,
            discovery_last_fetched_at=discovery_last_fetched_at,
            created_at=created_at,
            updated_at=updated_at,
        )

        idp_config.additional_properties = d
        return idp_config

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
