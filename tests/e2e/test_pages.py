"""Every public page passes axe at phone and desktop widths; the map degrades to its list;
the site works by keyboard."""

import pytest
from playwright.sync_api import expect

PUBLIC_PAGES = [
    ("/", "home"),
    ("/areas/", "areas-map"),
    ("/areas/?kind=lsoa", "areas-lsoa"),
    ("/areas/E05011182/", "area-ward"),
    ("/areas/TEED/", "area-teed"),
    ("/areas/data-sources/", "data-sources"),
    ("/organisations/", "organisations"),
    ("/organisations/friends-of-the-river-cole-demo/", "organisation"),
    ("/proposals/", "proposals"),
    ("/proposals/tyseley-energy-park-hydrogen-refuelling-demo/", "proposal"),
    ("/ideas/", "ideas"),
    ("/news/", "news"),
    ("/news/civic-twin-beta-opens/", "news-item"),
    ("/about/", "about"),
    ("/teed/", "teed"),
    ("/privacy/", "privacy"),
    ("/accessibility/", "accessibility"),
    ("/cookies/", "cookies"),
    ("/accounts/password/reset/", "password-reset"),
    ("/twin/", "twin-dashboard"),
    ("/twin/?area=E05011118&theme=air_quality&from=2023&to=2026", "twin-dashboard-air"),
    ("/twin/data/", "data-catalogue"),
    ("/twin/data/kpi-imd_score/", "dataset-open"),
    ("/twin/data/kpi-emissions_per_person/", "dataset-restricted"),
    ("/twin/weights/", "score-weights"),
    ("/twin/scenarios/", "scenarios"),
    ("/reports/", "reports"),
    ("/reports/?status=fixed&age=nonsense", "reports-filter-error"),
    ("/rewards/leaderboards/?period=all", "leaderboard"),
    ("/rewards/badges/", "badges"),
    ("/improve/", "improve-places"),
    ("/investors/", "investors-home"),
    ("/invest/reuse-and-repair-hub-on-redfern-road/", "opportunity-site-boundary"),
    ("/search/?q=tyseley", "search"),
    ("/search/?q=tyseely&kind=proposals", "search-one-kind-corrected"),
    ("/search/?q=qqqzzz", "search-nothing-found"),
    ("/search/?q=park&kind=nonsense", "search-error"),
    ("/no-such-page/", "not-found"),
]


@pytest.mark.parametrize("path, name", PUBLIC_PAGES, ids=[n for _p, n in PUBLIC_PAGES])
def test_public_page_is_accessible(page, audit, path, name):
    response = page.goto(path)
    assert response.status == (404 if name == "not-found" else 200)
    audit(page, name)


def test_a_street_report_page_is_accessible(page, audit):
    page.goto("/reports/?status=all")
    page.get_by_role("link", name="Broken street light").first.click()
    expect(page.get_by_role("heading", name="Broken street light")).to_be_visible()
    expect(page.get_by_text("The lamp has been replaced.")).to_be_visible()
    audit(page, "report")


def test_signed_in_pages_are_accessible(page, audit):
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill("group@example.org")
    page.get_by_label("Password").fill("civic-demo-2026")
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("heading", name="Your profile")).to_be_visible()
    for path, name in [
        ("/account/data/", "my-data"),
        ("/accounts/email/", "email-addresses"),
        ("/accounts/password/change/", "password-change"),
        ("/accounts/2fa/", "two-step"),
        ("/organisations/new/", "organisation-new"),
        ("/organisations/friends-of-the-river-cole-demo/members/", "organisation-members"),
        ("/ideas/new/", "idea-new"),
        ("/invest/green-roof-and-rainwater-retrofit-of-the-tyseley-business-units/business-case/", "business-case"),
        ("/invest/green-roof-and-rainwater-retrofit-of-the-tyseley-business-units/edit/", "opportunity-edit-site"),
    ]:
        page.goto(path)
        audit(page, name)


def test_map_draws_areas_and_reports_missing_tiles(page):
    page.goto("/areas/")
    expect(page.locator("#area-map-wrapper")).to_be_visible()
    expect(page.locator("#area-map path.leaflet-interactive")).to_have_count(17)
    expect(page.locator("#area-map-notice")).to_contain_text("The map background could not be loaded")
    # The attribution the licence requires is on the map itself.
    expect(page.locator(".leaflet-control-attribution")).to_contain_text("Crown copyright")


def test_map_degrades_to_the_list_without_javascript(nojs_page):
    nojs_page.goto("/areas/")
    expect(nojs_page.locator("#area-map-wrapper")).to_be_hidden()
    expect(nojs_page.get_by_role("link", name="Tyseley & Hay Mills")).to_be_visible()


def test_keyboard_user_skips_to_content_and_moves_the_map(page):
    page.goto("/areas/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#main-content")).to_be_focused()
    page.locator("#area-map").focus()
    expect(page.locator("#area-map")).to_be_focused()
    before = page.evaluate("() => document.querySelector('.leaflet-map-pane').style.transform")
    page.keyboard.press("ArrowRight")
    page.wait_for_timeout(400)
    after = page.evaluate("() => document.querySelector('.leaflet-map-pane').style.transform")
    assert before != after


def test_layout_holds_at_320_pixels(page):
    page.set_viewport_size({"width": 320, "height": 800})
    for path in ["/", "/areas/", "/accounts/signup/"]:
        page.goto(path)
        overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{path} scrolls sideways at 320 px by {overflow}px"
