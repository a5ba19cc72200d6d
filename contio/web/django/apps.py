"""The Django app: `INSTALLED_APPS = [..., "contio.web.django"]`."""

from __future__ import annotations

from django.apps import AppConfig


class ContioConfig(AppConfig):
    """Sign in with Contio, and the token table of the ORM store (label `contio`)."""

    name = "contio.web.django"
    label = "contio"
    verbose_name = "Sign in with Contio"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        """Check settings.CONTIO at start-up: a mistake is ImproperlyConfigured now. (A
        process that only uses the token store, a worker, may leave CONTIO unset.)"""
        from django.conf import settings
        from django.core.signals import setting_changed

        from contio.web.django.signin import get_sign_in, settings_changed

        setting_changed.connect(settings_changed, dispatch_uid="contio.web.django")
        if getattr(settings, "CONTIO", None) is not None:
            get_sign_in()
