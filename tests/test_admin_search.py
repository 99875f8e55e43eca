"""Every search box and chooser in the admin finds what an editor types, on
the database backend (SQLite or PostgreSQL) and on OpenSearch alike."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from guides.models import Office, TopicPage

from .helpers import english, soup, text

pytestmark = pytest.mark.django_db

INSURANCE = "Health insurance for foreigners: your four options"


def found(response):
    """The listing's or chooser's results as text (choosers answer JSON)."""
    assert response.status_code == 200, response.status_code
    if response["Content-Type"].startswith("application/json"):
        return " ".join(response.json()["html"].split())
    return text(soup(response))


@pytest.fixture
def picture():
    image = get_image_model().objects.create(title="Map of the Belgrade police station", file=get_test_image_file())
    yield image
    image.file.delete(save=False)


@pytest.fixture
def leaflet():
    document = get_document_model().objects.create(
        title="Asylum application leaflet", file=ContentFile(b"%PDF-1.4 leaflet", name="leaflet.pdf")
    )
    yield document
    document.file.delete(save=False)


def test_search_all_pages(admin_client, search_engine):
    response = admin_client.get(reverse("wagtailadmin_pages:search"), {"q": "health"})
    assert INSURANCE in found(response)


def test_search_all_pages_while_typing(admin_client, search_engine):
    """The dashboard's search suggests as the editor types a word's start."""
    response = admin_client.get(reverse("wagtailadmin_pages:search_results"), {"q": "insur"})
    assert INSURANCE in found(response)


def test_page_listing_search(admin_client, search_engine):
    health = english(TopicPage).get(slug="health")
    response = admin_client.get(reverse("wagtailadmin_explore", args=[health.pk]), {"q": "insurance"})
    assert INSURANCE in found(response)


def test_page_chooser_search(admin_client, search_engine):
    """The chooser behind "Related guides" and rich-text links."""
    response = admin_client.get(
        reverse("wagtailadmin_choose_page_search"), {"q": "health", "page_type": "guides.guidepage"}
    )
    assert INSURANCE in found(response)


def test_pages_of_a_type_search(admin_client, search_engine):
    """The "usage" listing of a page type (Reports → Page types → Guide)."""
    response = admin_client.get(
        reverse("wagtailadmin_pages:type_use", args=["guides", "guidepage"]), {"q": "insurance"}
    )
    assert INSURANCE in found(response)


def test_image_listing_and_chooser_search(admin_client, search_engine, picture):
    listing = admin_client.get(reverse("wagtailimages:index"), {"q": "police"})
    chooser = admin_client.get(reverse("wagtailimages_chooser:choose_results"), {"q": "police"})
    assert picture.title in found(listing) and picture.title in found(chooser)


def test_document_listing_and_chooser_search(admin_client, search_engine, leaflet):
    listing = admin_client.get(reverse("wagtaildocs:index"), {"q": "asylum"})
    chooser = admin_client.get(reverse("wagtaildocs_chooser:choose_results"), {"q": "asylum"})
    assert leaflet.title in found(listing) and leaflet.title in found(chooser)


def test_office_listing_and_chooser_search(admin_client, search_engine):
    office = english(Office).get(slug="russian-house")
    # A word still being typed finds it too, as in every other admin search.
    listing = admin_client.get(reverse("wagtailsnippets_guides_office:list"), {"q": "russ"})
    chooser = admin_client.get(reverse("wagtailsnippetchoosers_guides_office:choose_results"), {"q": "russ"})
    assert office.name in found(listing) and office.name in found(chooser)
