"""The reader's languages in templates: the switcher, hreflang alternates,
lang/dir attributes, and the notices for untranslated or outdated pages."""

from dataclasses import dataclass

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.html import conditional_escape, format_html
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, get_language_bidi, get_language_info
from wagtail.models import Site

from base import versions

from ..fallback import text_language
from ..rich_text import isolate_ltr_runs as isolated_runs
from ..status import reader_status

register = template.Library()


@register.filter
def bcp47(language_code):
    """Django's sr-latn is sr-Latn in HTML's lang and hreflang."""
    parts = (language_code or "").split("-")
    return "-".join([parts[0]] + [part.title() if len(part) == 4 else part.upper() for part in parts[1:]])


# Open Graph names a locale language_TERRITORY: each language's where most
# of its readers live (Facebook's list has ar_AR for Arabic).
OG_LOCALES = {
    "en": "en_GB",
    "sr": "sr_RS",
    "sr-latn": "sr_RS",
    "ru": "ru_RU",
    "uk": "uk_UA",
    "ar": "ar_AR",
    "fa": "fa_IR",
    "ps": "ps_AF",
    "ur": "ur_PK",
}


@register.filter
def og_locale(language_code):
    return OG_LOCALES.get(language_code, (language_code or "").replace("-", "_"))


@register.filter
def og_alternates(alternate_pages, language_code):
    """og:locale:alternate values: the other languages the page is in, each
    once (Serbian Cyrillic and Latin share sr_RS)."""
    own = og_locale(language_code)
    return sorted({og_locale(code) for code, _url in alternate_pages} - {own})


@register.filter
def text_direction(language_code):
    return "rtl" if get_language_info(language_code)["bidi"] else "ltr"


@register.filter
def language_name(language_code):
    """A language's name in that language, as a reader looks for it."""
    return dict(settings.LANGUAGES).get(language_code, language_code)


def _other_language(written_in):
    """The language code of text written in `written_in` (a page, a snippet
    or a language code) when it is not the reader's language, else None."""
    code = written_in if isinstance(written_in, str) else text_language(written_in)
    return code if code and code != get_language() else None


@register.filter
def lang_attrs(written_in):
    """` lang=".." dir=".."` for an element holding text in another language
    than the page's (an English fallback on an Arabic page), else nothing:
    screen readers switch voice and the text's own direction is isolated."""
    code = _other_language(written_in)
    return format_html(' lang="{}" dir="{}"', bcp47(code), text_direction(code)) if code else ""


@register.filter(needs_autoescape=True)
def isolate(value, written_in, autoescape=True):
    """Inline text (a title, a name) written in `written_in`: as it is when
    that is the reader's language, else in <bdi lang dir>, so an English
    title on a right-to-left page keeps its quotes and punctuation in place."""
    text = conditional_escape(value) if autoescape else value
    code = _other_language(written_in)
    if not code:
        return text
    return format_html('<bdi lang="{}" dir="{}">{}</bdi>', bcp47(code), text_direction(code), text)


@dataclass(frozen=True)
class Translation:
    """The page in one language, as the switcher and hreflang links show it."""

    language: str
    url: str
    full_url: str
    own_text: bool  # live, with text of its own (not an untranslated stand-in)


def translations_of(page, request):
    """The page in every language (translations and stand-ins): the switcher
    and the hreflang links both need them. Kept per worker until a page,
    site or locale changes (base.versions.PAGES)."""
    site = Site.find_for_request(request) if request is not None else None

    def build():
        pages = page.get_translations(inclusive=True).select_related("locale")
        return [
            Translation(
                p.locale.language_code, p.get_url(request), p.get_full_url(request), p.live and not p.alias_of_id
            )
            for p in pages
        ]

    key = f"translations:{site.pk if site else None}:{page.translation_key}"
    return versions.kept(versions.PAGES, key, build, versions.PAGES_SECONDS)


def same_address_in(path, current, code):
    """The address under another language's prefix. Every reader-facing
    address starts with its language and no pattern is translated
    (portal/urls.py), so this is Django's translate_url without a resolve
    and a reverse per language (0.8 ms of a search page)."""
    prefix = f"/{current}/"
    return f"/{code}/{path[len(prefix) :]}" if path.startswith(prefix) else translate_url(path, code)


@register.simple_tag(takes_context=True)
def language_versions(context):
    """For the switcher: (code, name, url, current) for every language. A page
    leads to the same page in the other language (its translation or, where
    there is none yet, its untranslated stand-in); other views to their own
    address under the other prefix."""
    request = context.get("request")
    page = context.get("page")
    current = get_language()
    translations = {}
    if page is not None and getattr(page, "pk", None):
        translations = {version.language: version.url for version in translations_of(page, request)}
    choices = []
    for code, name in settings.LANGUAGES:
        url = translations.get(code)
        if url is None:
            url = same_address_in(request.get_full_path(), current, code) if request is not None else f"/{code}/"
        switch = f"/language/{code}/?{urlencode({'next': url})}"
        choices.append({"code": code, "name": name, "url": url, "switch": switch, "current": code == current})
    return choices


@register.simple_tag(takes_context=True)
def alternates(context):
    """<link rel=alternate hreflang> targets: the page's real translations
    only (an untranslated stand-in repeats its source and is not one)."""
    page = context.get("page")
    request = context.get("request")
    if page is None or not getattr(page, "pk", None):
        return []
    return [(version.language, version.full_url) for version in translations_of(page, request) if version.own_text]


@register.simple_tag(takes_context=True)
def page_translation_status(context, page):
    if page is None or not getattr(page, "pk", None):
        return None
    return reader_status(page, context.get("request"))


@register.filter
def shown_in_source(translation, path):
    """The source language of a field a partly translated page still shows
    in it (for lang_attrs), else None: `translation|shown_in_source:"summary"`."""
    return translation.language_of(path) if translation else None


@register.filter(is_safe=True)
def isolate_ltr_runs(value):
    """Text or HTML a reader sees on a right-to-left page, with its runs of
    Latin or Cyrillic words and numbers in <bdi dir="ltr"> (or an element
    holding only such a run given dir="ltr"): "(dom zdravlja)", «Hitna
    pomoć», a phone number or "08:00–15:00" keep their order inside Arabic
    script, with no stylesheet. Left-to-right pages get the text unchanged."""
    html = conditional_escape(value if isinstance(value, str) else str(value))
    if not get_language_bidi():
        return html
    return mark_safe(isolated_runs(html))  # noqa: S308 (escaped above; only <bdi> and dir added)
