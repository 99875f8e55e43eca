"""Rendering a guide costs a fixed number of database queries, whatever
its size: a long guide must not be slower per step on a small server."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from guides.models import GlossaryTerm, GuidePage, Office

pytestmark = pytest.mark.django_db


def make_guide(language, steps, related):
    """A guide with `steps` steps, each sending the reader to an office,
    linking to another guide and using glossary abbreviations, plus
    `related` related guides; published in `language` like an editor would."""
    source = GuidePage.objects.get(slug="registering-your-stay", locale__language_code=language)
    topic = source.get_parent()
    offices = list(Office.objects.filter(locale=source.locale))
    guides = list(GuidePage.objects.live().filter(locale=source.locale).exclude(pk=source.pk))
    terms = [term.abbreviation for term in GlossaryTerm.objects.filter(locale=source.locale)[:5]]
    body = []
    for number in range(steps):
        linked = guides[number % len(guides)]
        body.append(
            (
                "step",
                {
                    "heading": f"Step {number}",
                    "body": f'<p>Ask for {" and ".join(terms)}; see <a linktype="page" id="{linked.pk}">{linked.title}</a>.</p>',
                    "documents": ["Passport", f"{terms[0]} form"],
                    "office": offices[number % len(offices)],
                    "cost": "",
                    "duration": "",
                    "tip": f"Bring {terms[-1]}.",
                    "warning": "",
                },
            )
        )
    guide = GuidePage(
        title=f"Long guide {steps}",
        slug=f"long-guide-{steps}",
        summary=f"About {terms[0]}.",
        steps=body,
        related_guides=[("guide", page) for page in guides[:related]],
        locale=source.locale,
    )
    topic.add_child(instance=guide)
    guide.save_revision().publish()
    return guide


def queries_to_render(client, url):
    client.get(url)  # per-process caches (site root paths, locales) warmed
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), [q["sql"] for q in queries]


@pytest.mark.parametrize("language", ["en", "ru", "ar"])
def test_a_guide_of_3_steps_and_one_of_30_take_the_same_queries(client, language):
    short, long = make_guide(language, 3, 1), make_guide(language, 30, 8)
    short_count, short_sql = queries_to_render(client, short.url)
    long_count, long_sql = queries_to_render(client, long.url)
    extra = sorted({sql[:160] for sql in long_sql} - {sql[:160] for sql in short_sql})
    assert long_count == short_count, "\n".join(extra)
