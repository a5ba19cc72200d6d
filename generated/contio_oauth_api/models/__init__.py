"""Contains all the data models used in inputs/outputs"""

from .api_error import ApiError
from .authorization_code_grant import AuthorizationCodeGrant
from .authorization_code_response import AuthorizationCodeResponse
from .check_consent_request import CheckConsentRequest
from .client_credentials_grant import ClientCredentialsGrant
from .code_challenge_method import CodeChallengeMethod
from .complete_authorization_request import CompleteAuthorizationRequest
from .consent_status import ConsentStatus
from .grant_type import GrantType
from .health_status import HealthStatus
from .health_status_checks import HealthStatusChecks
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
from .token_introspection import TokenIntrospection
from .token_introspection_ext import TokenIntrospectionExt
from .token_response import TokenResponse
from .token_type_hint import TokenTypeHint
from .user_info import UserInfo
from .verify_partner_auth_request import VerifyPartnerAuthRequest

__all__ = (
    "ApiError",
    "AuthorizationCodeGrant",
    "AuthorizationCodeResponse",
    "CheckConsentRequest",
    "ClientCredentialsGrant",
    "CodeChallengeMethod",
    "CompleteAuthorizationRequest",
    "ConsentStatus",
    "GrantType",
    "HealthStatus",
    "HealthStatusChecks",
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
    "TokenIntrospection",
    "TokenIntrospectionExt",
    "TokenResponse",
    "TokenTypeHint",
    "UserInfo",
    "VerifyPartnerAuthRequest",
)
