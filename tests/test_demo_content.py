"""The demo site holds what the content map lists, and loading it again
changes nothing an editor did."""

import re

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Page

from events.models import EventPage
from guides.models import GlossaryTerm, GuidePage, Office, TopicPage

from .helpers import CONTENT_MAP, demo, demo_guides

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
        guide = GuidePage.objects.get(slug=key)
        assert guide.live
        assert guide.get_parent().slug == topic, key
        assert isinstance(guide.get_parent().specific, TopicPage)


def test_guides_are_real_step_by_step_content():
    for guide in GuidePage.objects.all():
        assert len(guide.steps) >= 3, guide.slug
        for step in guide.steps:
            assert len(step.value["body"].source) > 80, (guide.slug, step.value["heading"])
        assert len(guide.sources) >= 1, guide.slug
        assert "lorem" not in guide.summary.lower()


def test_events_include_past_and_at_least_three_upcoming():
    now = timezone.now()
    assert EventPage.objects.live().count() >= 8
    assert EventPage.objects.live().filter(start__gte=now).count() >= 3
    assert EventPage.objects.live().filter(end__lt=now).exists()


def test_offices_and_glossary_hold_what_guides_need():
    for key in ("police-administration", "asylum-office", "rfzo-branch", "national-employment-service",
                "business-registers-agency", "qualifications-agency", "school-administration",
                "commissariat-for-refugees", "centre-for-social-work"):
        assert Office.objects.filter(slug=key).exists(), key
    for abbreviation in ("RFZO", "NES", "APR", "MoI", "SCRM", "ENIC/NARIC", "UNHCR", "IOM", "UASC", "CSO", "PPS", "ZUOV"):
        assert GlossaryTerm.objects.filter(abbreviation=abbreviation).exists(), abbreviation


def test_step_offices_are_directory_entries():
    for data in demo_guides():
        guide = GuidePage.objects.get(slug=data["key"])
        for step, step_data in zip(guide.steps, data["steps"]):
            office = step.value["office"]
            assert (office.slug if office else None) == step_data.get("office"), (data["key"], step_data["heading"])


def counts():
    return (Page.objects.count(), Office.objects.count(), GlossaryTerm.objects.count(), EventPage.objects.count())


def test_loading_again_creates_no_duplicates_and_keeps_edits():
    before = counts()

    guide = GuidePage.objects.get(slug="emergency-care")
    guide.title = "Emergency care: edited by an editor"
    guide.save_revision().publish()
    office = Office.objects.get(slug="rfzo-branch")
    office.opening_hours = "Mon–Fri 8–15 (checked by an editor)"
    office.save()
    GuidePage.objects.get(slug="learning-serbian").unpublish()

    call_command("load_demo_content", verbosity=0)

    assert counts() == before
    assert GuidePage.objects.get(slug="emergency-care").title == "Emergency care: edited by an editor"
    assert Office.objects.get(slug="rfzo-branch").opening_hours == "Mon–Fri 8–15 (checked by an editor)"
    assert not GuidePage.objects.get(slug="learning-serbian").live


def test_featured_guides_are_the_ones_home_yaml_names():
    from home.models import HomePage

    home = HomePage.objects.get()
    assert [block.value.slug for block in home.featured_guides] == demo("home.yaml")["featured"]
