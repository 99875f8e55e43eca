"""Search results are kept in Django's cache until what they show changes.

Results are the same for every reader (only live, public pages are found),
so a query asked again in the same language is answered from the cache,
under its cleaned form (query.clean_query: the same text the engine is
given). The key carries a version (base.versions) that every save or delete
of anything a result shows or is ranked by moves on: pages (titles, slugs,
live, drafts too), search documents, synonyms, glossary terms, offices,
view restrictions, editors' picks, locales and sites, and every page move.
Exact without deciding which queries a change touched; a publish empties
every language's results, which a busy site refills in seconds.

Only light copies of the pages are kept (Shown): what a result shows."""

import hashlib
from dataclasses import dataclass, replace

from django.conf import settings
from django.core.cache import cache
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import BaseViewRestriction, Locale, Page, Site

from base import versions
from guides.models import GlossaryTerm, Office

from .models import SearchDocument, Synonym
from .query import clean_query

VERSION = "search-results"
SHOWN = (Page, SearchDocument, Synonym, GlossaryTerm, Office, BaseViewRestriction, Query, SearchPromotion, Locale, Site)


def connect():
    versions.follow(VERSION, SHOWN)


@dataclass(frozen=True)
class Shown:
    """What the search page, the API and suggestions show of a result's page."""

    pk: int
    title: str
    slug: str


def light(page):
    return page and Shown(pk=page.pk, title=page.title, slug=page.slug)


def key(raw_query, language, options):
    # The engine's settings too: results of one engine are not another's
    # (tests and benchmarks switch engines in one process).
    engine = repr(settings.WAGTAILSEARCH_BACKENDS.get("default"))
    digest = hashlib.sha256(f"{engine}\n{clean_query(raw_query)}".encode()).hexdigest()
    flags = ":".join(f"{name}={value}" for name, value in sorted(options.items()))
    return f"search-results:{versions.current(VERSION)}:{language}:{flags}:{digest}"


def kept(find, raw_query, language, **options):
    """find(raw_query, language, **options), from the cache when it holds
    the answer. An answer the engine could not complete (the database
    stood in) is not kept: the next query asks the engine again."""
    lifetime = settings.PAGE_CACHE_SECONDS
    if lifetime <= 0:
        return find(raw_query, language, **options)
    cache_key = key(raw_query, language, options)
    outcome = cache.get(cache_key)
    if outcome is None:
        outcome = find(raw_query, language, **options)
        outcome.results = [replace(r, page=light(r.page), target=light(r.target)) for r in outcome.results]
        if not outcome.incomplete:
            cache.set(cache_key, outcome, lifetime)
    return outcome
