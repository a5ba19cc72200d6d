from typing import Literal

DomainVerificationStatus = Literal["expired", "pending", "verified"]

DOMAIN_VERIFICATION_STATUS_VALUES: set[DomainVerificationStatus] = {
    "expired",
    "pending",
    "verified",
}


def check_domain_verification_status(value: str) -> DomainVerificationStatus:
    if value in DOMAIN_VERIFICATION_STATUS_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {DOMAIN_VERIFICATION_STATUS_VALUES!r}"
    )
