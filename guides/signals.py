"""Offices, glossary terms and publications appear on pages: a change to one purges the
pages that show it, in every language that shows it (a language without its
own translation shows the source)."""

from django.db.models.signals import post_delete, post_save

from base import versions
from base.invalidation import purge_later, referring_pages

from .blocks import SNIPPETS
from .models import GLOSSARY, GlossaryPage, GlossaryTerm, GuidePage, Office, OfficeDirectoryPage, Publication


def snippet_changed(instance, **kwargs):
    if kwargs.get("raw"):  # a fixture loading (loaddata, restore): other rows may not be there yet
        return
    if isinstance(instance, Publication):  # one for every language: cited by guides' sources
        purge_later(referring_pages([instance]))
        return
    translations = list(type(instance).objects.filter(translation_key=instance.translation_key))
    if isinstance(instance, Office):
        pages = [*referring_pages(translations), *OfficeDirectoryPage.objects.all()]
    elif isinstance(instance, GlossaryTerm):
        # Any guide may use the abbreviation (explained where it appears).
        pages = [*GuidePage.objects.all(), *GlossaryPage.objects.all(), *referring_pages(translations)]
    else:
        return
    purge_later(pages)


def connect():
    # What pages keep of them (base.versions): moved on by any save, even
    # while the demo loader holds the purges back.
    versions.follow(GLOSSARY, GlossaryTerm)
    versions.follow(SNIPPETS, (Office, Publication))
    for model in (Office, GlossaryTerm, Publication):
        post_save.connect(snippet_changed, sender=model)
        post_delete.connect(snippet_changed, sender=model)
