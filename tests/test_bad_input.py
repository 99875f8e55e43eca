"""Arbitrary input on every public endpoint: no answer is a server error,
and nothing is written but what readers are meant to write (feedback and
anonymous search statistics)."""

import string
from urllib.parse import quote

import pytest
from django.apps import apps
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from feedback.models import Feedback
from guides.models import GuidePage

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "sr", "sr-latn", "ru", "uk", "ar", "fa", "ps", "ur", "xx", ""]
INTENDED_WRITES = {"feedback.feedback", "search.searchquerystat", "search.searchclick", "readership.pageviews"}
EXAMPLES = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Text a reader or a bot may send: any Unicode (RTL marks, emoji, NUL,
# surrogate-free), long runs, and URL and HTML metacharacters.
text = st.one_of(
    st.text(max_size=60),
    st.text(alphabet=string.printable + "%&?#=/<>\"'\\;", max_size=60),
    st.sampled_from(["", "%", "%00", "%ff%fe", "../../etc/passwd", "<script>", "' OR 1=1 --", "\u202e", "\x00"]),
    st.integers(min_value=1000, max_value=30_000).map(lambda n: "я" * n),  # huge
)
raw_bytes = st.binary(max_size=200)
headers = st.fixed_dictionaries(
    {},
    optional={
        "HTTP_ACCEPT_LANGUAGE": text,
        "HTTP_COOKIE": text,
        "HTTP_USER_AGENT": text,
        "HTTP_REFERER": text,
        "HTTP_X_FORWARDED_FOR": text,
        "HTTP_IF_NONE_MATCH": text,
        "HTTP_IF_MODIFIED_SINCE": text,
        "HTTP_ACCEPT_ENCODING": text,
        "HTTP_RANGE": text,
    },
)


def safe_header(value):
    # The WSGI layer carries headers as latin-1; anything else never arrives.
    return value.encode("latin-1", "replace").decode("latin-1").replace("\n", " ").replace("\r", " ")


def counts():
    return {
        model._meta.label_lower: model._default_manager.count()
        for model in apps.get_models()
        if not model._meta.proxy and model._meta.managed
    }


@pytest.fixture
def unchanged_but_intended():
    before = counts()
    yield
    after = counts()
    changed = {label for label in before if before[label] != after[label]}
    assert changed <= INTENDED_WRITES, changed - INTENDED_WRITES


def check(response):
    assert response.status_code < 500, (response.status_code, response.content[:500])


@pytest.fixture(scope="module")
def guide_paths(django_db_blocker):
    with django_db_blocker.unblock():
        return [guide.url for guide in GuidePage.objects.live().filter(slug__in=["emergency-care", "seeking-asylum"])]


@given(language=st.sampled_from(LANGUAGES), path=text, query=st.dictionaries(text, text, max_size=4), extra=headers)
@EXAMPLES
def test_pages_in_every_language(client, unchanged_but_intended, language, path, query, extra):
    extra = {key: safe_header(value) for key, value in extra.items()}
    # Clients send paths percent-encoded; what the encoding allows, arrives.
    for url in (
        f"/{language}/",
        f"/{language}/health/emergency-care/",
        f"/{language}/{quote(path, safe='/;=')}",
        f"/{language}/events/",
    ):
        check(client.get(url, query, **extra))
        check(client.head(url, **extra))


@given(
    language=st.sampled_from(LANGUAGES),
    q=text,
    other=st.dictionaries(st.sampled_from(["page", "lang", "limit", "topic", "q"]), text, max_size=3),
    extra=headers,
)
@EXAMPLES
def test_search_page_api_and_suggestions(client, unchanged_but_intended, language, q, other, extra):
    extra = {key: safe_header(value) for key, value in extra.items()}
    check(client.get(f"/{language or 'en'}/search/", {"q": q, **other}, **extra))
    check(client.get("/api/search/", {"q": q, "lang": language, **other}, **extra))
    check(client.get("/api/search/suggest/", {"q": q, "lang": language, **other}, **extra))
    check(client.get(f"/{language or 'en'}/search/go/{abs(hash(q)) % 10_000}/", {"q": q, "next": q}, **extra))


API_PARAMETERS = [
    "locale", "type", "topic", "slug", "fields", "order", "limit", "offset", "translation_key",
    "translation_of", "child_of", "descendant_of", "rich_text_format", "kind", "city", "abbreviation",
    "id", "html_path", "search", "site",
]  # fmt: skip
numbers = st.integers(min_value=-(10**30), max_value=10**30).map(str)


@given(
    endpoint=st.sampled_from(["pages/", "offices/", "glossary/", "pages/find/", "offices/find/", ""]),
    item=st.one_of(st.integers(min_value=-5, max_value=10**25), st.sampled_from([None])),
    query=st.dictionaries(st.sampled_from(API_PARAMETERS) | text, text | numbers, max_size=5),
    extra=headers,
)
@EXAMPLES
def test_content_api(client, unchanged_but_intended, endpoint, item, query, extra):
    extra = {key: safe_header(value) for key, value in extra.items()}
    path = f"/api/v2/{endpoint}" if item is None or endpoint.endswith("find/") else f"/api/v2/{endpoint}{item}/"
    response = client.get(path, query, **extra)
    check(response)
    if response.status_code in (400, 404) and response["Content-Type"] == "application/json":
        assert response.json()["message"]
    check(client.options(path, **extra))


@given(
    page_id=st.one_of(st.integers(min_value=-5, max_value=10**12), st.sampled_from([None])),
    data=st.dictionaries(
        st.sampled_from(["helpful", "comment", "website", "csrfmiddlewaretoken", "x"]), text, max_size=4
    ),
    body=raw_bytes,
    content_type=st.sampled_from(
        ["application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/json", "text/plain"]
    ),
    extra=headers,
)
@EXAMPLES
def test_feedback_posts(client, unchanged_but_intended, page_id, data, body, content_type, extra):
    extra = {key: safe_header(value) for key, value in extra.items()}
    target = page_id if page_id is not None else GuidePage.objects.live().first().pk
    for url in (f"/ru/feedback/{target}/", f"/ru/feedback/{target}/comment/", f"/ru/feedback/{target}/thanks/"):
        check(client.post(url, data, **extra))
        check(client.post(url, body, content_type=content_type, **extra))
        check(client.get(url, data, **extra))
    # Whatever was sent, a stored comment is within its limit.
    assert all(len(comment) <= 1000 for comment in Feedback.objects.values_list("comment", flat=True))


@given(language=st.sampled_from(LANGUAGES), code=text, next_url=text, name=text, extra=headers)
@EXAMPLES
def test_calendar_files_and_language_switch(client, unchanged_but_intended, language, code, next_url, name, extra):
    extra = {key: safe_header(value) for key, value in extra.items()}
    check(client.get(f"/{language}/events/feed.ics", **extra))
    check(client.get(f"/{language}/events/{quote(name, safe='')}/event.ics", **extra))
    response = client.get(f"/language/{quote(code, safe='')}/", {"next": next_url}, **extra)
    check(response)
    if response.status_code in (301, 302):
        # Never sent to another site.
        location = response["Location"]
        assert location.startswith("/") and not location.startswith("//"), location
