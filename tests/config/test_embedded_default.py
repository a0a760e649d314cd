"""Smoke test of the embedded default `make run` uses: SpatiaLite file, eager Celery, no env vars."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from tests.dbtemplate import key as template_key

pytestmark = pytest.mark.slow
CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "civic-twin"

CHECK = """
from django.test import Client
from django.db import connection
c = Client(SERVER_NAME="localhost")
print("vendor", connection.vendor, connection.ops.spatialite)
print("home", c.get("/").status_code)
print("areas", c.get("/api/v1/areas/?kind=ward").status_code, len(c.get("/api/v1/areas/?kind=ward").json()["features"]))
print("health", c.get("/health/").json()["checks"]["broker"]["mode"])
from accounts.models import User
from engagement.models import ModerationCase
from proposals.models import PlanningProposal
me = Client(SERVER_NAME="localhost")
me.force_login(User.objects.get(email="resident@example.org"))
proposal = PlanningProposal.objects.order_by("pk").first()
posted = me.post(f"/engagement/proposals.planningproposal/{proposal.pk}/comments/", {"body": "Smoke test"})
print("comment", posted.status_code, ModerationCase.objects.filter(kind="new").count() > 0)
print("notifications", me.get("/engagement/notifications/").status_code)
from twin.models import KpiObservation, ScoreRun
print("twin", KpiObservation.objects.count(), ScoreRun.objects.filter(current=True, total__isnull=False).count())
from django import forms
from places.models import Area
try:  # a 30-digit id from a form: "not a valid choice", not SQLite's OverflowError (params/lookups.py)
    forms.ModelMultipleChoiceField(Area.objects.all()).clean(["9" * 30])
except forms.ValidationError:
    print("overflow refused")
for path in ("/twin/", "/twin/data/", "/twin/scenarios/1/", f"/twin/scores/proposals.planningproposal/{proposal.pk}/",
             f"/proposals/{proposal.slug}/", "/api/v1/observations/?kpi=no2"):
    print("page", path, c.get(path).status_code)
"""


def test_embedded_default_migrates_loads_demo_data_twice_and_serves(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}}
    env.update({"CIVIC_VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "config.settings.dev"})

    def manage(*args):
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=str(settings.BASE_DIR),
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, result.stderr[-3000:]
        return result.stdout

    # Migrating SpatiaLite from nothing takes most of this test (270-odd migrations): a migrated
    # file is kept per migration hash, like the PostGIS template (tests/dbtemplate.py), so it is
    # done again whenever a migration or a pinned package changes, and `migrate` still runs.
    database = tmp_path / "civic.sqlite3"
    migrated = CACHE / f"spatialite-{template_key()}.sqlite3"
    if migrated.exists():
        shutil.copyfile(migrated, database)
    manage("migrate", "--noinput", "-v0")
    if not migrated.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        for old in CACHE.glob("spatialite-*.sqlite3"):
            old.unlink()
        partial = migrated.with_suffix(f".{os.getpid()}.partial")
        shutil.copyfile(database, partial)
        partial.rename(migrated)
    first = manage("load_demo_data")
    second = manage("load_demo_data")  # idempotent
    assert "Areas: 180 (17 wards, 161 LSOAs)" in first
    assert "Areas: 180 (17 wards, 161 LSOAs)" in second
    out = manage("shell", "-c", CHECK)
    assert "vendor sqlite True" in out
    assert "home 200" in out
    assert "areas 200 17" in out
    assert "health eager" in out
    assert "comment 302 True" in out  # posted, and queued for moderators
    assert "notifications 200" in out
    assert "overflow refused" in out
    # The twin on SpatiaLite: real IMD + demo series stored once (a second load stores nothing new),
    # every demo proposal (4) and opportunity (6, the group's orchard included) scored, reach
    # computed by SpatiaLite.
    assert "stored 1771" in first and "stored 0" in second
    assert "twin 2504 10" in out, next(line for line in out.splitlines() if line.startswith("twin "))
    assert all(" 200" in line for line in out.splitlines() if line.startswith("page ")), out
    assert (tmp_path / "civic.sqlite3").exists()
