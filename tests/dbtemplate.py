"""One migrated PostGIS database that every test database is copied from.

Migrating from nothing runs 270-odd migrations (most of them Wagtail's, allauth's and the other
packages') and takes 45-80 s on these two-core machines, almost all of it Django re-rendering
model states. `make test` used to pay that five times: once per pytest-xdist worker, once for the
browser tests' database and once for the Redis-outage server. Now it is paid once per change of
migrations: `python -m tests.dbtemplate` migrates a database named after a hash of every
migration and of the pinned package versions, and prints its name; the test settings give it to
Django as the test database's TEMPLATE (so `CREATE DATABASE … TEMPLATE`, then a migrate that has
nothing to do), and `tests.liveserver.prepare_database` copies it the same way.

The template is built under a temporary name and renamed when complete, so an interrupted build
is never used; an advisory lock keeps two runs from building it at once; older templates are
dropped. Nobody connects to the template after it is built (PostgreSQL refuses to copy a
database that has sessions).
"""

import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path

import psycopg

from tests.liveserver import _libpq as libpq

ROOT = Path(__file__).resolve().parents[1]
PREFIX = "civic_tmpl_"
LOCK = 7_031_977  # pg_advisory_lock key for building templates


def key() -> str:
    """Every migration file of the project and the pinned versions of every package (whose
    migrations come with them)."""
    digest = hashlib.sha256()
    for path in sorted([*ROOT.glob("*/migrations/*.py"), *ROOT.glob("tests/*/migrations/*.py")]):
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    for name in ("constraints.txt", "requirements.txt"):
        digest.update((ROOT / name).read_bytes())
    return digest.hexdigest()[:16]


def _libpq(url: str, database: str) -> str:
    return libpq(re.sub(r"/[^/]+$", f"/{database}", url))


def template_name(url: str | None = None) -> str:
    """The migrated template's name, building it first if it does not exist."""
    url = url or os.environ["DATABASE_URL"]
    name = PREFIX + key()
    with psycopg.connect(_libpq(url, "postgres"), autocommit=True) as conn:
        conn.execute("SELECT pg_advisory_lock(%s)", [LOCK])
        try:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
            if not exists:
                _build(conn, url, name)
            for (old,) in conn.execute(
                "SELECT datname FROM pg_database WHERE datname LIKE %s AND datname <> %s", [PREFIX + "%", name]
            ).fetchall():
                conn.execute(f'DROP DATABASE IF EXISTS "{old}" WITH (FORCE)')
        finally:
            conn.execute("SELECT pg_advisory_unlock(%s)", [LOCK])
    return name


def _build(conn, url: str, name: str) -> None:
    building = f"{PREFIX}building"
    conn.execute(f'DROP DATABASE IF EXISTS "{building}" WITH (FORCE)')
    conn.execute(f'CREATE DATABASE "{building}"')
    with psycopg.connect(_libpq(url, building), autocommit=True) as target:
        target.execute("CREATE EXTENSION IF NOT EXISTS postgis")
    env = {**os.environ, "DATABASE_URL": re.sub(r"/[^/]+$", f"/{building}", url), "CIVIC_DB_TEMPLATE": ""}
    env.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    conn.execute(f'ALTER DATABASE "{building}" RENAME TO "{name}"')


if __name__ == "__main__":
    print(template_name())
