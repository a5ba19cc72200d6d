from typing import Literal

CredentialStatusStatus = Literal["active", "expired", "pending_rotation"]

CREDENTIAL_STATUS_STATUS_VALUES: set[CredentialStatusStatus] = {
    "active",
    "expired",
    "pending_rotation",
}


def check_credential_status_status(value: str) -> CredentialStatusStatus:
    if value in CREDENTIAL_STATUS_STATUS_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {CREDENTIAL_STATUS_STATUS_VALUES!r}"
    )
