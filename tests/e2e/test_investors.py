"""The opportunity portal in a real browser: a promoter lists an opportunity by keyboard and
submits it; a moderator asks for changes, the promoter answers them and resubmits, the moderator
publishes; an investor on a trial filters by impact, compares two and saves the comparison.
Every page passes axe at phone and desktop widths."""

import datetime
import re

from playwright.sync_api import expect

from tests.e2e.conftest import sign_in

TITLE = "Community battery at Tyseley Locks"


def _move(page, label: str, reason: str = "") -> None:
    page.get_by_label(label).check()
    if reason:
        page.get_by_label("Reason or comments for the promoter").fill(reason)
    page.get_by_role("button", name="Confirm").click()


def _start_listing(page, *, title: str, summary: str, kind: str, scale: tuple[str, str]) -> None:
    """The promoter (the demo group's member) opens "List an opportunity" and fills in what every
    listing needs, by label; the place and the effects are each test's own."""
    page.set_default_timeout(10_000)
    sign_in(page, "group@example.org")
    page.goto("/invest/new/")
    expect(page.get_by_role("heading", name="List an opportunity")).to_be_visible()
    page.get_by_label("Promoted by").select_option(label="Tyseley Energy Park (demo)")
    page.get_by_label("Title").fill(title)
    page.get_by_label("Summary").fill(summary)
    page.get_by_label("Sector", exact=True).select_option("energy")
    page.get_by_label("Type of investment").select_option(kind)
    page.get_by_label("Scale from (£)").fill(scale[0])
    page.get_by_label("Scale to (£)").fill(scale[1])
    page.get_by_label("Planning status").select_option("not_needed")
    page.get_by_label("Time to an investment decision").select_option("6m")


def test_a_promoter_lists_a_moderator_asks_for_changes_then_publishes(browser, server, audit):
    context = browser.new_context(base_url=server, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    # Keyboard and labels only; the place is a whole ward, no map needed.
    _start_listing(
        page,
        title=TITLE,
        summary="A 5 MWh battery shared by the units on the canal side, charged by their roofs.",
        kind="community_shares",
        scale=("900000", "600000"),  # wrong way round: refused with the field named
    )
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
    page.get_by_label("Name the alert").fill("High impact")  # the firm is on a premium trial
    page.get_by_role("button", name="Set an alert for these filters").click()
    expect(page.get_by_role("row", name="High impact")).to_contain_text("impact at least 5")
    audit(page, "opportunity-alerts")
    page.get_by_role("button", name="Delete High impact").click()
    expect(page.locator("main")).to_contain_text("You have no alerts yet.")
    page.goto("/invest/?min_score=5&sort=score")
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


def _server_shell(code: str) -> None:
    """Run Django code against the browser tests' database (what a clock or Celery beat would do)."""
    import subprocess
    import sys

    from tests.e2e.prepare import e2e_env
    from tests.liveserver import ROOT

    subprocess.run([sys.executable, "manage.py", "shell", "-c", code], cwd=ROOT, env=e2e_env(), check=True)


HEAT = "/invest/tyseley-district-heat-network-phase-2/"


def test_an_investor_enquires_the_promoter_answers_and_opens_the_data_room_for_a_watermarked_download(
    browser, server, audit, tmp_path
):
    import io

    from pypdf import PdfReader

    context = browser.new_context(base_url=server, viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    sign_in(page, "investor@example.org")
    page.goto(HEAT + "dataroom/")
    expect(page.locator("main")).to_contain_text("You do not have access to this data room.")
    page.goto(HEAT)
    page.get_by_role("link", name="Send an enquiry").click()
    page.get_by_label("Your message").fill("")
    page.get_by_role("button", name="Send the enquiry").click()  # empty: refused, subject kept
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    audit(page, "enquiry-error")
    page.get_by_label("Writing for").select_option(label="Tyseley Green Capital (demo)")
    page.get_by_label("Your message").fill("Could we see the outline business case and the heat sales assumptions?")
    page.get_by_role("button", name="Send the enquiry").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Enquiry sent")
    expect(page.locator("main")).to_contain_text("heat sales assumptions")
    audit(page, "thread")

    page.context.clear_cookies()
    sign_in(page, "group@example.org")
    expect(page.locator("[data-messages-count]")).to_have_text("1")  # unread, in the header
    page.get_by_role("link", name=re.compile("^Messages")).click()
    audit(page, "inbox")
    page.get_by_role("link", name=re.compile("Enquiry about Tyseley district heat network")).click()
    expect(page.locator("main")).not_to_contain_text("investor@example.org")  # never an email address
    page.get_by_label("Reply").fill("Of course: you now have the data room, with downloads.")
    page.get_by_role("button", name="Send").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Message sent")
    page.goto(HEAT)
    page.get_by_role("link", name="Manage the data room").click()
    page.get_by_label("Someone who has sent an enquiry").select_option(
        label="Priya at Tyseley Green Capital (Tyseley Green Capital (demo))"
    )
    page.get_by_label("View and download").check()
    page.get_by_role("button", name="Give access").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Access given")
    audit(page, "dataroom-manage")

    page.context.clear_cookies()
    sign_in(page, "investor@example.org")
    page.goto("/invest/messages/")
    expect(page.locator("main")).to_contain_text("Unread")
    page.goto(HEAT + "dataroom/")
    audit(page, "dataroom")
    with page.expect_download() as info:
        page.get_by_role("link", name="Download Outline business case (demo)").click()
    path = tmp_path / "obc.pdf"
    info.value.save_as(path)
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(path.read_bytes())).pages).split())
    assert "Downloaded by Priya at Tyseley Green Capital (Tyseley Green Capital (demo))" in text
    assert "Outline business case (demo)" in text

    page.context.clear_cookies()
    sign_in(page, "group@example.org")
    page.goto(HEAT + "dataroom/")
    expect(page.locator("#log ~ table")).to_contain_text("Downloaded")
    context.close()


