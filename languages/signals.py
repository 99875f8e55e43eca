"""Serbian Latin follows Serbian Cyrillic: every time a Cyrillic page is
published or a Cyrillic snippet saved (published, for one with drafts), its
Latin translation is remade."""

from django.db.models.signals import post_save
from wagtail.models import Page, get_translatable_models
from wagtail.signals import page_published

from .translate import transliterate_to_latin


def transliterate_published_page(sender, instance, **kwargs):
    transliterate_to_latin(instance.specific)


def transliterate_saved_snippet(sender, instance, raw=False, update_fields=None, **kwargs):
    # A save of some fields only is a draft's bookkeeping (save_revision
    # records the latest revision): the instance in memory holds the draft,
    # which readers must not get in Latin either.
    if not raw and update_fields is None:
        transliterate_to_latin(instance)


def connect():
    page_published.connect(transliterate_published_page, dispatch_uid="latin-pages")
    for model in get_translatable_models():
        if not issubclass(model, Page):
            post_save.connect(transliterate_saved_snippet, sender=model, dispatch_uid=f"latin-{model._meta.label}")
