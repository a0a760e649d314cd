"""Benchmarks: every page measured the same way against PostGIS, the production HTTP server
(gunicorn, 2 workers x 4 threads) and `wrk -c10`.

Seeds issue 3's scale (bench/seed.py: 10,000 proposals, 10,000 ideas, 200,000 votes, 50,000
comments), then prints requests/s, p50, p99, the SQL queries one request makes, and the ratio to
the floor (a bare Django view); then the cold build time of the 10,000-feature maps, vote
casting by 50 concurrent clients (checked afterwards: no vote lost or doubled) and the web
workers' memory. Run with `make bench`; numbers go in closing notes, not in tests.
"""

import json
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.liveserver import bench_env, gunicorn_server, prepare_bench  # noqa: E402

DURATION = os.environ.get("BENCH_DURATION", "10s")
# BENCH_ONLY=regex measures only the pages whose label matches (and the floor); votes run unless
# BENCH_VOTES=0. For iterating on one page; the README's tables come from full runs.
ONLY = re.compile(os.environ.get("BENCH_ONLY", ""), re.IGNORECASE)
VOTES = os.environ.get("BENCH_VOTES", "1") != "0"
BIG = "/proposals/bench-proposal-with-200-comments/"
# (label, path, signed in)
PAGES = [
    ("floor: bare Django view", "/health/live/", False),
    ("health (db + cache + broker)", "/health/", False),
    ("home page (Wagtail)", "/", False),
    ("area map page (17 wards)", "/areas/", False),
    ("organisations list", "/organisations/", False),
    ("areas API: 161 LSOAs, full detail", "/api/v1/areas/?kind=lsoa", False),
    ("proposals list (10k)", "/proposals/", False),
    ("proposals list, filtered + sorted", "/proposals/?theme=transport&sort=supported", False),
    ("ideas list (10k)", "/ideas/", False),
    ("proposal page, 200 comments", BIG, False),
    ("idea page", "/ideas/1/", False),
    ("map GeoJSON: 10k proposals", "/api/v1/proposals/features/", False),
    ("map GeoJSON: 10k ideas", "/api/v1/ideas/features/", False),
    ("proposals list API", "/api/v1/proposals/", False),
    ("ideas list API", "/api/v1/ideas/", False),
    ("consultation page", "/engagement/consultations/{consultation}/", False),
    ("twin dashboard", "/twin/", False),
    ("data catalogue", "/twin/data/", False),
    ("news list (Wagtail)", "/news/", False),
    ("site search: 'bench proposal'", "/search/?q=bench+proposal", False),
    ("search API: 'bench proposal'", "/api/v1/search/?q=bench+proposal", False),
    ("signed in: proposals list", "/proposals/", True),
    ("signed in: proposal page, 200 comments", BIG, True),
    ("signed in: feed", "/feed/", True),
    ("signed in: consultation page", "/engagement/consultations/{consultation}/", True),
    ("signed in: home page", "/", True),
    ("signed in: site search", "/search/?q=bench+proposal", True),
]
# Targets (issue 12), as shares of the floor measured in the same run.
TARGET_ANONYMOUS, TARGET_SIGNED_IN, TARGET_VOTES = 0.25, 0.10, 300
VOTERS = 50
READER_CSRF = "benchreadercsrf00000000000000000"  # a CSRF secret: 32 characters


def shell(env, code: str) -> dict:
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if result.returncode:
        raise RuntimeError(result.stderr)
    return json.loads(result.stdout.strip().splitlines()[-1])


