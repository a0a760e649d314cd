"""Benchmarks for the opportunity portal (issue 15), on the bench database with 10,000
opportunities (seeded here, idempotent):

- with the floor (a bare Django view) in the same run, gunicorn 2 workers x 4 threads, wrk -c10:
  the score-sorted listing, plain and filtered, anonymous (target: 25% of the floor) and signed in
  (target: 10%), with the SQL queries one request makes (flat: the same at 20 rows and at 10,000);
- in-process: re-scoring all 10,000 after a KPI refresh (new figures for every ward), with the
  scores copied onto the opportunities (target under 10 s).

Run with `make bench-investors`; numbers go in closing notes and bench/README.md, not in tests.
"""

import subprocess
import sys
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.run import DURATION, shell, wrk  # noqa: E402
from tests.liveserver import bench_env, gunicorn_server, prepare_bench  # noqa: E402

TARGET_ANONYMOUS, TARGET_SIGNED_IN, TARGET_RESCORE_S = 0.25, 0.10, 10.0
COUNT = 10_000

PAGES = [
    ("floor: bare Django view", "/health/live/", False),
    ("listing, by score (10k)", "/invest/?sort=score", False),
    ("listing, filtered by sector and score", "/invest/?sector=energy&min_score=5&sort=score", False),
    ("listing, by score, signed in", "/invest/?sort=score", True),
    ("listing, filtered, signed in", "/invest/?sector=energy&min_score=5&sort=score", True),
]

SEED = """
import json, random, time
from datetime import timedelta
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.gis.geos import Point
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from importlib import import_module
from accounts.models import Organisation, User
from investors import selectors, services
from investors.models import InvestmentType, Opportunity, Sector, scale_band_of
from places.models import Area
from twin.models import KpiDefinition, KpiObservation, DataSource
from twin.reference import reference_load
from twin.scoring import service as scoring

rng = random.Random(15)
reference_load()
district = Area.objects.get(kind="district")
have = Opportunity.objects.filter(title__startswith="Bench opportunity ").count()
if have < COUNT:
    firm, _ = Organisation.objects.get_or_create(
        name="Bench promoter", defaults={"kind": "business", "slug": "bench-promoter"})
    (x0, y0, x1, y1) = district.geometry.extent
    rows = []
    sectors, types = Sector.values, InvestmentType.values
    for i in range(have, COUNT):
        while True:
            p = Point(rng.uniform(x0, x1), rng.uniform(y0, y1), srid=4326)
            if district.geometry.contains(p):
                break
        low = rng.choice([200_000, 900_000, 3_000_000, 12_000_000, 60_000_000])
        o = Opportunity(
            title=f"Bench opportunity {i}", slug=f"bench-opportunity-{i}", summary="Seeded for the benchmark.",
            sector=rng.choice(sectors), investment_type=rng.choice(types), scale_min_gbp=low,
            scale_max_gbp=low * rng.choice([1, 2, 3]), planning_status="full", decision_time="12m",
            promoter=firm, geometry=p, status="published", published_at=timezone.now() - timedelta(minutes=i),
            jobs_created=rng.randint(1, 200), tco2e_per_year=-rng.uniform(1, 2000), local_hires=None,
        )
        o.scale_band = scale_band_of(o.scale_max_gbp)
        rows.append(o)
    Opportunity.objects.bulk_create(rows, batch_size=2000)
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO investors_opportunity_areas (opportunity_id, area_id) "
            "SELECT o.id, a.id FROM investors_opportunity o "
            "JOIN places_area a ON ST_Intersects(a.geometry, o.geometry) "
            "WHERE o.title LIKE 'Bench opportunity %%' AND NOT EXISTS "
            "(SELECT 1 FROM investors_opportunity_areas x WHERE x.opportunity_id = o.id)"
        )
    scoring.rescore(label=services.LABEL)
    services.scores_copied(pks=list(Opportunity.objects.values_list("pk", flat=True)))

# A KPI refresh: new employment figures for every ward, then the re-score it triggers (in
# Celery: twin.tasks.on_kpis_refreshed -> rescore_wards_task), with the scores copied on.
source = DataSource.objects.filter(is_demo=True).first() or DataSource.objects.first()
kpi = KpiDefinition.objects.get(code="employment_rate")
wards = list(Area.objects.filter(kind="ward"))
now = timezone.now()
KpiObservation.objects.bulk_create([
    KpiObservation(kpi=kpi, area=w, value=rng.uniform(50, 75), period_start=now - timedelta(days=1), period_end=now,
                   source=source, retrieved_at=now) for w in wards
])
start = time.perf_counter()
result = scoring.rescore(label=services.LABEL, wards={w.code for w in wards})
copied = services.scores_copied(pks=list(Opportunity.objects.values_list("pk", flat=True)))
rescore_s = time.perf_counter() - start

store = import_module(settings.SESSION_ENGINE).SessionStore
user = User.objects.filter(email__startswith="bench").order_by("pk").first()
s = store()
s[SESSION_KEY] = str(user.pk)
s[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
s[HASH_SESSION_KEY] = user.get_session_auth_hash()
s.create()
queries = {}
for label, path, signed_in in PAGES:
    client = Client(HTTP_HOST="127.0.0.1")
    if signed_in:
        client.force_login(user)
    with CaptureQueriesContext(connection) as q:
        status = client.get(path).status_code
    queries[label] = (status, len(q))
print(json.dumps({"opportunities": Opportunity.objects.count(), "rescore_s": rescore_s, "rescored": result["rescored"],
                  "considered": result["considered"], "copied": copied, "queries": queries, "session": s.session_key}))
"""


