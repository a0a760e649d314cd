"""A new resident signs up, verifies their email, signs in, sets a home area, reorders
priorities, switches to Urdu and back. Every page on the way passes axe."""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import latest_email


def test_new_resident_signs_up_verifies_and_personalises(page, audit, mailbox):
    page.goto("/")
    audit(page, "home")
    page.get_by_role("link", name="Create an account").click()
    expect(page.get_by_role("heading", name="Sign Up")).to_be_visible()
    audit(page, "signup")

    # A first attempt with a mistake: errors are shown and what was typed is kept.
    page.get_by_label("Display name").fill("Amina K")
    page.get_by_label("Email").fill("amina.e2e@example.org")
    page.get_by_label("Password", exact=True).fill("a-long-unusual-passphrase")
    page.get_by_label("Password (again)").fill("a-different-passphrase")
    page.get_by_role("button", name="Sign Up").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("You must type the same password each time.")
    expect(page.get_by_label("Display name")).to_have_value("Amina K")
    audit(page, "signup-errors")

    page.get_by_label("Password", exact=True).fill("a-long-unusual-passphrase")
    page.get_by_label("Password (again)").fill("a-long-unusual-passphrase")
    page.get_by_label("I have read the privacy notice").check()
    page.get_by_role("button", name="Sign Up").click()
    expect(page.get_by_role("heading", name="Verify Your Email Address")).to_be_visible()
    audit(page, "verification-sent")

    email = latest_email(mailbox, "amina.e2e@example.org")
    link = re.search(r"https?://[^\s]+/accounts/confirm-email/[^\s]+/", email).group(0)
    page.goto(link)
    audit(page, "confirm-email")
    page.get_by_role("button", name="Confirm").click()

    expect(page.get_by_role("heading", name="Sign In")).to_be_visible()
    audit(page, "login")
    page.get_by_label("Email").fill("amina.e2e@example.org")
    page.get_by_label("Password").fill("a-long-unusual-passphrase")
    page.get_by_role("button", name="Sign In").click()

    expect(page.get_by_role("heading", name="Your profile")).to_be_visible()
    audit(page, "profile")
    page.get_by_label("Home area").select_option(label="Tyseley & Hay Mills")
    page.get_by_role("button", name="Save profile").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Your profile has been saved.")
    expect(page.get_by_label("Home area")).to_have_value(re.compile(r"\d+"))

    # Reorder with htmx: move "Air quality" (second) to the top; focus stays usable.
    items = page.locator(".civic-priority__name")
    expect(items.nth(1)).to_have_text("Air quality")
    page.get_by_role("button", name="Up Move Air quality up").click()
    expect(items.nth(0)).to_have_text("Air quality")
    expect(page.get_by_role("status")).to_contain_text("Air quality is now number 1.")
    # Keyboard focus stays on the moved item (now first, so its only button is "Down").
    expect(page.get_by_role("button", name="Down Move Air quality down")).to_be_focused()
    page.reload()
    expect(page.locator(".civic-priority__name").nth(0)).to_have_text("Air quality")

    # Switch to Urdu: right-to-left, remembered; then back to English.
    page.get_by_role("link", name="اردو").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", "ur")
    expect(page.get_by_role("heading", name="آپ کا پروفائل")).to_be_visible()
    audit(page, "profile-urdu")
    page.goto("/areas/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    audit(page, "areas-urdu")
    page.get_by_role("link", name="English").click()
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    expect(page.get_by_role("heading", name="Areas of East Birmingham")).to_be_visible()


def test_priorities_reorder_without_javascript(nojs_page, server):
    page = nojs_page
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill("neighbour@example.org")
    page.get_by_label("Password").fill("civic-demo-2026")
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("heading", name="Your profile")).to_be_visible()
    first = page.locator(".civic-priority__name").nth(0).inner_text()
    page.get_by_role("button", name=f"Down Move {first} down").click()
    assert page.url.endswith(f"/account/#priority-{page.url.split('#priority-')[-1]}")
    expect(page.locator(".civic-priority__name").nth(1)).to_have_text(first)
