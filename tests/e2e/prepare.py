"""The browser tests' database: fresh, migrated, with the demo data and the staff's authenticator.

The e2e `server` fixture calls `e2e_prepare` unless E2E_DATABASE_READY=1; `make test` runs this
module (`python -m tests.e2e.prepare`) while the unit suite runs, so the browser tests start at
once. Run it alone to rebuild the database by hand."""

import os
import subprocess
import sys

from tests.liveserver import ROOT, database_url, prepare_database

# Staff must use two-step sign-in: the demo staff get this authenticator secret in the e2e database.
STAFF_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


BASE = "civic_e2e"
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")  # "gw0", "gw1"… when the browser tests run in parallel


def worker_database() -> str:
    """The database this process's server uses: the prepared one, or under pytest-xdist a copy
    of it per worker (each worker runs its own server and browser)."""
    return f"{BASE}_{WORKER}" if WORKER else BASE


def _redis_url() -> str:
    if WORKER.startswith("gw"):
        return f"redis://127.0.0.1:6379/{12 + int(WORKER[2:]) % 4}"
    return os.environ.get("E2E_REDIS_URL", "redis://127.0.0.1:6379/2")


def e2e_env(*, mailbox: str = "") -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.e2e",
        "DATABASE_URL": database_url(worker_database()),
        "REDIS_URL": _redis_url(),
        "EMAIL_FILE_PATH": mailbox or str(ROOT / "var" / "mail"),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "MAP_TILE_URL": "http://127.0.0.1:9/{z}/{x}/{y}.png",  # no tiles: the map must degrade
    }


def e2e_prepare(env: dict) -> None:
    """Build the prepared database (always the base one, never a worker's copy)."""
    env = {**env, "DATABASE_URL": database_url(BASE)}
    prepare_database(env["DATABASE_URL"], fresh=True, env=env)
    activate = "from allauth.mfa.totp.internal.auth import TOTP; from accounts.models import User; " + "; ".join(
        f"TOTP.activate(User.objects.get(email='{email}'), '{STAFF_TOTP_SECRET}')"
        for email in ("moderator@example.org", "admin@example.org", "policy@example.org")
    )
    subprocess.run([sys.executable, "manage.py", "shell", "-c", activate], cwd=ROOT, env=env, check=True)


def worker_copy() -> None:
    """A worker's fresh copy of the prepared database (PostgreSQL copies a database that has no
    sessions: nothing serves the prepared one)."""
    import psycopg

    from tests.liveserver import _libpq

    with psycopg.connect(_libpq(database_url("postgres")), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{worker_database()}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{worker_database()}" TEMPLATE "{BASE}"')


if __name__ == "__main__":
    e2e_prepare(e2e_env())
