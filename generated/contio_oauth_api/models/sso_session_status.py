from typing import Literal

SsoSessionStatus = Literal["completed", "expired", "failed", "pending"]

SSO_SESSION_STATUS_VALUES: set[SsoSessionStatus] = {
    "completed",
    "expired",
    "failed",
    "pending",
}


def check_sso_session_status(value: str) -> SsoSessionStatus:
    if value in SSO_SESSION_STATUS_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {SSO_SESSION_STATUS_VALUES!r}"
    )