def test_a_group_turns_its_idea_into_a_crowdfunding_campaign_and_runs_it_to_its_deadline(browser, server, audit):
    context = browser.new_context(base_url=server, viewport={"width": 375, "height": 800})
    page = context.new_page()
    page.set_default_timeout(10_000)
    sign_in(page, "group@example.org")
    page.goto("/ideas/")
    page.get_by_role("link", name="Wildflower meadow and beehives by the Cole").click()
    page.get_by_role("link", name="Turn this idea into a crowdfunding campaign").click()
    expect(page.get_by_label("Title")).to_have_value("Wildflower meadow and beehives by the Cole")
    page.get_by_label("Scale from (£)").fill("400")
    page.get_by_label("Scale to (£)").fill("900")
    page.get_by_label("Planning status").select_option("not_needed")
    page.get_by_label("Time to an investment decision").select_option("now")
    page.get_by_label("Green and blue space (m², negative is a loss)").fill("2500")
    page.get_by_role("button", name="Save as draft").click()
    expect(page.get_by_role("heading", name="Set up the crowdfunding campaign")).to_be_visible()
    page.get_by_label("Date").fill("2001-01-01")  # in the past: refused, nothing lost
    page.get_by_label("Item 1", exact=True).fill("Wildflower seed and soil preparation")
    page.get_by_label("Cost of item 1 (£)").fill("60")
    page.get_by_label("Item 2", exact=True).fill("Two hives")
    page.get_by_label("Cost of item 2 (£)").fill("300")
    page.get_by_role("button", name="Save the campaign").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("at least an hour from now")
    expect(page.get_by_label("Item 2", exact=True)).to_have_value("Two hives")
    audit(page, "campaign-setup-error")
    page.get_by_label("Date").fill(str(datetime.date.today() + datetime.timedelta(days=30)))
    page.get_by_role("button", name="Save the campaign").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Campaign saved")
    _move(page, "Submit for review")
    url = page.url

    page.context.clear_cookies()
    sign_in(page, "moderator@example.org", totp=True)
    page.goto(url)
    _move(page, "Start the review")
    _move(page, "Publish")

    page.context.clear_cookies()
    sign_in(page, "resident@example.org")
    page.goto(url)
    page.get_by_role("link", name="Pledge to the campaign").click()
    page.get_by_label("Your pledge (£)").fill("lots")
    page.get_by_role("button", name="Pledge").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    page.get_by_label("Your pledge (£)").fill("40")
    page.get_by_role("button", name="Pledge").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Net zero neighbourhoods fund (demo) adds £40")
    expect(page.locator("#raised")).to_contain_text("£80 of £60")
    audit(page, "campaign")
    campaign_url = page.url

    # The deadline passes; the settlement task (Celery beat, every minute) runs.
    _server_shell(
        "from datetime import timedelta; from django.utils import timezone; "
        "from investors.models import Campaign; from investors.tasks import campaigns_settle_due; "
        "Campaign.objects.filter(opportunity__title='Wildflower meadow and beehives by the Cole')"
        ".update(deadline=timezone.now() - timedelta(seconds=1)); campaigns_settle_due.apply()"
    )
    page.goto(campaign_url)
    expect(page.locator(".govuk-panel")).to_contain_text("Funded")
    page.goto("/engagement/notifications/")
    expect(page.locator("main")).to_contain_text("“Wildflower meadow and beehives by the Cole” reached its target")
    context.close()


