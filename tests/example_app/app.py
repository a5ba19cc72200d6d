"""A tiny app that integrates Contio, as a user of this library would write it.

It signs users in with passwordless codes, remembers their tokens, and calls an API with
`oauth.auth`; its tests (test_app.py) use only the `contio.testing` pytest plugin's fixtures.
"""

from __future__ import annotations

import httpx2

from contio import OAuthClient


class Greeter:
    """Greets the signed-in user by name, fetching who they are through `oauth.auth`."""

    def __init__(self, oauth: OAuthClient, api_base_url: str) -> None:
        self.oauth = oauth
        self.api = httpx2.Client(base_url=api_base_url, auth=oauth.auth)

    def start_sign_in(self, email: str) -> str:
        return self.oauth.initiate_partner_auth(email, "Grace Hopper").session

    def finish_sign_in(self, email: str, code: str, session: str) -> bool:
        return self.oauth.verify_partner_auth(email, code, session).success is True

    def greeting(self) -> str:
        response = self.api.get("/oauth2/userInfo")
        response.raise_for_status()
        claims = response.json()
        return f"Hello, {claims.get('name') or claims['sub']}!"