SETUP = f"""
import json, time
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from importlib import import_module
from accounts.models import User
from engagement.models import Consultation
from pagecache import content_bump

store = import_module(settings.SESSION_ENGINE).SessionStore
def session_for(user):
    s = store()
    s[SESSION_KEY] = str(user.pk); s[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    s[HASH_SESSION_KEY] = user.get_session_auth_hash(); s.create()
    return s.session_key

reader = User.objects.get(email="bench0@example.org")
target = Consultation.objects.filter(stage="open").order_by("pk").last()
out = {{"queries": {{}}, "cold_ms": {{}}, "consultation": target.pk}}
anon, signed = Client(SERVER_NAME="127.0.0.1"), Client(SERVER_NAME="127.0.0.1")
signed.force_login(reader)
for label, path, signed_in in {[(label, path, s) for label, path, s in PAGES]!r}:
    path = path.format(consultation=target.pk)
    c = signed if signed_in else anon
    c.get(path)
    with CaptureQueriesContext(connection) as q:
        status = c.get(path).status_code
    out["queries"][label] = [status, len(q.captured_queries)]
for path in ["/api/v1/proposals/features/", "/api/v1/ideas/features/"]:
    content_bump()
    start = time.perf_counter(); anon.get(path); out["cold_ms"][path] = (time.perf_counter() - start) * 1000
out["reader"] = session_for(reader)
voters = list(User.objects.filter(email__startswith="bench").order_by("pk")[1:{VOTERS + 1}])
out["voters"] = [session_for(u) for u in voters]
out["voter_pks"] = [u.pk for u in voters]
print(json.dumps(out))
"""

CHECK = """
import json
from django.db.models import Count
from engagement.models import Consultation, StanceVote
c = Consultation.objects.get(pk={pk})
rows = dict(StanceVote.objects.filter(consultation=c).values_list("stance").annotate(n=Count("pk")))
per_user = StanceVote.objects.filter(consultation=c, user__isnull=False).values("user").annotate(n=Count("pk"))
print(json.dumps({{
    "tallies": {{"support": c.support_count, "neutral": c.neutral_count, "oppose": c.oppose_count}},
    "rows": {{s: rows.get(s, 0) for s in ("support", "neutral", "oppose")}},
    "max_votes_per_person": max((r["n"] for r in per_user), default=0),
    "voters_with_a_vote": StanceVote.objects.filter(consultation=c, user_id__in={voter_pks}).count(),
}}))
"""

VOTE_LUA = """
local sessions = {%s}
local csrf = "%s"
local stances = {"support", "neutral", "oppose"}
request = function()
  local s = sessions[math.random(#sessions)]
  local body = '{"stance":"' .. stances[math.random(3)] .. '"}'
  return wrk.format("PUT", "%s", {
    ["Content-Type"] = "application/json",
    ["Cookie"] = "sessionid=" .. s .. "; csrftoken=" .. csrf,
    ["X-CSRFToken"] = csrf,
  }, body)
end
"""


def connection_split(port: int) -> str:
    """How wrk's open connections are shared between the web workers, e.g. "6/4". Each worker is
    one Python process (one core at most, the GIL), and a keep-alive connection stays with the
    worker that accepted it: when the kernel hands all ten to one worker ("10/0") that run
    measures one core, about half the throughput. Printed so such a run can be read as one."""
    command = ["ss", "-tnpH", "state", "established", f"( sport = :{port} )"]
    out = subprocess.run(command, capture_output=True, text=True)
    counts = sorted(Counter(re.findall(r"pid=(\d+)", out.stdout)).values(), reverse=True) + [0, 0]
    return f"{counts[0]}/{counts[1]}"


def wrk(url, *, connections=10, cookie=None, script=None, port=None):
    command = ["wrk", "-t2", f"-c{connections}", f"-d{DURATION}", "--latency"]
    # Like a browser: compressed where the server offers it (the map GeoJSON is stored gzipped).
    command += ["-H", "Accept-Encoding: gzip"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    if script:
        command += ["-s", script]
    running = subprocess.Popen([*command, url], stdout=subprocess.PIPE, text=True)
    split = ""
    if port:
        time.sleep(float(DURATION.rstrip("s")) / 2)
        split = connection_split(port)
    out, _ = running.communicate()
    if running.returncode:
        raise subprocess.CalledProcessError(running.returncode, command)
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    total = int(re.search(r"(\d+) requests in", out).group(1))

    def pct(p):
        m = re.search(rf"\s{p}%\s+([\d.]+)(us|ms|s)\b", out)
        value, unit = float(m.group(1)), m.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return rps, pct(50), pct(99), int(errors.group(1)) if errors else 0, total, split


def worker_rss_mb(port: int) -> list[float]:
    """Resident memory of every process listening on the server's port (master and workers)."""
    out = subprocess.run(["ss", "-ltnpH", f"sport = :{port}"], capture_output=True, text=True).stdout
    pids = sorted({int(p) for p in re.findall(r"pid=(\d+)", out)})
    sizes = []
    for pid in pids:
        status = Path(f"/proc/{pid}/status").read_text()
        sizes.append(int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) / 1024)
    return sizes


