"""A resident reads a proposal, comments and replies in place (htmx), marks a comment helpful,
follows it, and shares an idea by dropping a pin. Every page passes axe."""

from playwright.sync_api import expect

from tests.e2e.conftest import sign_in


def test_resident_discusses_a_proposal(page, audit):
    sign_in(page, "neighbour@example.org")
    page.get_by_role("link", name="Proposals").first.click()
    page.get_by_role("link", name="River Cole valley walking and cycling route (demo)").click()
    expect(page.get_by_role("heading", name="What it is expected to change")).to_be_visible()

    page.get_by_label("Your comment").fill("Please light the path under the railway bridge.")
    page.get_by_role("button", name="Post comment").click()
    thread = page.locator("#comment-thread")
    expect(thread).to_contain_text("Please light the path under the railway bridge.")
    expect(thread).to_contain_text("1 comment")
    audit(page, "proposal-with-comment")

    page.get_by_role("button", name="Follow").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("You are following this.")
    expect(page.get_by_role("button", name="Stop following")).to_be_visible()


def test_another_resident_replies_and_marks_helpful(browser, server, audit):
    context = browser.new_context(base_url=server)
    page = context.new_page()
    sign_in(page, "resident@example.org")
    page.goto("/proposals/river-cole-walking-cycling-route-demo/")
    page.locator("summary", has_text="Reply").first.click()
    page.locator("textarea[id^=reply-]").first.fill("Yes, and a crossing at Kings Road.")
    page.get_by_role("button", name="Post reply").first.click()
    expect(page.locator(".civic-comment--reply")).to_contain_text("a crossing at Kings Road")
    helpful = page.locator("#comment-thread button[aria-pressed]").first
    helpful.click()
    expect(page.locator("#comment-thread button[aria-pressed='true']")).to_have_count(1)
    audit(page, "proposal-thread")
    context.close()


def test_resident_shares_an_idea_with_a_pin(page, audit):
    sign_in(page, "group@example.org")
    page.goto("/ideas/new/")
    audit(page, "idea-form")
    page.get_by_label("Title").fill("Wildflower verges on the Cole path")
    page.get_by_label("Describe your idea").fill("Swap mown grass for wildflowers to help bees and save mowing.")
    page.get_by_label("Theme").select_option(label="Green and blue space")
    page.locator("#location-map").click()  # drops the pin in the middle of the map (scrolled into view)
    expect(page.locator("#id_latitude")).not_to_have_value("")
    expect(page.locator("#location-chosen")).to_contain_text("ward")  # the pin, said in words
    page.get_by_role("button", name="Share idea").click()
    expect(page.get_by_role("heading", name="Wildflower verges on the Cole path")).to_be_visible()
    expect(page.get_by_role("heading", name="The council's response")).to_be_visible()
    audit(page, "idea")
