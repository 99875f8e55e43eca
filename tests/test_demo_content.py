"""The demo site holds what the content map lists, and loading it again
changes nothing an editor did."""

import re

import pytest
import yaml
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Page

from cultural_events.models import EventPage
from guides.models import GlossaryTerm, GuidePage, Office, TopicPage
from languages.transliteration import to_latin
from search.models import Synonym

from .helpers import CONTENT_MAP, DEMO_EN, demo, demo_guides, english

pytestmark = pytest.mark.django_db


def content_map_guides():
    """(topic slug, guide key) pairs from ../shared/content-map.md."""
    if not CONTENT_MAP.exists():
        pytest.skip(f"{CONTENT_MAP} is not beside the project")
    pairs, topic = [], None
    for line in CONTENT_MAP.read_text(encoding="utf-8").splitlines():
        heading = re.match(r"### .*topic slug `([a-z-]+)`", line)
        if heading:
            topic = heading.group(1)
        row = re.match(r"\| `([a-z0-9-]+)` \|", line)
        if row and topic:
            pairs.append((topic, row.group(1)))
    return pairs


def test_every_guide_in_the_content_map_exists_under_its_topic():
    pairs = content_map_guides()
    assert len(pairs) >= 18
    for topic, key in pairs:
        guide = english(GuidePage).get(slug=key)
        assert guide.live
        assert guide.get_parent().slug == topic, key
        assert isinstance(guide.get_parent().specific, TopicPage)


def test_guides_are_real_step_by_step_content():
    for guide in english(GuidePage).all():
        assert len(guide.steps) >= 3, guide.slug
        for step in guide.steps:
            assert len(step.value["body"].source) > 80, (guide.slug, step.value["heading"])
        assert len(guide.sources) >= 1, guide.slug
        assert "lorem" not in guide.summary.lower()


def test_events_include_past_and_at_least_three_upcoming():
    now = timezone.now()
    assert english(EventPage).live().count() >= 8
    assert english(EventPage).live().filter(start__gte=now).count() >= 3
    assert english(EventPage).live().filter(end__lt=now).exists()


def test_offices_and_glossary_hold_what_guides_need():
    for key in (
        "police-administration",
        "asylum-office",
        "rfzo-branch",
        "national-employment-service",
        "business-registers-agency",
        "qualifications-agency",
        "school-administration",
        "commissariat-for-refugees",
        "centre-for-social-work",
    ):
        assert english(Office).filter(slug=key).exists(), key
    for abbreviation in (
        "RFZO",
        "NES",
        "APR",
        "MoI",
        "SCRM",
        "ENIC/NARIC",
        "UNHCR",
        "IOM",
        "UASC",
        "CSO",
        "PPS",
        "ZUOV",
    ):
        assert english(GlossaryTerm).filter(abbreviation=abbreviation).exists(), abbreviation


def test_step_offices_are_directory_entries():
    for data in demo_guides():
        guide = english(GuidePage).get(slug=data["key"])
        for step, step_data in zip(guide.steps, data["steps"], strict=True):
            office = step.value["office"]
            assert (office.slug if office else None) == step_data.get("office"), (data["key"], step_data["heading"])


def counts():
    """language → (pages, offices, glossary terms, events) in that language."""
    return {
        code: (
            Page.objects.filter(locale__language_code=code, depth__gt=1).count(),  # not the tree's root
            Office.objects.filter(locale__language_code=code).count(),
            GlossaryTerm.objects.filter(locale__language_code=code).count(),
            EventPage.objects.filter(locale__language_code=code).count(),
        )
        for code, _ in settings.LANGUAGES
    }


def test_loading_again_creates_no_duplicates_and_keeps_edits():
    before = counts()
    # Every page, office and term exists once in each of the nine languages.
    assert len(before) == 9
    assert set(before.values()) == {before["en"]}, before

    guide = english(GuidePage).get(slug="emergency-care")
    guide.title = "Emergency care: edited by an editor"
    guide.save_revision().publish()
    office = english(Office).get(slug="rfzo-branch")
    office.opening_hours = "Mon–Fri 8–15 (checked by an editor)"
    office.save()
    english(GuidePage).get(slug="learning-serbian").unpublish()
    # ...and by translators in the new languages.
    pashto = GuidePage.objects.get(slug="seeking-asylum", locale__language_code="ps")
    pashto.title = "پناه غوښتل (د ژباړونکي سمون)"
    pashto.save_revision().publish()
    urdu_term = GlossaryTerm.objects.filter(locale__language_code="ur").first()
    urdu_term.full_name = "ترجمہ نگار کی اصلاح"
    urdu_term.save()
    synonyms = Synonym.objects.count()
    assert synonyms

    call_command("load_demo_content", verbosity=0)

    assert counts() == before
    assert Synonym.objects.count() == synonyms
    assert english(GuidePage).get(slug="emergency-care").title == "Emergency care: edited by an editor"
    assert english(Office).get(slug="rfzo-branch").opening_hours == "Mon–Fri 8–15 (checked by an editor)"
    assert not english(GuidePage).get(slug="learning-serbian").live
    assert GuidePage.objects.get(pk=pashto.pk).title == "پناه غوښتل (د ژباړونکي سمون)"
    assert GlossaryTerm.objects.get(pk=urdu_term.pk).full_name == "ترجمہ نگار کی اصلاح"


def demo_translations():
    """(language, guide file) for every translated guide in demo/<language>/guides/."""
    return [
        (folder.name, path)
        for folder in sorted(DEMO_EN.parent.iterdir())
        if folder.is_dir() and folder.name != "en" and (folder / "guides").is_dir()
        for path in sorted((folder / "guides").glob("*.yaml"))
    ]


def test_every_translated_demo_guide_is_a_live_translation_in_its_language():
    """What a translator wrote is what the reader gets: a translation, not the
    English stand-in (Serbian Latin is made from the Cyrillic)."""
    translations = demo_translations()
    languages = {language for language, _ in translations}
    assert languages == {code for code, _ in settings.LANGUAGES} - {"en", "sr-latn"}
    for language, path in translations:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for code in [language] + (["sr-latn"] if language == "sr" else []):
            page = GuidePage.objects.get(slug=data["key"], locale__language_code=code)
            assert page.live and page.alias_of_id is None, (code, data["key"])
            assert page.title == (to_latin(data["title"]) if code == "sr-latn" else data["title"]), (code, data["key"])
    # Arabic and Farsi translate every guide; Pashto and Urdu six.
    per_language = {language: sum(1 for code, _ in translations if code == language) for language in languages}
    guides = len(demo_guides())
    assert per_language["ar"] == per_language["fa"] == guides
    assert per_language["ps"] == per_language["ur"] == 6


def test_featured_guides_are_the_ones_home_yaml_names():
    from home.models import HomePage

    home = english(HomePage).get()
    assert [block.value.slug for block in home.featured_guides] == demo("home.yaml")["featured"]
