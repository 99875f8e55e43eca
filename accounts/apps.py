from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Sign-in"

    def ready(self):
        from . import throttle  # noqa: F401  (connects its user_login_failed receiver)
