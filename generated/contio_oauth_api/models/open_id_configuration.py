from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="OpenIDConfiguration")


@_attrs_define
class OpenIDConfiguration:
    """OpenID Connect Discovery 1.0 §3 provider metadata. Contio's description lists these
    fields and requires none; the ones Discovery 1.0 requires are required here. Providers
    may add other metadata: clients ignore what they do not know.

        Example:
            {'issuer': 'https://auth.contio.ai', 'authorization_endpoint': 'https://auth.contio.ai/oauth2/authorize',
                'token_endpoint': 'https://auth.contio.ai/oauth2/token', 'jwks_uri': 'https://auth.contio.ai/.well-
                known/jwks.json', 'response_types_supported': ['code'], 'subject_types_supported': ['public'],
                'id_token_signing_alg_values_supported': ['RS256']}

        Attributes:
            issuer (str): The issuer identifier: exactly the `iss` of the ID tokens (Discovery 1.0 §3, §4.3).
            authorization_endpoint (str): URL of `GET /oauth2/authorize`.
            token_endpoint (str): URL of `POST /oauth2/token`.
            jwks_uri (str): URL of the key set that verifies ID tokens (`/.well-known/jwks.json`).
            response_types_supported (list[str]): OAuth response types; `code`.
            subject_types_supported (list[str]): Subject identifier types (OIDC Core §8); `public`.
            id_token_signing_alg_values_supported (list[str]): JWS algorithms that sign ID tokens, e.g. `RS256`.
            userinfo_endpoint (str | Unset): URL of `GET /oauth2/userInfo`.
            revocation_endpoint (str | Unset): URL of `POST /oauth2/revoke` (RFC 8414 §2).
            introspection_endpoint (str | Unset): URL of `POST /oauth2/introspect` (RFC 8414 §2).
            scopes_supported (list[str] | Unset): Scopes the provider knows; not a closed list.
            token_endpoint_auth_methods_supported (list[str] | Unset): Client authentication methods, e.g.
                `client_secret_basic`.
            claims_supported (list[str] | Unset): Claims the provider may supply in ID tokens and user info.
            code_challenge_methods_supported (list[str] | Unset): PKCE methods the provider accepts (RFC 8414 §2, RFC 7636):
                `S256`. A standards
                client that finds no such list concludes there is no PKCE.
            grant_types_supported (list[str] | Unset): Grant types (RFC 8414 §2): `authorization_code`, `refresh_token`,
                `client_credentials`.
            response_modes_supported (list[str] | Unset): Response modes (OAuth 2.0 Multiple Response Types); `query`.
            revocation_endpoint_auth_methods_supported (list[str] | Unset): Client authentication methods at the revocation
                endpoint (RFC 8414 §2).
            introspection_endpoint_auth_methods_supported (list[str] | Unset): Client authentication methods at the
                introspection endpoint (RFC 8414 §2).
    """

    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str
    response_types_supported: list[str]
    subject_types_supported: list[str]
    id_token_signing_alg_values_supported: list[str]
    userinfo_endpoint: str | Unset = UNSET
    revocation_endpoint: str | Unset = UNSET
    introspection_endpoint: str | Unset = UNSET
    scopes_supported: list[str] | Unset = UNSET
    token_endpoint_auth_methods_supported: list[str] | Unset = UNSET
    claims_supported: list[str] | Unset = UNSET
    code_challenge_methods_supported: list[str] | Unset = UNSET
    grant_types_supported: list[str] | Unset = UNSET
    response_modes_supported: list[str] | Unset = UNSET
    revocation_endpoint_auth_methods_supported: list[str] | Unset = UNSET
    introspection_endpoint_auth_methods_supported: list[str] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        issuer = self.issuer

        authorization_endpoint = self.authorization_endpoint

        token_endpoint = self.token_endpoint

        jwks_uri = self.jwks_uri

        response_types_supported = self.response_types_supported

        subject_types_supported = self.subject_types_supported

        id_token_signing_alg_values_supported = (
            self.id_token_signing_alg_values_supported
        )

        userinfo_endpoint = self.userinfo_endpoint

        revocation_endpoint = self.revocation_endpoint

        introspection_endpoint = self.introspection_endpoint

        scopes_supported: list[str] | Unset = UNSET
        if not isinstance(self.scopes_supported, Unset):
            scopes_supported = self.scopes_supported

        token_endpoint_auth_methods_supported: list[str] | Unset = UNSET
        if not isinstance(self.token_endpoint_auth_methods_supported, Unset):
            token_endpoint_auth_methods_supported = (
                self.token_endpoint_auth_methods_supported
            )

        claims_supported: list[str] | Unset = UNSET
        if not isinstance(self.claims_supported, Unset):
            claims_supported = self.claims_supported

        code_challenge_methods_supported: list[str] | Unset = UNSET
        if not isinstance(self.code_challenge_methods_supported, Unset):
            code_challenge_methods_supported = self.code_challenge_methods_supported

        grant_types_supported: list[str] | Unset = UNSET
        if not isinstance(self.grant_types_supported, Unset):
            grant_types_supported = self.grant_types_supported

        response_modes_supported: list[str] | Unset = UNSET
        if not isinstance(self.response_modes_supported, Unset):
            response_modes_supported = self.response_modes_supported

        revocation_endpoint_auth_methods_supported: list[str] | Unset = UNSET
        if not isinstance(self.revocation_endpoint_auth_methods_supported, Unset):
            revocation_endpoint_auth_methods_supported = (
                self.revocation_endpoint_auth_methods_supported
            )

        introspection_endpoint_auth_methods_supported: list[str] | Unset = UNSET
        if not isinstance(self.introspection_endpoint_auth_methods_supported, Unset):
            introspection_endpoint_auth_methods_supported = (
                self.introspection_endpoint_auth_methods_supported
            )

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "issuer": issuer,
                "authorization_endpoint": authorization_endpoint,
                "token_endpoint": token_endpoint,
                "jwks_uri": jwks_uri,
                "response_types_supported": response_types_supported,
                "subject_types_supported": subject_types_supported,
                "id_token_signing_alg_values_supported": id_token_signing_alg_values_supported,
            }
        )
        if userinfo_endpoint is not UNSET:
            field_dict["userinfo_endpoint"] = userinfo_endpoint
        if revocation_endpoint is not UNSET:
            field_dict["revocation_endpoint"] = revocation_endpoint
        if introspection_endpoint is not UNSET:
            field_dict["introspection_endpoint"] = introspection_endpoint
        if scopes_supported is not UNSET:
            field_dict["scopes_supported"] = scopes_supported
        if token_endpoint_auth_methods_supported is not UNSET:
            field_dict["token_endpoint_auth_methods_supported"] = (
                token_endpoint_auth_methods_supported
            )
        if claims_supported is not UNSET:
            field_dict["claims_supported"] = claims_supported
        if code_challenge_methods_supported is not UNSET:
            field_dict["code_challenge_methods_supported"] = (
                code_challenge_methods_supported
            )
        if grant_types_supported is not UNSET:
            field_dict["grant_types_supported"] = grant_types_supported
        if response_modes_supported is not UNSET:
            field_dict["response_modes_supported"] = response_modes_supported
        if revocation_endpoint_auth_methods_supported is not UNSET:
            field_dict["revocation_endpoint_auth_methods_supported"] = (
                revocation_endpoint_auth_methods_supported
            )
        if introspection_endpoint_auth_methods_supported is not UNSET:
            field_dict["introspection_endpoint_auth_methods_supported"] = (
                introspection_endpoint_auth_methods_supported
            )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        issuer = d.pop("issuer")

        authorization_endpoint = d.pop("authorization_endpoint")

        token_endpoint = d.pop("token_endpoint")

        jwks_uri = d.pop("jwks_uri")

        response_types_supported = cast(list[str], d.pop("response_types_supported"))

        subject_types_supported = cast(list[str], d.pop("subject_types_supported"))

        id_token_signing_alg_values_supported = cast(
            list[str], d.pop("id_token_signing_alg_values_supported")
        )

        userinfo_endpoint = d.pop("userinfo_endpoint", UNSET)

        revocation_endpoint = d.pop("revocation_endpoint", UNSET)

        introspection_endpoint = d.pop("introspection_endpoint", UNSET)

        scopes_supported = cast(list[str], d.pop("scopes_supported", UNSET))

        token_endpoint_auth_methods_supported = cast(
            list[str], d.pop("token_endpoint_auth_methods_supported", UNSET)
        )

        claims_supported = cast(list[str], d.pop("claims_supported", UNSET))

        code_challenge_methods_supported = cast(
            list[str], d.pop("code_challenge_methods_supported", UNSET)
        )

        grant_types_supported = cast(list[str], d.pop("grant_types_supported", UNSET))

        response_modes_supported = cast(
            list[str], d.pop("response_modes_supported", UNSET)
        )

        revocation_endpoint_auth_methods_supported = cast(
            list[str], d.pop("revocation_endpoint_auth_methods_supported", UNSET)
        )

        introspection_endpoint_auth_methods_supported = cast(
            list[str], d.pop("introspection_endpoint_auth_methods_supported", UNSET)
        )

        open_id_configuration = cls(
            issuer=issuer,
            authorization_endpoint=authorization_endpoint,
            token_endpoint=token_endpoint,
            jwks_uri=jwks_uri,
            response_types_supported=response_types_supported,
            subject_types_supported=subject_types_supported,
            id_token_signing_alg_values_supported=id_token_signing_alg_values_supported,
            userinfo_endpoint=userinfo_endpoint,
            revocation_endpoint=revocation_endpoint,
            introspection_endpoint=introspection_endpoint,
            scopes_supported=scopes_supported,
            token_endpoint_auth_methods_supported=token_endpoint_auth_methods_supported,
            claims_supported=claims_supported,
            code_challenge_methods_supported=code_challenge_methods_supported,
            grant_types_supported=grant_types_supported,
            response_modes_supported=response_modes_supported,
            revocation_endpoint_auth_methods_supported=revocation_endpoint_auth_methods_supported,
            introspection_endpoint_auth_methods_supported=introspection_endpoint_auth_methods_supported,
        )

        open_id_configuration.additional_properties = d
        return open_id_configuration

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
