"""What the server gives offline reading (issue 18): the manifest in each
language, the service worker from the site's root, the offline and saved
pages in the reader's language, a topic's whole list of guides, and
`private` on every answer the phone must not keep. (In Chromium:
tests/test_offline.py.)"""

import json

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.contrib.staticfiles import finders
from wagtail.models import PageViewRestriction

from guides.models import GuidePage, TopicPage

from .helpers import english

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "language, direction, description",
    [
        ("en", "ltr", "Step-by-step guides for newcomers to Serbia"),
        ("fa", "rtl", "راهنماهای گام‌به‌گام برای تازه‌واردان به صربستان"),
        ("uk", "ltr", "Покрокові інструкції для тих, хто переїхав до Сербії"),
    ],
)
def test_the_manifest_speaks_the_readers_language_and_starts_there(client, language, direction, description):
    response = client.get(f"/{language}/manifest.webmanifest")
    assert response.status_code == 200 and response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["lang"] == language and manifest["dir"] == direction
    assert manifest["description"] == description
    assert manifest["start_url"] == f"/{language}/" and manifest["display"] == "standalone"
    sizes = {icon["sizes"] for icon in manifest["icons"] if icon["type"] == "image/png"}
    assert {"192x192", "512x512"} <= sizes
    for icon in manifest["icons"]:  # files there are (the test client serves no static files)
        assert finders.find(icon["src"].removeprefix(settings.STATIC_URL)), icon["src"]
    # Each page names its language's manifest.
    page = client.get(f"/{language}/").content.decode()
    assert f'<link rel="manifest" href="/{language}/manifest.webmanifest">' in page


def test_the_worker_comes_from_the_root_never_stale_and_names_this_releases_files(client):
    response = client.get("/sw.js")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/javascript")
    assert "no-cache" in response["Cache-Control"]
    body = response.content.decode()
    assert '"/static/css/putokaz.css"' in body and '"/static/offline/offline.js"' in body
    assert f"var LIMIT = {int(settings.OFFLINE_STORAGE_MB * 1024 * 1024)};" in body


def test_a_new_storage_cap_is_a_new_worker_version(client, settings):
    before = client.get("/sw.js").content.decode()
    settings.OFFLINE_STORAGE_MB = 5
    after = client.get("/sw.js").content.decode()
    version = [line for line in before.splitlines() if line.startswith("var VERSION")]
    assert version and version[0] not in after


def test_the_offline_and_saved_pages_are_in_the_readers_language(client):
    offline = client.get("/ru/offline/").content.decode()
    assert "<h1>Вы не в сети</h1>" in offline and 'lang="ru"' in offline
    saved = client.get("/ar/saved/").content.decode()
    assert "محفوظ على هذا الهاتف" in saved and 'dir="rtl"' in saved
    assert "امسح كل شيء من هذا الهاتف" in saved


def test_save_a_topic_lists_every_guide_in_the_readers_language_not_one_page_of_them(client, monkeypatch):
    monkeypatch.setattr(TopicPage, "guides_per_page", 1)
    topic = TopicPage.objects.get(slug="health", locale__language_code="ps")
    data = client.get(f"/ps/offline/topic/{topic.pk}/").json()
    guides = list(topic.guides())
    assert len(guides) > 1
    assert data["pages"] == [topic.url] + [guide.url for guide in guides]
    assert all(url.startswith("/ps/health/") for url in data["pages"])
    # The topic page offers it, pointing at that list.
    page = client.get("/ps/health/").content.decode()
    assert f'data-list="/ps/offline/topic/{topic.pk}/"' in page


def test_save_a_topic_that_is_not_there_is_a_404(client):
    guide = english(GuidePage).first()
    assert client.get(f"/en/offline/topic/{guide.pk}/").status_code == 404
    assert client.get("/en/offline/topic/999999/").status_code == 404


def test_a_page_is_marked_private_for_a_signed_in_editor_a_session_or_a_private_page(client):
    public = client.get("/en/health/emergency-care/")
    assert "private" not in public.get("Cache-Control", "")

    guide = english(GuidePage).get(slug="emergency-care")
    restriction = PageViewRestriction.objects.create(page=guide, restriction_type="password", password="x" * 12)
    assert "private" in client.get(guide.url)["Cache-Control"]
    restriction.delete()

    client.cookies[settings.SESSION_COOKIE_NAME] = "an-anonymous-session"
    assert "private" in client.get("/en/health/emergency-care/")["Cache-Control"]
    client.cookies.pop(settings.SESSION_COOKIE_NAME)

    client.force_login(User.objects.create_superuser("offline-editor", password="x" * 20))
    assert "private" in client.get("/en/health/emergency-care/")["Cache-Control"]


def test_a_guide_carries_what_the_checklist_keeps_its_ticks_under(client):
    guide = GuidePage.objects.get(slug="emergency-care", locale__language_code="uk")
    page = client.get(guide.url).content.decode()
    ids = ",".join(block.id for block in guide.steps)
    assert f'data-guide="{guide.translation_key}" data-step-ids="{ids}"' in page
    # The same keys as the English guide: ticks hold in every language.
    english_guide = english(GuidePage).get(slug="emergency-care")
    assert [block.id for block in english_guide.steps] == [block.id for block in guide.steps]
