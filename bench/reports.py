"""Benchmarks for street reports and rewards (issue 13), on the bench database with 100,000
reports and 1,000,000 ledger rows (bench/seed_reports.py, on top of bench/seed.py):

- with the floor (a bare Django view) in the same run, gunicorn 2 workers x 4 threads, wrk -c10:
  Open311 `requests.json` with filters and the reports list, anonymous (target: 25% of the floor);
- in-process: the reports map GeoJSON of the whole district built cold (target under 150 ms) and
  an all-time leaderboard (target under 20 ms), each the median of repeated runs;
- report submission without photos through the page, 50 signed-in clients (target 100/s),
  checked afterwards: every accepted submission is a row, none doubled.

Run with `make bench-reports`; numbers go in closing notes and bench/README.md, not in tests.
"""

import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.run import DURATION, shell, wrk  # noqa: E402
from tests.liveserver import bench_env, gunicorn_server, prepare_bench  # noqa: E402

TARGET_ANONYMOUS, TARGET_MAP_MS, TARGET_BOARD_MS, TARGET_SUBMISSIONS = 0.25, 150, 20, 100
REPORTERS = 50  # concurrent clients
SESSIONS = 2000  # people they submit as, at random: each stays within the posting limit (10 an hour)
RUN = int(time.time())  # marks this run's submissions
CSRF = "benchreportcsrf00000000000000000"  # 32 characters: cookie and header

PAGES = [
    ("floor: bare Django view", "/health/live/"),
    ("Open311 requests.json, service + status", "/open311/v2/requests.json?service_code=pothole&status=open"),
    ("Open311 requests.json, 90-day default", "/open311/v2/requests.json"),
    ("Open311 requests.xml, a date range", "/open311/v2/requests.xml?start_date={start}&end_date={end}"),
    ("reports list (100k)", "/reports/"),
    ("reports list, filtered", "/reports/?status=open&service=pothole&age=30"),
    ("leaderboard page, all time", "/rewards/leaderboards/?period=all"),
]

MEASURE = """
import json, statistics, time
from datetime import timedelta
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from importlib import import_module
from accounts.models import User
from gamification import leaderboards
from gamification.models import LedgerEntry, Report
from pagecache import content_bump

store = import_module(settings.SESSION_ENGINE).SessionStore
def session_for(user):
    s = store()
    s[SESSION_KEY] = str(user.pk); s[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    s[HASH_SESSION_KEY] = user.get_session_auth_hash(); s.create()
    return s.session_key

def median_ms(run, times=7):
    spent = []
    for _ in range(times):
        start = time.perf_counter(); run(); spent.append((time.perf_counter() - start) * 1000)
    return statistics.median(spent), min(spent), max(spent)

out = {"reports": Report.objects.count(), "ledger": LedgerEntry.objects.count(), "queries": {}}
client = Client(SERVER_NAME="127.0.0.1")
def cold_map(path):  # as a browser asks: compressed
    content_bump()
    assert client.get(path, HTTP_ACCEPT_ENCODING="gzip").status_code == 200
out["maps"] = {}
for status in ("", "open", "all"):
    path = "/reports/map.geojson" + (f"?status={status}" if status else "")
    out["maps"][status or "default"] = [*median_ms(lambda: cold_map(path)), Report.objects.filter(service__public=True)
        .exclude(status__in=[] if status == "all" else list(Report.CLOSED_STATES) if not status else [])
        .filter(**({"status": status} if status == "open" else {})).count()]
out["board_all"] = median_ms(lambda: leaderboards.board(period="all"), times=21)
out["board_week"] = median_ms(lambda: leaderboards.board(period="week"), times=21)
out["board_month_ward"] = median_ms(
    lambda: leaderboards.board(period="month", area=Report.objects.exclude(area=None).first().area), times=21
)
with CaptureQueriesContext(connection) as q:
    leaderboards.board(period="all")
out["board_queries"] = len(q.captured_queries)
now = timezone.now()
out["start"], out["end"] = (now - timedelta(days=60)).strftime("%Y-%m-%dT%H:%M:%SZ"), now.strftime("%Y-%m-%dT%H:%M:%SZ")
for label, path in PAGES:
    path = path.format(start=out["start"], end=out["end"])
    client.get(path)
    with CaptureQueriesContext(connection) as q:
        status = client.get(path).status_code
    out["queries"][label] = [status, len(q.captured_queries)]
people = list(User.objects.filter(email__startswith="bench").order_by("-pk")[:SESSIONS])
out["sessions"] = [session_for(u) for u in people]
print(json.dumps(out))
"""

CHECK = """
import json
from django.db.models import Count
from gamification.models import Report, ReportUpdate
new = Report.objects.filter(description__startswith="Bench submission {run} ")
doubled = new.values("description").annotate(n=Count("pk")).filter(n__gt=1).count()
print(json.dumps({{"rows": new.count(), "doubled": doubled,
                   "histories": ReportUpdate.objects.filter(report__in=new).count()}}))
"""

