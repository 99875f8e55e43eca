"""A generated corpus of guides for benchmarks: N guides spread over the
languages, each made of steps drawn from the demo guides of its language,
so its words are the portal's real vocabulary.

The guides are written in bulk: their tree paths are worked out here, the
page rows go in with one bulk insert per thousand, and each guide's own row
with a raw save (no signals: this is load, not editing). Saving them one by
one through Wagtail (`add_child`) cost 94 ms a guide at 10,000, growing with
the corpus; the search documents and index are then built in bulk by the
caller (bench/pages.py), as `update_index` does."""

import random
import uuid

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from wagtail.models import Page

from guides.models import GuidePage, TopicPage

BATCH = 1000


def generate_guides(count, seed=484):
    """Add `count` live guides (without revisions) under the topics of every
    language that has translated guides."""
    rng = random.Random(seed)
    sources = {}
    for guide in GuidePage.objects.live().filter(alias_of__isnull=True).select_related("locale"):
        sources.setdefault(guide.locale_id, []).append(guide)
    locales = sorted(sources)
    topics = {locale: list(TopicPage.objects.filter(locale_id=locale).order_by("path")) for locale in locales}
    # The next free child number under each topic (a tree path step).
    next_child = {
        topic.pk: Page._str2int(last.path[-Page.steplen :]) + 1 if (last := topic.get_last_child()) else 1
        for topic_list in topics.values()
        for topic in topic_list
    }
    content_type = ContentType.objects.get_for_model(GuidePage)
    now = timezone.now()
    guides, added = [], {}
    for number in range(count):
        locale = locales[number % len(locales)]
        originals = rng.sample(sources[locale], k=min(3, len(sources[locale])))
        steps = [dict(step) for original in originals for step in original.steps.raw_data]
        rng.shuffle(steps)
        steps = steps[: rng.randint(3, 8)]
        for step in steps:
            step["id"] = str(uuid.UUID(int=rng.getrandbits(128)))
        first = originals[0]
        topic = rng.choice(topics[locale])
        child = next_child[topic.pk]
        next_child[topic.pk] += 1
        added[topic.pk] = added.get(topic.pk, 0) + 1
        title = f"{steps[0]['value']['heading']} ({number})"
        slug = f"generated-{number}"
        guides.append(
            GuidePage(
                title=title,
                draft_title=title,
                slug=slug,
                content_type=content_type,
                path=Page._get_path(topic.path, topic.depth + 1, child),
                depth=topic.depth + 1,
                numchild=0,
                url_path=f"{topic.url_path}{slug}/",
                locale_id=locale,
                translation_key=uuid.UUID(int=rng.getrandbits(128)),
                live=True,
                has_unpublished_changes=False,
                first_published_at=now,
                last_published_at=now,
                summary=" ".join(original.summary for original in originals[:2]),
                audience=first.audience,
                steps=steps,
                sources=first.sources.raw_data,
                last_reviewed=first.last_reviewed,
            )
        )
    with transaction.atomic():
        for start in range(0, len(guides), BATCH):
            batch = guides[start : start + BATCH]
            # Django does not bulk-insert a model with a parent table: the
            # Page rows in bulk, then each guide's own row.
            pages = Page.objects.bulk_create([Page(**page_fields(guide)) for guide in batch])
            for guide, page in zip(batch, pages, strict=True):
                guide.page_ptr_id = guide.id = page.pk
                guide.save_base(raw=True, force_insert=True)
        for topic_id, children in added.items():
            Page.objects.filter(pk=topic_id).update(numchild=Page.objects.get(pk=topic_id).numchild + children)
    return len(guides)


def page_fields(guide):
    return {
        field.attname: getattr(guide, field.attname) for field in Page._meta.concrete_fields if field.attname != "id"
    }


def remove_generated():
    Page.objects.filter(slug__startswith="generated-").delete()
