"""Twin benchmarks on PostGIS (issue 5 targets, 2 cores: ingest ≥ 50,000 rows/s; re-score 10,000
items < 10 s).

1. Ingest 1,000,000 observations through the real pipeline: a CSV file served over HTTP, read by
   the CSV/JSON adapter, validated row by row, COPYed into a staging table and upserted in one
   transaction. Prints rows/s and the peak RSS of the process. Then the same sync again (nothing
   changes: idempotent) and its time.
2. Re-score the 10,000 seeded proposals after a refresh (bench/seed.py): seconds and SQL queries,
   then again after one ward's baseline changes.
3. A slider moves in a scenario of 1, 3 and 6 areas: the projection of every area (what the htmx
   request computes), median milliseconds of 20 and SQL queries.
4. The district's NO2 and PM2.5 chart series over the 1M readings: monthly means computed by the
   database, cold (just after a sync) and cached, against reading every row as before.

Run with `make bench-twin` (uses the bench database; seeds it if needed).
"""

import http.server
import json
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.liveserver import bench_env, prepare_bench  # noqa: E402

ROWS = int(os.environ.get("BENCH_ROWS", "1000000"))

INGEST = r"""
import io, json, resource, time
from django.db import connection, transaction
from places.models import Area
from twin import ingest
from twin.models import DataSource, KpiObservation
source, _ = DataSource.objects.update_or_create(
    name="bench: 1M hourly readings",
    defaults=dict(kind="tabular", endpoint="{url}", parameters={{"format": "csv", "page_size": 50000,
        "columns": {{"area": "area", "kpi": "kpi", "period_start": "time", "value": "value", "quality": "quality"}}}},
        enabled=False, watermark=None, dataset_version=""),
)
KpiObservation.objects.filter(source=source).delete()
def vacuum():  # not timed: the state autovacuum keeps a busy table in, so later benchmarks run quiet
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE twin_kpiobservation")
vacuum()
out = {{}}
for label, url in (("first", "{url}"), ("again", "{url}"), ("10% changed", "{changed_url}")):
    source.endpoint = url
    source.watermark = None  # the file has no time filter: read it all again
    source.save(update_fields=["endpoint", "watermark"])
    started = time.perf_counter()
    run = ingest.source_sync(source=source)
    seconds = time.perf_counter() - started
    out[label] = dict(seconds=round(seconds, 2), fetched=run.fetched, stored=run.stored, rejected=run.rejected,
                      rows_per_s=round(run.fetched / seconds), **{{k: round(v, 2) for k, v in run.timings.items()}})
    source.refresh_from_db()
    vacuum()
out["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
out["stored_rows"] = KpiObservation.objects.filter(source=source).count()

# PostgreSQL's own ceilings on the same rows, in the same run: plain COPY into a table without
# indexes, COPY into a table with the store's unique key, and INSERT … ON CONFLICT DO UPDATE
# with every row conflicting. Ordinary (logged) tables, like the store.
cols = "kpi_id, area_id, period_start, period_end, value, quality, source_id, dataset_version, retrieved_at"
key = "kpi_id, area_id, period_start, period_end, source_id"
buffer = io.BytesIO()
with connection.cursor() as cursor:
    export = f"COPY (SELECT {{cols}} FROM twin_kpiobservation WHERE source_id = %s) TO STDOUT"
    with cursor.copy(export, [source.pk]) as copy:
        for data in copy:
            buffer.write(data)
rows = out["stored_rows"]
def timed(sql_or_copy, *, copy=False):
    with transaction.atomic(), connection.cursor() as cursor:
        started = time.perf_counter()
        if copy:
            with cursor.copy(sql_or_copy) as c:
                c.write(buffer.getvalue())
        else:
            cursor.execute(sql_or_copy)
        return round(rows / (time.perf_counter() - started))
with connection.cursor() as cursor:
    for table in ("bench_ceiling_plain", "bench_ceiling_keyed"):
        cursor.execute(f"DROP TABLE IF EXISTS {{table}}")
        cursor.execute(f"CREATE TABLE {{table}} (LIKE twin_kpiobservation INCLUDING DEFAULTS INCLUDING IDENTITY)")
    cursor.execute(f"CREATE UNIQUE INDEX bench_ceiling_key ON bench_ceiling_keyed ({{key}})")
ceilings = {{}}
ceilings["plain COPY"] = timed(f"COPY bench_ceiling_plain ({{cols}}) FROM STDIN", copy=True)
ceilings["COPY with the unique key"] = timed(f"COPY bench_ceiling_keyed ({{cols}}) FROM STDIN", copy=True)
ceilings["upsert, every row conflicting"] = timed(
    f"INSERT INTO bench_ceiling_keyed ({{cols}}) SELECT {{cols}} FROM bench_ceiling_plain "
    f"ON CONFLICT ({{key}}) DO UPDATE SET value = EXCLUDED.value, quality = EXCLUDED.quality"
)
with connection.cursor() as cursor:
    cursor.execute("DROP TABLE bench_ceiling_plain, bench_ceiling_keyed")
out["ceilings"] = ceilings
print(json.dumps(out))
"""

