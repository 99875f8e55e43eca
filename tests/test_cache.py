"""The full-page cache: anonymous readers get stored pages, editors never
do, and a change empties exactly the pages that show it."""

import os
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from guides.models import GlossaryTerm, GuidePage, Office, Publication, TopicPage
from home.models import HomePage, InformationPage

from .helpers import english, soup

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 600


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Purges run when the change is committed; tests run inside a
    transaction that is rolled back, so commit callbacks run here."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def guide(slug, language="en"):
    return GuidePage.objects.get(slug=slug, locale__language_code=language)


def state(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.get("X-Page-Cache")


def test_a_reader_gets_the_stored_page_without_a_database_query(client):
    url = guide("emergency-care", "ru").url
    first = client.get(url)
    assert first["X-Page-Cache"] == "miss"
    assert "public" in first["Cache-Control"] and "s-maxage=600" in first["Cache-Control"]
    with CaptureQueriesContext(connection) as queries:
        second = client.get(url)
    assert second["X-Page-Cache"] == "hit" and len(queries) == 0
    assert second.content == first.content
    assert second["Content-Language"] == "ru" and second["Content-Type"].startswith("text/html")


def test_editors_drafts_and_previews_are_never_cached(client, admin_client, commit):
    page = guide("emergency-care")
    assert state(client, page.url) == "miss"
    # An editor (with a session) gets a freshly rendered page, with the user bar.
    editor_view = admin_client.get(page.url)
    assert "X-Page-Cache" not in editor_view and b"wagtail-userbar" in editor_view.content
    # A draft is shown in preview only; readers keep the published page.
    page.title = "Draft title nobody may see"
    page.save_revision()
    preview = admin_client.get(f"/admin/pages/{page.pk}/edit/preview/")
    assert "X-Page-Cache" not in preview
    assert b"Draft title nobody may see" not in client.get(page.url).content


def test_queries_and_errors_are_not_stored(client):
    assert state(client, guide("emergency-care").url + "?utm_source=sms") is None
    assert client.get("/en/no-such-page/").status_code == 404
    assert client.get("/en/no-such-page/").get("X-Page-Cache") is None


def test_publishing_a_guide_empties_it_its_translations_and_its_listings_only(client, commit):
    page, other = guide("emergency-care"), guide("enrolling-in-secondary-school")
    linking = guide("registering-your-stay")  # lists it under "Related guides"
    topic = page.get_parent()
    home = topic.get_parent()
    russian = guide("emergency-care", "ru")
    urls = [page.url, russian.url, topic.url, home.url, linking.url, other.url, other.get_parent().url]
    for url in urls:
        state(client, url)

    page.title = "Emergency care, checked again"
    with commit():
        page.save_revision().publish()

    assert "Emergency care, checked again" in soup(client.get(page.url)).h1.text
    # Its Russian translation (language switcher), topic and home listings.
    assert state(client, russian.url) == "miss"
    assert "Emergency care, checked again" in client.get(topic.url).content.decode()
    assert state(client, home.url) == "miss"
    assert "Emergency care, checked again" in client.get(linking.url).content.decode()
    # Pages that do not show it stay stored.
    assert state(client, other.url) == "hit"
    assert state(client, other.get_parent().url) == "hit"


def test_renaming_a_page_about_putokaz_empties_every_page_of_its_language(client, commit):
    """Its title is in every page's footer."""
    about = InformationPage.objects.get(slug="about", locale__language_code="ru")
    pages = [guide("emergency-care", "ru"), guide("emergency-care", "ru").get_parent(), about.get_parent()]
    for page in pages:
        state(client, page.url)

    about.title = "О проекте Putokaz"
    with commit():
        about.save_revision().publish()

    for page in pages:
        assert "О проекте Putokaz" in soup(client.get(page.url)).footer.get_text(), page.url


def test_unpublishing_moving_and_deleting_take_the_old_address_out(client, commit):
    page = guide("learning-serbian")
    topic = page.get_parent()
    state(client, page.url), state(client, topic.url)
    with commit():
        page.unpublish()
    assert client.get(page.url).status_code == 404
    assert page.title not in client.get(topic.url).content.decode()

    moved = guide("emergency-care")
    old_url, old_topic = moved.url, moved.get_parent()
    new_topic = english(TopicPage).exclude(pk=old_topic.pk).first()
    state(client, old_url), state(client, new_topic.url)
    with commit():
        moved.move(new_topic, pos="last-child")
    moved.refresh_from_db()
    # Wagtail leaves a redirect at the old address; the stored page is gone.
    assert client.get(old_url).status_code == 301 and client.get(old_url)["Location"] == moved.url
    assert moved.title in client.get(new_topic.url).content.decode()
    assert moved.title not in client.get(old_topic.url).content.decode()

    deleted = guide("registering-with-rfzo")
    deleted_url = deleted.url
    state(client, deleted_url)
    with commit():
        deleted.delete()
    assert client.get(deleted_url).status_code == 404


def test_a_new_translation_empties_the_source_page(client, commit):
    """The source page's language switcher now leads to the translation."""
    source = guide("seeking-asylum")
    state(client, source.url)
    translation = guide("seeking-asylum", "ar")
    with commit():
        translation.save_revision().publish()
    assert state(client, source.url) == "miss"


def test_editing_an_office_empties_the_guides_that_send_readers_there(client, commit):
    office = english(Office).get(slug="emergency-medical-service")
    page, russian, other = guide("emergency-care"), guide("emergency-care", "ru"), guide("registering-your-stay")
    directory = HomePage.objects.get(locale__language_code="en").get_children().get(slug="offices")
    for url in (page.url, russian.url, other.url, directory.url):
        state(client, url)
    office.phone = "194 (24 h)"
    with commit():
        office.save()
    assert "194 (24 h)" in client.get(page.url).content.decode()
    assert state(client, directory.url) == "miss"
    assert state(client, russian.url) == "miss"
    assert state(client, other.url) == "hit"


def test_filling_in_a_publication_empties_the_guides_that_cite_it(client, commit):
    news = Publication.objects.get(title__startswith="News stories")
    citing, russian, other = guide("seeking-asylum"), guide("seeking-asylum", "ru"), guide("emergency-care")
    for page in (citing, russian, other):
        state(client, page.url)
    news.publisher = "Commissariat for Refugees and Migration"
    with commit():
        news.save()
    assert "Commissariat for Refugees and Migration" in client.get(citing.url).content.decode()
    assert state(client, russian.url) == "miss"
    assert state(client, other.url) == "hit"


def test_editing_a_glossary_term_empties_the_guides(client, commit):
    term = english(GlossaryTerm).get(abbreviation="RFZO")
    page = guide("registering-with-rfzo")
    assert state(client, page.url) == "miss"
    term.full_name = "Republic Health Insurance Fund (checked)"
    with commit():
        term.save()
    assert 'title="Republic Health Insurance Fund (checked)"' in client.get(page.url).content.decode()


def test_a_cdn_is_asked_to_purge_the_changed_pages_in_every_language(client, settings, commit):
    settings.WAGTAILFRONTENDCACHE = {
        **settings.WAGTAILFRONTENDCACHE,
        "proxy": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": "http://cdn.internal:6081",
        },
    }
    page, other = guide("emergency-care"), guide("enrolling-in-secondary-school")
    with mock.patch("wagtail.contrib.frontend_cache.backends.http.urlopen") as urlopen, commit():
        page.save_revision().publish()
    requests = [call.args[0] for call in urlopen.call_args_list]
    assert requests and {request.get_method() for request in requests} == {"PURGE"}
    purged = {(request.host, request.selector) for request in requests}
    host = requests[0].host
    for language in ("en", "ru", "uk", "sr", "sr-latn", "ar", "fa", "ps", "ur"):
        assert (host, f"/{language}/health/emergency-care/") in purged
        assert (host, f"/{language}/health/") in purged
        assert (host, f"/{language}/") in purged
    assert not any(path.endswith(other.slug + "/") for _, path in purged)


