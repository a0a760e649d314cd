"""One search for the whole site: proposals, ideas, consultations, news and pages, ranked.

Not a Django app: a library below every app (like `params`), so that features (the idea form's
"similar ideas nearby") and the top floor (cms's search page and `/api/v1/search/`) rank the
same way. It never imports the apps whose models it searches.

Ranking is Wagtail's search (django-modelsearch): PostgreSQL full-text search with the English
configuration on PostGIS (stemming: "buses" finds "bus"), SQLite FTS5 on the embedded default.
Small typos and run-together words are corrected against the words the index holds
(`spelling.py`, RapidFuzz), and the correction is shown ("Showing results for …").

A model joins the site search in one line of `settings.SEARCHABLE_MODELS`
("kind": "app_label.ModelName"); the model itself says what may be found and how a hit reads:

    class Idea(index.Indexed, models.Model):
        search_fields = [index.SearchField("title", boost=3), index.SearchField("description"),
                         index.FilterField("id")]

        @classmethod
        def search_visible(cls, user) -> QuerySet:      # what this reader may find
        @classmethod
        def search_in_area(cls, queryset, area) -> QuerySet:  # optional: area filter
        def search_result(self) -> dict:                # {"status": str, "text": plain text}

Kinds without `search_in_area` are left out when someone narrows to an area. Results are cached
under the content version (pagecache) per kind and audience: a model whose `search_visible`
differs between readers also defines `search_audience(user) -> str` naming the reader's group
(e.g. "staff"); without it every reader is in one audience. Hidden, held and
draft items must not be in `search_visible`; the tests in tests/sitesearch/ check each kind.
"""
