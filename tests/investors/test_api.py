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
