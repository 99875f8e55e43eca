"""Counting page views without slowing a page or knowing the reader.

A view is a page id and a day. Each worker adds views to a counter in its
own memory, which costs no query and no network trip, so a page served from
the page cache stays as fast as before. At most every
PAGE_VIEWS_FLUSH_SECONDS, after a response has gone out, the worker writes
its counts: to Redis when REDIS_URL is set (one pipelined HINCRBY per page;
every worker and instance share the hash, and counts survive a worker's
restart), else straight to the database. Whichever worker first finds a
minute passed drains Redis into the database. A worker exiting writes what
it holds."""

import atexit
import contextlib
import datetime
import threading
import time
import uuid
from collections import Counter

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone

from .models import PageViews

REDIS_HASH = "pageviews"
DRAIN_LOCK = "pageviews:draining"
DRAIN_SECONDS = 60


class Buffer:
    def __init__(self):
        self.counts = Counter()
        self.lock = threading.Lock()
        self.written_at = time.monotonic()

    def add(self, page_id, day):
        with self.lock:
            self.counts[(page_id, day)] += 1

    def take(self):
        with self.lock:
            counts, self.counts = self.counts, Counter()
            self.written_at = time.monotonic()
        return counts

    def due(self):
        return self.counts and time.monotonic() - self.written_at >= settings.PAGE_VIEWS_FLUSH_SECONDS


buffer = Buffer()


def count_view(page_id):
    buffer.add(page_id, timezone.localdate())


def flush_if_due(**kwargs):
    if buffer.due():
        flush()


def flush():
    """Write this worker's counts (to Redis, or to the database)."""
    counts = buffer.take()
    if not counts:
        return
    redis = redis_connection()
    if redis is None:
        add_to_database(counts)
        roll_up_if_due()
        return
    try:
        pipeline = redis.pipeline(transaction=False)
        for (page_id, day), views in counts.items():
            pipeline.hincrby(redis_key(REDIS_HASH), f"{page_id}:{day.isoformat()}", views)
        pipeline.execute()
    except Exception:  # Redis down: the counts still reach the database
        add_to_database(counts)
        return
    drain_if_due(redis)


def drain_if_due(redis):
    """Move the shared counts into the database, at most once a minute
    across all workers (the lock expires by itself)."""
    if not redis.set(redis_key(DRAIN_LOCK), "1", nx=True, ex=DRAIN_SECONDS):
        return
    drain(redis)


def drain(redis):
    # Renamed first: views counted while this runs go into a fresh hash.
    taken = redis_key(f"{REDIS_HASH}:{uuid.uuid4().hex}")
    try:
        redis.rename(redis_key(REDIS_HASH), taken)
    except Exception:  # nothing counted since the last drain
        return
    counts = Counter()
    for field, views in redis.hgetall(taken).items():
        page_id, day = field.decode().split(":")
        counts[(int(page_id), datetime.date.fromisoformat(day))] += int(views)
    add_to_database(counts)
    redis.delete(taken)
    roll_up_if_due()


def add_to_database(counts):
    """Add the counts to each page's row for its day: an increment, so that
    workers writing at the same time do not overwrite each other."""
    for (page_id, day), views in counts.items():
        rows = PageViews.objects.filter(page_id=page_id, date=day, period=PageViews.Period.DAY, sample=False)
        if rows.update(views=F("views") + views):
            continue
        try:
            with transaction.atomic():
                PageViews.objects.create(page_id=page_id, date=day, views=views)
        except IntegrityError:  # another worker made the row first, or the page is gone
            rows.update(views=F("views") + views)


def redis_key(name):
    return f"{settings.CACHES['default'].get('KEY_PREFIX', '')}:{name}"


def redis_connection():
    if not settings.REDIS_URL:
        return None
    from django_redis import get_redis_connection

    return get_redis_connection("default")


def roll_up(today=None):
    """Daily counts older than PAGE_VIEWS_DAILY_DAYS become monthly ones."""
    today = today or timezone.localdate()
    before = today - datetime.timedelta(days=settings.PAGE_VIEWS_DAILY_DAYS)
    old = PageViews.objects.filter(period=PageViews.Period.DAY, date__lt=before)
    months = Counter()
    for page_id, day, sample, views in old.values_list("page_id", "date", "sample", "views"):
        months[(page_id, day.replace(day=1), sample)] += views
    with transaction.atomic():
        for (page_id, month, sample), views in months.items():
            row, _ = PageViews.objects.get_or_create(
                page_id=page_id, date=month, period=PageViews.Period.MONTH, sample=sample
            )
            PageViews.objects.filter(pk=row.pk).update(views=F("views") + views)
        rolled = old.delete()[0]
    return rolled


def views_since(days, today=None):
    """page id → views in the last `days` days (today included)."""
    today = today or timezone.localdate()
    rows = PageViews.objects.filter(period=PageViews.Period.DAY, date__gt=today - datetime.timedelta(days=days))
    return dict(rows.values("page_id").annotate(total=Sum("views")).values_list("page_id", "total"))


def has_sample_counts():
    return PageViews.objects.filter(sample=True).exists()


def roll_up_if_due():
    """Once a day across all workers (the cache remembers the day)."""
    from django.core.cache import cache

    if cache.add(f"pageviews:rolled:{timezone.localdate().isoformat()}", True, 26 * 60 * 60):
        roll_up()


def flush_at_exit():
    with contextlib.suppress(Exception):  # the database may already be gone (tests, shutdown)
        flush()


atexit.register(flush_at_exit)
