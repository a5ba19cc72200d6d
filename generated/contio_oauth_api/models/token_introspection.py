from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.token_introspection_ext import TokenIntrospectionExt


T = TypeVar("T", bound="TokenIntrospection")


@_attrs_define
class TokenIntrospection:
    """What the server knows of a token (RFC 7662 §2.2). An inactive token has `active: false`
    and no other field. Times are Unix seconds.

        Example:
            {'active': True, 'scope': 'openid profile', 'client_id': 'demo-client', 'username': 'ada@example.com', 'sub':
                'usr_5e8a1c', 'aud': ['demo-client'], 'iss': 'https://auth.contio.ai', 'exp': 1767312000, 'iat': 1767225600,
                'nbf': 1767225600, 'token_type': 'Bearer', 'ext': {}}

        Attributes:
            active (bool): Whether the token is currently valid.
            scope (str | Unset): Space-separated scopes (RFC 6749 §3.3), for example
                `openid profile meetings:read meetings:write`.
                 Example: openid profile meetings:read meetings:write.
            client_id (str | Unset): The client the token was issued to.
            username (str | Unset): The user's email, for user tokens.
            sub (str | Unset): The user's id, or the client id for client-credentials tokens.
            aud (list[str] | Unset): Audiences of the token.
            iss (str | Unset): The issuer.
            exp (int | Unset): Expiry, Unix seconds.
            iat (int | Unset): Issue time, Unix seconds.
            nbf (int | Unset): Not valid before, Unix seconds.
            token_type (str | Unset): The access token's type (RFC 7662 §2.2, RFC 6749 §7.1): `Bearer`. A refresh token
                has no token type, so its answer leaves this out.
            ext (TokenIntrospectionExt | Unset): Extra, server-defined claims.
    """

    active: bool
    scope: str | Unset = UNSET
    client_id: str | Unset = UNSET
    username: str | Unset = UNSET
    sub: str | Unset = UNSET
    aud: list[str] | Unset = UNSET
    iss: str | Unset = UNSET
    exp: int | Unset = UNSET
    iat: int | Unset = UNSET
    nbf: int | Unset = UNSET
    token_type: str | Unset = UNSET
    ext: TokenIntrospectionExt | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        active = self.active

        scope = self.scope

        client_id = self.client_id

        username = self.username

        sub = self.sub

        aud: list[str] | Unset = UNSET
        if not isinstance(self.aud, Unset):
            aud = self.aud

        iss = self.iss

        exp = self.exp

        iat = self.iat

        nbf = self.nbf

        token_type = self.token_type

        ext: dict[str, Any] | Unset = UNSET
        if not isinstance(self.ext, Unset):
            ext = self.ext.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "active": active,
            }
        )
        if scope is not UNSET:
            field_dict["scope"] = scope
        if client_id is not UNSET:
            field_dict["client_id"] = client_id
        if username is not UNSET:
            field_dict["username"] = username
        if sub is not UNSET:
            field_dict["sub"] = sub
        if aud is not UNSET:
            field_dict["aud"] = aud
        if iss is not UNSET:
            field_dict["iss"] = iss
        if exp is not UNSET:
            field_dict["exp"] = exp
        if iat is not UNSET:
            field_dict["iat"] = iat
        if nbf is not UNSET:
            field_dict["nbf"] = nbf
        if token_type is not UNSET:
            field_dict["token_type"] = token_type
        if ext is not UNSET:
            field_dict["ext"] = ext

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.token_introspection_ext import TokenIntrospectionExt  # noqa: PLC0415

        d = dict(src_dict)
        active = d.pop("active")

        scope = d.pop("scope", UNSET)

        client_id = d.pop("client_id", UNSET)

        username = d.pop("username", UNSET)

        sub = d.pop("sub", UNSET)

        aud = cast(list[str], d.pop("aud", UNSET))

        iss = d.pop("iss", UNSET)

        exp = d.pop("exp", UNSET)

        iat = d.pop("iat", UNSET)

        nbf = d.pop("nbf", UNSET)

        token_type = d.pop("token_type", UNSET)

        _ext = d.pop("ext", UNSET)
        ext: TokenIntrospectionExt | Unset
        if isinstance(_ext, Unset):
            ext = UNSET
        else:
            ext = TokenIntrospectionExt.from_dict(_ext)

        token_introspection = cls(
            active=active,
            scope=scope,
            client_id=client_id,
            username=username,
            sub=sub,
            aud=aud,
            iss=iss,
            exp=exp,
            iat=iat,
            nbf=nbf,
            token_type=token_type,
            ext=ext,
        )

        token_introspection.additional_properties = d
        return token_introspection

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
