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


def e2e_env(*, mailbox: str = "") -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.e2e",
        "DATABASE_URL": database_url("civic_e2e"),
        "REDIS_URL": os.environ.get("E2E_REDIS_URL", "redis://127.0.0.1:6379/2"),
        "EMAIL_FILE_PATH": mailbox or str(ROOT / "var" / "mail"),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "MAP_TILE_URL": "http://127.0.0.1:9/{z}/{x}/{y}.png",  # no tiles: the map must degrade
    }


def e2e_prepare(env: dict) -> None:
    prepare_database(env["DATABASE_URL"], fresh=True, env=env)
    activate = "from allauth.mfa.totp.internal.auth import TOTP; from accounts.models import User; " + "; ".join(
        f"TOTP.activate(User.objects.get(email='{email}'), '{STAFF_TOTP_SECRET}')"
        for email in ("moderator@example.org", "admin@example.org", "policy@example.org")
    )
    subprocess.run([sys.executable, "manage.py", "shell", "-c", activate], cwd=ROOT, env=env, check=True)


if __name__ == "__main__":
    e2e_prepare(e2e_env())
