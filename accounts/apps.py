from datetime import timedelta

from django.apps import AppConfig
from django.conf import settings


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Sign-in"

    def ready(self):
        from . import throttle  # noqa: F401  (connects its user_login_failed receiver)

    def purge_personal_data(self, now):
        """Sign-in records (addresses, user names) kept by django-axes, for
        AXES_LOG_RETENTION_DAYS (manage.py purge_personal_data)."""
        from axes.models import AccessAttempt, AccessFailureLog, AccessLog

        before = now - timedelta(days=settings.AXES_LOG_RETENTION_DAYS)
        return {
            "sign-in attempts": AccessAttempt.objects.filter(attempt_time__lt=before).delete()[0],
            "sign-in failures": AccessFailureLog.objects.filter(attempt_time__lt=before).delete()[0],
            "sign-ins": AccessLog.objects.filter(attempt_time__lt=before).delete()[0],
        }
