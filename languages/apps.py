from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class LanguagesConfig(AppConfig):
    name = "languages"
    verbose_name = "Languages"

    def ready(self):
        from wagtail.models import Locale

        from . import signals, status
        from .fallback import forget_locales

        signals.connect()
        status.connect()
        post_save.connect(forget_locales, sender=Locale, dispatch_uid="forget-locales-saved")
        post_delete.connect(forget_locales, sender=Locale, dispatch_uid="forget-locales-deleted")
