"""Rewards and the map's data in the browser: a resident corrects a GP surgery's pin by postcode
search with the keyboard only (no map), a moderator accepts it in the review queue, and the
resident finds the points, the Data detective badge and the ledger line; alerts for a ward; the
home page leads with reporting. Every page passes axe."""

from playwright.sync_api import expect

from tests.e2e.conftest import sign_in


def test_a_resident_corrects_a_pin_by_keyboard_and_a_moderator_accepts_it(browser, server, page, audit):
    sign_in(page, "neighbour@example.org")
    page.goto("/improve/?kind=gp")
    page.get_by_role("link", name="Aubrey Road Medical Centre").click()
    expect(page.get_by_role("heading", name="Aubrey Road Medical Centre")).to_be_visible()
    audit(page, "improve-place")
    page.get_by_label("Postcode, street, place or ward").focus()
    page.keyboard.type("B10 0JL")
    page.keyboard.press("Enter")  # the chooser's Find
    result = page.get_by_label("B10 0JL")
    expect(result).to_be_visible()
    result.focus()
    page.keyboard.press("Space")
    expect(page.locator("#location-chosen")).to_contain_text("Small Heath ward")
    page.get_by_label("Anything to add? (optional)").fill("The surgery moved to the new health centre.")
    page.get_by_role("button", name="Suggest this position").focus()
    page.keyboard.press("Enter")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("A moderator will look at it")
    expect(page.locator("main")).to_contain_text("Waiting for a moderator")

    staff = browser.new_context(base_url=server).new_page()
    sign_in(staff, "moderator@example.org", totp=True)
    staff.goto("/improve/review/")
    expect(staff.locator("main")).to_contain_text("Moves the pin")
    audit(staff, "improve-review")
    card = staff.locator(".civic-question-set", has_text="Aubrey Road Medical Centre")
    card.get_by_label("Accept").check()
    card.get_by_role("button", name="Save decision").click()
    expect(staff.locator(".govuk-notification-banner")).to_contain_text("the map is corrected")
    staff.context.close()

    page.goto("/improve/?kind=gp")
    row = page.locator("tr", has_text="Aubrey Road Medical Centre")
    expect(row).to_contain_text("Position corrected by residents, accepted on")
    page.goto("/rewards/")
    expect(page.locator(".civic-badge-card--held", has_text="Data detective")).to_be_visible()
    ledger = page.get_by_role("table", name="Your points, newest first")
    expect(ledger).to_contain_text("A correction to the map's data accepted")
    audit(page, "rewards-mine")


def test_a_resident_adds_an_alert_for_a_ward(page, audit):
    sign_in(page, "resident@example.org")
    page.goto("/reports/")
    page.get_by_role("link", name="Get alerts for new reports in your ward or near a place").click()
    expect(page.get_by_role("heading", name="Alerts for new street reports")).to_be_visible()
    page.get_by_label("Ward, or the whole district").select_option(label="Small Heath")
    page.get_by_role("button", name="Alert me about this ward").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("You will hear of new reports: Small Heath")
    expect(page.locator("main")).to_contain_text("Every new report in Small Heath")
    audit(page, "alerts")


def test_the_home_page_leads_with_reporting_and_says_what_is_happening(page, audit):
    sign_in(page, "resident@example.org")
    page.goto("/")
    headings = page.locator("main h2").all_inner_texts()
    assert headings[0] == "Report a problem in the street"
    for heading in ("Near you and on your priorities", "Consultations closing soon", "Fixed this week"):
        assert heading in headings
    expect(page.locator("main")).to_contain_text("Open street reports in Tyseley & Hay Mills")
    audit(page, "home-signed-in")
    page.get_by_role("button", name="Report a problem").first.click()
    expect(page.get_by_role("heading", name="Report a problem in the street")).to_be_visible()
