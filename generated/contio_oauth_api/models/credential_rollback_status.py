from typing import Literal

CredentialRollbackStatus = Literal["rolled_back"]

CREDENTIAL_ROLLBACK_STATUS_VALUES: set[CredentialRollbackStatus] = {
    "rolled_back",
}


def check_credential_rollback_status(value: str) -> CredentialRollbackStatus:
    if value in CREDENTIAL_ROLLBACK_STATUS_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {CREDENTIAL_ROLLBACK_STATUS_VALUES!r}"
    )
