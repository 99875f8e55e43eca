"""What readers open (issue 17): each page view is a page and a day, counted
whether the page came from the page cache or not, never a robot's or an
editor's, with nothing about the reader stored; old days become months; and
translators see what to translate first."""

import datetime
import os

import pytest
from django.urls import reverse
from django.utils import timezone

from guides.models import GuidePage
from readership import counter
from readership.models import PageViews
from readership.panels import most_read_untranslated

from .helpers import soup

pytestmark = pytest.mark.django_db

BROWSER = (
    "Mozilla/5.0 (Linux; Android 12; SM-A135F) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Mobile Safari/537.36"
)


@pytest.fixture(autouse=True)
def empty_counter(settings):
    settings.PAGE_VIEWS_FLUSH_SECONDS = 3600  # written when the test says so
    counter.buffer.take()
    yield
    counter.buffer.take()


def guide(slug="emergency-care", language="ru"):
    return GuidePage.objects.get(slug=slug, locale__language_code=language)


def views_of(page):
    counter.flush()
    return sum(PageViews.objects.filter(page=page, sample=False).values_list("views", flat=True))


def test_a_reader_is_counted_whether_the_page_came_from_the_cache_or_not(client, settings):
    settings.PAGE_CACHE_SECONDS = 600
    page = guide()
    first = client.get(page.url, HTTP_USER_AGENT=BROWSER)
    second = client.get(page.url, HTTP_USER_AGENT=BROWSER)
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert views_of(page) == 2
    row = PageViews.objects.get(page=page, sample=False)
    assert (row.date, row.period) == (timezone.localdate(), "day")
    # Another language's page is a page of its own.
    client.get(guide(language="fa").url, HTTP_USER_AGENT=BROWSER)
    assert views_of(guide(language="fa")) == 1 and views_of(page) == 2


@pytest.mark.parametrize(
    "request_kwargs",
    [
        {"HTTP_USER_AGENT": "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"},
        {"HTTP_USER_AGENT": "Mozilla/5.0 (compatible; bingbot/2.0)"},
        {"HTTP_USER_AGENT": "facebookexternalhit/1.1"},
        {"HTTP_USER_AGENT": "python-requests/2.32"},
        {},  # no user agent at all: not a browser
        {"HTTP_USER_AGENT": BROWSER, "HTTP_SEC_PURPOSE": "prefetch"},
    ],
)
def test_robots_scripts_and_prefetches_are_not_counted(client, request_kwargs):
    page = guide()
    assert client.get(page.url, **request_kwargs).status_code == 200
    assert views_of(page) == 0


def test_editors_heads_and_missing_pages_are_not_counted(client, admin_client):
    page = guide()
    assert admin_client.get(page.url, HTTP_USER_AGENT=BROWSER).status_code == 200
    assert client.head(page.url, HTTP_USER_AGENT=BROWSER).status_code == 200
    assert client.get(page.url + "nothing-here/", HTTP_USER_AGENT=BROWSER).status_code == 404
    assert views_of(page) == 0


def test_nothing_about_the_reader_is_stored(client):
    page = guide()
    response = client.get(
        page.url, HTTP_USER_AGENT=BROWSER, REMOTE_ADDR="198.51.100.23", HTTP_REFERER="https://x.example/"
    )
    assert not response.cookies
    assert views_of(page) == 1
    stored = {field.name for field in PageViews._meta.get_fields()}
    assert stored == {"id", "page", "date", "period", "views", "sample"}
    row = PageViews.objects.filter(page=page, sample=False).values().get()
    assert not any(isinstance(value, str) and ("198.51" in value or "Mozilla" in value) for value in row.values())


def test_counts_are_written_after_the_response_once_the_interval_has_passed(client, settings):
    page = guide()
    client.get(page.url, HTTP_USER_AGENT=BROWSER)
    assert not PageViews.objects.filter(page=page, sample=False).exists()  # gathered in memory, no query per view
    settings.PAGE_VIEWS_FLUSH_SECONDS = 0
    client.get(page.url, HTTP_USER_AGENT=BROWSER)  # written as this request finishes
    assert PageViews.objects.get(page=page, sample=False).views == 2


