"""A real server for browser tests and benchmarks: its own PostGIS database with the demo data,
served by uvicorn, started and stopped as a context manager."""

import contextlib
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def database_url(name: str) -> str:
    base = os.environ.get("DATABASE_URL", "postgis://civic:civic@127.0.0.1:5432/civic")
    return re.sub(r"/[^/]+$", f"/{name}", base)


def _libpq(url: str) -> str:
    return re.sub(r"^postgis://", "postgresql://", url)


def prepare_database(url: str, *, fresh: bool, env: dict, skip_people: bool = False) -> None:
    """Create the database (dropping it first if `fresh`) as a copy of the migrated template
    (tests/dbtemplate.py), migrate what is left, load the demo data."""
    import psycopg

    from tests.dbtemplate import template_name

    name = url.rsplit("/", 1)[-1]
    template = os.environ.get("CIVIC_DB_TEMPLATE") or template_name(url)
    with psycopg.connect(re.sub(r"/[^/]+$", "/postgres", _libpq(url)), autocommit=True) as conn:
        if fresh:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    with psycopg.connect(_libpq(url), autocommit=True) as conn:
        conn.execute("CREATE EXTENSION IF NOT EXISTS postgis")
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    demo = [*manage, "load_demo_data", *(["--skip-people"] if skip_people else [])]
    subprocess.run(demo, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def bench_env(**extra) -> dict:
    """Production settings on the seeded bench database (bench/run.py, bench/twin.py)."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "bench-only-" + "x" * 40,
        "DATABASE_URL": database_url("civic_bench"),
        "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/3"),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "DEMO_DATA_ALLOWED": "true",
        "LOG_LEVEL": "WARNING",
        **extra,
    }


def prepare_bench(env: dict) -> None:
    """The bench database with the demo data and issue 3's scale (bench/seed.py, idempotent)."""
    prepare_database(env["DATABASE_URL"], fresh=False, env=env, skip_people=True)
    seed = (ROOT / "bench" / "seed.py").read_text()
    subprocess.run([sys.executable, "manage.py", "shell", "-c", seed], cwd=ROOT, env=env, check=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def _serve(command: list[str], env: dict, *, name: str, log=None):
    """Run a server command on a free port; yield the base URL once /health/live/ answers."""
    port = free_port()
    command = [part.replace("{port}", str(port)) for part in command]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT if log else None)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    try:
        while True:
            try:
                with urllib.request.urlopen(f"{base}/health/live/", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError(f"{name} did not start (exit code {process.poll()})")
            time.sleep(0.3)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


def uvicorn_server(env: dict, *, workers: int = 1, log=None):
    """Serve config.asgi with uvicorn (HTTP and WebSockets), as the browser tests do."""
    command = [sys.executable, "-m", "uvicorn", "config.asgi:application", "--host", "127.0.0.1", "--port", "{port}"]
    command += ["--workers", str(workers), "--log-level", "warning", "--no-access-log"]
    return _serve(command, env, name="uvicorn", log=log)


def gunicorn_server(env: dict, *, workers: int = 2, threads: int = 4, log=None):
    """Serve config.wsgi with gunicorn's threaded workers: the production HTTP server."""
    command = [sys.executable, "-m", "gunicorn", "config.wsgi:application", "-b", "127.0.0.1:{port}"]
    command += ["-w", str(workers), "--threads", str(threads), "-k", "gthread", "--log-level", "warning"]
    return _serve(command, env, name="gunicorn", log=log)
