from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The project itself: the page cache and what empties it."""

    name = "portal"

    def ready(self):
        from . import checks, invalidation  # noqa: F401 (checks register themselves)

        invalidation.connect()
