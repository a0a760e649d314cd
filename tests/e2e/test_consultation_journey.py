"""The participation loop end to end: a resident finds a proposal on the map, answers its
consultation, votes and comments; a moderator (with two-step sign-in) publishes a decision; an
idea's author sees the council's response and what became of the idea. Every page passes axe."""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import sign_in

HUB = "Hydrogen and electric refuelling hub at Tyseley Energy Park (demo)"


def test_resident_finds_a_proposal_on_the_map_responds_votes_and_comments(page, audit):
    sign_in(page, "neighbour@example.org")

    # The list's map shows the same filtered set as the list: one proposal in consultation.
    page.goto("/proposals/?status=consultation")
    # The count, and the tile failure too when it comes (these tests serve no tiles): both kept.
    expect(page.locator("#list-map-notice")).to_have_text(re.compile(r"^1 shown on the map\."))
    expect(page.locator(".civic-result")).to_have_count(1)
    audit(page, "proposals-list-map")
    page.locator("#list-map path.leaflet-interactive").first.click()
    page.locator(".leaflet-popup-content").get_by_role("link", name=HUB).click()
    expect(page.get_by_role("heading", name=HUB, level=1)).to_be_visible()
    audit(page, "proposal-with-consultation")

    page.get_by_role("link", name="Have your say").click()
    expect(page.get_by_role("heading", name="Questions")).to_be_visible()
    audit(page, "consultation-open")

    # Submitting with nothing answered: every required question says what is missing.
    page.get_by_role("button", name="Send my response").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Answer this question.")
    audit(page, "consultation-errors")

    page.get_by_label("Every day").check()
    page.get_by_label("Cleaner air").check()
    page.get_by_label("Local jobs and training").check()
    page.locator("fieldset", has_text="How well does the proposal explain").get_by_label("4").check()
    page.get_by_label("Training for local people").select_option("1")
    page.get_by_label("Planting and screening").select_option("2")
    page.get_by_label("Quieter operations at night").select_option("3")
    page.get_by_label("Anything else we should know? (optional)").fill("Please keep lorries off Wharfdale Road.")
    page.get_by_role("button", name="Send my response").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("your response has been saved")
    expect(page.get_by_label("Every day")).to_be_checked()  # editable: the saved answers come back

    page.get_by_label("Support", exact=True).check()
    page.get_by_role("button", name="Vote").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Your vote has been counted")
    expect(page.get_by_role("button", name="Withdraw my vote")).to_be_visible()

    page.get_by_label("Your comment").fill("A training centre would be great for school leavers.")
    page.get_by_role("button", name="Post comment").click()
    expect(page.locator("#comment-thread")).to_contain_text("great for school leavers")

    # Live results (the moderator chose to show them while open): chart plus the same figures in tables.
    page.get_by_role("link", name="See all results, by question and by area").click()
    expect(page.get_by_role("heading", name="How often do you pass Tyseley Energy Park?")).to_be_visible()
    row = page.locator("table", has_text="Every day").locator("tr", has_text="Every day")
    expect(row.locator("td").first).to_have_text("1")
    expect(page.locator("canvas").first).to_be_visible()
    audit(page, "consultation-results")


def test_moderator_publishes_a_decision(browser, server, audit):
    context = browser.new_context(base_url=server, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    sign_in(page, "moderator@example.org", totp=True)

    page.goto("/engagement/consultations/1/edit/")
    expect(page.get_by_role("heading", name="Set up the consultation")).to_be_visible()
    audit(page, "consultation-setup")

    # A new consultation: the draft set-up page with its question formset.
    page.goto("/proposals/river-cole-walking-cycling-route-demo/")
    page.get_by_role("link", name="Start a consultation").click()
    page.get_by_label("Title").fill("Lighting the Cole path")
    page.get_by_label("Question", exact=True).fill("Which stretch needs light first?")
    page.get_by_label("Type of question").select_option("single")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("at least two options")
    expect(page.get_by_label("Question", exact=True).first).to_have_value("Which stretch needs light first?")
    audit(page, "consultation-draft-errors")
    page.get_by_label("Options, one per line").first.fill("Small Heath\nHay Mills")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("The consultation has been saved.")
    audit(page, "consultation-draft-setup")

    page.goto("/proposals/river-cole-walking-cycling-route-demo/")
    page.get_by_role("link", name="Publish the decision").click()
    audit(page, "decision-form")
    page.get_by_role("button", name="Publish the decision").click()  # empty: errors, nothing lost
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    page.get_by_label("Approved with changes").check()
    page.get_by_label("Reasoning").fill("The route is approved. Lighting will be bat-friendly, as residents asked.")
    page.get_by_label("What changed because of the consultation").fill("You asked for lighting: it is added.")
    page.get_by_role("button", name="Publish the decision").click()
    expect(page.locator("#decision")).to_be_visible()
    expect(page.locator(".civic-decision")).to_contain_text("Approved with changes")
    expect(page.get_by_text("You asked for lighting: it is added.")).to_be_visible()
    audit(page, "proposal-decided")
    context.close()


def test_idea_author_sees_the_official_response_and_the_action(page, audit):
    sign_in(page, "resident@example.org")
    page.goto("/ideas/")
    page.get_by_role("link", name="Cole path lighting for winter evenings").click()
    expect(page.locator(".govuk-inset-text").first).to_contain_text("lighting is now part of the River Cole route")
    expect(page.get_by_role("heading", name="What became of this idea")).to_be_visible()
    expect(page.get_by_text("Lighting designed for the Cole path (demo)")).to_be_visible()
    audit(page, "idea-with-response")

    page.goto("/feed/")
    expect(page.get_by_role("heading", name="Your feed")).to_be_visible()
    audit(page, "feed")


def test_layered_map_and_comparison(page, audit):
    page.goto("/map/")
    layer = page.get_by_role("checkbox", name="Proposed EV-charging network (demo)")
    layer.check()
    page.get_by_role("checkbox", name="Ward boundaries").check()
    expect(page.locator("#district-map path.leaflet-interactive").first).to_be_visible()
    audit(page, "district-map")

    page.goto("/proposals/")
    page.get_by_label(f"Compare {HUB}").check()
    page.get_by_label("Compare Community EV charging hubs in Hay Mills (demo)").check()
    page.get_by_role("button", name="Compare the ticked proposals").click()
    expect(page.get_by_role("heading", name="Compare proposals")).to_be_visible()
    expect(page.locator("table")).to_contain_text("Approved with changes")
    audit(page, "compare")

    page.goto("/ideas/")
    expect(page.locator("#list-map-notice")).to_contain_text("shown on the map")
    audit(page, "ideas-list-map")
