"""The street-report map: every report the list's filters match, as one GeoJSON FeatureCollection
(RFC 7946) with the list's own filters, so the map and the list always show the same reports.

Features are small (id, point, category code, status code) and the category and status names
travel once, in the collection's `labels` member. On PostgreSQL the features are assembled by
the database in one statement (100,000 reports without a Python loop); the gzipped collection
is cached under the content version, which every report change bumps, so it is never stale."""

import gzip
import json
from concurrent.futures import ThreadPoolExecutor

from django.core.cache import cache
from django.db import connection, connections

from gamification.models import Report, Service
from pagecache import content_version, safely

LICENCE = "Open Government Licence v3.0"
PRECISION = 5  # about a metre: enough for a pin, and a smaller download

# ST_AsGeoJSON writes the point (twice as fast as rounding and concatenating the coordinates).
_FEATURES_SQL = (
    "SELECT coalesce(string_agg("
    """'{"type":"Feature","id":' || t.id || ',"geometry":' || ST_AsGeoJSON(t.loc, %(p)s)"""
    """ || ',"properties":{"service":"' || t.code || '","status":"' || t.status || '"}}', ','), '')"""
    " FROM ("
)
_FEATURES_SQL_END = ") AS t(id, loc, code, status) WHERE t.id %% %s = %s"
PARTS = 2  # PostgreSQL cannot aggregate a string in parallel: two connections build half each


def _features_part(sql: str, params, part: int, *, own_connection: bool) -> str:
    db = connections["default"]
    try:
        with db.cursor() as cursor:
            # the halves are the parallelism: PostgreSQL's own workers on top would only contend
            cursor.execute("SET max_parallel_workers_per_gather = 0")
            try:
                cursor.execute(sql, [*params, PARTS, part])
                return cursor.fetchone()[0]
            finally:
                cursor.execute("RESET max_parallel_workers_per_gather")
    finally:
        if own_connection:
            db.close()  # this thread's connection


def _features_in_database(queryset) -> str:
    """The features joined by commas, built by PostgreSQL. Service codes are slugs and statuses
    fixed choices, so neither needs JSON escaping. Outside a transaction, ids of each parity are
    built on their own connection at once (both cores: about 40% quicker for 100,000 reports);
    inside one (a test, a caller's atomic block) a second connection could not see its rows."""
    inner, inner_params = (
        queryset.order_by().values_list("pk", "location", "service__code", "status").query.sql_with_params()
    )
    sql = _FEATURES_SQL.replace("%(p)s", str(PRECISION)) + inner + _FEATURES_SQL_END
    params = list(inner_params)
    if connection.in_atomic_block:
        parts = [_features_part(sql, params, part, own_connection=False) for part in range(PARTS)]
    else:
        with ThreadPoolExecutor(max_workers=PARTS - 1) as pool:
            others = [pool.submit(_features_part, sql, params, part, own_connection=True) for part in range(1, PARTS)]
            parts = [_features_part(sql, params, 0, own_connection=False)] + [f.result() for f in others]
    return ",".join(part for part in parts if part)


def _features_in_python(queryset) -> str:
    parts = []
    rows = queryset.order_by().values_list("pk", "location", "service__code", "status")
    for pk, location, code, status in rows.iterator(chunk_size=5000):
        geometry = {"type": "Point", "coordinates": [round(location.x, PRECISION), round(location.y, PRECISION)]}
        feature = {"type": "Feature", "id": pk, "geometry": geometry, "properties": {"service": code, "status": status}}
        parts.append(json.dumps(feature, separators=(",", ":")))
    return ",".join(parts)


def _labels() -> dict:
    services = dict(Service.objects.filter(public=True).values_list("code", "name"))
    return {"services": services, "statuses": {code: str(label) for code, label in Report.Status.choices}}


def report_features(queryset_for, *, cache_key: str) -> bytes:
    """The gzipped FeatureCollection of `queryset_for()` (called only when not cached)."""
    version = content_version()
    key = f"reports:map-gz:{version}:{cache_key}" if version is not None else None
    if key is not None:
        cached = safely(lambda: cache.get(key))
        if cached is not None:
            return cached
    queryset = queryset_for()
    features = _features_in_database(queryset) if connection.vendor == "postgresql" else _features_in_python(queryset)
    head = {"type": "FeatureCollection", "licence": LICENCE, "labels": _labels()}
    body = json.dumps(head, ensure_ascii=False, separators=(",", ":"))[:-1] + ',"features":[' + features + "]}"
    # Kept gzipped (level 1: fast to make; 100,000 features are ~12 MB raw, ~1.5 MB compressed).
    compressed = gzip.compress(body.encode(), compresslevel=1, mtime=0)
    if key is not None:
        safely(lambda: cache.set(key, compressed, 3600))
    return compressed
