"""Without Redis, every request path but live updates keeps working: the API (with its throttles
on), pages, sign-in, a vote and a comment. Once with the cache and broker pointed at a dead port
(gunicorn, production settings), and once under `make serve`'s processes (scripts/serve.sh:
gunicorn, uvicorn, Celery worker and beat) with their own Redis stopped mid-run and started again.
/health/ is the one page that must say the cache and broker are down (503)."""

import os
import re
import subprocess
import sys
import time
from contextlib import contextmanager

import psycopg
import pytest
import requests

from tests.liveserver import ROOT, _libpq, database_url, free_port, gunicorn_server, prepare_database

pytestmark = pytest.mark.slow
PASSWORD = "civic-demo-2026"


@pytest.fixture(scope="module")
def outage_db():
    url = database_url("civic_outage")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.dev", "DATABASE_URL": url, "REDIS_URL": ""}
    env["DEMO_DATA_ALLOWED"] = "true"
    prepare_database(url, fresh=True, env=env)
    static = [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"]  # as serve.sh does, once for both
    subprocess.run(static, cwd=ROOT, env=_production_env(url, ""), check=True)
    return url


def _production_env(db_url: str, redis_url: str) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "outage-test-" + "x" * 40,
        "DATABASE_URL": db_url,
        "REDIS_URL": redis_url,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "API_THROTTLE": "true",  # the throttles read the cache: they must fail open
        "LOG_LEVEL": "WARNING",
    }


def _rows(db_url: str, sql: str, *args):
    with psycopg.connect(_libpq(db_url)) as conn:
        return conn.execute(sql, args).fetchall()


def _csrf(session: requests.Session, base: str, path: str) -> str:
    page = session.get(base + path, timeout=20)
    assert page.status_code == 200, (path, page.status_code)
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)


def _take_part(base: str, db_url: str, label: str) -> None:
    """Everything a visitor and a resident do, with no 5xx anywhere; the writes are stored."""
    anonymous = requests.Session()
    for path in ("/", "/proposals/", "/ideas/", "/map/", "/twin/", "/twin/data/", "/areas/"):
        assert anonymous.get(base + path, timeout=20).status_code == 200, path
    for path in ("/api/v1/proposals/", "/api/v1/ideas/", "/api/v1/proposals/features/", "/api/v1/consultations/"):
        for _ in range(3):  # throttled endpoints, asked more than once
            response = anonymous.get(base + path, headers={"Accept": "application/json"}, timeout=20)
            assert response.status_code == 200, (path, response.status_code, response.text[:300])
    health = anonymous.get(base + "/health/", timeout=20)
    assert health.status_code == 503
    checks = health.json()["checks"]
    assert checks["database"]["status"] == "ok" and checks["cache"]["status"] == "error"
    assert checks["broker"]["status"] == "error"

    resident = requests.Session()
    token = _csrf(resident, base, "/accounts/login/")
    signed_in = resident.post(
        base + "/accounts/login/",
        data={"csrfmiddlewaretoken": token, "login": "resident@example.org", "password": PASSWORD},
        headers={"Referer": base + "/accounts/login/"},
        timeout=20,
    )
    assert signed_in.status_code == 200 and "Sign out" in signed_in.text, signed_in.text[:500]
    consultation = next(
        c for c in anonymous.get(base + "/api/v1/consultations/", timeout=20).json()["results"] if c["stage"] == "open"
    )
    page = f"/engagement/consultations/{consultation['id']}/"
    token = _csrf(resident, base, page)
    voted = resident.post(
        base + f"{page}vote/", data={"csrfmiddlewaretoken": token, "stance": "oppose"}, headers={"Referer": base + page}
    )
    assert voted.status_code < 400, voted.text[:500]
    stance = _rows(
        db_url,
        "SELECT v.stance FROM engagement_stancevote v JOIN accounts_user u ON u.id = v.user_id "
        "WHERE u.email = 'resident@example.org' AND v.consultation_id = %s",
        consultation["id"],
    )
    assert stance == [("oppose",)]
    proposal = next(  # one still open to comments (a completed one is not)
        p
        for p in anonymous.get(base + "/api/v1/proposals/", timeout=20).json()["results"]
        if p["status"] in ("pre_application", "consultation")
    )
    body = f"Still works without Redis ({label})"
    commented = resident.post(
        base + f"/engagement/proposals.planningproposal/{proposal['id']}/comments/",
        data={"csrfmiddlewaretoken": token, "body": body},
        headers={"Referer": base + page},
        timeout=20,
    )
    assert commented.status_code < 400, commented.text[:500]
    assert _rows(db_url, "SELECT count(*) FROM engagement_comment WHERE body = %s", body) == [(1,)]
    assert resident.get(base + "/engagement/notifications/", timeout=20).status_code == 200


def test_the_site_works_with_cache_and_broker_on_a_dead_port(outage_db):
    dead = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there
    with gunicorn_server(_production_env(outage_db, dead), workers=1) as base:
        _take_part(base, outage_db, "dead port")


@contextmanager
def _redis(port: int):
    process = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    for _ in range(50):
        if subprocess.run(["redis-cli", "-p", str(port), "ping"], capture_output=True).stdout.strip() == b"PONG":
            break
        time.sleep(0.1)
    try:
        yield process
    finally:
        process.terminate()
        process.wait(timeout=10)


@contextmanager
def _serve(env: dict):
    """scripts/serve.sh (make serve without the install step): web, ws, worker and beat."""
    process = subprocess.Popen(
        ["bash", "scripts/serve.sh"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT
    )
    base = f"http://127.0.0.1:{env['PORT']}"
    deadline = time.monotonic() + 90
    try:
        while True:
            try:
                if requests.get(base + "/health/live/", timeout=2).status_code == 200:
                    break
            except requests.RequestException:
                pass
            assert time.monotonic() < deadline and process.poll() is None, "make serve did not start"
            time.sleep(0.5)
        yield base
    finally:
        process.terminate()  # honcho stops every process it started
        process.wait(timeout=30)


def test_make_serve_keeps_working_when_redis_stops_mid_run_and_recovers(outage_db):
    redis_port = free_port()
    env = {**_production_env(outage_db, f"redis://127.0.0.1:{redis_port}/0"), "PORT": str(free_port())}
    env["STATIC_COLLECTED"] = "true"  # outage_db collected them, with the same settings
    env["PATH"] = f"{ROOT / '.venv' / 'bin'}:{env['PATH']}"
    with _redis(redis_port) as redis_process, _serve(env) as base:
        assert requests.get(base + "/health/", timeout=20).status_code == 200  # all up
        assert requests.get(base + "/api/v1/ideas/", timeout=20).status_code == 200
        redis_process.terminate()
        redis_process.wait(timeout=10)
        _take_part(base, outage_db, "stopped mid-run")
        with _redis(redis_port):
            deadline = time.monotonic() + 20
            while requests.get(base + "/health/", timeout=20).status_code != 200:
                assert time.monotonic() < deadline, "did not recover when Redis came back"
                time.sleep(0.5)
            assert requests.get(base + "/api/v1/ideas/", timeout=20).status_code == 200
