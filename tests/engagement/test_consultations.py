"""Consultation stages and stance votes: persona × action × stage, audiences, tallies (races: test_vote_races.py)."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts import services as account_services
from engagement import permissions, services
from engagement.models import Consultation, StanceVote
from tests.conftest import PERSONAS
from tests.engagement_testapp.models import Thing
from tests.factories import AreaFactory, OrganisationFactory

STAGES = [s.value for s in Consultation.Stage]
ACTIONS = [permissions.VOTE, permissions.RESPOND, permissions.EDIT]


def _consultation(stage="open", **extra):
    thing = Thing.objects.create(title="Proposal")
    return Consultation.objects.create(target=thing, title="Have your say", stage=stage, **extra)


def _expected(persona_name, action, stage):
    if action == permissions.EDIT:
        return persona_name in {"moderator", "policy_lead"}  # the people who run consultations
    if persona_name == "anonymous":
        return False
    return stage == "open"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "persona, action, stage",
    [(p, a, s) for p in PERSONAS for a in ACTIONS for s in STAGES],
    indirect=["persona"],
)
def test_consultation_permission_matrix(request, persona, action, stage):
    from engagement.apps import EngagementConfig  # noqa: F401 - roles include change_consultation

    persona_name = request.node.callspec.params["persona"]
    consultation = _consultation(stage=stage)
    allowed = permissions.consultation_reason_denied(persona, action, consultation) is None
    assert allowed is _expected(persona_name, action, stage)


@pytest.mark.django_db
def test_open_stage_respects_start_and_end_times(resident):
    now = timezone.now()
    not_yet = _consultation(starts_at=now + timedelta(hours=1))
    over = _consultation(ends_at=now - timedelta(minutes=1))
    assert permissions.consultation_reason_denied(resident, "vote", not_yet) == "This consultation has not opened yet."
    assert permissions.consultation_reason_denied(resident, "vote", over) == "This consultation has closed."


@pytest.mark.django_db
def test_area_and_organisation_audiences(resident, neighbour):
    ward = AreaFactory()
    account_services.profile_update(user=resident, home_area=ward)
    by_area = _consultation(audience="areas")
    by_area.audience_areas.add(ward)
    assert permissions.in_audience(resident, by_area) and not permissions.in_audience(neighbour, by_area)
    group = OrganisationFactory()
    account_services.membership_add(organisation=group, email=neighbour.email)
    by_org = _consultation(audience="organisations")
    by_org.audience_organisations.add(group)
    assert permissions.in_audience(neighbour, by_org) and not permissions.in_audience(resident, by_org)
    with pytest.raises(PermissionDenied, match="chosen group"):
        services.vote_cast(consultation=by_org, user=resident, stance="support")


@pytest.mark.django_db
def test_vote_cast_change_and_withdraw_keep_tallies_equal_to_rows(resident, neighbour):
    consultation = _consultation()
    services.vote_cast(consultation=consultation, user=resident, stance="support")
    services.vote_cast(consultation=consultation, user=neighbour, stance="support")
    services.vote_cast(consultation=consultation, user=resident, stance="oppose")
    services.vote_cast(consultation=consultation, user=neighbour, stance=None)
    services.vote_cast(consultation=consultation, user=neighbour, stance=None)
    consultation.refresh_from_db()
    assert (consultation.support_count, consultation.neutral_count, consultation.oppose_count) == (0, 0, 1)
    assert list(StanceVote.objects.values_list("stance", flat=True)) == ["oppose"]
    with pytest.raises(ValidationError):
        services.vote_cast(consultation=consultation, user=resident, stance="maybe")


@pytest.mark.django_db
def test_votes_are_refused_once_closed_and_anonymous_cannot_vote(resident):
    consultation = _consultation(stage="closed")
    with pytest.raises(PermissionDenied, match="has closed"):
        services.vote_cast(consultation=consultation, user=resident, stance="support")
    with pytest.raises(PermissionDenied, match="Sign in"):
        services.vote_cast(consultation=_consultation(), user=AnonymousUser(), stance="support")


@pytest.mark.django_db
def test_erasure_keeps_the_vote_counted(resident):
    consultation = _consultation()
    services.vote_cast(consultation=consultation, user=resident, stance="support")
    account_services.account_erase(user=resident)
    consultation.refresh_from_db()
    assert consultation.support_count == 1
    assert StanceVote.objects.get().user is None
