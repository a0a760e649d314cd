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