def main():
    env = bench_env(API_THROTTLE="false")
    prepare_bench(env)
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    facts = shell(env, SEED.replace("COUNT", str(COUNT)).replace("PAGES", repr(PAGES)))
    print(f"{facts['opportunities']:,} opportunities\n")
    with gunicorn_server(env, workers=2, threads=4) as base:
        port = int(base.rsplit(":", 1)[1])
        print(f"wrk -t2 -c10 -d{DURATION}; gunicorn 2 workers x 4 threads; production settings; PostGIS + Redis\n")
        print(f"{'page':<40} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'queries':>8} {'vs floor':>9} {'target':>9}")
        subprocess.run(["wrk", "-t2", "-c10", "-d3s", base + PAGES[0][1]], capture_output=True, check=True)
        floor = None
        for label, path, signed_in in PAGES:
            cookie = f"sessionid={facts['session']}" if signed_in else None
            request = urllib.request.Request(base + path, headers={"Cookie": cookie} if cookie else {})
            urllib.request.urlopen(request, timeout=60).read()  # warm
            rps, p50, p99, errors, _total, split = wrk(base + path, port=port, cookie=cookie)
            floor = floor or rps
            status, n = facts["queries"][label]
            share = rps / floor
            target = TARGET_SIGNED_IN if signed_in else TARGET_ANONYMOUS
            verdict = "" if label.startswith("floor") else f"{target:>4.0%} {'ok' if share >= target else 'MISS'}"
            note = f"  ({errors} non-2xx!)" if errors else "" if status == 200 else f"  (status {status}!)"
            print(f"{label:<40} {rps:>8.0f} {p50:>8.1f} {p99:>8.1f} {n:>8} {share:>8.0%} {verdict:>9} {split:>6}{note}")
    verdict = "ok" if facts["rescore_s"] < TARGET_RESCORE_S else "MISS"
    print(
        f"\nRe-scoring after a KPI refresh (new employment figures for every ward):"
        f" {facts['rescored']:,} of {facts['considered']:,} re-scored and {facts['copied']:,} copied"
        f" in {facts['rescore_s']:.2f} s  target < {TARGET_RESCORE_S:g} s: {verdict}"
    )


if __name__ == "__main__":
    main()