def test_a_promoter_draws_the_site_boundary_on_the_map_and_a_keyboard_user_types_it(browser, server, audit):
    context = browser.new_context(base_url=server, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    _start_listing(
        page,
        title="Solar canopy over the Tyseley depot yard",
        summary="Solar canopies over the yard, feeding the depot's electric vans.",
        kind="debt",
        scale=("400000", "700000"),
    )
    page.get_by_label("Energy generated (MWh per year)").fill("650")

    # Draw with the mouse: the polygon tool, four corners, then Finish.
    drawing_map = page.locator("#site-draw")
    drawing_map.scroll_into_view_if_needed()
    page.get_by_role("button", name="Draw the site boundary").click()
    box = drawing_map.bounding_box()
    middle_x, middle_y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    for dx, dy in [(-16, -12), (16, -12), (16, 12), (-16, 12)]:
        page.mouse.click(middle_x + dx, middle_y + dy)
        page.wait_for_timeout(100)
    page.get_by_role("button", name="Finish").click()
    expect(page.locator("#site-draw-status")).to_contain_text("Boundary drawn with 4 corners")
    drawn = page.get_by_label("Site boundary (optional)").input_value()
    assert drawn.startswith('{"type":"Polygon"'), drawn
    audit(page, "opportunity-form-site-drawn")
    page.get_by_role("button", name="Save as draft").click()
    expect(page.get_by_role("heading", name="Solar canopy over the Tyseley depot yard")).to_be_visible()
    expect(page.locator("#site-map-wrapper")).to_be_visible()
    expect(page.locator("#site-map path.leaflet-interactive")).to_have_count(1)  # the polygon, not a pin
    audit(page, "opportunity-site")

    # By keyboard: the corners typed into the box replace the drawing, and the map follows.
    page.get_by_role("link", name="Change the opportunity").click()
    corners = page.get_by_label("Site boundary (optional)")
    corners.fill("52.4630, -1.8420\n52.4630, -1.8400\n52.4615, -1.8400\nnot a corner")
    corners.press("Tab")
    page.get_by_role("button", name="Save as draft").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Line 4 is not a corner.")
    corners = page.get_by_label("Site boundary (optional)")
    expect(corners).to_have_value(re.compile("not a corner"))  # what was typed is kept
    corners.fill("52.4630, -1.8420\n52.4630, -1.8400\n52.4615, -1.8400\n52.4615, -1.8420")
    corners.press("Tab")
    expect(page.locator("#site-draw path.leaflet-interactive")).to_have_count(1)
    page.get_by_role("button", name="Save as draft").click()
    expect(page.locator("main")).to_contain_text("Tyseley & Hay Mills")
    context.close()
