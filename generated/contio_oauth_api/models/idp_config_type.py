from typing import Literal

IdpConfigType = Literal["oidc"]

IDP_CONFIG_TYPE_VALUES: set[IdpConfigType] = {
    "oidc",
}


def check_idp_config_type(value: str) -> IdpConfigType:
    if value in IDP_CONFIG_TYPE_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {IDP_CONFIG_TYPE_VALUES!r}"
    )
