"""Moderation and notifications in the browser: a resident reports a comment, an administrator
hides it from the queue using only the keyboard, and the author finds out why in their
notifications. The queue, log, notifications and preferences pages pass axe."""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import sign_in

PROPOSAL = "/proposals/river-cole-walking-cycling-route-demo/"


def test_a_reported_comment_is_hidden_from_the_queue_and_its_author_is_told(browser, server, audit):
    author_ctx = browser.new_context(base_url=server)
    author = author_ctx.new_page()
    sign_in(author, "group@example.org")
    author.goto(PROPOSAL)
    author.get_by_label("Your comment").fill("Everyone who disagrees with me is an idiot.")
    author.get_by_role("button", name="Post comment").click()
    expect(author.locator("#comment-thread")).to_contain_text("is an idiot")

    reporter_ctx = browser.new_context(base_url=server)
    reporter = reporter_ctx.new_page()
    sign_in(reporter, "resident@example.org")
    reporter.goto(PROPOSAL)
    article = reporter.locator("article", has_text="is an idiot")
    article.get_by_role("link", name="Report").click()
    reporter.get_by_label("Why are you reporting this?").select_option(label="Abusive or offensive")
    reporter.get_by_role("button", name=re.compile("Report|Send", re.I)).click()
    expect(reporter.locator(".govuk-notification-banner")).to_contain_text("A moderator will look at your report")
    reporter_ctx.close()

    staff_ctx = browser.new_context(base_url=server, viewport={"width": 1280, "height": 900})
    staff = staff_ctx.new_page()
    sign_in(staff, "admin@example.org", totp=True)
    staff.get_by_role("link", name="Moderation").click()
    expect(staff.get_by_role("heading", name="Moderation queue")).to_be_visible()
    audit(staff, "moderation-queue")

    # Keyboard only: tab to the row's checkbox, tick it with Space, choose Hide, give the reason.
    box = staff.get_by_role("checkbox", name=re.compile("is an idiot"))
    box.focus()
    staff.keyboard.press("Space")
    expect(box).to_be_checked()
    staff.get_by_label("Hide them (their authors are told why)").focus()
    staff.keyboard.press("Space")
    staff.locator("textarea[name=reason]").fill("Name-calling breaks the house rules.")
    staff.get_by_role("button", name="Apply to selected items").focus()
    staff.keyboard.press("Enter")
    expect(staff.locator(".govuk-notification-banner")).to_contain_text("1 items hidden")
    staff.get_by_role("link", name="Moderation log").click()
    expect(staff.locator("table")).to_contain_text("Name-calling breaks the house rules.")
    expect(staff.locator("table")).to_contain_text("is an idiot")  # the original text, for the audit
    audit(staff, "moderation-log")
    staff.get_by_role("link", name="Hidden posts").click()
    audit(staff, "moderation-hidden")
    staff_ctx.close()

    author.goto(PROPOSAL)
    expect(author.locator("#comment-thread")).not_to_contain_text("is an idiot")
    expect(author.locator("[data-unread-badge]")).to_be_visible()
    author.get_by_role("link", name=re.compile("Notifications")).click()
    expect(author.locator(".civic-notifications")).to_contain_text("A moderator hid your post")
    expect(author.locator(".civic-notifications")).to_contain_text("Name-calling breaks the house rules.")
    audit(author, "notifications")
    author.get_by_role("link", name="Choose what is emailed to you, and how often").click()
    audit(author, "notification-preferences")
    author.get_by_label("Do not email me (still shown here)").first.check()
    author.get_by_role("button", name="Save choices").click()
    expect(author.locator(".govuk-notification-banner")).to_contain_text("Your notification choices are saved.")
    author_ctx.close()
