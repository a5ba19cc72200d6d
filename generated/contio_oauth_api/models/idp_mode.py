from typing import Literal

IdpMode = Literal["partner_managed", "strict"]

IDP_MODE_VALUES: set[IdpMode] = {
    "partner_managed",
    "strict",
}


def check_idp_mode(value: str) -> IdpMode:
    if value in IDP_MODE_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {IDP_MODE_VALUES!r}")
