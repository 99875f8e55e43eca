from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    label = "content_api"
    verbose_name = "The read-only content API for partners"

    def ready(self):
        from . import cache

        cache.connect()
