"""Serbian Latin follows Serbian Cyrillic: every time a Cyrillic page is
published or a Cyrillic snippet saved, its Latin translation is remade."""

from django.db.models.signals import post_save
from wagtail.models import Page, get_translatable_models
from wagtail.signals import page_published

from .translate import transliterate_to_latin


def transliterate_published_page(sender, instance, **kwargs):
    transliterate_to_latin(instance.specific)


def transliterate_saved_snippet(sender, instance, raw=False, **kwargs):
    if not raw:
        transliterate_to_latin(instance)


def connect():
    page_published.connect(transliterate_published_page, dispatch_uid="latin-pages")
    for model in get_translatable_models():
        if not issubclass(model, Page):
            post_save.connect(transliterate_saved_snippet, sender=model, dispatch_uid=f"latin-{model._meta.label}")
