"""Consultation pages and API: persona × action × stage on the real views, forms that keep what
was typed, the CSV, the moderator's set-up page and the API's 4xx bodies."""

import csv
import io

import pytest

from accounts.models import Profile
from engagement import services
from engagement.models import Consultation, StanceVote
from tests.conftest import PERSONAS
from tests.engagement_testapp.models import Thing


@pytest.fixture
def make_consultation(db):
    def make(stage="open", visibility="live", questions=True):
        thing = Thing.objects.create(title="Cycle lane")
        c = Consultation.objects.create(
            target=thing, title="Cycle lane survey", stage=stage, results_visibility=visibility
        )
        if questions:
            c.questions.create(kind="single", prompt="Would you use it?", options=["Yes", "No"], position=0)
            c.questions.create(kind="text", prompt="Why?", required=False, position=1)
        return c

    return make


def _vote_status(persona_name, stage):
    if persona_name == "anonymous":
        return 302  # to sign in
    return 302 if stage == "open" else 403


@pytest.mark.django_db
@pytest.mark.parametrize(
    "persona, stage", [(p, s) for p in PERSONAS for s in Consultation.Stage.values], indirect=["persona"]
)
def test_vote_and_respond_pages_persona_by_stage(request, persona, stage, client_for, make_consultation):
    persona_name = request.node.callspec.params["persona"]
    c = make_consultation(stage=stage)
    client = client_for(persona)
    page = client.get(f"/engagement/consultations/{c.pk}/")
    runs_consultations = persona_name in {"moderator", "policy_lead"}
    visible = stage != "draft" or runs_consultations
    assert page.status_code == (200 if visible else 404)
    vote = client.post(f"/engagement/consultations/{c.pk}/vote/", {"stance": "support"})
    respond = client.post(f"/engagement/consultations/{c.pk}/respond/", {f"q{c.questions.first().pk}": "0"})
    expected = _vote_status(persona_name, stage)
    assert vote.status_code == expected and respond.status_code == expected
    if expected == 403:
        assert "consultation" in vote.content.decode()  # the reason is shown, in words
    counted = StanceVote.objects.filter(consultation=c).count()
    assert counted == (1 if expected == 302 and persona_name != "anonymous" else 0)
    edit = client.get(f"/engagement/consultations/{c.pk}/edit/")
    assert edit.status_code == (200 if runs_consultations else 302 if persona_name == "anonymous" else 403)


@pytest.mark.django_db
def test_a_bad_response_re_renders_with_messages_and_keeps_answers(client_for, resident, make_consultation):
    c = make_consultation()
    single, text = c.questions.all()
    client = client_for(resident)
    page = client.post(f"/engagement/consultations/{c.pk}/respond/", {f"q{text.pk}": "Because it is safer"})
    assert page.status_code == 422
    body = page.content.decode()
    assert "Answer this question." in body and "Because it is safer" in body
    ok = client.post(f"/engagement/consultations/{c.pk}/respond/", {f"q{single.pk}": "0", f"q{text.pk}": "Safer"})
    assert ok.status_code == 302
    again = client.get(f"/engagement/consultations/{c.pk}/").content.decode()
    assert "You have responded" in again and "Save my changes" in again


@pytest.mark.django_db
def test_results_after_close_only_and_csv(client_for, resident, neighbour, make_consultation):
    c = make_consultation(visibility="after_close")
    services.vote_cast(consultation=c, user=resident, stance="support")
    client = client_for(neighbour)
    assert client.get(f"/engagement/consultations/{c.pk}/results/").status_code == 403
    assert client.get(f"/engagement/consultations/{c.pk}/results.csv").status_code == 403
    assert (
        "Results will be published when this consultation closes."
        in client.get(f"/engagement/consultations/{c.pk}/").content.decode()
    )
    c.stage = "closed"
    c.save()
    page = client.get(f"/engagement/consultations/{c.pk}/results/")
    assert page.status_code == 200 and "Open Government Licence" in page.content.decode()
    download = client.get(f"/engagement/consultations/{c.pk}/results.csv")
    assert download["Content-Type"].startswith("text/csv") and 'rel="license"' in download["Link"]
    rows = list(csv.reader(io.StringIO(download.content.decode())))
    assert rows[0][:3] == ["question", "answer", "overall"]
    assert ["Stance vote", "support", "1"] == rows[1][:3]


