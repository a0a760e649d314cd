"""Forgiving queries: a word the index does not hold is matched to the closest words it does.

"flytipping" → "fly tipping" (run-together words), "tyseely" → "tyseley" (typos), "buses" →
"bus" (plurals, which PostgreSQL's stemming also handles but SQLite FTS5 does not). The
vocabulary is every word of the search index's text (titles and bodies of every indexed model),
built at most every VOCABULARY_SECONDS and kept in the cache; a word new to the site is
corrected to once the next vocabulary is built. Words are kept, not replaced, when the index
holds them, so a correct query is never "corrected".
"""

import re
import time

from django.core.cache import cache
from modelsearch.conf import get_app_config
from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein

WORD = re.compile(r"[^\W\d_]{2,}", re.UNICODE)
VOCABULARY_SECONDS = 600
CACHE_KEY = "sitesearch:vocabulary:v1"


# Edits (insert, delete, change, swap two letters) a typo may be away from a known word: one
# up to 7 letters ("tyseely" → "tyseley"), two beyond ("flytiping" → "flytipping"); never
# "trees" → "three" or "lane" → "glance" (two edits in a short word).
def max_edits(word: str) -> int:
    return 1 if len(word) <= 7 else 2


MAX_QUERY_WORDS = 12
_local: dict = {"at": 0.0, "words": frozenset()}


def words(text: str) -> list[str]:
    """The words of `text`, lower-cased, at most MAX_QUERY_WORDS of them."""
    return [w.lower() for w in WORD.findall(text or "")][:MAX_QUERY_WORDS]


def vocabulary() -> frozenset[str]:
    """Every word the search index holds (this process keeps a copy for VOCABULARY_SECONDS)."""
    now = time.monotonic()
    if _local["words"] and now - _local["at"] < VOCABULARY_SECONDS:
        return _local["words"]
    found = _cache_get()
    if found is None:
        found = _build()
        _cache_set(found)
    _local.update(at=now, words=found)
    return found


def forget() -> None:
    """Drop the vocabulary (tests, and after a full re-index)."""
    _local.update(at=0.0, words=frozenset())
    _cache_delete()


def alternatives(word: str, known: frozenset[str]) -> list[str]:
    """What `word` may have meant: itself if the index holds it, otherwise its singular or
    plural, two known words it runs together, or the closest known words."""
    forms = [f for f in _forms(word) if f in known]
    if word in known or forms:
        return list(dict.fromkeys([word, *forms] if word in known else forms))
    split = _split(word, known)
    if split:
        return [split]
    if len(word) < 4:
        return [word]
    close = process.extract(word, known, scorer=DamerauLevenshtein.distance, score_cutoff=max_edits(word), limit=2)
    return [match for match, _edits, _index in sorted(close, key=lambda c: (c[1], c[0]))] or [word]


def _forms(word: str) -> list[str]:
    """Singular and plural forms: "buses" ↔ "bus", "trees" ↔ "tree"."""
    forms = []
    if word.endswith("es"):
        forms += [word[:-2], word[:-1]]
    elif word.endswith("s"):
        forms.append(word[:-1])
    return [*forms, word + "s", word + "es"]


def correct(query: str) -> tuple[list[list[str]], str]:
    """Per query word the words to look for, and the corrected query ("" if nothing changed)."""
    asked = words(query)
    known = vocabulary()
    if not known:
        return [[w] for w in asked], ""
    options = [alternatives(w, known) for w in asked]
    corrected = " ".join(choice[0] for choice in options)
    return options, (corrected if corrected != " ".join(asked) else "")


def _split(word: str, known: frozenset[str]) -> str:
    for cut in range(3, len(word) - 2):
        left, right = word[:cut], word[cut:]
        if left in known and right in known:
            return f"{left} {right}"
    return ""


def _build() -> frozenset[str]:
    entries = get_app_config().get_model("IndexEntry")
    # PostgreSQL's entries keep the plain text beside the vectors; SQLite's are plain text.
    names = {f.name for f in entries._meta.get_fields()}
    columns = ("title_text", "body_text") if "title_text" in names else ("title", "body")
    found: set[str] = set()
    for title, body in entries.objects.values_list(*columns).iterator(chunk_size=2000):
        found.update(w.lower() for w in WORD.findall(title or ""))
        found.update(w.lower() for w in WORD.findall(body or ""))
    return frozenset(found)


# The cache (django-redis with IGNORE_EXCEPTIONS, config/cache.py) answers None when Redis is
# down: the vocabulary is then built in this process.
def _cache_get():
    return cache.get(CACHE_KEY)


def _cache_set(found) -> None:
    cache.set(CACHE_KEY, found, VOCABULARY_SECONDS)


def _cache_delete() -> None:
    cache.delete(CACHE_KEY)
