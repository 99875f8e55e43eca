"""Reports editors work from: guides by review status and translations whose
source changed. What readers said about each guide is feedback/reports.py."""

from types import SimpleNamespace

import django_filters
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import OuterRef, Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.models import Page
from wagtail_localize.models import Translation

from base.reports import EditorsReportView
from guides.models import GuidePage, TopicPage
from languages.status import is_outdated, made_at, taken_from_source_at

from .review import STATUS_LABELS, by_guide, guides_to_review, last_reviewers
from .translation_status import KINDS, ORIGINAL, STATES, counts, source_pages, status_rows

LANGUAGES = [(code, name) for code, name in settings.LANGUAGES]


def topic_choices():
    return [
        (topic.slug, topic.title) for topic in TopicPage.objects.filter(locale__language_code=settings.LANGUAGE_CODE)
    ]


class GuideFilterSet(WagtailFilterSet):
    locale = django_filters.ChoiceFilter(
        label=_("Language"), field_name="locale__language_code", choices=LANGUAGES, empty_label=_("All")
    )
    topic = django_filters.ChoiceFilter(
        label=_("Topic"), choices=topic_choices, method="filter_topic", empty_label=_("All")
    )

    class Meta:
        model = GuidePage
        fields = ["locale", "topic"]

    def filter_topic(self, queryset, name, value):
        topics = TopicPage.objects.filter(slug=value)
        return (
            queryset.filter(Q(*[Q(path__startswith=topic.path) for topic in topics], _connector=Q.OR))
            if topics
            else queryset
        )


class GuideReviewReport(EditorsReportView):
    page_title = _("Guides by review status")
    header_icon = "time"
    model = GuidePage
    filterset_class = GuideFilterSet
    index_url_name = "guide_review_report"
    index_results_url_name = "guide_review_report_results"
    columns = [
        TitleColumn("title", label=_("Guide"), url_name="wagtailadmin_pages:edit"),
        Column("languages", label=_("Languages")),
        Column("topic", label=_("Topic")),
        Column("last_reviewed", label=_("Last reviewed")),
        Column("next_review", label=_("Next review")),
        Column("status", label=_("Status")),
        Column("reviewed_by", label=_("Reviewed by")),
    ]
    list_export = ["title", "languages", "topic", "last_reviewed", "next_review", "status", "reviewed_by"]
    export_headings = {
        "title": _("Guide"),
        "languages": _("Languages"),
        "topic": _("Topic"),
        "last_reviewed": _("Last reviewed"),
        "next_review": _("Next review"),
        "status": _("Status"),
        "reviewed_by": _("Reviewed by"),
    }

    def get_queryset(self):
        return guides_to_review()

    def get_filtered_queryset(self):
        """One row per guide that passes the filters, with all its languages."""
        keys = self.filter_queryset(self.get_queryset()).values("translation_key")
        return rows_for(list(self.get_queryset().filter(translation_key__in=keys)))


def rows_for(versions):
    today = timezone.localdate()
    topics = dict(
        Page.objects.filter(path__in={v.path[: -Page.steplen] for v in versions}).values_list("path", "title")
    )
    reviewers = last_reviewers(versions)
    rows = []
    for guide in by_guide(versions, today):
        entries = [reviewers[v.pk] for v in guide.versions if v.pk in reviewers]
        entry = max(entries, key=lambda entry: entry.timestamp) if entries else None
        rows.append(
            SimpleNamespace(
                pk=guide.lead.pk,
                title=guide.lead.title,
                languages=", ".join(guide.languages),
                topic=topics.get(guide.lead.path[: -Page.steplen], ""),
                last_reviewed=guide.last_reviewed,
                next_review=guide.next_review,
                status=str(STATUS_LABELS[guide.status]),
                status_key=guide.status,
                reviewed_by=(entry.user.get_full_name() or entry.user.get_username()) if entry and entry.user else "",
            )
        )
    order = {"overdue": 0, "due soon": 1, "current": 2}
    return sorted(rows, key=lambda row: (order[row.status_key], row.next_review or today, row.title))


class OutdatedTranslationsFilterSet(WagtailFilterSet):
    target_locale = django_filters.ChoiceFilter(
        label=_("Language"), field_name="target_locale__language_code", choices=LANGUAGES, empty_label=_("All")
    )

    class Meta:
        model = Translation
        fields = ["target_locale"]


