"""The opportunity portal in a real browser: a promoter lists an opportunity by keyboard and
submits it; a moderator asks for changes, the promoter answers them and resubmits, the moderator
publishes; an investor on a trial filters by impact, compares two and saves the comparison.
Every page passes axe at phone and desktop widths."""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import sign_in

TITLE = "Community battery at Tyseley Locks"


def _move(page, label: str, reason: str = "") -> None:
    page.get_by_label(label).check()
    if reason:
        page.get_by_label("Reason or comments for the promoter").fill(reason)
    page.get_by_role("button", name="Confirm").click()


def test_a_promoter_lists_a_moderator_asks_for_changes_then_publishes(browser, server, audit):
    context = browser.new_context(base_url=server, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    sign_in(page, "group@example.org")
    page.goto("/invest/new/")
    expect(page.get_by_role("heading", name="List an opportunity")).to_be_visible()
    # Keyboard and labels only; the place is a whole ward, no map needed.
    page.get_by_label("Promoted by").select_option(label="Tyseley Energy Park (demo)")
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("Summary").fill("A 5 MWh battery shared by the units on the canal side, charged by their roofs.")
    page.get_by_label("Sector", exact=True).select_option("energy")
    page.get_by_label("Type of investment").select_option("community_shares")
    page.get_by_label("Scale from (£)").fill("900000")
    page.get_by_label("Scale to (£)").fill("600000")  # wrong way round: refused with the field named
    page.get_by_label("Planning status").select_option("not_needed")
    page.get_by_label("Time to an investment decision").select_option("6m")
    page.get_by_label("Or the whole of a ward").select_option(label="Tyseley & Hay Mills")
    page.get_by_label("Jobs created").fill("8")
    page.get_by_label("Carbon (tCO2e per year, negative is a saving)").fill("-350")
    page.get_by_role("button", name="Save as draft").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("The upper figure must not be below the lower one.")
    expect(page.get_by_label("Title")).to_have_value(TITLE)  # nothing typed is lost
    audit(page, "opportunity-form-error")
    page.get_by_label("Scale to (£)").fill("1200000")
    page.get_by_role("button", name="Save as draft").click()
    expect(page.get_by_role("heading", name=TITLE)).to_be_visible()
    expect(page.locator(".govuk-inset-text").first).to_contain_text("Draft")
    _move(page, "Submit for review")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Submitted")
    audit(page, "opportunity-submitted")
    url = page.url

    page.context.clear_cookies()
    sign_in(page, "moderator@example.org", totp=True)
    page.goto("/invest/review/")
    page.get_by_role("link", name=TITLE).click()
    _move(page, "Start the review")
    _move(page, "Ask for changes")  # without a reason: refused, and says why
    expect(page.locator(".govuk-error-summary")).to_contain_text("Say what the promoter should change.")
    _move(page, "Ask for changes", "Please add when the battery would be connected.")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Changes requested")
    audit(page, "opportunity-moderator")

    page.context.clear_cookies()
    sign_in(page, "group@example.org")
    page.goto("/engagement/notifications/")
    expect(page.locator("main")).to_contain_text(f"Changes were requested to “{TITLE}”")
    page.goto(url)
    expect(page.locator("main")).to_contain_text("Please add when the battery would be connected.")
    page.get_by_role("link", name="Change the opportunity").click()
    page.get_by_label("Timeline (optional)").fill("Connection agreed with the network operator for spring 2027.")
    page.get_by_role("button", name="Save as draft").click()
    _move(page, "Submit for review")

    page.context.clear_cookies()
    sign_in(page, "moderator@example.org", totp=True)
    page.goto(url)
    _move(page, "Start the review")
    _move(page, "Publish")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Published")
    expect(page.get_by_role("heading", name="Local impact")).to_be_visible()
    expect(page.locator("#impact ~ .govuk-inset-text")).to_contain_text(re.compile(r"Impact score|Not scored yet"))
    context.close()


def test_an_investor_filters_by_impact_compares_and_saves(browser, server, audit):
    context = browser.new_context(base_url=server, viewport={"width": 375, "height": 800})
    page = context.new_page()
    page.set_default_timeout(10_000)
    sign_in(page, "investor@example.org")
    page.goto("/invest/")
    audit(page, "opportunities")
    page.get_by_label("Lowest impact score").fill("5")
    page.get_by_label("Sort by").select_option("score")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator("#opportunity-count")).to_contain_text("opportunit")
    page.get_by_label("Lowest impact score").fill("lots")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    audit(page, "opportunities-error")
    page.goto("/invest/")
    page.get_by_label("Compare Tyseley district heat network, phase 2").check()
    page.get_by_label("Compare Reuse and repair hub on Redfern Road").check()
    page.get_by_role("button", name="Compare the ticked opportunities").click()
    expect(page.get_by_role("heading", name="Compare opportunities")).to_be_visible()
    expect(page.locator("table")).to_contain_text("Impact score")
    audit(page, "opportunities-compare")
    page.get_by_label("Save this comparison as").fill("Heat and reuse")
    page.get_by_role("button", name="Save the comparison").click()
    expect(page.locator("main")).to_contain_text("Heat and reuse")
    audit(page, "opportunities-saved")
    page.goto("/invest/tyseley-district-heat-network-phase-2/")
    expect(page.get_by_role("heading", name="Local impact")).to_be_visible()
    audit(page, "opportunity")
    page.goto("/invest/additionality/")
    audit(page, "additionality")
    context.close()
