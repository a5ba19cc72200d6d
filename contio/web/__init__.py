"""Sign in with Contio in Python web apps: `contio.web.starlette` (Starlette, FastAPI) and
`contio.web.flask` (Flask), each in its own extra, over one framework-neutral core.

Both give `/login`, `/callback` and `/logout` routes, keep the sign-in's state, PKCE verifier
and nonce in the framework's signed session, verify the ID token, save each user's tokens in
the store `store_for(user_key)` returns, and hand a route its signed-in user with a client
holding that user's tokens.
"""

from contio.web.core import SignedInUser, SignInError, WebSettings
from contio.web.session import SessionUser

__all__ = ["SessionUser", "SignInError", "SignedInUser", "WebSettings"]
