"""Translations that go through review (settings.TRANSLATIONS_NEED_REVIEW).

wagtail-localize's translation editor can only publish: its strings are kept
as the translator types them, and "Publish" writes them into the page. A
translator without the right to publish instead submits the translation for
review: the strings become a draft revision of the page, the live page stays
as readers see it, and the review workflow takes it from there (a reviewer
approves, which publishes that revision, or asks for changes)."""

from django.conf import settings
from wagtail.models import Page
from wagtail_localize.fields import copy_synchronised_fields
from wagtail_localize.models import Translation, TranslationLog
from wagtail_localize.segments.ingest import ingest_segments


def translations_need_review():
    return settings.TRANSLATIONS_NEED_REVIEW


def page_translation(page):
    """The synced translation that makes `page`, or None."""
    return (
        Translation.objects.filter(
            source__object_id=page.translation_key, target_locale_id=page.locale_id, enabled=True
        )
        .select_related("source", "target_locale")
        .first()
    )


def may_submit_for_review(page, user):
    """A page made by a synced translation, that the user may edit but not
    publish (who may publish uses the editor's own "Publish")."""
    if page.alias_of_id:
        return False
    permissions = page.permissions_for_user(user)
    return permissions.can_edit() and not permissions.can_publish() and page_translation(page) is not None


def save_translation_draft(translation, user):
    """A draft revision of the translated page from the strings translated so
    far (the source's text where none is yet), as wagtail-localize's
    `create_or_update_translation` makes one, but without writing them into
    the live page: its `save()` would show them to readers before review."""
    source, locale = translation.source, translation.target_locale
    original = source.as_instance()
    page = source.get_translated_instance(locale)
    copy_synchronised_fields(original, page)
    # wagtail-localize 1.14 has no public way to get the segments with fallbacks.
    segments = source._get_segments_for_translation(locale, fallback=True)
    ingest_segments(original, page, source.locale, locale, segments)
    revision = page.save_revision(user=user)
    TranslationLog.objects.create(source=source, locale=locale, revision=revision)
    return revision


def submit_for_review(page, user):
    """Save the translation as a draft and put it in front of the reviewers.
    A translation already waiting is withdrawn first, so that reviewers
    always see the latest text (the draft just saved)."""
    page = Page.objects.get(pk=page.pk).specific
    save_translation_draft(page_translation(page), user)
    workflow = page.get_workflow()
    state = page.current_workflow_state
    if state is not None:
        state.cancel(user=user)
    return workflow.start(page, user)
