from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="JSONWebKey")


@_attrs_define
class JSONWebKey:
    """One public key (RFC 7517 §4; RSA members RFC 7518 §6.3.1, EC members §6.2.1). A public
    key set never carries private members (`d`, which Contio's description mentions as
    optional): a client should refuse a key that has them.

        Example:
            {'kty': 'RSA', 'kid': 'key-id-1', 'alg': 'RS256', 'use': 'sig', 'n': '0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFb
                WhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-
                5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-
                65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-
                bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw', 'e': 'AQAB'}

        Attributes:
            kty (str): Key type, `RSA` or `EC`. Example: RSA.
            kid (str | Unset): Key id, named by the `kid` header of the tokens it signs. Example: key-id-1.
            alg (str | Unset): The algorithm the key is used with, e.g. `RS256`. Example: RS256.
            use (str | Unset): Intended use; `sig` (signatures). Example: sig.
            n (str | Unset): RSA modulus, base64url without padding.
            e (str | Unset): RSA public exponent, base64url without padding. Example: AQAB.
            crv (str | Unset): EC curve, e.g. `P-256` (EC keys only). Example: P-256.
            x (str | Unset): EC x coordinate, base64url (EC keys only).
            y (str | Unset): EC y coordinate, base64url (EC keys only).
    """

    kty: str
    kid: str | Unset = UNSET
    alg: str | Unset = UNSET
    use: str | Unset = UNSET
    n: str | Unset = UNSET
    e: str | Unset = UNSET
    crv: str | Unset = UNSET
    x: str | Unset = UNSET
    y: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        kty = self.kty

        kid = self.kid

        alg = self.alg

        use = self.use

        n = self.n

        e = self.e

        crv = self.crv

        x = self.x

        y = self.y

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "kty": kty,
            }
        )
        if kid is not UNSET:
            field_dict["kid"] = kid
        if alg is not UNSET:
            field_dict["alg"] = alg
        if use is not UNSET:
            field_dict["use"] = use
        if n is not UNSET:
            field_dict["n"] = n
        if e is not UNSET:
            field_dict["e"] = e
        if crv is not UNSET:
            field_dict["crv"] = crv
        if x is not UNSET:
            field_dict["x"] = x
        if y is not UNSET:
            field_dict["y"] = y

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        kty = d.pop("kty")

        kid = d.pop("kid", UNSET)

        alg = d.pop("alg", UNSET)

        use = d.pop("use", UNSET)

        n = d.pop("n", UNSET)

        e = d.pop("e", UNSET)

        crv = d.pop("crv", UNSET)

        x = d.pop("x", UNSET)

        y = d.pop("y", UNSET)

        json_web_key = cls(
            kty=kty,
            kid=kid,
            alg=alg,
            use=use,
            n=n,
            e=e,
            crv=crv,
            x=x,
            y=y,
        )

        json_web_key.additional_properties = d
        return json_web_key

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
