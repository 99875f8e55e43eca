"""The search synonyms in the admin's Snippets: the words, the language
they hold in (empty: every language) and the editors' note, filtered by
language."""

from wagtail.admin.ui.tables import UpdatedAtColumn
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Synonym


class SynonymViewSet(SnippetViewSet):
    model = Synonym
    icon = "list-ul"
    list_display = ["__str__", "language", "note", UpdatedAtColumn()]
    list_filter = ["language"]
    search_fields = ["terms", "note"]
    search_backend_name = None  # a few dozen rows: the database searches them
