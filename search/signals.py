"""Search documents follow their pages; cached vocabulary and synonyms
follow the documents, synonyms and glossary."""

from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published, page_unpublished

from .documents import remove_document, update_document
from .engine import bump_version


def page_changed(sender, instance, **kwargs):
    update_document(instance)


def page_withdrawn(sender, instance, **kwargs):
    remove_document(instance)


def vocabulary_changed(sender, **kwargs):
    bump_version()


def connect():
    from guides.models import GlossaryTerm

    from .models import SearchDocument, Synonym

    page_published.connect(page_changed, dispatch_uid="search-page-published")
    page_unpublished.connect(page_withdrawn, dispatch_uid="search-page-unpublished")
    for model in (SearchDocument, Synonym, GlossaryTerm):
        post_save.connect(vocabulary_changed, sender=model, dispatch_uid=f"search-version-save-{model.__name__}")
        post_delete.connect(vocabulary_changed, sender=model, dispatch_uid=f"search-version-delete-{model.__name__}")
