"""Benchmarks: every page measured the same way against PostGIS, 2 uvicorn workers, `wrk -c10`.

Prints requests/s, p50, p99, the number of SQL queries one request makes, and the ratio to the
floor (a bare Django view). Run with `make bench`; numbers go in closing notes, not in tests.
"""

import json
import os
import re
import subprocess
import sys
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.liveserver import database_url, prepare_database, uvicorn_server  # noqa: E402

DURATION = os.environ.get("BENCH_DURATION", "10s")
PAGES = [
    ("floor: bare Django view", "/health/live/"),
    ("health (db + cache + broker)", "/health/"),
    ("home page (Wagtail)", "/"),
    ("area map page (17 wards)", "/areas/"),
    ("area page (ward)", "/areas/E05011182/"),
    ("organisations list", "/organisations/"),
    ("areas API: 17 wards, zoom 12", "/api/v1/areas/?kind=ward&zoom=12"),
    ("areas API: 161 LSOAs, full detail", "/api/v1/areas/?kind=lsoa"),
]


def count_queries(env):
    code = (
        "import json\nfrom django.test import Client\nfrom django.db import connection\n"
        "from django.test.utils import CaptureQueriesContext\nc = Client(SERVER_NAME='127.0.0.1')\nout = {}\n"
        f"for _label, path in {PAGES!r}:\n"
        "    c.get(path)\n"
        "    with CaptureQueriesContext(connection) as q:\n"
        "        status = c.get(path).status_code\n"
        "    out[path] = (status, len(q.captured_queries))\n"
        "print(json.dumps(out))\n"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def wrk(url):
    out = subprocess.run(
        ["wrk", "-t2", "-c10", f"-d{DURATION}", "--latency", url], capture_output=True, text=True, check=True
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))

    def pct(p):
        m = re.search(rf"\s{p}%\s+([\d.]+)(us|ms|s)\b", out)
        value, unit = float(m.group(1)), m.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return rps, pct(50), pct(99), int(errors.group(1)) if errors else 0


def main():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "bench-only-" + "x" * 40,
        "DATABASE_URL": database_url("civic_bench"),
        "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/3"),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "DEMO_DATA_ALLOWED": "true",
        "LOG_LEVEL": "WARNING",
        # wrk is one client hammering the API: the per-client rate limit would answer 429s.
        "API_THROTTLE": "false",
    }
    prepare_database(env["DATABASE_URL"], fresh=False, env=env, skip_people=True)
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    queries = count_queries(env)
    with uvicorn_server(env, workers=2) as base:
        print(f"wrk -t2 -c10 -d{DURATION}; uvicorn 2 workers; production settings; PostGIS + Redis\n")
        print(f"{'page':<38} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'queries':>8} {'vs floor':>9}")
        # Let both workers and their connections warm up before the floor is measured.
        subprocess.run(["wrk", "-t2", "-c10", "-d3s", base + PAGES[0][1]], capture_output=True, check=True)
        floor = None
        for label, path in PAGES:
            urllib.request.urlopen(base + path, timeout=10).read()  # warm
            rps, p50, p99, errors = wrk(base + path)
            floor = floor or rps
            status, n = queries[path]
            note = f"  ({errors} non-2xx!)" if errors else "" if status == 200 else f"  (status {status}!)"
            print(f"{label:<38} {rps:>8.0f} {p50:>8.1f} {p99:>8.1f} {n:>8} {rps / floor:>8.0%}{note}")


if __name__ == "__main__":
    main()
