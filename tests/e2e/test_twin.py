"""The twin in a browser: a policy lead moves a slider and the projection (table and chart)
changes at once; a resident opens "why this score"; the dashboard's charts have tables."""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import sign_in


def test_policy_lead_moves_a_slider_and_sees_the_projection_change(page, audit):
    sign_in(page, "policy@example.org", totp=True)
    page.goto("/twin/scenarios/")
    page.get_by_role("link", name="Clean air and warm homes 2030").click()
    expect(page.get_by_role("heading", name="Clean air and warm homes 2030")).to_be_visible()
    no2 = page.locator("table[data-projection] tr[data-kpi=no2] [data-projected]")
    before = no2.inner_text()
    expect(page.locator(".civic-projection-area canvas").first).to_be_visible()  # drawn from the table's figures
    slider = page.get_by_label("Nitrogen dioxide (NO₂), monthly mean", exact=True)
    slider.focus()
    for _ in range(20):  # by keyboard: −20% → −30%
        page.keyboard.press("ArrowLeft")
    expect(page.locator("output[for$='-adj_no2']")).to_have_text("-30")
    expect(no2).not_to_have_text(before, timeout=5000)
    # A new KPI row appears when another figure is moved.
    page.get_by_label("Accessible green space per resident", exact=True).fill("10")
    page.get_by_label("Accessible green space per resident", exact=True).dispatch_event("input")
    expect(page.locator("table[data-projection] tr[data-kpi=green_space_per_person]")).to_be_visible()
    audit(page, "scenario-policy-lead")
    page.get_by_role("button", name="Save scenario").click()
    expect(page.get_by_text("Scenario saved. Observed data is unchanged.")).to_be_visible()
    expect(page.locator("table[data-projection] tr[data-kpi=no2] [data-projected]")).not_to_have_text(before)

    # Compare it with the other demo scenario, side by side.
    page.goto("/twin/scenarios/")
    page.locator("input[name=id]").nth(0).check()
    page.locator("input[name=id]").nth(1).check()
    page.get_by_role("button", name="Compare side by side").click()
    expect(page.get_by_role("heading", name="Compare scenarios")).to_be_visible()
    audit(page, "scenario-compare")

    # A scenario over two wards: each has its own sliders and projection; a third is added, then removed.
    page.goto("/twin/scenarios/")
    page.get_by_role("link", name="Green streets").click()
    expect(page.locator(".civic-projection-area")).to_have_count(2)
    page.get_by_label("Add an area").select_option(label="Alum Rock (Ward)")
    page.get_by_role("button", name="Add area").click()
    expect(page.get_by_role("heading", name="Alum Rock", exact=False).first).to_be_visible()
    expect(page.locator(".civic-projection-area")).to_have_count(3)
    trees = page.locator(".civic-scenario-area").nth(2).get_by_label("Street tree planting", exact=False)
    trees.fill("400")
    trees.dispatch_event("input")
    expect(page.locator(".civic-projection-area").nth(2).locator("tr[data-kpi]").first).to_be_visible()
    audit(page, "scenario-three-areas")
    page.get_by_role("button", name="Remove Alum Rock from the scenario").click()
    expect(page.locator(".civic-projection-area")).to_have_count(2)
    page.get_by_role("button", name="Save scenario").click()
    expect(page.get_by_text("Scenario saved. Observed data is unchanged.")).to_be_visible()

    # Weights: the form explains a total that is not 100.
    page.goto("/twin/weights/")
    page.get_by_label("Jobs and skills").fill("90")
    page.get_by_label("Why the weights change").fill("Trying")
    page.get_by_role("button", name=re.compile("Publish")).click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("must add up to 100")
    audit(page, "score-weights-error")


def test_resident_opens_why_this_score(page, audit):
    sign_in(page, "resident@example.org")
    page.goto("/proposals/tyseley-energy-park-hydrogen-refuelling-demo/")
    expect(page.get_by_role("heading", name="Impact score")).to_be_visible()
    expect(page.get_by_text("Within a 15-minute walk (automatic suggestion)")).to_be_visible()
    page.get_by_role("link", name=re.compile("Why this score")).click()
    expect(page.get_by_role("heading", name="Why this score", exact=True)).to_be_visible()
    expect(page.get_by_role("table").first).to_contain_text("Jobs created")
    expect(page.get_by_text("Figures used")).to_be_visible()
    audit(page, "why-this-score")


def test_dashboard_chart_has_a_table_and_a_download(page, audit):
    page.goto("/twin/?area=E05011118&theme=air_quality")
    panel = page.locator("section[data-kpi=no2]")
    expect(panel.locator("canvas")).to_be_visible()
    panel.get_by_text("Table: Nitrogen dioxide").click()
    expect(panel.locator("table")).to_contain_text("missing")  # the -99 month, never a zero
    with page.expect_download() as download:
        panel.get_by_role("link", name=re.compile("Download .* as CSV")).click()
    assert download.value.suggested_filename == "no2-E05011118.csv"
    audit(page, "dashboard-air")


def test_closed_dataset_access_is_requested_approved_and_downloaded(browser, server, audit):
    resident = browser.new_context(base_url=server, viewport={"width": 1280, "height": 900})
    page = resident.new_page()
    sign_in(page, "neighbour@example.org")
    page.goto("/twin/data/")
    page.get_by_role("link", name="Homes rated EPC C or better").click()
    expect(page.get_by_text("Closed: approved access only")).to_be_visible()
    page.get_by_role("button", name="Send the request").click()  # empty: the error says what to do
    expect(page.locator(".govuk-error-summary")).to_contain_text("This field is required")
    page.get_by_label("What will you use the data for?").fill("A retrofit study with Tyseley residents")
    page.get_by_role("button", name="Send the request").click()
    expect(page.get_by_text("Request sent.")).to_be_visible()
    audit(page, "dataset-closed-requested")

    staff = browser.new_context(base_url=server, viewport={"width": 1280, "height": 900})
    moderator = staff.new_page()
    sign_in(moderator, "moderator@example.org", totp=True)
    moderator.goto("/twin/data/requests/")
    expect(moderator.get_by_text("A retrofit study with Tyseley residents")).to_be_visible()
    audit(moderator, "access-requests")
    moderator.get_by_label("Approve").first.check()
    moderator.get_by_role("button", name="Record the decision").first.click()
    expect(moderator.get_by_text("Decision recorded.")).to_be_visible()
    staff.close()

    page.reload()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download CSV").click()
    assert download.value.suggested_filename == "epc_c_share.csv"
    resident.close()
