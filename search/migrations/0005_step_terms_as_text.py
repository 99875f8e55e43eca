from django.db import migrations

BATCH = 200


def converted(apps, convert):
    SearchDocument = apps.get_model("search", "SearchDocument")
    ids = list(SearchDocument.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH):
        documents = list(SearchDocument.objects.filter(pk__in=ids[start : start + BATCH]).only("step_terms"))
        for document in documents:
            document.step_terms = [convert(step) for step in document.step_terms]
        SearchDocument.objects.bulk_update(documents, ["step_terms"])


def terms_as_text(apps, schema_editor):
    """Each step's terms as one string, terms between spaces (search.results.step_score)."""
    converted(apps, lambda step: step if isinstance(step, str) else " ".join(step))


def terms_as_lists(apps, schema_editor):
    converted(apps, lambda step: step.split() if isinstance(step, str) else step)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0004_steps_as_written"),
    ]

    operations = [
        migrations.RunPython(terms_as_text, terms_as_lists),
    ]