RESCORE = r"""
import json, time
from django.db import connection
from django.test.utils import CaptureQueriesContext
from twin.models import KpiObservation, ScoreRun
from twin.scoring import service
ScoreRun.objects.all().delete()
out = {}
for label in ("all 10k after the refresh", "again, nothing changed", "after one ward's baseline changed"):
    if label.startswith("after"):
        wards = KpiObservation.objects.filter(kpi__code="employment_rate", area__kind="ward")
        obs = wards.order_by("-period_end").first()
        obs.value += 0.5
        obs.save(update_fields=["value"])
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        result = service.rescore(label="proposals.planningproposal")
        seconds = time.perf_counter() - started
    out[label] = dict(seconds=round(seconds, 2), queries=len(queries), **result)
print(json.dumps(out))
"""


def make_csv(path: Path, rows: int, *, changed_every: int = 0) -> None:
    """The readings file; with changed_every=n, every n-th value differs (a re-sync with 10% new)."""
    import csv

    codes = [
        line.split(",")[0]
        for line in (ROOT / "twin" / "data" / "imd2025-east-birmingham-lsoa.csv").read_text().splitlines()[1:]
    ]
    per_series = rows // (len(codes) * 2) + 1
    written = 0
    with open(path, "w", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["area", "kpi", "time", "value", "quality"])
        for code in codes:
            for kpi, base in (("no2", 25.0), ("pm25", 9.0)):
                for hour in range(per_series):
                    if written == rows:
                        return
                    day, h = divmod(hour, 24)
                    value = "-99" if hour % 997 == 0 else f"{base + (hour % 24) * 0.3 + (sum(map(ord, code)) % 7):.1f}"
                    if changed_every and written % changed_every == 0 and value != "-99":
                        value = f"{float(value) + 1:.1f}"
                    writer.writerow(
                        [code, kpi, f"2026-{1 + day // 28:02d}-{1 + day % 28:02d}T{h:02d}:00:00Z", value, "measured"]
                    )
                    written += 1


def shell(snippet: str, env: dict):
    """Run a snippet in `manage.py shell` on the bench database; its last printed line is JSON."""
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", snippet], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if result.returncode:
        sys.exit(result.stderr)
    return json.loads(result.stdout.strip().splitlines()[-1])


