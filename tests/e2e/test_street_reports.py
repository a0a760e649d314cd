"""Street reports in the browser: one resident reports by street search with the keyboard and
no map, another by dropping a pin with a photo and finds it on the list and its map; a neighbour
says "me too"; a moderator moves the report on with a response template; the reporter sees the
points and a badge arrive live, then the update. Every page passes axe."""

import re

from PIL import Image
from playwright.sync_api import expect

from tests.e2e.conftest import sign_in


def _photo(tmp_path):
    path = tmp_path / "hole.jpg"
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (52.0, 27.0, 50.0), 3: "W", 4: (1.0, 50.0, 40.0)}
    Image.new("RGB", (2400, 1600), (110, 100, 90)).save(path, exif=exif)
    return path


def test_a_resident_reports_by_street_with_the_keyboard_only(page, audit):
    sign_in(page, "resident@example.org")
    page.goto("/reports/")
    page.get_by_role("button", name="Report a problem").click()
    expect(page.get_by_role("heading", name="Report a problem in the street")).to_be_visible()
    audit(page, "report-new")
    page.get_by_label("Fly-tipping").focus()
    page.keyboard.press("Space")
    page.get_by_label("Postcode, street, place or ward").focus()
    page.keyboard.type("Cooksey Road")
    page.keyboard.press("Enter")  # the form's first button: Find
    result = page.get_by_label("Cooksey Road")
    expect(result).to_be_visible()
    result.focus()
    page.keyboard.press("Space")
    expect(page.locator("#location-chosen")).to_contain_text("Bordesley Green ward, at The Limes Medical Centre")
    audit(page, "report-new-found")
    page.get_by_role("button", name="Continue").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Fly-tipping")).to_be_visible()
    expect(page.locator(".govuk-summary-list")).to_contain_text("Bordesley Green ward")
    page.get_by_label("Describe the problem").fill("Bags of rubbish dumped by the surgery wall.")
    page.get_by_label("A bag or two").focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Send the report").focus()
    page.keyboard.press("Enter")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("your report is number")
    expect(page.get_by_role("heading", name="Fly-tipping")).to_be_visible()
    audit(page, "report-page")


def test_a_pin_and_photo_report_is_supported_moved_on_by_staff_and_the_reporter_sees_it(
    browser, server, page, audit, tmp_path
):
    sign_in(page, "group@example.org")
    page.goto("/reports/new/")
    page.get_by_label("Pothole").check()
    page.locator("#location-map").click()
    expect(page.locator("#location-chosen")).to_contain_text("ward")
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Describe the problem").fill("A deep pothole in the inside lane.")
    page.get_by_label("Deeper than a hand").check()
    page.get_by_label("Photos (optional, up to 3)").set_input_files(_photo(tmp_path))
    page.get_by_label("What the photos show (optional)").fill("A deep pothole full of water")
    page.get_by_role("button", name="Send the report").click()
    expect(page.locator(".govuk-notification-banner").first).to_contain_text("your report is number")
    photo = page.get_by_role("img", name="A deep pothole full of water")
    expect(photo).to_be_visible()
    photo.scroll_into_view_if_needed()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=photo.element_handle())  # loaded
    assert photo.evaluate("img => img.naturalWidth") == 2048  # served, scaled to 2048 px
    audit(page, "report-with-photo")
    url = page.url
    number = url.rstrip("/").rsplit("/", 1)[-1]

    # On the list and on its map: the same reports, the row linked to its marker.
    listing = browser.new_context(base_url=server).new_page()
    listing.goto("/reports/?service=pothole")
    row = listing.locator(f'tr[data-feature-id="{number}"]')
    expect(row).to_contain_text("Pothole")
    expect(listing.locator("#list-map-notice")).to_contain_text("shown on the map")
    shown = int(listing.locator("#list-map-notice").inner_text().split()[0])
    assert shown == listing.locator("tbody tr").count()  # the map and the list hold the same reports
    row.get_by_role("link").focus()
    expect(listing.locator(".leaflet-tooltip")).to_contain_text("Pothole")
    listing.context.close()

    neighbour = browser.new_context(base_url=server).new_page()
    sign_in(neighbour, "neighbour@example.org")
    neighbour.goto(url)
    neighbour.get_by_role("button", name="I have this problem too").click()
    expect(neighbour.locator(".govuk-notification-banner")).to_contain_text("your support is counted")
    expect(neighbour.locator("#support")).to_contain_text("1 other person has this problem too")

    # The reporter keeps their report open: the council's answer, points and a badge arrive live.
    page.goto(url)
    page.wait_for_timeout(500)  # the page's WebSocket connects
    staff = browser.new_context(base_url=server).new_page()
    sign_in(staff, "moderator@example.org", totp=True)
    staff.goto(url)
    staff.get_by_role("link", name="Manage this report (staff)").click()
    audit(staff, "report-manage")
    staff.get_by_label("Action scheduled").check()
    staff.get_by_label("Response template (optional)").select_option(label="Repair scheduled")
    expect(staff.get_by_label("Public note")).to_have_value(re.compile("a repair is booked"))
    staff.get_by_label("Internal note").fill("Crew B on Tuesday")
    staff.get_by_role("button", name="Save and tell the reporter").click()
    expect(staff.locator(".govuk-notification-banner")).to_contain_text("updated")
    live = page.locator("#live-rewards")
    expect(live).to_contain_text("+10 points: A street report accepted")
    expect(live).to_contain_text("New badge: First report")
    expect(page.locator("[data-unread-count]")).not_to_have_text("0")
    audit(page, "report-points-live")

    page.goto(url)
    expect(page.locator("main strong.govuk-tag").first).to_have_text("Action scheduled")
    expect(page.get_by_text("a repair is booked", exact=False).first).to_be_visible()
    expect(page.get_by_text("Crew B")).to_have_count(0)
    page.get_by_role("link", name=re.compile("Notifications")).click()
    expect(page.locator("main")).to_contain_text("Action scheduled")
    audit(page, "notifications-report")
    for other in (neighbour, staff):
        other.context.close()