def test_with_the_cache_server_down_pages_are_served_uncached(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",  # nothing listens there
            "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.2, "SOCKET_TIMEOUT": 0.2},
        }
    }
    page = guide("emergency-care", "uk")
    for _ in range(2):
        response = client.get(page.url)
        assert response.status_code == 200 and response["X-Page-Cache"] == "miss"
    assert client.post(f"/uk/feedback/{page.pk}/", {"helpful": "yes"}).status_code == 302


def redis_url():
    import redis

    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/14")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=0.5).ping()
    except redis.RedisError:
        pytest.skip(f"no Redis at {url} (TEST_REDIS_URL): the Redis cache is not tested")
    return url


def test_pages_are_stored_in_redis_and_emptied_there(client, settings, commit):
    settings.CACHES = {
        "default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": redis_url(), "KEY_PREFIX": "putokaz-test"}
    }
    from django.core.cache import cache

    cache.clear()
    page = guide("temporary-residence", "sr")
    assert state(client, page.url) == "miss"
    assert state(client, page.url) == "hit"
    with commit():
        page.save_revision().publish()
    assert state(client, page.url) == "miss"
    cache.clear()


def test_pages_are_stored_compressed_for_browsers_that_take_gzip_and_plain_for_others(client, commit):
    import gzip

    page = guide("emergency-care", "fa")
    plain = client.get(page.url)
    compressed = [client.get(page.url, HTTP_ACCEPT_ENCODING="gzip, deflate, br") for _ in range(2)]
    assert [r["X-Page-Cache"] for r in compressed] == ["miss", "hit"]
    assert compressed[1]["Content-Encoding"] == "gzip" and "Accept-Encoding" in compressed[1]["Vary"]
    assert gzip.decompress(compressed[1].content) == plain.content
    again = client.get(page.url)
    assert again["X-Page-Cache"] == "hit" and "Content-Encoding" not in again and again.content == plain.content
    with commit():
        page.save_revision().publish()
    assert client.get(page.url, HTTP_ACCEPT_ENCODING="gzip")["X-Page-Cache"] == "miss"
    assert client.get(page.url)["X-Page-Cache"] == "miss"
