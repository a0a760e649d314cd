"""Browser tests: a real ASGI server (uvicorn) on its own PostGIS database with the demo data,
driven by Debian's Chromium through Playwright. Every page visited is audited with axe
(WCAG 2.2 AA + best practice) and screenshotted at phone and desktop widths into test-artifacts/."""

import os
import time
from pathlib import Path

import pytest
import redis
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import sync_playwright

from tests.e2e.prepare import STAFF_TOTP_SECRET, WORKER, e2e_env, e2e_prepare, worker_copy
from tests.liveserver import uvicorn_server

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


@pytest.fixture(scope="session")
def mailbox(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("mail")


@pytest.fixture(scope="session")
def server(mailbox):
    env = e2e_env(mailbox=str(mailbox))
    if os.environ.get("E2E_DATABASE_READY") != "1":  # `make test` prepares it while the unit suite runs
        if WORKER:
            raise pytest.UsageError("In parallel, prepare the database first: python -m tests.e2e.prepare")
        e2e_prepare(env)
    if WORKER:
        worker_copy()
    redis.Redis.from_url(env["REDIS_URL"]).flushdb()  # no rate-limit or cache state from a previous run
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    log_name = f"e2e-server-{WORKER}.log" if WORKER else "e2e-server.log"
    with open(ARTIFACTS.parent / log_name, "w") as log, uvicorn_server(env, log=log) as base:
        yield base


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


# Resolves after two animation frames (something was painted), or after a second if none comes.
PAINTED = (
    "() => new Promise(done => { requestAnimationFrame(() => requestAnimationFrame(done)); setTimeout(done, 1000); })"
)


# A map refits itself to a new width; audit it once its zoom and its clusters have stopped moving
# (Leaflet and markercluster mark the map with these classes while they animate).
MAPS_AT_REST = "() => !document.querySelector('.leaflet-zoom-anim, .leaflet-cluster-anim')"


def screenshot(page, path: Path, attempts: int = 3) -> None:
    """A full-page screenshot. Headless Chromium on a loaded two-core machine now and then never
    delivers the frame after a viewport change (CI saw "fonts loaded", then a 10 s timeout), so
    wait for a painted frame and try again before giving up."""
    for attempt in range(1, attempts + 1):
        try:
            page.evaluate(PAINTED)
            page.screenshot(
                path=str(path), type="jpeg", quality=80, full_page=True, animations="disabled", caret="hide",
                timeout=20_000,
            )  # fmt: skip
            return
        except PlaywrightTimeoutError:
            if attempt == attempts:
                raise
            page.wait_for_timeout(500)


class Auditor:
    """audit(page, name): axe at phone and desktop widths (zero violations), and screenshots of both."""

    def __init__(self):
        self.axe = Axe()
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.audited: list[str] = []

    def _axe(self, page) -> dict:
        """axe's results for the page as it is now; axe-core goes in once per page, not per width."""
        if not page.evaluate("() => typeof window.axe === 'object'"):
            page.evaluate(self.axe.axe_script)
        return page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)

    def __call__(self, page, name: str) -> None:
        page.wait_for_load_state("load")
        original = page.viewport_size
        problems = []
        for label, width in WIDTHS.items():
            page.set_viewport_size({"width": width, "height": 900})
            page.wait_for_timeout(150)
            page.wait_for_function(MAPS_AT_REST, timeout=5_000)
            for violation in self._axe(page)["violations"]:
                targets = [" ".join(node["target"]) for node in violation["nodes"]][:5]
                problems.append(f"[{label}] {violation['id']}: {violation['help']} – {targets}")
            screenshot(page, ARTIFACTS / f"{name}-{label}.jpg")
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


_TOTP_USED: set[tuple[str, int]] = set()


def totp_code(secret: str = STAFF_TOTP_SECRET, *, user: str = "") -> str:
    """The authenticator's current code, as the person would type it. Like a person, it waits for
    the next code rather than type one about to expire (allauth checks the current 30-second
    window only) or one this person has already used (allauth refuses a code used twice)."""
    from allauth.mfa import app_settings
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    period = app_settings.TOTP_PERIOD
    while True:
        now = time.time()
        counter = int(now // period)
        if period - now % period >= 4 and (user, counter) not in _TOTP_USED:
            _TOTP_USED.add((user, counter))
            return format_hotp_value(hotp_value(secret, counter))
        time.sleep(period - now % period + 0.05)


# Signed-in sessions shared by the browser tests: each demo person signs in through the form once
# per run (the sign-in itself is tested then); later tests start from that person's cookies.
_SESSIONS: dict[str, list] = {}


def sign_in(page, email: str, *, password: str = "civic-demo-2026", totp: bool = False) -> None:
    """Sign in as a demo person (staff with their authenticator code) and wait for the profile."""
    import re

    from playwright.sync_api import expect

    profile = page.get_by_role("heading", name="Your profile")
    if email in _SESSIONS and password == "civic-demo-2026":
        page.context.add_cookies(_SESSIONS[email])
        page.goto("/account/")
        if profile.is_visible():
            return
        page.context.clear_cookies()  # the session ended (signed out, blocked): sign in again
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign In").click()
    if totp:
        page.locator("input[name=code]").fill(totp_code(user=email))
        page.get_by_role("button", name=re.compile("Sign In|Authenticate|Continue", re.I)).click()
    expect(profile).to_be_visible()
    _SESSIONS[email] = [c for c in page.context.cookies() if c["name"] == "sessionid"]