def test_old_days_are_added_up_into_months(settings):
    settings.PAGE_VIEWS_DAILY_DAYS = 90
    page, today = guide(), datetime.date(2026, 12, 4)
    for day, views in (
        (datetime.date(2026, 8, 3), 5),
        (datetime.date(2026, 8, 30), 7),
        (datetime.date(2026, 11, 30), 4),
    ):
        PageViews.objects.create(page=page, date=day, views=views)
    counter.roll_up(today)
    rows = set(PageViews.objects.filter(page=page, sample=False).values_list("period", "date", "views"))
    assert rows == {("month", datetime.date(2026, 8, 1), 12), ("day", datetime.date(2026, 11, 30), 4)}
    PageViews.objects.create(page=page, date=datetime.date(2026, 8, 31), views=1)
    counter.roll_up(today)  # a second roll-up adds to the month
    assert PageViews.objects.get(page=page, period="month", sample=False).views == 13


@pytest.fixture
def redis_client():
    redis = pytest.importorskip("redis")
    client = redis.Redis.from_url(os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/14"))
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis at TEST_REDIS_URL (redis://127.0.0.1:6379/14): the Redis path is not exercised")
    client.flushdb()
    yield client
    client.flushdb()


def test_with_redis_the_workers_counts_meet_there_and_reach_the_database(client, redis_client, monkeypatch):
    monkeypatch.setattr(counter, "redis_connection", lambda: redis_client)
    page = guide()
    client.get(page.url, HTTP_USER_AGENT=BROWSER)
    client.get(page.url, HTTP_USER_AGENT=BROWSER)
    redis_client.set(counter.redis_key(counter.DRAIN_LOCK), "1")  # another worker drained a moment ago
    counter.flush()
    assert not PageViews.objects.filter(page=page, sample=False).exists()
    field = f"{page.pk}:{timezone.localdate().isoformat()}".encode()
    assert redis_client.hget(counter.redis_key(counter.REDIS_HASH), field) == b"2"
    redis_client.delete(counter.redis_key(counter.DRAIN_LOCK))
    client.get(page.url, HTTP_USER_AGENT=BROWSER)
    counter.flush()  # the lock has expired: this worker drains
    assert PageViews.objects.get(page=page, sample=False).views == 3
    assert not redis_client.exists(counter.redis_key(counter.REDIS_HASH))


def test_translators_see_what_readers_open_most_that_is_not_translated(admin_client):
    PageViews.objects.all().delete()
    untranslated = GuidePage.objects.filter(locale__language_code="ps", alias_of__isnull=False).order_by("pk")[:6]
    assert len(untranslated) == 6
    today = timezone.localdate()
    for views, page in enumerate(untranslated, start=1):
        PageViews.objects.create(page=page, date=today, views=views * 10)
    PageViews.objects.create(page=guide(language="ps"), date=today, views=1000)  # translated: not listed
    ranking = dict(most_read_untranslated())["ps"]
    assert [views for *_rest, views in ranking] == [60, 50, 40, 30, 20]
    assert ranking[0][1] == untranslated[5].alias_of_id

    dashboard = soup(admin_client.get("/admin/"))
    panel = dashboard.select_one("#most-read-untranslated-content")
    assert panel is not None and untranslated[5].title in panel.get_text()
    assert panel.select_one(
        f'a[href="{reverse("wagtail_localize:submit_page_translation", args=[untranslated[5].alias_of_id])}"]'
    )

    table = soup(
        admin_client.get(
            reverse("translation_status_report"), {"language": "ps", "status": "not translated", "order": "readers"}
        )
    )
    titles = [" ".join(row.td.get_text().split()) for row in table.select("table tbody tr")]
    assert titles[0] == untranslated[5].alias_of.title and titles[1] == untranslated[4].alias_of.title


def test_the_demo_counts_are_labelled_as_samples(admin_client):
    assert PageViews.objects.filter(sample=True).exists()
    panel = soup(admin_client.get("/admin/")).select_one("#most-read-untranslated-content")
    assert "sample counts made by the demo content" in panel.get_text()
    PageViews.objects.filter(sample=True).delete()
    panel = soup(admin_client.get("/admin/")).select_one("#most-read-untranslated-content")
    assert "sample counts" not in panel.get_text()
