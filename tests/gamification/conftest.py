import os
import re
import subprocess
import sys

import psycopg
import pytest
from django.db import connection, connections

from gamification.models import PartnerKey, Service, ServiceAttribute
from tests.liveserver import ROOT, uvicorn_server


@pytest.fixture
def pothole(db):
    service = Service.objects.create(
        code="pothole", name="Pothole", group="Roads", keywords="road, hole, pothole", description="A hole in the road"
    )
    ServiceAttribute.objects.create(
        service=service,
        code="depth",
        description="How deep is it?",
        datatype=ServiceAttribute.Datatype.SINGLE,
        required=True,
        order=1,
        values=[{"key": "shallow", "name": "Shallower than a hand"}, {"key": "deep", "name": "Deeper than a hand"}],
    )
    ServiceAttribute.objects.create(
        service=service, code="width_cm", description="How wide (cm)?", datatype="number", order=2
    )
    return service


@pytest.fixture
def partner(db):
    key, secret = PartnerKey.issue(name="Neighbourhood app")
    key.secret = secret
    return key


# --- A second Civic Twin for the Open311 client to talk to over real HTTP --------------------------
class Peer:
    """Another instance of our server (its own database and Redis database, served by uvicorn):
    the council system a routed category's reports are sent to."""

    def __init__(self, base: str, dsn: str, key: str, jurisdiction: str, env: dict):
        self.base, self.dsn, self.key, self.jurisdiction, self.env = base, dsn, key, jurisdiction, env
        self.open311 = f"{base}/open311/v2/"

    def sql(self, query: str, params=()) -> list:
        """Read the peer's database (what it stored)."""
        with psycopg.connect(self.dsn, autocommit=True) as conn:
            cursor = conn.execute(query, params)
            return cursor.fetchall() if cursor.description else []

    def staff_update(self, report_id: str, status: str, note: str) -> None:
        """The council's staff move the report on in their own system (through its services)."""
        script = (
            "from gamification import services; from gamification.models import Report; "
            "from accounts.models import User; "
            "staff = User.objects.get(email='staff@peer.example'); "
            f"services.report_status_set(report=Report.objects.get(pk={int(report_id)}), status={status!r}, "
            f"by=staff, public_note={note!r})"
        )
        subprocess.run([sys.executable, "manage.py", "shell", "-c", script], cwd=ROOT, env=self.env, check=True)


PEER_SETUP = """
from gamification.models import PartnerKey, Service, ServiceAttribute
potholes, _ = Service.objects.get_or_create(code="potholes", defaults={"name": "Potholes (council)"})
ServiceAttribute.objects.get_or_create(
    service=potholes, code="depth", defaults={"description": "Depth", "datatype": "singlevaluelist",
    "values": [{"key": "shallow", "name": "Shallow"}, {"key": "deep", "name": "Deep"}]},
)
Service.objects.get_or_create(code="bulky-waste", defaults={"name": "Bulky waste", "type": "batch"})
from accounts.models import User
User.objects.create_superuser(email="staff@peer.example", password="peer-staff-password")
key, secret = PartnerKey.issue(name="Civic Twin")
print(secret)
"""


@pytest.fixture(scope="session")
def open311_peer(django_db_setup, django_db_blocker, tmp_path_factory):
    """Served from a copy of this worker's migrated test database (a template copy: quicker than
    migrating a new one), with two services (one batch: it answers tokens) and a partner key."""
    with django_db_blocker.unblock():
        source = connection.settings_dict["NAME"]
        connections.close_all()
    name = f"{source}_peer"[:63]
    libpq = re.sub(r"^postgis://", "postgresql://", os.environ["DATABASE_URL"])
    with psycopg.connect(re.sub(r"/[^/]+$", "/postgres", libpq), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{source}"')
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": re.sub(r"/[^/]+$", f"/{name}", os.environ["DATABASE_URL"]),
        "REDIS_URL": f"redis://127.0.0.1:6379/{14 + int(worker[2:] or 0) % 2}",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "OPEN311_JURISDICTION": "peer.example",
    }
    env.pop("PYTEST_XDIST_WORKER", None)  # the peer's settings must not take this worker's Redis database
    made = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", PEER_SETUP], cwd=ROOT, env=env, check=True, capture_output=True
    )
    key = made.stdout.decode().strip().splitlines()[-1]
    log = tmp_path_factory.mktemp("peer") / "peer.log"
    with open(log, "w") as out, uvicorn_server(env, log=out) as base:
        yield Peer(base, re.sub(r"/[^/]+$", f"/{name}", libpq), key, "peer.example", env)
    with psycopg.connect(re.sub(r"/[^/]+$", "/postgres", libpq), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
