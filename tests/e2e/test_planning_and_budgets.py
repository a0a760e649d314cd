"""The planning game and participatory budgeting in a real browser: a resident builds a plan by
keyboard only and gives it to a consultation; another votes in a budget, is refused an
over-budget ballot and fixes it; a moderator closes the vote and publishes the results. Every
page passes axe at phone and desktop widths."""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import sign_in


def test_a_resident_builds_a_plan_by_keyboard_and_gives_it_to_a_consultation(page, audit):
    sign_in(page, "resident@example.org")
    page.goto("/plan/")
    expect(page.get_by_role("heading", name="Plan your neighbourhood", level=1)).to_be_visible()
    audit(page, "game-start")

    # Keyboard only: choose the budget, start, then press + with Enter on two interventions.
    page.get_by_label("Budget").focus()
    page.keyboard.press("End")  # the largest budget in the list…
    page.get_by_label("Budget").select_option("2000000")  # …then back to £2m
    page.get_by_role("button", name="Start planning").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name=re.compile("Your plan for"))).to_be_visible()
    more_trees = page.get_by_role("button", name="Add 10 tree of Street tree planting")
    more_trees.focus()
    trees = page.get_by_label("Street tree planting: how many (tree)")
    for total in ("10", "20", "30"):  # a press at a time, each once the board has answered
        page.keyboard.press("Enter")
        expect(trees).to_have_value(total)
        expect(more_trees).to_be_focused()  # focus stays on the button pressed after htmx swaps the board
    expect(page.locator("#game-status")).to_contain_text("Plan cost £36,000 of £2,000,000")
    more_chargers = page.get_by_role("button", name="Add 1 charger of EV charging network")
    more_chargers.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#game-board")).to_contain_text("£81,000 of £2,000,000 spent")
    # A move past the budget is undone and explained.
    lanes = page.get_by_label("Bus priority and protected cycle lane: how many (km)")
    lanes.fill("1")
    lanes.press("Tab")
    # (typed, then Tab onto the + button: the typed amount is all that is asked for, no extra step)
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Bus priority and protected cycle lane: 1 km would cost £2,500,000, £581,000 more than the budget"
    )
    expect(lanes).to_have_value("0")
    expect(page.locator("table[data-balance]")).to_contain_text("Air quality")
    audit(page, "game-board")

    page.get_by_role("button", name="Save my plan").focus()
    page.keyboard.press("Enter")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Your plan is saved")
    audit(page, "game-plan")
    page.get_by_label("Show it in the public gallery").check()
    page.get_by_label("Give it as feedback to a consultation").select_option(index=1)
    page.get_by_label("Why you chose this plan (optional)").fill("Clean air near the schools first.")
    page.get_by_role("button", name="Save sharing choices").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Your sharing choices are saved")
    consultation = page.locator("dd a").first
    consultation.click()
    page.get_by_role("link", name=re.compile("results", re.I)).first.click()
    expect(page.get_by_role("heading", name=re.compile("plans? from the planning game"))).to_be_visible()
    expect(page.locator("body")).to_contain_text("Street tree planting: 30 tree")
    audit(page, "consultation-results-with-plans")


def test_a_resident_is_refused_an_over_budget_ballot_and_fixes_it(browser, server, audit):
    context = browser.new_context(base_url=server, viewport={"width": 375, "height": 800})
    page = context.new_page()
    sign_in(page, "neighbour@example.org")
    page.goto("/budgets/")
    page.get_by_role("link", name="East Birmingham Green Streets Fund 2027").click()
    audit(page, "budget-vote")
    for name in (
        "Play area refresh in Small Heath Park",
        "Safer crossing on Warwick Road",
        "Pocket park on a vacant Tyseley plot",
        "Sixty street trees",
    ):
        page.get_by_label(re.compile(name)).check()
    expect(page.locator("#ballot-total")).to_contain_text("more than the budget")
    page.get_by_role("button", name="Cast my ballot").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Your choices cost £437,000, which is £37,000 more than the budget of £400,000. Remove something."
    )
    expect(page.get_by_label(re.compile("Play area refresh"))).to_be_checked()  # nothing lost
    audit(page, "budget-ballot-refused")
    page.get_by_label(re.compile("Sixty street trees")).uncheck()
    page.get_by_label(re.compile("Wildflower verges")).check()
    expect(page.locator("#ballot-total")).to_contain_text("£390,000 of £400,000")
    page.get_by_role("button", name="Cast my ballot").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Your ballot has been saved")
    expect(page.get_by_role("button", name="Withdraw my ballot")).to_be_visible()
    context.close()


def test_a_moderator_closes_the_vote_and_publishes_the_results(browser, server, audit):
    context = browser.new_context(base_url=server, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    sign_in(page, "resident@example.org")
    page.goto("/budgets/1/")
    page.get_by_label(re.compile("Wildflower verges")).check()
    page.get_by_label(re.compile("Secure bike hangars")).check()
    page.get_by_label(re.compile("Safer crossing on Warwick Road")).check()
    page.get_by_role("button", name="Cast my ballot").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Your ballot has been saved")
    page.context.clear_cookies()

    sign_in(page, "moderator@example.org", totp=True)
    page.goto("/budgets/1/")
    page.get_by_role("button", name="Close the vote now").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Voting has closed")
    page.get_by_role("button", name="Publish the results").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("The results are published")
    page.get_by_role("link", name="See the results").click()
    expect(page.get_by_role("heading", name=re.compile("^Results: "))).to_be_visible()
    expect(page.locator("table.civic-budget-results")).to_contain_text("Funded")
    expect(page.locator("body")).to_contain_text("Votes by ward")
    audit(page, "budget-results")
    context.close()