def main():
    # wrk is one client hammering the API: the per-client rate limit would answer 429s.
    env = bench_env(API_THROTTLE="false")
    prepare_bench(env)
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    facts = shell(env, SETUP)
    with gunicorn_server(env, workers=2, threads=4) as base:
        port = int(base.rsplit(":", 1)[1])
        print(f"wrk -t2 -c10 -d{DURATION}; gunicorn 2 workers x 4 threads; production settings; PostGIS + Redis\n")
        columns = f"{'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'queries':>8} {'vs floor':>9} {'target':>9}"
        print(f"{'page':<40} {columns} {'split':>6}")
        subprocess.run(["wrk", "-t2", "-c10", "-d3s", base + PAGES[0][1]], capture_output=True, check=True)
        floor = None
        for label, path, signed_in in PAGES:
            if floor and not ONLY.search(label):
                continue
            # Like a browser that has signed in: a session and the CSRF cookie its forms use.
            cookie = f"sessionid={facts['reader']}; csrftoken={READER_CSRF}" if signed_in else None
            path = path.format(consultation=facts["consultation"])
            request = urllib.request.Request(base + path, headers={"Cookie": cookie} if cookie else {})
            urllib.request.urlopen(request, timeout=30).read()  # warm
            rps, p50, p99, errors, _total, split = wrk(base + path, cookie=cookie, port=port)
            floor = floor or rps
            status, n = facts["queries"][label]
            note = f"  ({errors} non-2xx!)" if errors else "" if status == 200 else f"  (status {status}!)"
            share = rps / floor
            goal = "" if label.startswith(("floor", "health")) else TARGET_SIGNED_IN if signed_in else TARGET_ANONYMOUS
            verdict = "" if goal == "" else f"{goal:>4.0%} {'ok' if share >= goal else 'MISS'}"
            print(f"{label:<40} {rps:>8.0f} {p50:>8.1f} {p99:>8.1f} {n:>8} {share:>8.0%} {verdict:>9} {split:>6}{note}")

        print("\nMap GeoJSON built cold (cache invalidated, in-process, one request):")
        for path, ms in facts["cold_ms"].items():
            print(f"  {path:<36} {ms:>7.0f} ms")

        if not VOTES:
            return
        csrf = "benchcsrftoken0000000000000000ab"  # 32 characters, sent as cookie and header
        lua = VOTE_LUA % (
            ", ".join(f'"{s}"' for s in facts["voters"]),
            csrf,
            f"/api/v1/consultations/{facts['consultation']}/vote/",
        )
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
            script.write(lua)
        rps, p50, p99, errors, total, _split = wrk(base + "/", connections=VOTERS, script=script.name)
        seconds = float(DURATION.rstrip("s"))
        check = shell(env, CHECK.format(pk=facts["consultation"], voter_pks=facts["voter_pks"]))
        ok = check["tallies"] == check["rows"] and check["max_votes_per_person"] <= 1
        print(f"\nVote casting: {VOTERS} clients, random person and stance per request, {DURATION}")
        accepted = (total - errors) / seconds
        print(
            f"  {accepted:.0f} votes/s"
            f" accepted (target {TARGET_VOTES}: {'ok' if accepted >= TARGET_VOTES else 'MISS'}),"
            f" p50 {p50:.1f} ms, p99 {p99:.1f} ms, {errors} refused"
        )
        print(
            f"  tallies {check['tallies']} == rows {check['rows']}: {check['tallies'] == check['rows']}; "
            f"most votes by one person: {check['max_votes_per_person']}; voters with a vote: "
            f"{check['voters_with_a_vote']} of {VOTERS}  -> {'OK' if ok else 'LOST OR DOUBLED VOTES'}"
        )
        sizes = worker_rss_mb(port)
        print(f"\nWeb processes RSS after the run: {', '.join(f'{s:.0f} MB' for s in sizes)}")


if __name__ == "__main__":
    main()
