"""A generated corpus of guides for benchmarks: N guides spread over the
languages, each made of steps drawn from the demo guides of its language,
so its words are the portal's real vocabulary."""

import random

from django.db import transaction
from wagtail.models import Page

from guides.models import GuidePage, TopicPage


def generate_guides(count, seed=484):
    """Add `count` live guides (without revisions: this is load, not editing)
    under the topics of every language that has translated guides."""
    rng = random.Random(seed)
    sources = {}
    for guide in GuidePage.objects.live().filter(alias_of__isnull=True).select_related("locale"):
        sources.setdefault(guide.locale_id, []).append(guide)
    locales = sorted(sources)
    topics = {locale: list(TopicPage.objects.filter(locale_id=locale)) for locale in locales}
    created = 0
    with transaction.atomic():
        for number in range(count):
            locale = locales[number % len(locales)]
            originals = rng.sample(sources[locale], k=min(3, len(sources[locale])))
            steps = [step for original in originals for step in original.steps.raw_data]
            rng.shuffle(steps)
            steps = steps[: rng.randint(3, 8)]
            for step in steps:
                step.pop("id", None)
            first = originals[0]
            topic = rng.choice(topics[locale])
            guide = GuidePage(
                title=f"{steps[0]['value']['heading']} ({number})",
                slug=f"generated-{number}",
                summary=" ".join(original.summary for original in originals[:2]),
                audience=first.audience,
                steps=steps,
                sources=first.sources.raw_data,
                locale_id=locale,
                live=True,
                last_reviewed=first.last_reviewed,
            )
            topic.add_child(instance=guide)
            created += 1
    return created


def remove_generated():
    Page.objects.filter(slug__startswith="generated-").delete()
