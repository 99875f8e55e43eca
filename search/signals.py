"""Search documents follow their pages; cached vocabulary, synonyms and
lexicon follow the documents, synonyms, glossary, offices and topics."""

from functools import partial

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.models import PageViewRestriction
from wagtail.signals import page_published, page_unpublished, published

from .documents import remove_document, update_document, update_section
from .query import bump_version


def page_changed(sender, instance, **kwargs):
    update_document(instance)


def page_withdrawn(sender, instance, **kwargs):
    remove_document(instance)


def restriction_changed(sender, instance, **kwargs):
    """A private page leaves search, a public one comes back. After commit:
    the restriction may go because its page is being deleted, and a new
    document must not point at a page that is gone."""
    if kwargs.get("raw"):  # a fixture loading (loaddata, restore): update_index follows
        return
    transaction.on_commit(partial(update_section, instance.page_id))


def vocabulary_changed(sender, **kwargs):
    bump_version()


def topic_published(sender, instance, **kwargs):
    """A topic's title is in the lexicon (lexicon.py); a guide's words move
    the version on through its document's save."""
    from guides.models import TopicPage

    if isinstance(instance, TopicPage):
        bump_version()


def office_published(sender, instance, **kwargs):
    """A guide's document holds the names of the offices its steps send the
    reader to, as published: refresh the guides that point to any language's
    copy, after commit so that the Serbian Latin copy is written first."""
    from base.invalidation import referring_pages

    translations = list(type(instance).objects.filter(translation_key=instance.translation_key))
    transaction.on_commit(lambda: [update_document(page) for page in referring_pages(translations)])


def connect():
    from guides.models import GlossaryTerm, Office

    from .models import SearchDocument, Synonym

    page_published.connect(page_changed, dispatch_uid="search-page-published")
    page_unpublished.connect(page_withdrawn, dispatch_uid="search-page-unpublished")
    post_save.connect(restriction_changed, sender=PageViewRestriction, dispatch_uid="search-restriction-saved")
    post_delete.connect(restriction_changed, sender=PageViewRestriction, dispatch_uid="search-restriction-deleted")
    page_published.connect(topic_published, dispatch_uid="search-version-topic-published")
    published.connect(office_published, sender=Office, dispatch_uid="search-office-published")
    for model in (SearchDocument, Synonym, GlossaryTerm, Office):
        post_save.connect(vocabulary_changed, sender=model, dispatch_uid=f"search-version-save-{model.__name__}")
        post_delete.connect(vocabulary_changed, sender=model, dispatch_uid=f"search-version-delete-{model.__name__}")