class OutdatedTranslationsReport(EditorsReportView):
    """Translations whose source was published after the text they show
    was taken from it: the list a language's translators work through."""

    page_title = _("Outdated translations")
    header_icon = "globe"
    model = Translation
    filterset_class = OutdatedTranslationsFilterSet
    index_url_name = "outdated_translations_report"
    index_results_url_name = "outdated_translations_report_results"
    columns = [
        TitleColumn("title", label=_("Page"), url_name="wagtailadmin_pages:edit"),
        Column("language", label=_("Language")),
        Column("source_changed", label=_("Original changed")),
        Column("synced", label=_("Translation synced")),
    ]
    list_export = ["title", "language", "source_changed", "synced"]

    def get_queryset(self):
        return Translation.objects.filter(enabled=True).select_related("source", "target_locale")

    def get_filtered_queryset(self):
        translations = list(self.filter_queryset(self.get_queryset()))
        # Every page involved, in one query: (translation key, locale) → page.
        keys = {translation.source.object_id for translation in translations}
        pages = Page.objects.filter(translation_key__in=keys).annotate(made_at=made_at(OuterRef("live_revision_id")))
        pages = {(page.translation_key, page.locale_id): page for page in pages}
        rows = []
        for translation in translations:
            key = translation.source.object_id
            source = pages.get((key, translation.source.locale_id))
            target = pages.get((key, translation.target_locale_id))
            if source is None or target is None or not source.last_published_at:
                continue
            # The same rule as the readers' notice (languages/status.py).
            taken_at = taken_from_source_at(translation.source.last_updated_at, target.made_at)
            if is_outdated(source, taken_at):
                rows.append(
                    SimpleNamespace(
                        pk=target.pk,
                        title=target.title,
                        language=translation.target_locale.language_code,
                        source_changed=source.last_published_at,
                        synced=taken_at,
                    )
                )
        return sorted(rows, key=lambda row: row.source_changed)


class TranslationStatusFilterSet(WagtailFilterSet):
    kind = django_filters.ChoiceFilter(
        label=_("Kind"),
        choices=[(kind, label) for kind, (_model, label) in KINDS.items()],
        method="filter_kind",
        empty_label=_("All"),
    )
    topic = django_filters.ChoiceFilter(
        label=_("Topic"), choices=topic_choices, method="filter_topic", empty_label=_("All")
    )
    # Both read the computed cells: applied to the rows, not the query.
    language = django_filters.ChoiceFilter(
        label=_("Language"), choices=LANGUAGES[1:], method="on_rows", empty_label=_("Any")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[(state, label) for state, label in STATES.items() if state != ORIGINAL],
        method="on_rows",
        empty_label=_("Any"),
    )
    order = django_filters.ChoiceFilter(
        label=_("Order"),
        choices=[("readers", _("Most read first (last 30 days)"))],
        method="on_rows",
        empty_label=_("As in the page tree"),
    )

    class Meta:
        model = Page
        fields = ["kind", "topic", "language", "status", "order"]

    def filter_kind(self, queryset, name, value):
        return queryset.filter(content_type=ContentType.objects.get_for_model(KINDS[value][0]))

    def filter_topic(self, queryset, name, value):
        topic = TopicPage.objects.filter(slug=value, locale__language_code=settings.LANGUAGE_CODE).first()
        return queryset.filter(path__startswith=topic.path) if topic else queryset

    def on_rows(self, queryset, name, value):
        return queryset


class LanguageColumn(Column):
    """A language's cell: its state, and a link that does the next thing."""

    cell_template_name = "editorial/translation_cell.html"

    def get_value(self, instance):
        return instance.cells.get(self.name)


class TranslationStatusReport(EditorsReportView):
    """Which pages each language's readers get in their language, which
    are outdated, in review or missing (shown in English), with the next
    step a link away."""

    page_title = _("Translation status")
    header_icon = "globe"
    model = Page
    filterset_class = TranslationStatusFilterSet
    index_url_name = "translation_status_report"
    index_results_url_name = "translation_status_report_results"
    results_template_name = "editorial/translation_status_results.html"
    paginate_by = 100

    @cached_property
    def columns(self):
        return [
            TitleColumn("title", label=_("Page"), url_name="wagtailadmin_pages:edit"),
            Column("kind_label", label=_("Kind")),
            Column("topic", label=_("Topic")),
            *(LanguageColumn(code, label=name) for code, name in settings.LANGUAGES),
        ]

    @cached_property
    def list_export(self):
        return ["title", "kind_label", "topic", *(f"cells.{code}" for code, _name in settings.LANGUAGES)]

    @cached_property
    def export_headings(self):
        return {
            "title": _("Page"),
            "kind_label": _("Kind"),
            "topic": _("Topic"),
            **{f"cells.{code}": name for code, name in settings.LANGUAGES},
        }

    def get_queryset(self):
        return source_pages()

    def get_filtered_queryset(self):
        rows = status_rows(self.filter_queryset(self.get_queryset()))
        self.counts = counts(rows)
        data = self.filters.form.cleaned_data if self.filters and self.filters.is_valid() else {}
        language, status = data.get("language"), data.get("status")
        if status:
            codes = [language] if language else [code for code, _name in LANGUAGES[1:]]
            rows = [row for row in rows if any(row.cells[code].state == status for code in codes)]
        if data.get("order") == "readers":
            # "The guides Farsi readers open most that are not translated."
            rows.sort(key=lambda row: row.views(language), reverse=True)
        return rows

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        names = dict(settings.LANGUAGES)
        context["language_counts"] = [(names[code], total) for code, total in self.counts.items()]
        return context
