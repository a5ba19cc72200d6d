"""Every operation but the token endpoint's: one short flow each, as the wire reference
reads (revoke, introspect, user info, scopes, consent, passwordless sign-in, partner info).
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlencode

from contio._checks import check_bool, check_email, check_text, check_token, check_workspace_id
from contio._core.grants import unset
from contio._core.sender import Sender
from contio._core.settings import Settings
from contio._core.state import TokenState
from contio._core.steps import LOCK, Flow, Job
from contio._wire import _req, _str_list
from contio.models import (
    ConsentStatus,
    PartnerAuthChallenge,
    PartnerAuthVerification,
    PartnerInfo,
    TokenIntrospection,
    UserInfo,
)

if TYPE_CHECKING:
    from contio._core.grants import Grants
    from contio_oauth_api import models as wire

__all__ = ["Operations"]

TOKEN_TYPE_HINTS = frozenset({"access_token", "refresh_token"})
CODE_CHALLENGE_METHODS = frozenset({"S256", "plain"})


class Operations:
    """Revoke, introspect, user info, scopes, consent, partner sign-in and info."""

    def __init__(
        self, settings: Settings, state: TokenState, sender: Sender, grants: Grants
    ) -> None:
        self.settings = settings
        self.state = state
        self.sender = sender
        self.grants = grants  # the calls with the stored token get a valid one from it

    # -- the authorization request (a URL for the browser; nothing is sent) -----------------

    def authorization_url(
        self,
        state: str | None,
        nonce: str | None,
        login_hint: str | None,
        code_challenge: str | None,
        code_challenge_method: str,
    ) -> str:
        settings = self.settings
        if not isinstance(code_challenge_method, str):
            raise TypeError("code_challenge_method must be a str")
        if code_challenge_method not in CODE_CHALLENGE_METHODS:
            raise ValueError("code_challenge_method must be 'S256' or 'plain'")
        params = [
            ("client_id", settings.client_id),
            ("redirect_uri", settings.needs_redirect_uri("get_authorization_url")),
            ("response_type", "code"),
            ("scope", " ".join(settings.scope)),
        ]
        if state is not None:
            params.append(("state", check_text(state, "state")))
        if nonce is not None:  # OpenID Connect Core §3.1.2.1; Contio does not list it
            params.append(("nonce", check_text(nonce, "nonce")))
        if login_hint is not None:
            params.append(("login_hint", check_text(login_hint, "login_hint")))
        if code_challenge is not None:
            params.append(("code_challenge", check_token(code_challenge, "code_challenge")))
            params.append(("code_challenge_method", code_challenge_method))
        separator = "&" if "?" in settings.authorization_url else "?"
        return f"{settings.authorization_url}{separator}{urlencode(params)}"

    # -- RFC 7009 / 7662 ----------------------------------------------------------------------

    def revoke(self, token: str, token_type: str) -> Job[None]:
        from contio_oauth_api import models as wire

        check_token(token, "token")
        if not isinstance(token_type, str):
            raise TypeError(f"token_type must be a str, not {type(token_type).__name__}")
        if token_type not in TOKEN_TYPE_HINTS:
            raise ValueError("token_type must be 'access_token' or 'refresh_token'")
        body = wire.RevokeRequest(token=token, token_type_hint=token_type)  # type: ignore[arg-type]
        # Under the refresh lock: what it does to the stored tokens must see a refresh that
        # finished meanwhile, and not write back tokens that refresh replaced.
        return Job(self._revoke(body), single_flight=True)

    def _revoke(self, body: wire.RevokeRequest) -> Flow[None]:
        from contio_oauth_api.api.oauth import revoke_oauth_token

        endpoint = self.settings.revoke
        yield LOCK
        received = yield from self.sender.exchange(
            endpoint, revoke_oauth_token._get_kwargs(body=body), client=True
        )
        # RFC 7009 §2.2: done is a 200, nothing else.
        self.sender.expect(endpoint, received, 200, "; the token may not be revoked")
        yield from self.state.reload()
        yield from self.state.revoked(body.token, self.settings.now)

    def introspect(self, token: str) -> Job[TokenIntrospection]:
        from contio_oauth_api import models as wire
        from contio_oauth_api.api.oauth import introspect_oauth_token

        body = wire.IntrospectRequest(token=check_token(token, "token"))
        return Job(
            self.sender.call(
                self.settings.introspect,
                introspect_oauth_token._get_kwargs(body=body),
                wire.TokenIntrospection.from_dict,
                TokenIntrospection.from_wire,
                client=True,
            )
        )

    # -- OpenID Connect user info ----------------------------------------------------------

    def user_info(self, access_token: str | None) -> Job[UserInfo]:
        if access_token is None:  # the stored one, refreshed first when it expires soon
            return self.grants.with_valid_token(self._user_info)
        return Job(self._user_info(check_token(access_token, "access_token")))

    def _user_info(self, access_token: str) -> Flow[UserInfo]:
        from contio_oauth_api import models as wire
        from contio_oauth_api.api.oauth import get_oauth_user_info

        return (
            yield from self.sender.call(
                self.settings.userinfo,
                get_oauth_user_info._get_kwargs(),
                wire.UserInfo.from_dict,
                UserInfo.from_wire,
                authorization=f"Bearer {access_token}",
            )
        )

    # -- discovery of the partner app ----------------------------------------------------

    def scopes(self) -> Job[tuple[str, ...]]:
        from contio_oauth_api import models as wire
        from contio_oauth_api.api.oauth import list_oauth_scopes

        def convert(model: wire.ScopeList) -> tuple[str, ...]:
            return _str_list(_req(model.scopes, list, "scopes"), "scopes")

        return Job(
            self.sender.call(
                self.settings.scopes,
                list_oauth_scopes._get_kwargs(),
                wire.ScopeList.from_dict,
                convert,
                client=True,
            )
        )

    def partner_info(self) -> Job[PartnerInfo]:
        from contio_oauth_api import models as wire
        from contio_oauth_api.api.partner import get_public_partner_info

        return Job(
            self.sender.call(
                self.settings.partner,
                get_public_partner_info._get_kwargs(client_id=self.settings.client_id),
                wire.PartnerInfo.from_dict,
                PartnerInfo.from_wire,
            )
        )

    def check_consent(self, email: str) -> Job[ConsentStatus]:
        from contio_oauth_api import models as wire
        from contio_oauth_api.api.oauth import check_oauth_consent

        settings = self.settings
        # The API describes `scopes`, the TypeScript SDK sends `scope`: send both.
        body = wire.CheckConsentRequest(
            client_id=settings.client_id,
            email=check_email(email),
            scopes=list(settings.scope),
            scope=" ".join(settings.scope),
            redirect_uri=settings.needs_redirect_uri("check_consent"),
            response_type="code",
        )
        return Job(
            self.sender.call(
                settings.consent,
                check_oauth_consent._get_kwargs(body=body),
                wire.ConsentStatus.from_dict,
                ConsentStatus.from_wire,
                client=True,
            )
        )

    # -- passwordless partner sign-in --------------------------------------------------------

    def initiate(
        self, email: str, name: str | None, workspace_id: str | None, is_admin: bool | None
    ) -> Job[PartnerAuthChallenge]:
        from contio_oauth_api import models as wire
        from contio_oauth_api.api.partner import initiate_partner_auth

        body = wire.InitiatePartnerAuthRequest(
            client_id=self.settings.client_id,
            email=check_email(email),
            name=check_text(name, "name") if name is not None else unset(),
            workspace_id=check_workspace_id(workspace_id) if workspace_id is not None else unset(),  # type: ignore[arg-type]
            is_admin=check_bool(is_admin, "is_admin") if is_admin is not None else unset(),
        )
        return Job(
            self.sender.call(
                self.settings.initiate,
                initiate_partner_auth._get_kwargs(body=body),
                wire.PartnerAuthChallenge.from_dict,
                PartnerAuthChallenge.from_wire,
                client=True,
            )
        )

    def verify(self, email: str, code: str, session: str) -> Job[PartnerAuthVerification]:
        from contio_oauth_api import models as wire

        if isinstance(code, str):
            code = code.strip()  # a code typed by a person may carry spaces around it
        body = wire.VerifyPartnerAuthRequest(
            client_id=self.settings.client_id,
            email=check_email(email),
            code=check_token(code, "code"),
            session=check_token(session, "session"),
        )
        return Job(self._verify(body))

    def _verify(self, body: wire.VerifyPartnerAuthRequest) -> Flow[PartnerAuthVerification]:
        from contio_oauth_api import models as wire
        from contio_oauth_api.api.partner import verify_partner_auth

        settings = self.settings
        result = yield from self.sender.call(
            settings.verify,
            verify_partner_auth._get_kwargs(body=body),
            wire.PartnerAuthVerification.from_dict,
            lambda model: PartnerAuthVerification.from_wire(model, settings.now(), settings.scope),
            client=True,
        )
        if result.tokens is not None:
            yield from self.state.change(result.tokens)
        return result
