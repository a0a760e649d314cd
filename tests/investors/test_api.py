"""The opportunities API: the listing's filters (a bad one is a 400 naming it), drafts hidden,
and one opportunity with its effects and every line of its score with sources."""

import pytest


def test_the_list_filters_and_hides_drafts(make_opportunity, client):
    make_opportunity(title="Heat", sector="energy")
    make_opportunity(title="Reuse", sector="waste")
    make_opportunity(title="Draft", sector="energy", status="draft")
    body = client.get("/api/v1/opportunities/?sector=energy").json()
    assert [o["title"] for o in body["results"]] == ["Heat"]
    assert body["results"][0]["url"].startswith("/invest/")
    bad = client.get("/api/v1/opportunities/?sector=nope&min_score=lots")
    assert bad.status_code == 400 and {"sector", "min_score"} <= set(bad.json())


def test_one_opportunity_explains_its_score(data, make_opportunity, client, promoter, client_for):
    published = make_opportunity(title="Heat")
    body = client.get(f"/api/v1/opportunities/{published.slug}/").json()
    assert body["score"]["total"] is not None
    assert body["score"]["lines"] and all(line["source"] for line in body["score"]["lines"])
    assert body["score"]["observations"] and all(o["source"] and o["period_end"] for o in body["score"]["observations"])
    assert {e["effect"] for e in body["effects"]} >= {"jobs_created", "local_hires"}
    jobs = next(e for e in body["effects"] if e["effect"] == "jobs_created")
    assert jobs["netted"] and jobs["scored"] < jobs["stated"]
    draft = make_opportunity(title="Secret", status="draft")
    assert client.get(f"/api/v1/opportunities/{draft.slug}/").status_code == 404
    assert client_for(promoter).get(f"/api/v1/opportunities/{draft.slug}/").status_code == 200


@pytest.mark.parametrize("slug", ["x" * 500, "%00", "..%2F"])
def test_odd_slugs_are_not_found(db, client, slug):
    assert client.get(f"/api/v1/opportunities/{slug}/").status_code in (400, 404)


def test_the_pdf_carries_the_same_score_and_sources_as_the_page(data, make_opportunity, client):
    import io

    from pypdf import PdfReader

    from twin import selectors as twin_selectors

    opportunity = make_opportunity(title="Heat network")
    page = client.get(opportunity.get_absolute_url()).content.decode()
    response = client.get(f"{opportunity.get_absolute_url()}impact-summary.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    text = " ".join(text.split())
    run = twin_selectors.current_score(opportunity)
    score = f"{run.total:+.1f}" if run.total > 0 else f"{run.total:.1f}"
    assert f"Impact score: {score} / 100" in text and f"<strong>{score}</strong>" in page
    assert "Demo series" in text  # the observations' source, as on the page
    assert "× (1 − 0.10) × (1 − 0.25) × (1 − 0.10) × 1.10" in text  # each calculation
    draft = make_opportunity(title="Secret", status="draft")
    assert client.get(f"{draft.get_absolute_url()}impact-summary.pdf").status_code == 404
