"""Contains all the data models used in inputs/outputs"""

from .admin_error import AdminError
from .api_error import ApiError
from .authorization_code_grant import AuthorizationCodeGrant
from .authorization_code_response import AuthorizationCodeResponse
from .check_consent_request import CheckConsentRequest
from .claim_mappings import ClaimMappings
from .client_credentials_grant import ClientCredentialsGrant
from .code_challenge_method import CodeChallengeMethod
from .complete_authorization_request import CompleteAuthorizationRequest
from .consent_status import ConsentStatus
from .create_idp_config_request import CreateIdpConfigRequest
from .credential_history import CredentialHistory
from .credential_history_event import CredentialHistoryEvent
from .credential_history_event_metadata import CredentialHistoryEventMetadata
from .credential_history_pagination import CredentialHistoryPagination
from .credential_rollback import CredentialRollback
from .credential_rollback_request import CredentialRollbackRequest
from .credential_rotation import CredentialRotation
from .credential_rotation_request import CredentialRotationRequest
from .credential_status import CredentialStatus
from .credential_status_map import CredentialStatusMap
from .credential_type import CredentialType
from .domain_verification import DomainVerification
from .grant_type import GrantType
from .health_status import HealthStatus
from .health_status_checks import HealthStatusChecks
from .idp_config import IdpConfig
from .idp_config_claim_mappings import IdpConfigClaimMappings
from .idp_mode import IdpMode
from .initiate_partner_auth_request import InitiatePartnerAuthRequest
from .introspect_request import IntrospectRequest
from .json_web_key import JSONWebKey
from .json_web_key_set import JSONWebKeySet
from .o_auth_error import OAuthError
from .open_id_configuration import OpenIDConfiguration
from .partner_auth_challenge import PartnerAuthChallenge
from .partner_auth_challenge_challenge_params import PartnerAuthChallengeChallengeParams
from .partner_auth_verification import PartnerAuthVerification
from .partner_error import PartnerError
from .partner_info import PartnerInfo
from .refresh_token_grant import RefreshTokenGrant
from .response_type import ResponseType
from .revoke_request import RevokeRequest
from .scope_list import ScopeList
from .sso_info import SsoInfo
from .sso_initiation import SsoInitiation
from .sso_session import SsoSession
from .token_introspection import TokenIntrospection
from .token_introspection_ext import TokenIntrospectionExt
from .token_response import TokenResponse
from .token_type_hint import TokenTypeHint
from .update_idp_config_request import UpdateIdpConfigRequest
from .user_info import UserInfo
from .verify_partner_auth_request import VerifyPartnerAuthRequest

__all__ = (
    "AdminError",
    "ApiError",
    "AuthorizationCodeGrant",
    "AuthorizationCodeResponse",
    "CheckConsentRequest",
    "ClaimMappings",
    "ClientCredentialsGrant",
    "CodeChallengeMethod",
    "CompleteAuthorizationRequest",
    "ConsentStatus",
    "CreateIdpConfigRequest",
    "CredentialHistory",
    "CredentialHistoryEvent",
    "CredentialHistoryEventMetadata",
    "CredentialHistoryPagination",
    "CredentialRollback",
    "CredentialRollbackRequest",
    "CredentialRotation",
    "CredentialRotationRequest",
    "CredentialStatus",
    "CredentialStatusMap",
    "CredentialType",
    "DomainVerification",
    "GrantType",
    "HealthStatus",
    "HealthStatusChecks",
    "IdpConfig",
    "IdpConfigClaimMappings",
    "IdpMode",
    "InitiatePartnerAuthRequest",
    "IntrospectRequest",
    "JSONWebKey",
    "JSONWebKeySet",
    "OAuthError",
    "OpenIDConfiguration",
    "PartnerAuthChallenge",
    "PartnerAuthChallengeChallengeParams",
    "PartnerAuthVerification",
    "PartnerError",
    "PartnerInfo",
    "RefreshTokenGrant",
    "ResponseType",
    "RevokeRequest",
    "ScopeList",
    "SsoInfo",
    "SsoInitiation",
    "SsoSession",
    "TokenIntrospection",
    "TokenIntrospectionExt",
    "TokenResponse",
    "TokenTypeHint",
    "UpdateIdpConfigRequest",
    "UserInfo",
    "VerifyPartnerAuthRequest",
)
