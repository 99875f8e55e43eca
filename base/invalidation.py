"""Which addresses a change makes stale, purged from the full-page cache and
from a CDN alike (every backend in WAGTAILFRONTENDCACHE).

Wagtail's frontend_cache purges a published or unpublished page itself; a
page's HTML also shows other pages and snippets, so each change here purges
every page that shows it (`pages_showing`). An app whose snippets appear on
pages purges those pages itself with `purge_later` (e.g. guides.signals).
Purges run after the change is committed, so that no request can cache the
old version in between.
"""

import copy

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.models import Page, PageViewRestriction, ReferenceIndex
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move


def pages_showing(page):
    """`page` and every page that shows something of it: its translations
    (language switcher, hreflang), the listings above it (a topic lists its
    guides, the home page its topics, featured guides and coming events), the
    pages below it (breadcrumbs), the pages that link to it (related guides,
    links in text); and for a section in the menu, every page in its
    language, since the menu is on every page (and so is the footer: a page
    class that is linked from every page says `shown_on_every_page`)."""
    pages = [page]
    translations = list(Page.objects.filter(translation_key=page.translation_key).exclude(pk=page.pk))
    pages += translations
    pages += Page.objects.ancestor_of(page).filter(depth__gt=1)
    if page.depth == 3 and (page.show_in_menus or getattr(page.specific_class, "shown_on_every_page", False)):
        pages += Page.objects.descendant_of(page.get_parent())
    else:
        pages += Page.objects.descendant_of(page)
    pages += referring_pages([page, *translations])
    return pages


def referring_pages(objects):
    references = ReferenceIndex.get_references_to_in_bulk(objects)
    # object_id is text (it holds any model's key): compare as numbers here.
    page_ids = references.filter(base_content_type=ReferenceIndex._get_base_content_type(Page)).values_list(
        "object_id", flat=True
    )
    return Page.objects.filter(pk__in=[int(pk) for pk in page_ids])


def purge_later(pages=(), urls=()):
    """Purge after the current transaction commits (at once outside one)."""
    batch = PurgeBatch()
    batch.add_pages(page for page in pages if page.url_path)
    batch.add_urls(urls)
    transaction.on_commit(batch.purge)


def page_changed(instance, **kwargs):
    purge_later(pages_showing(instance))


def former_addresses(page, before):
    """Where `page` and the pages below it were, before `before` (the page as
    it was) changed its slug or place."""
    old_prefix, new_prefix = before.get_full_url(), page.get_full_url()
    if not (old_prefix and new_prefix):
        return []
    batch = PurgeBatch()
    batch.add_pages(Page.objects.descendant_of(page, inclusive=True))
    return [old_prefix + url[len(new_prefix) :] for url in batch.urls if url.startswith(new_prefix)]


def page_moved(instance, parent_page_before, url_path_before, **kwargs):
    before = copy.copy(instance)
    before.url_path = url_path_before
    old_listings = Page.objects.ancestor_of(parent_page_before, inclusive=True).filter(depth__gt=1)
    purge_later([*pages_showing(instance), *old_listings], former_addresses(instance, before))


def slug_changed(instance, instance_before, **kwargs):
    purge_later(urls=former_addresses(instance, instance_before))


def restriction_changed(instance, **kwargs):
    """A page made private or public again (the admin's privacy dialog): the
    page and what shows it, and the pages below it (the restriction covers
    them) with their translations (their language switchers)."""
    if kwargs.get("raw"):  # a fixture loading (loaddata, restore): other rows may not be there yet
        return
    try:
        page = instance.page
    except Page.DoesNotExist:  # the page itself is being deleted
        return
    covered = Page.objects.descendant_of(page, inclusive=True).values("translation_key")
    purge_later([*pages_showing(page), *Page.objects.filter(translation_key__in=covered)])


def connect():
    """Pages and their privacy. Snippets shown on pages are purged by the
    apps that own them (guides.signals), with purge_later and
    referring_pages."""
    page_published.connect(page_changed)
    page_unpublished.connect(page_changed)
    # Deleting a guide deletes its Page row too: one signal per page, from Page.
    post_delete.connect(page_changed, sender=Page)
    post_page_move.connect(page_moved)
    page_slug_changed.connect(slug_changed)
    post_save.connect(restriction_changed, sender=PageViewRestriction)
    post_delete.connect(restriction_changed, sender=PageViewRestriction)
