"""The business case: sections drafted from the twin's figures, written by the promoter while the
opportunity can be edited, shown on the page and in the PDF with drafts marked."""

import io
import re

import pytest
from pypdf import PdfReader


def _pdf_text(client, opportunity) -> str:
    response = client.get(f"{opportunity.get_absolute_url()}impact-summary.pdf")
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages).split())


def test_sections_start_as_drafts_from_the_twins_figures(data, make_opportunity, client):
    opportunity = make_opportunity(title="Heat network")
    page = client.get(opportunity.get_absolute_url()).content.decode()
    assert "Strategic case: why here and why now" in page
    assert "The city twin&#x27;s latest figures there:" in page or "The city twin's latest figures there:" in page
    assert "Jobs created: 120 stated" in page  # the economic case from the net local effects
    # rounded, not cut off: 120 × 0.9 × 0.75 × 0.9 × 1.1 = 80.19 is 80.2 (Django's number_format gave 80.1)
    assert "Jobs created: 120 stated, 80.2 net local" in page
    assert re.search(r"Of which local hires: 40 stated, 26\.7 net local", page)
    assert "The site is in District, Ward W1." in page  # its wards and district, not its LSOAs
    assert "Funding sought: 2,000,000 to 12,000,000 pounds, as public–private partnership" not in page
    assert "Funding sought: 2,000,000 to 12,000,000 pounds, as equity." in page
    assert "Drafted from the twin's figures" in page
    text = _pdf_text(client, opportunity)
    assert "Business case" in text and "Jobs created: 120 stated" in text


def test_the_promoter_writes_sections_which_the_page_and_the_pdf_then_carry(make_opportunity, promoter, client_for):
    opportunity = make_opportunity(status="draft", title="Heat network")
    client = client_for(promoter)
    form = client.get(f"/invest/{opportunity.slug}/business-case/").content.decode()
    assert "Drafted from the twin" in form
    response = client.post(
        f"/invest/{opportunity.slug}/business-case/",
        {"financial": "Capital cost £11.5m: £6m equity sought, £5.5m from the Green Heat Network Fund."},
    )
    assert response.status_code == 302
    opportunity.refresh_from_db()
    assert set(opportunity.business_case) == {"financial"}  # the others stay the twin's drafts
    assert "Green Heat Network Fund" in client.get(opportunity.get_absolute_url()).content.decode()
    assert "Green Heat Network Fund" in _pdf_text(client, opportunity)


def test_a_section_too_long_is_refused_and_what_was_typed_is_kept(make_opportunity, promoter, client_for):
    opportunity = make_opportunity(status="draft", title="Heat network")
    response = client_for(promoter).post(
        f"/invest/{opportunity.slug}/business-case/", {"commercial": "Mine. ", "financial": "x" * 5001}
    )
    assert response.status_code == 400
    assert "Keep each section to 5,000 characters." in response.content.decode()
    assert "Mine." in response.content.decode()
    opportunity.refresh_from_db()
    assert opportunity.business_case == {}
    nul = client_for(promoter).post(f"/invest/{opportunity.slug}/business-case/", {"strategic": "a\x00b"})
    assert nul.status_code == 400 and "Null characters are not allowed." in nul.content.decode()


@pytest.mark.parametrize(
    "persona, status, expected",
    [
        ("promoter", "draft", 302),  # saved
        ("promoter", "changes_requested", 302),
        ("promoter", "published", 403),  # changes go through review
        ("moderator", "draft", 403),
        ("investor", "published", 403),
        ("resident", "published", 403),
        ("anonymous", "published", 302),
    ],
)
def test_only_the_promoter_writes_it_and_only_while_it_can_be_edited(
    persona, status, expected, request, make_opportunity, client_for
):
    opportunity = make_opportunity(status=status, title=f"Heat {status}")
    client = client_for(request.getfixturevalue(persona))
    response = client.post(f"/invest/{opportunity.slug}/business-case/", {"financial": "Mine"})
    assert response.status_code == expected
    opportunity.refresh_from_db()
    assert opportunity.business_case == ({"financial": "Mine"} if persona == "promoter" and expected == 302 else {})
