"""The database search index's title weights, kept without scanning the index
on every save.

modelsearch weighs a title match by title_norm = lavg / ld (the average title
length over the whole index over this title's length). After every save it
computes lavg again over every entry and then looks for entries whose norm
is still the default 1.0, two scans of the whole table: at 10,000 guides
they were most of a publish (140 of 246 ms), and grew with the site.

Here lavg is kept in the cache for an hour (computed the same way on a
miss; one save moves it by about 1/N), and only the entries just written
get their norm, by their key. Upstream never refreshes older entries on
a save either, and on SQLite leaves an edited title's norm as it was; here
every written entry is refreshed. `update_index` still rewrites them all
from an exact lavg (full=True), as upstream does."""

from django.core.cache import cache
from django.db.models import Avg, F
from django.db.models.functions import Length
from modelsearch.utils import get_content_type_pk

AVERAGE_KEY = "search:title-length-average"
AVERAGE_SECONDS = 3600


class SteadyTitleNormsMixin:
    """For a modelsearch database index class (SQLite, PostgreSQL)."""

    _adding = False

    def average_title_length(self):
        average = cache.get(AVERAGE_KEY)
        if average is None:
            average = (
                self.entries.annotate(title_length=Length("title"))
                .filter(title_length__gt=0)
                .aggregate(Avg("title_length"))["title_length__avg"]
            )
            if average is not None:
                cache.set(AVERAGE_KEY, average, AVERAGE_SECONDS)
        return average

    def add_items(self, model, objs):
        self._adding = True
        try:
            super().add_items(model, objs)
        finally:
            self._adding = False
        average = self.average_title_length()
        if average is None or not model.get_search_fields():
            return
        written = self.entries.filter(
            content_type_id=get_content_type_pk(model), object_id__in=[str(obj.pk) for obj in objs]
        )
        written.annotate(title_length=Length("title")).filter(title_length__gt=0).update(
            title_norm=average / F("title_length")
        )

    def _refresh_title_norms(self, full=False):
        if full:
            cache.delete(AVERAGE_KEY)
            super()._refresh_title_norms(full=True)
        elif not self._adding:
            super()._refresh_title_norms(full=False)
