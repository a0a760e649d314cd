"""Two browsers on one consultation: a vote and a comment made in one appear in the other within
a second (Channels, Redis layer). With WebSockets blocked the page still works after reload."""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import sign_in

HUB = "/proposals/tyseley-energy-park-hydrogen-refuelling-demo/"


def _consultation(page):
    page.goto(HUB)
    page.get_by_role("link", name="Have your say").click()
    expect(page.get_by_role("heading", name="Questions")).to_be_visible()
    return page.url


def test_a_vote_and_a_comment_in_one_browser_appear_in_the_other_within_a_second(browser, server, audit):
    watcher_ctx = browser.new_context(base_url=server)
    watcher = watcher_ctx.new_page()
    sign_in(watcher, "neighbour@example.org")
    url = _consultation(watcher)
    support = watcher.locator("[data-tally$=':support']").first
    before = int(support.inner_text())
    watcher.wait_for_timeout(300)  # the socket is open

    actor_ctx = browser.new_context(base_url=server)
    actor = actor_ctx.new_page()
    sign_in(actor, "investor@example.org")
    actor.goto(url)
    actor.get_by_label("Support", exact=True).check()
    actor.get_by_role("button", name="Vote").click()
    expect(actor.locator(".govuk-notification-banner")).to_contain_text("Your vote has been counted")
    expect(support).to_have_text(str(before + 1), timeout=1000)

    actor.get_by_label("Your comment").fill("Seen live in the other window.")
    actor.get_by_role("button", name="Post comment").click()
    expect(watcher.locator("#comment-thread")).to_contain_text("Seen live in the other window.", timeout=1000)
    audit(watcher, "consultation-live")
    actor_ctx.close()
    watcher_ctx.close()


def test_with_websockets_blocked_the_page_still_works_after_reload(browser, server):
    context = browser.new_context(base_url=server)
    context.route_web_socket(re.compile(r".*/ws/.*"), lambda ws: ws.close())
    page = context.new_page()
    sign_in(page, "resident@example.org")
    url = _consultation(page)
    page.get_by_label("Your comment").fill("Posted without a live connection.")
    page.get_by_role("button", name="Post comment").click()
    expect(page.locator("#comment-thread")).to_contain_text("Posted without a live connection.")
    page.goto(url)
    expect(page.locator("#comment-thread")).to_contain_text("Posted without a live connection.")
    context.close()
