"""One rule for the reader's address (base/client.py) behind every rate
limit and the sign-in lockout; the search page and result clicks are
rate-limited too; one query's spelling work is bounded (issue 13, item 8)."""

from unittest import mock

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import User
from django.test.utils import override_settings
from django.urls import reverse

from guides.models import GuidePage
from search import query
from search.models import SearchClick

from .helpers import english, text

pytestmark = pytest.mark.django_db

CDN = "203.0.113.10"  # the proxy every request arrives from


def api(client, **headers):
    return client.get("/api/search/", {"q": "school", "lang": "en"}, REMOTE_ADDR=CDN, **headers).status_code


@override_settings(SEARCH_API_RATE="2/m", PROXY_COUNT=1)
def test_behind_a_proxy_two_readers_get_separate_buckets(client):
    anna = {"HTTP_X_FORWARDED_FOR": "198.51.100.1"}
    boris = {"HTTP_X_FORWARDED_FOR": "198.51.100.2"}
    assert [api(client, **anna) for _ in range(3)] == [200, 200, 429]
    assert api(client, **boris) == 200
    # Anna cannot escape her bucket by prepending a made-up address: only
    # the entry the proxy added counts.
    assert api(client, HTTP_X_FORWARDED_FOR="10.0.0.99, 198.51.100.1") == 429


@override_settings(SEARCH_API_RATE="2/m", PROXY_COUNT=0)
def test_without_proxy_count_a_forged_forwarded_for_gives_no_new_bucket(client):
    assert [api(client, HTTP_X_FORWARDED_FOR=f"10.0.0.{n}") for n in range(3)] == [200, 200, 429]


@override_settings(PROXY_COUNT=1, AXES_FAILURE_LIMIT=2)
def test_sign_in_lockout_uses_the_same_address(client):
    User.objects.create_user("vera", password="the right passphrase", is_staff=True)

    def sign_in(reader):
        return client.post(
            reverse("wagtailadmin_login"),
            {"username": "vera", "password": "wrong"},
            REMOTE_ADDR=CDN,
            HTTP_X_FORWARDED_FOR=reader,
        ).status_code

    assert [sign_in("198.51.100.1") for _ in range(2)][-1] == 429
    # Another reader behind the same proxy is not locked out.
    assert sign_in("198.51.100.2") != 429


@override_settings(SEARCH_API_RATE="2/m")
def test_the_search_page_is_rate_limited_with_a_page_in_the_readers_language(client):
    for _ in range(2):
        assert client.get("/ru/search/", {"q": "школа"}).status_code == 200
    response = client.get("/ru/search/", {"q": "школа"})
    assert response.status_code == 429 and response["Retry-After"] == "60"
    page = BeautifulSoup(response.content, "html.parser")
    assert page.html["lang"] == "ru"
    assert text(page.find("h1")) == "Слишком много запросов. Подождите минуту и попробуйте снова."
    assert page.select_one("header") is not None  # the site's own layout, not a bare error
    assert client.get("/ru/search/", {"q": "школа"}, REMOTE_ADDR="10.9.8.7").status_code == 200


@override_settings(SEARCH_API_RATE="2/m")
def test_result_clicks_are_rate_limited_but_still_lead_to_the_page(client):
    guide = english(GuidePage).get(slug="emergency-care")
    url = reverse("search_click", args=[guide.pk])
    for _ in range(4):
        response = client.get(url, {"q": "ambulance"})
        assert response.status_code == 302 and response["Location"] == guide.url
    assert SearchClick.objects.get(query="ambulance", page=guide).clicks == 2


def test_one_query_corrects_a_bounded_number_of_words():
    known = query.vocabulary("en")
    originals = [word for word in sorted(known) if len(word) >= 8 and word.isalpha()][:10]
    # Each one letter short: every one would be corrected without the cap.
    typos = [word[:3] + word[4:] for word in originals]
    assert not set(typos) & set(known)
    with mock.patch.object(query.process, "extract", wraps=query.process.extract) as extract:
        corrected, changes = query.correct_spelling(typos, "en")
    assert extract.call_count == query.MAX_CORRECTED_WORDS < len(typos)
    # The first words are still corrected as before; the rest are left as typed.
    cap = query.MAX_CORRECTED_WORDS
    assert len(changes) == cap
    assert all(corrected[i] in known and corrected[i] != typos[i] for i in range(cap))
    assert corrected[cap:] == typos[cap:]
