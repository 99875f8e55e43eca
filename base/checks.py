from django.conf import settings
from django.core.checks import Warning, register


@register(deploy=True)
def shared_page_cache(app_configs, **kwargs):
    """Local memory is one cache per process: with several workers, a publish
    empties only the cache of the worker that handled it."""
    if settings.PAGE_CACHE_SECONDS > 0 and not settings.REDIS_URL:
        return [
            Warning(
                "REDIS_URL is not set, so each worker keeps its own page cache and a publish empties only one.",
                hint="Set REDIS_URL, or PAGE_CACHE_SECONDS=0, or run a single worker (WEB_CONCURRENCY=1).",
                id="base.W001",
            )
        ]
    return []
