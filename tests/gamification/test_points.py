"""The points ledger: a rule pays a person once per object, within its daily cap; taking points
back is a reversing entry; the running total always equals the ledger's sum; and taking part
elsewhere (a helpful comment, a consultation response, an idea's tenth supporter) pays."""

import pytest
from django.core.exceptions import PermissionDenied

from accounts import gdpr
from engagement import moderation
from engagement import services as engagement_services
from engagement.models import Comment, Consultation, Question
from gamification import points
from gamification.models import LedgerEntry, PointRule
from tests.engagement_testapp.models import Thing

pytestmark = pytest.mark.django_db


@pytest.fixture
def thing(db):
    return Thing.objects.create(title="Cycle lane")


def test_the_default_rules_exist_after_migrating():
    assert {code for code, *_rest in points.DEFAULT_RULES} <= set(PointRule.objects.values_list("code", flat=True))


def test_a_rule_pays_once_per_person_per_object(resident, thing):
    first = points.award(person=resident, rule_code="comment_helpful", obj=thing)
    again = points.award(person=resident, rule_code="comment_helpful", obj=thing)
    assert first is not None and again is None
    other = Thing.objects.create(title="Bus gate")
    assert points.award(person=resident, rule_code="comment_helpful", obj=other) is not None
    assert points.total_for(person=resident) == 2 == points.recomputed_total(person=resident)


def test_a_daily_cap_stops_paying_until_the_next_day(resident):
    rule = PointRule.objects.get(code="consultation_response")
    rule.daily_cap = 2
    rule.save()
    things = [Thing.objects.create(title=f"T{i}") for i in range(3)]
    paid = [points.award(person=resident, rule_code="consultation_response", obj=t) for t in things]
    assert [p is not None for p in paid] == [True, True, False]
    LedgerEntry.objects.update(created_at=LedgerEntry.objects.first().created_at.replace(year=2020))
    assert points.award(person=resident, rule_code="consultation_response", obj=things[2]) is not None


def test_an_inactive_rule_or_an_inactive_person_pays_nothing(resident, thing):
    PointRule.objects.filter(code="comment_helpful").update(active=False)
    assert points.award(person=resident, rule_code="comment_helpful", obj=thing) is None
    PointRule.objects.filter(code="comment_helpful").update(active=True)
    resident.is_active = False
    assert points.award(person=resident, rule_code="comment_helpful", obj=thing) is None


def test_taking_back_is_a_reversing_entry_once_and_needs_the_right(resident, moderator, thing):
    points.award(person=resident, rule_code="comment_helpful", obj=thing)
    with pytest.raises(PermissionDenied):
        points.take_back(person=resident, rule_code="comment_helpful", obj=thing, reason="spam", by=resident)
    reversal = points.take_back(person=resident, rule_code="comment_helpful", obj=thing, reason="spam", by=moderator)
    assert reversal.points == -1 and reversal.reverses.points == 1 and reversal.by == moderator
    assert (
        points.take_back(person=resident, rule_code="comment_helpful", obj=thing, reason="again", by=moderator) is None
    )
    assert points.total_for(person=resident) == 0 == points.recomputed_total(person=resident)
    assert LedgerEntry.objects.count() == 2  # nothing edited or deleted: append-only
    # A reversed payment does not pay again.
    assert points.award(person=resident, rule_code="comment_helpful", obj=thing) is None


def test_a_helpful_mark_pays_the_author_and_hiding_the_comment_takes_it_back(
    resident, neighbour, moderator, thing, django_capture_on_commit_callbacks
):
    comment = engagement_services.comment_create(author=resident, target=thing, body="Use the old railway line.")
    with django_capture_on_commit_callbacks(execute=True):
        engagement_services.comment_helpful_toggle(comment=comment, user=neighbour)
    assert points.total_for(person=resident) == 1 and points.total_for(person=neighbour) == 0
    with django_capture_on_commit_callbacks(execute=True):
        engagement_services.comment_helpful_toggle(comment=comment, user=neighbour)  # unmark
        engagement_services.comment_helpful_toggle(comment=comment, user=neighbour)  # mark again
    assert points.total_for(person=resident) == 1  # once per comment, however often it is marked
    case = moderation.case_open(item=Comment.objects.get(pk=comment.pk), kind="flagged")
    with django_capture_on_commit_callbacks(execute=True):
        moderation.cases_act(moderator=moderator, case_ids=[case.pk], action="hide", reason="Off topic")
    assert points.total_for(person=resident) == 0 == points.recomputed_total(person=resident)


def test_a_first_response_pays_and_changing_it_does_not(resident, thing, django_capture_on_commit_callbacks):
    consultation = Consultation.objects.create(target=thing, title="Survey", stage="open")
    question = Question.objects.create(consultation=consultation, prompt="Rate it", kind="rating", position=1)
    for rating in (4, 5):
        with django_capture_on_commit_callbacks(execute=True):
            engagement_services.response_submit(consultation=consultation, user=resident, answers={question.pk: rating})
    assert points.total_for(person=resident) == 3
    assert LedgerEntry.objects.get().rule.code == "consultation_response"


def test_a_persons_points_are_in_their_download(resident, thing):
    points.award(person=resident, rule_code="comment_helpful", obj=thing)
    exported = {s.name: s.export(user=resident) for s in gdpr.sections()}["points"]
    assert exported[0]["rule"] == "comment_helpful" and exported[0]["points"] == 1