@pytest.mark.django_db
def test_moderator_creates_a_consultation_with_questions_and_opens_it(client_for, moderator):
    thing = Thing.objects.create(title="Park")
    client = client_for(moderator)
    form = {
        "title": "Park plans",
        "description": "",
        "audience": "everyone",
        "results_visibility": "live",
        "questions-TOTAL_FORMS": "2",
        "questions-INITIAL_FORMS": "0",
        "questions-MIN_NUM_FORMS": "0",
        "questions-MAX_NUM_FORMS": "30",
        "questions-0-kind": "single",
        "questions-0-prompt": "Do you visit the park?",
        "questions-0-options": "Often\nSometimes\nNever",
        "questions-0-required": "on",
    }
    bad = client.post(
        f"/engagement/engagement_testapp.thing/{thing.pk}/consultations/new/",
        {**form, "questions-0-options": "Only one"},
    )
    assert bad.status_code == 422 and "at least two options" in bad.content.decode()
    assert "Do you visit the park?" in bad.content.decode()  # nothing typed is lost
    ok = client.post(f"/engagement/engagement_testapp.thing/{thing.pk}/consultations/new/", form)
    assert ok.status_code == 302
    c = Consultation.objects.get(title="Park plans")
    assert list(c.questions.values_list("options", flat=True)) == [["Often", "Sometimes", "Never"]]
    client.post(f"/engagement/consultations/{c.pk}/stage/", {"stage": "open"})
    c.refresh_from_db()
    assert c.stage == "open"


@pytest.mark.django_db
def test_consultation_api(client_for, resident, moderator, make_consultation):
    c = make_consultation()
    draft = make_consultation(stage="draft")
    single, text = c.questions.all()
    anon = client_for(None)
    listed = anon.get("/api/v1/consultations/").json()
    assert [r["id"] for r in listed["results"]] == [c.pk]
    assert anon.get(f"/api/v1/consultations/{draft.pk}/").status_code == 404
    assert (
        anon.put(
            f"/api/v1/consultations/{c.pk}/vote/", {"stance": "support"}, content_type="application/json"
        ).status_code
        == 403
    )
    api = client_for(resident)
    bad = api.put(f"/api/v1/consultations/{c.pk}/vote/", {"stance": "maybe"}, content_type="application/json")
    assert bad.status_code == 400 and "stance" in bad.json()
    assert api.put(
        f"/api/v1/consultations/{c.pk}/vote/", {"stance": "oppose"}, content_type="application/json"
    ).json() == {"stance": "oppose"}
    wrong = api.put(
        f"/api/v1/consultations/{c.pk}/response/", {"answers": {str(single.pk): 5}}, content_type="application/json"
    )
    assert wrong.status_code == 400 and f"q{single.pk}" in wrong.json()
    ok = api.put(
        f"/api/v1/consultations/{c.pk}/response/",
        {"answers": {str(single.pk): 1, str(text.pk): "x"}},
        content_type="application/json",
    )
    assert ok.status_code == 200 and ok.json()["answers"][str(single.pk)] == 1
    results = anon.get(f"/api/v1/consultations/{c.pk}/results/").json()
    assert results["stance"]["oppose"]["overall"] == 1 and results["responses"] == 1
    assert api.delete(f"/api/v1/consultations/{c.pk}/vote/").status_code == 204
    c.results_visibility = "after_close"
    c.save()
    assert anon.get(f"/api/v1/consultations/{c.pk}/results/").status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_verify_residents_page_is_for_moderators(request, persona, client_for, resident):
    persona_name = request.node.callspec.params["persona"]
    client = client_for(persona)
    page = client.get("/account/verify-residents/?q=resident@")
    expected = {"anonymous": 302, "moderator": 200}.get(persona_name, 403)
    assert page.status_code == expected
    posted = client.post("/account/verify-residents/", {"user": resident.pk, "verified": "1", "q": "res"})
    assert posted.status_code == (403 if expected == 403 else 302)
    verified = Profile.objects.filter(user=resident, verified_at__isnull=False).exists()
    assert verified is (persona_name == "moderator")
