"""Ranked search over the models in settings.SEARCHABLE_MODELS, as one reader may see them."""

from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.db.models import Model, QuerySet
from modelsearch.backends import get_search_backend
from modelsearch.query import And, Or, PlainText

from pagecache import cached_object

from . import spelling
from .snippets import Segment, snippet

PER_KIND = 5  # hits per kind on the "everything" page
MAX_PAGE = 20


@dataclass(frozen=True)
class Kind:
    slug: str
    model: type[Model]

    @property
    def label(self) -> str:
        return str(self.model._meta.verbose_name_plural).capitalize()

    @property
    def has_areas(self) -> bool:
        return hasattr(self.model, "search_in_area")


@dataclass
class Hit:
    kind: str
    title: str
    url: str
    status: str
    snippet: list[Segment]
    score: float


@dataclass
class Group:
    kind: Kind
    count: int
    hits: list[Hit]


@dataclass
class Results:
    query: str
    corrected: str  # "" when the query was searched as typed
    groups: list[Group]

    @property
    def total(self) -> int:
        return sum(group.count for group in self.groups)


def kinds() -> dict[str, Kind]:
    """The searchable kinds, in settings order: {"ideas": Kind("ideas", Idea), …}."""
    return {slug: Kind(slug, apps.get_model(label)) for slug, label in settings.SEARCHABLE_MODELS.items()}


def query_for(options: list[list[str]], *, operator: str = "and"):
    """Every word (or one of its alternatives) must match with "and"; any with "or"."""
    parts = [Or([PlainText(w) for w in choice]) if len(choice) > 1 else PlainText(choice[0]) for choice in options]
    if len(parts) == 1:
        return parts[0]
    return And(parts) if operator == "and" else Or(parts)


def ranked(queryset: QuerySet, options: list[list[str]], *, operator: str = "and"):
    """`queryset` ranked by relevance to the query words (a lazy, sliceable result set).

    The reader's rules are applied first as a plain id filter, so any ORM filter (visibility,
    distance, areas) works with the search backend, which only filters on indexed fields.
    """
    model = queryset.model
    candidates = model._default_manager.filter(pk__in=queryset.values("pk"))
    return get_search_backend().search(query_for(options, operator=operator), candidates).annotate_score("_score")


MAX_MATCHES = 1000  # a list narrowed by a query keeps its best 1,000 matches


def matching(queryset: QuerySet, query: str) -> QuerySet:
    """`queryset` narrowed to what the site search finds for `query`, in the list's own order
    (the lists' search box: same words, same corrections, same index as the site search)."""
    options, _corrected = spelling.correct(query)
    if not options:
        return queryset
    hits = ranked(queryset, options)
    if not hits.count() and len(options) > 1:
        hits = ranked(queryset, options, operator="or")
    return queryset.filter(pk__in=[obj.pk for obj in hits[:MAX_MATCHES]])


def most_similar(queryset: QuerySet, text: str, *, limit: int) -> list[int]:
    """Ids of the `limit` items of `queryset` most like `text` (any of its longer words)."""
    options = [choice for choice in spelling.correct(text)[0] if len(choice[0]) > 3]
    if not options:
        return []
    return [obj.pk for obj in ranked(queryset, options, operator="or")[:limit]]


def search(
    query: str, *, user, kinds_wanted: list[str] | None = None, area=None, offset: int = 0, limit: int = PER_KIND
) -> Results:
    """The reader's hits for `query`, grouped by kind, each group ranked, groups by best hit."""
    options, corrected = spelling.correct(query)
    if not options:
        return Results(query=query, corrected="", groups=[])
    chosen = [kind for slug, kind in kinds().items() if not kinds_wanted or slug in kinds_wanted]
    if area is not None:
        chosen = [kind for kind in chosen if kind.has_areas]
    groups = _groups(chosen, options, user=user, area=area, offset=offset, limit=limit, operator="and")
    if not any(group.count for group in groups) and len(options) > 1:
        groups = _groups(chosen, options, user=user, area=area, offset=offset, limit=limit, operator="or")
    groups = [group for group in groups if group.count]
    # Kinds by their best hit. PostgreSQL's rank grows with relevance, SQLite's BM25 is negative
    # and falls with it: the size of the score is comparable on both.
    groups.sort(key=lambda group: -(abs(group.hits[0].score) if group.hits else 0))
    return Results(query=query, corrected=corrected, groups=groups)


def _groups(chosen, options, *, user, area, offset, limit, operator) -> list[Group]:
    return [
        _group(kind, options, user=user, area=area, offset=offset, limit=limit, operator=operator) for kind in chosen
    ]


def _group(kind: Kind, options, *, user, area, offset, limit, operator) -> Group:
    """One kind's hits, shared by every reader in the same audience until content changes
    (pagecache: the content version moves on every write to what search shows)."""
    audience = kind.model.search_audience(user) if hasattr(kind.model, "search_audience") else "everyone"
    parts = (kind.slug, audience, options, operator, area.pk if area else None, offset, limit)

    def compute() -> tuple[int, list[Hit]]:
        visible = kind.model.search_visible(user)
        if area is not None:
            visible = kind.model.search_in_area(visible, area)
        results = ranked(visible, options, operator=operator)
        terms = [w for choice in options for w in choice]
        hits = [_hit(kind, obj, terms) for obj in results[offset : offset + limit]]
        return (results.count() if len(hits) == limit or offset else len(hits)), hits

    count, hits = cached_object("search", parts, compute)
    return Group(kind=kind, count=count, hits=hits)


def _hit(kind: Kind, obj, terms: list[str]) -> Hit:
    shown = obj.search_result()
    return Hit(
        kind=kind.slug,
        title=str(getattr(obj, "title", obj)),
        url=obj.get_url() if hasattr(obj, "get_url") else obj.get_absolute_url(),
        status=str(shown.get("status", "")),
        snippet=snippet(shown.get("text", ""), terms),
        score=float(getattr(obj, "_score", 0) or 0),
    )
