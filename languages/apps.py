from django.apps import AppConfig


class LanguagesConfig(AppConfig):
    name = "languages"
    verbose_name = "Languages"

    def ready(self):
        from . import signals

        signals.connect()