SUBMIT_LUA = """
local sessions = {%s}
local csrf = "%s"
local threads = 0
local counter = 0
setup = function(thread)
  threads = threads + 1
  thread:set("id", threads)
end
init = function()
  math.randomseed(id * 7919)
end
request = function()
  counter = counter + 1
  local s = sessions[math.random(#sessions)]
  local body = "description=Bench+submission+%s+" .. id .. "-" .. counter
  body = body .. "&address=&photo_description="
  return wrk.format("POST", "%s", {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = "sessionid=" .. s .. "; csrftoken=" .. csrf,
    ["X-CSRFToken"] = csrf,
    ["Referer"] = "%s",
  }, body)
end
"""


def main():
    env = bench_env(API_THROTTLE="false")
    prepare_bench(env)
    seed = (ROOT / "bench" / "seed_reports.py").read_text()
    subprocess.run([sys.executable, "manage.py", "shell", "-c", seed], cwd=ROOT, env=env, check=True)
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    code = MEASURE.replace("PAGES", repr(PAGES)).replace("SESSIONS", str(SESSIONS))
    facts = shell(env, code)
    print(f"{facts['reports']:,} reports, {facts['ledger']:,} ledger rows\n")
    with gunicorn_server(env, workers=2, threads=4) as base:
        port = int(base.rsplit(":", 1)[1])
        print(f"wrk -t2 -c10 -d{DURATION}; gunicorn 2 workers x 4 threads; production settings; PostGIS + Redis\n")
        print(f"{'page':<44} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'queries':>8} {'vs floor':>9} {'target':>9}")
        subprocess.run(["wrk", "-t2", "-c10", "-d3s", base + PAGES[0][1]], capture_output=True, check=True)
        floor = None
        for label, path in PAGES:
            path = path.format(start=facts["start"], end=facts["end"])
            urllib.request.urlopen(base + path, timeout=60).read()  # warm
            rps, p50, p99, errors, _total, split = wrk(base + path, port=port)
            floor = floor or rps
            status, n = facts["queries"][label]
            share = rps / floor
            verdict = (
                "" if label.startswith("floor") else f"{TARGET_ANONYMOUS:>4.0%} {'ok' if share >= 0.25 else 'MISS'}"
            )
            note = f"  ({errors} non-2xx!)" if errors else "" if status == 200 else f"  (status {status}!)"
            print(f"{label:<44} {rps:>8.0f} {p50:>8.1f} {p99:>8.1f} {n:>8} {share:>8.0%} {verdict:>9} {split:>6}{note}")

        print("\nIn-process (median, min, max of repeated runs):")
        for name, (median, low, high, features) in facts["maps"].items():
            verdict = "ok" if median < TARGET_MAP_MS else "MISS"
            label = f"reports map GeoJSON, {name} ({features:,} reports), cold"
            print(f"  {label:<54} {median:>7.1f} ms ({low:.1f}–{high:.1f})  target < {TARGET_MAP_MS} ms: {verdict}")
        for key, label in (
            ("board_all", "leaderboard, all time"),
            ("board_week", "leaderboard, this week"),
            ("board_month_ward", "leaderboard, this month, one ward"),
        ):
            median, low, high = facts[key]
            verdict = "ok" if median < TARGET_BOARD_MS else "MISS"
            print(f"  {label:<54} {median:>7.1f} ms ({low:.1f}–{high:.1f})  target < {TARGET_BOARD_MS} ms: {verdict}")
        print(f"  leaderboard: {facts['board_queries']} queries")

        path = "/reports/new/details/?service=graffiti&latitude=52.455000&longitude=-1.835000"
        lua = SUBMIT_LUA % (", ".join(f'"{s}"' for s in facts["sessions"]), CSRF, RUN, path, base + path)
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
            script.write(lua)
        cookie_check = urllib.request.Request(base + path, headers={"Cookie": f"sessionid={facts['sessions'][0]}"})
        urllib.request.urlopen(cookie_check, timeout=30).read()
        rps, p50, p99, errors, total, _split = wrk(base + "/", connections=REPORTERS, script=script.name)
        seconds = float(DURATION.rstrip("s"))
        check = shell(env, CHECK.format(run=RUN))
        accepted = (total - errors) / seconds
        print(f"\nReport submission without photos: {REPORTERS} signed-in clients through the page, {DURATION}")
        print(
            f"  {accepted:.0f} reports/s accepted (target {TARGET_SUBMISSIONS}:"
            f" {'ok' if accepted >= TARGET_SUBMISSIONS else 'MISS'}), p50 {p50:.1f} ms, p99 {p99:.1f} ms,"
            f" {errors} refused (the posting limit)"
        )
        # Requests still in flight when wrk stops are not counted by it but may have been stored.
        in_range = total - errors <= check["rows"] <= total - errors + REPORTERS
        ok = in_range and check["doubled"] == 0 and check["histories"] == check["rows"]
        print(
            f"  rows {check['rows']} for {total - errors} answers wrk counted (+ at most {REPORTERS} in flight);"
            f" doubled {check['doubled']}; a history line each: {check['histories'] == check['rows']}"
            f"  -> {'OK' if ok else 'CHECK'}"
        )


if __name__ == "__main__":
    main()
