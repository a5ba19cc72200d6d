"""The project's one `DjangoSignIn`, configured from `settings.CONTIO`.

    CONTIO = {
        "client_id": env("CONTIO_CLIENT_ID"),
        "client_secret": env("CONTIO_CLIENT_SECRET"),
        "redirect_uri": "https://app.example.com/auth/callback",
        # optional: "scope", "base_url", "timeout", ... (OAuthClient's arguments),
        # "store_for" (a callable or its dotted path; default: DjangoTokenStore per user),
        # "token_keys" (seal the default store's rows: keys, newest first),
        # "after_sign_in", "after_sign_out" (paths), "sign_ins" (a SignInRecords; default:
        # CacheSignInRecords, in Django's default cache),
    }

It is built, and checked, when Django starts (the app's `ready`): a mistake is an
`ImproperlyConfigured` at start-up, not at the first sign-in.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

from contio.stores import TokenStore
from contio.web.core import WebSettings
from contio.web.django.records import CacheSignInRecords
from contio.web.runner import AsyncRunner, SyncRunner

__all__ = ["DjangoSignIn", "get_sign_in"]

#: Keys of settings.CONTIO that are the integration's own; every other is a client option.
_OWN = ("store_for", "token_keys", "after_sign_in", "after_sign_out", "max_clients", "sign_ins")


def _default_store_for(token_keys: object) -> Callable[[str], TokenStore]:
    from contio.stores.django import DjangoTokenStore

    sealer = None
    if token_keys:
        from contio.stores.sealing import TokenSealer

        if isinstance(token_keys, str):
            token_keys = [part.strip() for part in token_keys.split(",") if part.strip()]
        sealer = TokenSealer(token_keys)  # type: ignore[arg-type]
    return lambda key: DjangoTokenStore(key, sealer=sealer)


class DjangoSignIn:
    """The settings of "Sign in with Contio" for a Django project, and its two runners: the
    blocking one (sync views, the sign-in views) and the awaited one (async views)."""

    def __init__(self, options: Mapping[str, Any]) -> None:
        """Checked settings (nothing is sent yet).

        Args:
            options: `settings.CONTIO`.

        Raises:
            ImproperlyConfigured: A missing or wrong setting, said plainly.
        """
        if not isinstance(options, Mapping):
            raise ImproperlyConfigured("settings.CONTIO must be a dict")
        options = dict(options)
        own = {name: options.pop(name) for name in _OWN if name in options}
        try:
            store_for = own.get("store_for")
            if isinstance(store_for, str):
                store_for = import_string(store_for)
            if store_for is None:
                store_for = _default_store_for(own.get("token_keys"))
            self.settings = WebSettings(
                options,
                store_for,
                own.get("after_sign_in", "/"),
                own.get("after_sign_out", "/"),
                own.get("max_clients", 1024),
                own["sign_ins"] if "sign_ins" in own else CacheSignInRecords(),
            )
        except (TypeError, ValueError, ImportError) as exc:
            raise ImproperlyConfigured(f"settings.CONTIO: {exc}") from exc
        self.runner = SyncRunner(self.settings)
        self._async_runner: AsyncRunner | None = None
        self._async_lock = threading.Lock()

    @property
    def async_runner(self) -> AsyncRunner:
        """The awaited runner (made at the first async view; one, whatever the threads)."""
        with self._async_lock:
            if self._async_runner is None:
                self._async_runner = AsyncRunner(self.settings)
            return self._async_runner

    def close(self) -> None:
        """Close the connection pools (the async views' on their loops, soon)."""
        self.runner.close()
        if self._async_runner is not None:
            self._async_runner.close_soon()

    def __repr__(self) -> str:
        return f"DjangoSignIn(client_id={self.settings.client_options.get('client_id')!r})"


_made: DjangoSignIn | None = None
_made_lock = threading.Lock()


def get_sign_in() -> DjangoSignIn:
    """The project's sign-in, built from `settings.CONTIO` once.

    Returns:
        The sign-in.

    Raises:
        ImproperlyConfigured: No `CONTIO` setting, or a wrong one.
    """
    global _made
    with _made_lock:
        if _made is None:
            options = getattr(settings, "CONTIO", None)
            if options is None:
                raise ImproperlyConfigured(
                    "contio.web.django needs settings.CONTIO: a dict with client_id, "
                    "client_secret and redirect_uri at least"
                )
            _made = DjangoSignIn(options)
        return _made


def reset_sign_in() -> None:
    """Forget the sign-in (tests that change settings.CONTIO build it again)."""
    global _made
    with _made_lock:
        made, _made = _made, None
    if made is not None:
        made.close()


def settings_changed(*, setting: str, **_: object) -> None:
    """`override_settings(CONTIO=...)` in a test builds the sign-in again from the new one."""
    if setting == "CONTIO":
        reset_sign_in()
