from django.apps import AppConfig


class BaseConfig(AppConfig):
    """The ground floor: what the apps share (the page cache and what empties
    it, sanitising, the security policy, report views, the reader's address).
    It imports no project app; the apps build on it."""

    name = "base"

    def ready(self):
        from . import checks, invalidation, versions  # noqa: F401 (checks register themselves)

        invalidation.connect()
        versions.connect()
