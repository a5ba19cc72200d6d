"""The Sign-On entry URL a partner links to: nothing is sent."""

from __future__ import annotations

from urllib.parse import quote, urlencode

from contio._checks import check_text, check_url
from contio._core.sign_on import check_slug, check_target

__all__ = ["DEFAULT_APP_URL", "build_sso_entry_url"]

DEFAULT_APP_URL = "https://app.contio.ai"


def build_sso_entry_url(
    slug: str,
    *,
    target: str | None = None,
    login_hint: str | None = None,
    auto: bool = False,
    app_url: str = DEFAULT_APP_URL,
) -> str:
    """The URL that sends a user into Contio through the partner's identity provider:
    `https://app.contio.ai/p/{slug}` with the options given.

    Args:
        slug: The partner's slug.
        target: Where the user lands: `web`, `desktop`, `backlog` or `meeting:<id>`.
        login_hint: The user's email, to prefill the identity provider's sign-in.
        auto: Go straight to the identity provider, without Contio's landing page.
        app_url: Contio's app (another environment's, or a mock's).

    Raises:
        ValueError: A slug, target or hint no entry URL can carry.
    """
    root = check_url(app_url, "app_url")
    params: list[tuple[str, str]] = []
    if target is not None:
        params.append(("target", check_target(target)))
    if login_hint is not None:
        hint = check_text(login_hint, "login_hint")
        if not hint or len(hint) > 320:
            raise ValueError("login_hint must be 1 to 320 characters")
        params.append(("login_hint", hint))
    if not isinstance(auto, bool):
        raise TypeError("auto must be True or False")
    if auto:
        params.append(("auto", "true"))
    url = f"{root}/p/{quote(check_slug(slug), safe='')}"
    return f"{url}?{urlencode(params)}" if params else url
