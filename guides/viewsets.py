"""The office directory, the glossary and the publications sources cite, in
the admin's Snippets. Wagtail
adds the language column's filter itself (both are translatable), so only
what is not a language is listed in list_filter."""

from wagtail.admin.ui.tables import LocaleColumn, UpdatedAtColumn
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import GlossaryTerm, Office, Publication


class OfficeViewSet(SnippetViewSet):
    model = Office
    list_display = ["name", "kind", "city", "phone", LocaleColumn(), UpdatedAtColumn()]
    list_filter = ["kind"]
    # Searched through the search backend (Office is indexed, with autocomplete on
    # the name), so a word still being typed finds it, as in the chooser.


class GlossaryTermViewSet(SnippetViewSet):
    model = GlossaryTerm
    list_display = ["abbreviation", "full_name", LocaleColumn(), UpdatedAtColumn()]
    # Not in the search index (a few dozen rows): the database searches these.
    search_fields = ["abbreviation", "full_name", "explanation"]
    search_backend_name = None


class PublicationViewSet(SnippetViewSet):
    model = Publication
    icon = "doc-full"
    list_display = ["title", "publisher", "published", "covers_from", "language", UpdatedAtColumn()]
    list_filter = ["language"]
    search_fields = ["title", "publisher"]
    search_backend_name = None
