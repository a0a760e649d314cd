"""At 320 CSS pixels (WCAG 2.2 reflow, 1.4.10) no public page scrolls sideways: wide tables
scroll inside their own box, form controls fit the screen."""

import pytest

PAGES = [
    "/",
    "/proposals/",
    "/ideas/",
    "/map/",
    "/areas/",
    "/twin/",
    "/reports/",
    "/reports/new/",
    "/rewards/leaderboards/",
    "/improve/",
    "/twin/data/",
    "/twin/weights/",
    "/twin/scenarios/",
    "/search/?q=tyseley",
]


@pytest.mark.parametrize("path", PAGES)
def test_no_page_scrolls_sideways_at_320_pixels(page, path):
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(path)
    page.wait_for_load_state("load")
    scroll, client = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert scroll <= client, f"{path} is {scroll}px wide at {client}px"


# Each marker or cluster on a list map, and the map's controls, as rectangles in page pixels.
_MAP_BOXES = """() => {
  const box = e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
  const map = document.getElementById('list-map');
  return {
    map: box(map),
    controls: [...map.querySelectorAll('.leaflet-control-zoom, .leaflet-control-attribution')].map(box),
    markers: [...map.querySelectorAll('path.leaflet-interactive, .marker-cluster')].map(box),
  };
}"""


def _overlap(a, b, gap=0):
    return a[0] < b[2] + gap and b[0] < a[2] + gap and a[1] < b[3] + gap and b[1] < a[3] + gap


@pytest.mark.parametrize("path", ["/ideas/", "/proposals/", "/reports/"])
def test_a_list_map_refits_when_the_screen_narrows(page, path):
    """A phone turned round or a window narrowed: the map fits its markers again, inside the map
    and clear of its buttons (WCAG 2.5.8 spacing), unless the person has moved it."""
    from playwright.sync_api import expect

    from tests.e2e.conftest import MAPS_AT_REST

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(path)
    expect(page.locator("#list-map path.leaflet-interactive, #list-map .marker-cluster").first).to_be_attached()
    page.set_viewport_size({"width": 320, "height": 800})
    page.wait_for_timeout(300)
    page.wait_for_function(MAPS_AT_REST)
    boxes = page.evaluate(_MAP_BOXES)
    assert boxes["markers"], path
    for marker in boxes["markers"]:
        inside = boxes["map"][0] <= marker[0] and marker[2] <= boxes["map"][2]
        assert inside and boxes["map"][1] <= marker[1] and marker[3] <= boxes["map"][3], (path, marker, boxes["map"])
        assert not any(_overlap(marker, control, gap=4) for control in boxes["controls"]), (path, marker, boxes)
