from datetime import timedelta

from django.apps import AppConfig
from django.conf import settings
from django.utils import timezone


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "Search"

    def ready(self):
        from . import cache, signals

        signals.connect()
        cache.connect()

    def purge_personal_data(self, now):
        """What readers typed and chose, counted per day, for
        SEARCH_STATS_RETENTION_DAYS (manage.py purge_personal_data)."""
        from .models import SearchClick, SearchQueryStat

        day = timezone.localdate(now - timedelta(days=settings.SEARCH_STATS_RETENTION_DAYS))
        return {
            "search statistics": SearchQueryStat.objects.filter(day__lt=day).delete()[0]
            + SearchClick.objects.filter(day__lt=day).delete()[0]
        }
