"""Browser tests: a real ASGI server (uvicorn) on its own PostGIS database with the demo data,
driven by Debian's Chromium through Playwright. Every page visited is audited with axe
(WCAG 2.2 AA + best practice) and screenshotted at phone and desktop widths into test-artifacts/."""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import psycopg
import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "e2e"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]},
    "resultTypes": ["violations"],
}
WIDTHS = {"phone": 375, "desktop": 1280}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _e2e_database_url() -> str:
    base = os.environ.get("DATABASE_URL", "postgis://civic:civic@127.0.0.1:5432/civic")
    return re.sub(r"/[^/]+$", "/civic_e2e", base)


def _recreate_database(url: str) -> None:
    admin_url = re.sub(r"^postgis://", "postgresql://", re.sub(r"/[^/]+$", "/postgres", url))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute("DROP DATABASE IF EXISTS civic_e2e WITH (FORCE)")
        conn.execute("CREATE DATABASE civic_e2e")
    with psycopg.connect(re.sub(r"^postgis://", "postgresql://", url), autocommit=True) as conn:
        conn.execute("CREATE EXTENSION IF NOT EXISTS postgis")


@pytest.fixture(scope="session")
def mailbox(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("mail")


@pytest.fixture(scope="session")
def server(mailbox):
    url = _e2e_database_url()
    _recreate_database(url)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.e2e",
        "DATABASE_URL": url,
        "REDIS_URL": os.environ.get("E2E_REDIS_URL", "redis://127.0.0.1:6379/2"),
        "EMAIL_FILE_PATH": str(mailbox),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        # Sign-in rate limits are exercised in the unit suite; here one browser signs in many times.
        "MAP_TILE_URL": "http://127.0.0.1:9/{z}/{x}/{y}.png",  # no tiles: the map must degrade
    }
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run([*manage, "load_demo_data"], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    subprocess.run(
        [sys.executable, "-c", "import redis,os; redis.Redis.from_url(os.environ['REDIS_URL']).flushdb()"],
        env=env,
        check=True,
    )
    port = _free_port()
    log = open(ARTIFACTS.parent / "e2e-server.log", "w") if ARTIFACTS.parent.mkdir(exist_ok=True) or True else None
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "config.asgi:application",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            "1",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{base}/health/", timeout=2) as response:
                if response.status == 200:
                    break
        except OSError:
            pass
        if time.monotonic() > deadline or process.poll() is not None:
            process.kill()
            raise RuntimeError("the e2e server did not start; see test-artifacts/e2e-server.log")
        time.sleep(0.3)
    yield base
    process.terminate()
    process.wait(timeout=10)
    log.close()


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(base_url=server, viewport={"width": WIDTHS["desktop"], "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def nojs_page(browser, server):
    context = browser.new_context(base_url=server, java_script_enabled=False)
    page = context.new_page()
    yield page
    context.close()


class Auditor:
    """audit(page, name): axe at phone and desktop widths (zero violations), and screenshots of both."""

    def __init__(self):
        self.axe = Axe()
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.audited: list[str] = []

    def __call__(self, page, name: str) -> None:
        page.wait_for_load_state("load")
        original = page.viewport_size
        problems = []
        for label, width in WIDTHS.items():
            page.set_viewport_size({"width": width, "height": 900})
            page.wait_for_timeout(150)
            results = self.axe.run(page, options=AXE_OPTIONS)
            for violation in results.response["violations"]:
                targets = [" ".join(node["target"]) for node in violation["nodes"]][:5]
                problems.append(f"[{label}] {violation['id']}: {violation['help']} – {targets}")
            page.screenshot(path=str(ARTIFACTS / f"{name}-{label}.png"), full_page=True)
        page.set_viewport_size(original)
        self.audited.append(name)
        assert not problems, f"axe found violations on {name} ({page.url}):\n" + "\n".join(problems)


@pytest.fixture(scope="session")
def audit():
    return Auditor()


def latest_email(mailbox: Path, to: str) -> str:
    for _ in range(50):
        files = sorted(mailbox.glob("*.log"), key=lambda p: p.stat().st_mtime, reverse=True)
        for path in files:
            text = path.read_text()
            if f"To: {to}" in text:
                return text
        time.sleep(0.1)
    raise AssertionError(f"no email to {to} in {mailbox}")
