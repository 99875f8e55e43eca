"""Atom feeds of the guides' change notes (the dated notes editors write
when a change matters to readers: a fee, a deadline, a document), one per
language and one per topic. A small correction has no note and no entry."""

import datetime
import zoneinfo

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import get_language, gettext
from django.views.decorators.cache import cache_control

from guides.models import GuidePage, TopicPage

BELGRADE = zoneinfo.ZoneInfo("Europe/Belgrade")
ENTRIES = 50
# A note is written when its guide is published: the newest notes are on the
# guides published last, so a feed reads only these, however many guides
# there are.
GUIDES_READ = 200


class Change:
    def __init__(self, guide, block):
        self.guide, self.block = guide, block
        self.date = block.value["date"]
        self.note = block.value["note"]


def changes(guides):
    guides = guides.live().public().order_by("-last_published_at")[:GUIDES_READ]
    found = [Change(guide, block) for guide in guides for block in guide.change_notes]
    return sorted(found, key=lambda change: (change.date, change.guide.pk), reverse=True)[:ENTRIES]


class ChangesFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, topic_slug=None):
        self.request = request
        if topic_slug is None:
            return None
        topic = TopicPage.objects.live().public().filter(locale__language_code=get_language(), slug=topic_slug).first()
        if topic is None:
            raise Http404
        return topic

    def title(self, topic):
        heading = gettext("Changes to the guides")
        return f"{heading}: {topic.title} · Putokaz" if topic else f"{heading} · Putokaz"

    def subtitle(self, topic):
        return gettext("Step-by-step guides for newcomers to Serbia")

    def link(self, topic):
        return topic.get_full_url(self.request) if topic else home_url(self.request)

    def feed_url(self, topic):
        return self.link(topic) + "changes.atom"

    def items(self, topic):
        guides = (
            GuidePage.objects.child_of(topic)
            if topic
            else GuidePage.objects.filter(locale__language_code=get_language())
        )
        return changes(guides)

    def item_title(self, change):
        return change.guide.title

    def item_description(self, change):
        return change.note

    def item_link(self, change):
        return change.guide.get_full_url(self.request) + "#changes"

    def item_guid(self, change):
        return f"{change.guide.get_full_url(self.request)}#change-{change.block.id}"

    item_guid_is_permalink = False

    def item_updateddate(self, change):
        return datetime.datetime.combine(change.date, datetime.time(), tzinfo=BELGRADE)

    item_pubdate = item_updateddate


def home_url(request):
    from home.models import HomePage

    home = HomePage.objects.live().filter(locale__language_code=get_language()).first()
    if home is None:
        raise Http404
    return home.get_full_url(request)


# Feed readers and a CDN may keep a feed for a quarter of an hour.
changes_feed = cache_control(public=True, max_age=900)(ChangesFeed())
