from typing import Literal

CredentialHistoryEventAction = Literal[
    "accessed", "disabled", "enabled", "rollback", "rotated", "tested", "viewed"
]

CREDENTIAL_HISTORY_EVENT_ACTION_VALUES: set[CredentialHistoryEventAction] = {
    "accessed",
    "disabled",
    "enabled",
    "rollback",
    "rotated",
    "tested",
    "viewed",
}


def check_credential_history_event_action(value: str) -> CredentialHistoryEventAction:
    if value in CREDENTIAL_HISTORY_EVENT_ACTION_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {CREDENTIAL_HISTORY_EVENT_ACTION_VALUES!r}"
    )
