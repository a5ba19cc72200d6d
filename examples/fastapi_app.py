"""A FastAPI app with "Sign in with Contio": /auth/login, /auth/callback, POST /auth/logout.

    export CONTIO_CLIENT_ID=... CONTIO_CLIENT_SECRET=... SESSION_SECRET=...
    export CONTIO_BASE_URL=http://127.0.0.1:8765        # the mock; unset: Contio itself
    export CONTIO_REDIRECT_URI=http://127.0.0.1:8000/auth/callback
    export LOCAL_HTTP=1                                 # plain http on loopback: no Secure cookie
    python examples/fastapi_app.py --port 8000

Against the mock, register the redirect URI: `contio mock --redirect-uri
http://127.0.0.1:8000/auth/callback` (and `--auto-approve ada@example.com` to skip its pages).
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

import uvicorn
from fastapi import Depends, FastAPI
from starlette.middleware.sessions import SessionMiddleware

from contio import AsyncOAuthClient, FileTokenStore
from contio.web.core import SignedInUser
from contio.web.starlette import StarletteSignIn

TOKENS = Path(os.environ.get("TOKENS_DIR", "tokens"))

contio = StarletteSignIn(
    client_id=os.environ["CONTIO_CLIENT_ID"],
    client_secret=os.environ["CONTIO_CLIENT_SECRET"],
    redirect_uri=os.environ.get("CONTIO_REDIRECT_URI", "http://127.0.0.1:8000/auth/callback"),
    base_url=os.environ.get("CONTIO_BASE_URL", "https://auth.contio.ai"),
    store_for=lambda user: FileTokenStore(TOKENS / f"{user}.json"),
)
app = FastAPI(lifespan=contio.lifespan)
app.add_middleware(
    SessionMiddleware,
    secret_key=os.environ["SESSION_SECRET"],
    https_only=os.environ.get("LOCAL_HTTP") != "1",
)
app.mount("/auth", contio.router)


@app.get("/")
async def home(
    user: SignedInUser[AsyncOAuthClient] = Depends(contio.require_user),  # noqa: B008
) -> dict[str, str]:
    me = await user.oauth.get_user_info()
    return {"hello": user.display_name, "email": me.email or ""}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Serve the example FastAPI app.")
    parser.add_argument("--port", type=int, default=8000)
    uvicorn.run(app, host="127.0.0.1", port=parser.parse_args().port, log_level="warning")
