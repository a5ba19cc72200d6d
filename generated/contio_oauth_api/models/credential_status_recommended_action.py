from typing import Literal

CredentialStatusRecommendedAction = Literal["healthy", "rotate_now", "rotate_soon"]

CREDENTIAL_STATUS_RECOMMENDED_ACTION_VALUES: set[CredentialStatusRecommendedAction] = {
    "healthy",
    "rotate_now",
    "rotate_soon",
}


def check_credential_status_recommended_action(
    value: str,
) -> CredentialStatusRecommendedAction:
    if value in CREDENTIAL_STATUS_RECOMMENDED_ACTION_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {CREDENTIAL_STATUS_RECOMMENDED_ACTION_VALUES!r}"
    )