def main():
    env = bench_env(CELERY_TASK_ALWAYS_EAGER="false")
    prepare_bench(env)
    with tempfile.TemporaryDirectory() as tmp:
        make_csv(Path(tmp) / "readings.csv", ROWS)
        make_csv(Path(tmp) / "readings-10.csv", ROWS, changed_every=10)
        size = (Path(tmp) / "readings.csv").stat().st_size

        class Quiet(http.server.SimpleHTTPRequestHandler):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, directory=tmp, **kwargs)

            def log_message(self, *args):
                pass

        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        url = f"http://127.0.0.1:{server.server_address[1]}/readings.csv"
        try:
            ingest = shell(INGEST.format(url=url, changed_url=url.replace(".csv", "-10.csv")), env)
        finally:
            server.shutdown()
    ceilings = ingest["ceilings"]
    print(f"PostgreSQL's ceilings on the same {ingest['stored_rows']:,} rows, this run:")
    for label, rate in ceilings.items():
        print(f"  {label:<32} {rate:>9,} rows/s")
    keyed, upsert = ceilings["COPY with the unique key"], ceilings["upsert, every row conflicting"]
    print(f"\nIngest {ROWS:,} observations ({size / 1e6:.0f} MB CSV over HTTP) into PostGIS, one transaction:")
    targets = {
        "first": (keyed, 0.5, "COPY with the key"),
        "again": (keyed, 0.5, "COPY with the key"),
        "10% changed": (upsert, 1.0, "all-conflicting upsert"),
    }
    for label, (ceiling, goal, name) in targets.items():
        r = ingest[label]
        share = r["rows_per_s"] / ceiling
        print(
            f"  {label:<12} {r['seconds']:>6} s  {r['rows_per_s']:>8,} rows/s = {share:>4.0%} of {name} "
            f"(target {goal:.0%}: {'ok' if share >= goal else 'MISS'})  fetched {r['fetched']:,}  "
            f"stored {r['stored']:,}  rejected {r['rejected']}  (the database waited "
            f"{r['waiting_for_pages_s']} s for the reading thread)"
        )
    print(
        f"  rows in the store for this source: {ingest['stored_rows']:,}; "
        f"peak RSS of the process: {ingest['peak_rss_mb']} MB"
    )

    rescore = shell(RESCORE, env)
    print("\nRe-score proposals (batches of 2,000):")
    for label, r in rescore.items():
        print(
            f"  {label:<36} {r['seconds']:>6} s  {r['queries']:>4} queries  "
            f"{r['items']:,} items, {r['rescored']:,} new runs"
        )

    project = shell(PROJECT, env)
    print("\nScenario projection when a slider moves (median of 20):")
    for r in project["projection"]:
        print(f"  {r['areas']} area(s) {r['ms']:>8} ms  {r['queries']:>4} queries")
    print("\nDistrict NO2 and PM2.5 charts over 2019-2026 (monthly means from the database):")
    for r in project["charts"]:
        print(f"  {r['label']:<24} {r['ms']:>9} ms  {r['queries']:>3} queries  {r['points']:,} points")


PROJECT = r"""
import json, statistics, time
from django.db import connection
from django.test.utils import CaptureQueriesContext
from places.models import Area
from twin import selectors
from twin.permissions import EVERYTHING
district = Area.objects.get(kind="district")
areas = [district] + list(Area.objects.filter(kind="ward").order_by("name")[:5])
def plans(n):
    return [{"area": a, "adjustments": [{"kpi": "no2", "mode": "percent", "value": -20},
                                        {"kpi": "employment_rate", "mode": "absolute", "value": 1}],
             "interventions": [{"code": "street-trees", "quantity": 500}, {"code": "home-retrofit", "quantity": 200}]}
            for a in areas[:n]]
out = []
for n in (1, 3, 6):
    selectors.scenario_projections(plans(n), access=EVERYTHING)
    times = []
    for _ in range(20):
        t = time.perf_counter()
        selectors.scenario_projections(plans(n), access=EVERYTHING)
        times.append(time.perf_counter() - t)
    with CaptureQueriesContext(connection) as q:
        selectors.scenario_projections(plans(n), access=EVERYTHING)
    out.append({"areas": n, "ms": round(statistics.median(times) * 1000, 1), "queries": len(q)})
from twin.models import KpiDefinition
kpis = list(KpiDefinition.objects.filter(code__in=["no2", "pm25"]))
charts = []
for label in ("cold (after a sync)", "warm (cached)"):
    if label.startswith("cold"):
        selectors.bump_series_version()
    t = time.perf_counter()
    with CaptureQueriesContext(connection) as q:
        points = selectors.many_series(kpis, district, access=EVERYTHING, start_year=2019, end_year=2026, monthly=True)
    charts.append({"label": label, "ms": round((time.perf_counter() - t) * 1000, 1), "queries": len(q),
                   "points": sum(len(v) for v in points.values())})
t = time.perf_counter()
raw = selectors.many_series(kpis, district, access=EVERYTHING, start_year=2019, end_year=2026)
charts.append({"label": "every reading (before)", "ms": round((time.perf_counter() - t) * 1000, 1), "queries": 0,
               "points": sum(len(v) for v in raw.values())})
print(json.dumps({"projection": out, "charts": charts}))
"""


if __name__ == "__main__":
    main()
