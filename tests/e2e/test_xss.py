"""Stored script in user-written text never runs: an idea, a proposal and an area are named with
markup that would run script if parsed as HTML, and every map and list that shows them is
hovered, focused and clicked in Chromium. No dialog opens, the markup is shown as text.

Runs last among the browser tests (file order): what it plants is removed afterwards."""

import subprocess
import sys

import pytest
import redis
from playwright.sync_api import expect

from tests.e2e.conftest import ROOT
from tests.e2e.prepare import e2e_env

PAYLOAD = '<img src=x onerror="window.__xss=(window.__xss||0)+1;alert(1)">'
PLANT = """
from django.contrib.gis.geos import Point
from accounts.models import User
from places.models import Area
from proposals import services
from proposals.models import Idea, PlanningProposal
payload = {payload!r}
services.idea_submit(author=User.objects.get(email="resident@example.org"), title="XSS idea " + payload,
    description="Planted by the XSS test.", theme="green_blue_space", location=Point(-1.83, 52.47, srid=4326))
source = PlanningProposal.objects.order_by("pk").first()
fields = {{f.name: getattr(source, f.name) for f in source._meta.concrete_fields
          if f.name not in ("id", "slug", "title", "created_at", "updated_at")}}
services.proposal_save(title="XSS proposal " + payload, **fields)
ward = Area.objects.filter(kind="ward").order_by("code").first()
print("WARD", ward.code, ward.name)
Area.objects.filter(pk=ward.pk).update(name="XSS ward " + payload)
"""
REMOVE = """
from places.models import Area
from proposals.models import Idea, PlanningProposal
Idea.objects.filter(title__startswith="XSS idea ").delete()
PlanningProposal.objects.filter(title__startswith="XSS proposal ").delete()
Area.objects.filter(code={code!r}).update(name={name!r})
"""


def _env():
    return e2e_env()


def _shell(code: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code], cwd=ROOT, env=_env(), capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr[-3000:]
    redis.Redis.from_url(_env()["REDIS_URL"]).flushdb()  # cached pages and map features
    return result.stdout


@pytest.fixture(scope="module")
def planted(server):
    out = _shell(PLANT.format(payload=PAYLOAD))
    code, name = next(line for line in out.splitlines() if line.startswith("WARD ")).split(" ", 2)[1:]
    yield
    _shell(REMOVE.format(code=code, name=name))


@pytest.fixture
def watched(page):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("pageerror", lambda error: dialogs.append(f"page error: {error}"))
    page.add_init_script("window.__xss = 0;")
    return page, dialogs


def _assert_nothing_ran(page, dialogs):
    page.wait_for_timeout(300)  # an onerror handler runs once the broken image fails
    assert dialogs == [] and page.evaluate("window.__xss") == 0, (page.url, dialogs)


def _hover_every_marker(page, map_id: str) -> set[str]:
    """Hover and click every shape on the map; the texts its tooltips and popups showed."""
    shown = set()
    markers = page.locator(f"#{map_id} path.leaflet-interactive")
    for i in range(min(markers.count(), 60)):
        marker = markers.nth(i)
        if not marker.is_visible():
            continue
        marker.hover(force=True)
        marker.click(force=True)
        shown |= set(page.locator(".leaflet-tooltip, .leaflet-popup-content").all_text_contents())
    return shown


@pytest.mark.parametrize("path, kind", [("/ideas/", "idea"), ("/proposals/", "proposal")])
def test_list_maps_show_titles_as_text(planted, watched, path, kind):
    page, dialogs = watched
    page.goto(path)
    item = page.locator("[data-feature-id]").filter(has_text=f"XSS {kind}")
    expect(item).to_have_count(1)
    expect(page.locator("#list-map path.leaflet-interactive").first).to_be_attached()
    link = item.locator("a").first
    tooltip = page.locator(".leaflet-tooltip")
    for zoom_out in range(4):  # drawn on its own, then (zoomed out) inside a cluster
        link.focus()  # focusing the list entry opens its marker's (or cluster's) tooltip
        expect(tooltip.filter(has_text=f"XSS {kind} <img src=x")).to_have_count(1)
        page.locator("[data-feature-id] a").filter(has_not_text="XSS").first.focus()
        if zoom_out < 3:
            page.locator("#list-map .leaflet-control-zoom-out").click()
            page.wait_for_timeout(400)
    page.reload()  # back to the whole set in view, markers drawn on their own
    expect(page.locator("#list-map path.leaflet-interactive").first).to_be_attached()
    item.hover()
    shown = _hover_every_marker(page, "list-map")
    assert any(f"XSS {kind} <img src=x" in text for text in shown), shown
    _assert_nothing_ran(page, dialogs)


def test_the_district_map_shows_every_layer_as_text(planted, watched):
    page, dialogs = watched
    page.goto("/map/")
    for box in page.locator("#layer-controls input[type=checkbox]").all():
        if not box.is_checked():
            box.check()
    expect(page.locator("#district-map path.leaflet-interactive").first).to_be_attached()
    page.wait_for_timeout(500)
    shown = _hover_every_marker(page, "district-map")
    _assert_nothing_ran(page, dialogs)
    assert any("<img src=x" in text for text in shown), shown


def test_the_area_map_shows_area_names_as_text(planted, watched):
    page, dialogs = watched
    page.goto("/areas/")
    expect(page.locator("#area-map path.leaflet-interactive").first).to_be_attached()
    link = page.locator("a[data-area-code]").filter(has_text="XSS ward")
    link.focus()
    shown = _hover_every_marker(page, "area-map")
    assert any("XSS ward <img src=x" in text for text in shown), shown
    _assert_nothing_ran(page, dialogs)
