"""Consultation set-up, questions, responses, results and who sees them."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts import services as account_services
from engagement import permissions, selectors, services
from engagement.models import Answer, Consultation, Response
from tests.conftest import PERSONAS
from tests.engagement_testapp.models import Thing
from tests.factories import AreaFactory, UserFactory

QUESTIONS = [
    {"kind": "single", "prompt": "How often?", "options": ["Daily", "Weekly", "Never"]},
    {"kind": "multiple", "prompt": "Which benefits?", "options": ["Air", "Jobs", "Quiet"]},
    {"kind": "rating", "prompt": "How clear is it?"},
    {"kind": "ranking", "prompt": "Order these", "options": ["A", "B", "C"]},
    {"kind": "text", "prompt": "Anything else?", "required": False},
]


@pytest.fixture
def consultation(moderator):
    thing = Thing.objects.create(title="Proposal")
    c = services.consultation_save(editor=moderator, target=thing, title="Have your say")
    services.questions_set(editor=moderator, consultation=c, questions=QUESTIONS)
    services.consultation_set_stage(editor=moderator, consultation=c, stage="open")
    return c


def _q(consultation):
    return {q.kind: q for q in consultation.questions.all()}


def _answers(consultation, single=0, multiple=(0, 1), rating=4, ranking=None, text="Thanks"):
    q = _q(consultation)
    return {
        q["single"].pk: single,
        q["multiple"].pk: list(multiple),
        q["rating"].pk: rating,
        q["ranking"].pk: ranking if ranking is not None else {0: 1, 1: 2, 2: 3},
        q["text"].pk: text,
    }


@pytest.mark.django_db
def test_only_moderators_set_up_consultations(resident, moderator):
    thing = Thing.objects.create(title="Proposal")
    with pytest.raises(PermissionDenied, match="Only moderators"):
        services.consultation_save(editor=resident, target=thing, title="Mine")
    c = services.consultation_save(editor=moderator, target=thing, title="Ours")
    with pytest.raises(ValidationError, match="at least two options"):
        services.questions_set(
            editor=moderator, consultation=c, questions=[{"kind": "single", "prompt": "?", "options": ["Only"]}]
        )
    with pytest.raises(ValidationError, match="Choose at least one area"):
        services.consultation_save(editor=moderator, consultation=c, audience="areas", audience_areas=[])


@pytest.mark.django_db
def test_stages_move_forward_and_lock_what_must_not_change(consultation, moderator):
    assert consultation.starts_at is not None and consultation.stage == "open"
    with pytest.raises(ValidationError, match="Questions cannot change"):
        services.questions_set(editor=moderator, consultation=consultation, questions=QUESTIONS)
    with pytest.raises(ValidationError, match="fixed once a consultation opens"):
        services.consultation_save(editor=moderator, consultation=consultation, audience="verified")
    with pytest.raises(ValidationError, match="cannot move from"):
        services.consultation_set_stage(editor=moderator, consultation=consultation, stage="decision_published")
    services.consultation_set_stage(editor=moderator, consultation=consultation, stage="closed")
    assert consultation.ends_at <= timezone.now()
    assert consultation.effective_stage == "closed"


@pytest.mark.django_db
def test_every_question_type_is_answered_and_stored_as_rows(consultation, resident):
    response = services.response_submit(consultation=consultation, user=resident, answers=_answers(consultation))
    q = _q(consultation)
    rows = Answer.objects.filter(response=response)
    assert rows.filter(question=q["multiple"]).count() == 2
    assert rows.filter(question=q["ranking"]).count() == 3
    assert rows.get(question=q["rating"]).value == 4
    assert rows.get(question=q["text"]).text == "Thanks"
    saved = selectors.my_answers(consultation=consultation, user=resident)
    assert saved[q["single"].pk] == 0 and sorted(saved[q["multiple"].pk]) == [0, 1]
    assert saved[q["ranking"].pk] == {0: 1, 1: 2, 2: 3}


@pytest.mark.django_db
def test_one_response_per_person_editable_until_close(consultation, resident, moderator):
    services.response_submit(consultation=consultation, user=resident, answers=_answers(consultation))
    services.response_submit(consultation=consultation, user=resident, answers=_answers(consultation, single=2))
    consultation.refresh_from_db()
    assert Response.objects.filter(consultation=consultation).count() == 1 == consultation.response_count
    assert selectors.my_answers(consultation=consultation, user=resident)[_q(consultation)["single"].pk] == 2
    services.consultation_set_stage(editor=moderator, consultation=consultation, stage="closed")
    with pytest.raises(PermissionDenied, match="has closed"):
        services.response_submit(consultation=consultation, user=resident, answers=_answers(consultation))


@pytest.mark.django_db
def test_every_bad_answer_is_reported_at_once_and_nothing_is_saved(consultation, resident):
    q = _q(consultation)
    bad = _answers(consultation, single=7, multiple=(0, 9), rating=6, ranking={0: 1, 1: 1, 2: 3})
    bad[q["text"].pk] = "x" * 2001
    with pytest.raises(ValidationError) as info:
        services.response_submit(consultation=consultation, user=resident, answers=bad)
    errors = info.value.message_dict
    assert set(errors) == {f"q{q[k].pk}" for k in ("single", "multiple", "rating", "ranking", "text")}
    assert "Choose a rating from 1 to 5." in errors[f"q{q['rating'].pk}"]
    assert not Response.objects.exists()
    with pytest.raises(ValidationError) as info:
        services.response_submit(consultation=consultation, user=resident, answers={q["text"].pk: "hi"})
    assert "Answer this question." in info.value.message_dict[f"q{q['single'].pk}"]
    with pytest.raises(ValidationError, match="not in this consultation"):
        services.response_submit(consultation=consultation, user=resident, answers={999999: "x"})


@pytest.mark.django_db
@pytest.mark.parametrize("size", [2, 12])
def test_results_by_ward_in_a_fixed_number_of_queries(consultation, django_assert_num_queries, size):
    wards = [AreaFactory(), AreaFactory()]
    for i in range(size):
        person = UserFactory()
        account_services.profile_update(user=person, home_area=wards[i % 2])
        services.response_submit(consultation=consultation, user=person, answers=_answers(consultation, single=i % 3))
        services.vote_cast(consultation=consultation, user=person, stance="support" if i % 2 else "oppose")
    consultation = Consultation.objects.get(pk=consultation.pk)
    with django_assert_num_queries(4):  # stance rows, answer rows, ward names, questions
        results = selectors.consultation_results(consultation=consultation)
    assert results["votes"] == size and results["responses"] == size
    stance = results["stance"]
    assert stance["support"]["overall"] + stance["oppose"]["overall"] == size
    assert stance["support"]["by_area"] == {wards[1].pk: size // 2}
    single = next(q for q in results["questions"] if q["kind"] == "single")
    assert sum(r["overall"] for r in single["rows"]) == size
    rating = next(q for q in results["questions"] if q["kind"] == "rating")
    assert rating["mean"] == 4.0
    ranking = next(q for q in results["questions"] if q["kind"] == "ranking")
    assert [r["overall"] for r in ranking["rows"]] == [1.0, 2.0, 3.0]


def _results_expected(persona_name, visibility, stage):
    if persona_name in {"moderator", "policy_lead"}:  # they run consultations
        return True
    return stage in {"closed", "decision_published"} or (stage == "open" and visibility == "live")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "persona, visibility, stage",
    [(p, v, s) for p in PERSONAS for v in ("live", "after_close") for s in Consultation.Stage.values],
    indirect=["persona"],
)
def test_who_sees_results_persona_by_visibility_by_stage(request, persona, visibility, stage):
    persona_name = request.node.callspec.params["persona"]
    thing = Thing.objects.create(title="Proposal")
    c = Consultation.objects.create(target=thing, title="T", stage=stage, results_visibility=visibility)
    assert permissions.can_see_results(persona, c) is _results_expected(persona_name, visibility, stage)


@pytest.mark.django_db
def test_verified_residents_audience(moderator, resident, neighbour):
    thing = Thing.objects.create(title="Proposal")
    c = Consultation.objects.create(target=thing, title="T", stage="open", audience="verified")
    assert "Ask a moderator to verify you" in permissions.consultation_reason_denied(resident, "vote", c)
    with pytest.raises(PermissionDenied):
        account_services.resident_verify(user=neighbour, verified_by=resident)
    account_services.resident_verify(user=resident, verified_by=moderator)
    resident.refresh_from_db()
    assert permissions.consultation_reason_denied(resident, "vote", c) is None
    account_services.resident_verify(user=resident, verified_by=moderator, verified=False)
    resident.profile.refresh_from_db()
    assert resident.profile.verified_at is None


@pytest.mark.django_db
def test_erasure_keeps_answers_and_votes_counted_but_unlinked(consultation, resident):
    services.response_submit(consultation=consultation, user=resident, answers=_answers(consultation))
    services.vote_cast(consultation=consultation, user=resident, stance="support")
    export = selectors.user_engagement_export(user=resident)
    assert export["consultation_responses"][0]["consultation"] == consultation.pk
    assert export["stance_votes"][0]["stance"] == "support"
    account_services.account_erase(user=resident)
    results = selectors.consultation_results(consultation=Consultation.objects.get(pk=consultation.pk))
    assert results["votes"] == 1 and results["responses"] == 1
    assert Response.objects.get().user_id is None


@pytest.mark.django_db
def test_response_can_be_withdrawn_while_open(consultation, resident):
    services.response_submit(consultation=consultation, user=resident, answers=_answers(consultation))
    services.response_withdraw(consultation=consultation, user=resident)
    consultation.refresh_from_db()
    assert consultation.response_count == 0 and not Answer.objects.exists()


@pytest.mark.django_db
def test_open_consultation_past_its_end_reads_as_closed(moderator):
    thing = Thing.objects.create(title="Proposal")
    c = Consultation.objects.create(
        target=thing, title="T", stage="open", ends_at=timezone.now() - timedelta(seconds=1)
    )
    assert c.effective_stage == "closed"
    c.stage = "closed"  # reopening needs a new closing time first
    with pytest.raises(ValidationError, match="closing time in the future"):
        services.consultation_set_stage(editor=moderator, consultation=c, stage="open")
