from typing import Literal

CredentialHistoryEventInitiatedBy = Literal["internal", "partner", "system"]

CREDENTIAL_HISTORY_EVENT_INITIATED_BY_VALUES: set[CredentialHistoryEventInitiatedBy] = {
    "internal",
    "partner",
    "system",
}


def check_credential_history_event_initiated_by(
    value: str,
) -> CredentialHistoryEventInitiatedBy:
    if value in CREDENTIAL_HISTORY_EVENT_INITIATED_BY_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {CREDENTIAL_HISTORY_EVENT_INITIATED_BY_VALUES!r}"
    )
