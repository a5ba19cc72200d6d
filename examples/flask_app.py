"""A Flask app with "Sign in with Contio": /auth/login, /auth/callback, POST /auth/logout.

export CONTIO_CLIENT_ID=... CONTIO_CLIENT_SECRET=... SESSION_SECRET=...
export CONTIO_BASE_URL=http://127.0.0.1:8765        # the mock; unset: Contio itself
export CONTIO_REDIRECT_URI=http://127.0.0.1:5000/auth/callback
export LOCAL_HTTP=1                                 # plain http on loopback: no Secure cookie
python examples/flask_app.py --port 5000
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from flask import Flask

from contio import FileTokenStore
from contio.web.flask import FlaskSignIn

TOKENS = Path(os.environ.get("TOKENS_DIR", "tokens"))

app = Flask(__name__)
app.config.update(
    SECRET_KEY=os.environ["SESSION_SECRET"],
    SESSION_COOKIE_SECURE=os.environ.get("LOCAL_HTTP") != "1",
    SESSION_COOKIE_SAMESITE="Lax",
)
contio = FlaskSignIn(
    client_id=os.environ["CONTIO_CLIENT_ID"],
    client_secret=os.environ["CONTIO_CLIENT_SECRET"],
    redirect_uri=os.environ.get("CONTIO_REDIRECT_URI", "http://127.0.0.1:5000/auth/callback"),
    base_url=os.environ.get("CONTIO_BASE_URL", "https://auth.contio.ai"),
    store_for=lambda user: FileTokenStore(TOKENS / f"{user}.json"),
)
app.register_blueprint(contio.blueprint, url_prefix="/auth")


@app.get("/")
@contio.login_required
def home() -> str:
    user = contio.current_user()
    assert user is not None  # login_required let only the signed-in through
    return f"Hello, {user.display_name} <{user.oauth.get_user_info().email}>"


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Serve the example Flask app.")
    parser.add_argument("--port", type=int, default=5000)
    app.run(host="127.0.0.1", port=parser.parse_args().port)
