"""The opportunity workflow as a permission matrix: persona × action × status, enforced in the
services and on the pages, every transition logged and the promoter told."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from engagement.models import Notification
from investors import permissions, services
from investors.models import Opportunity, OpportunityTransition
from tests.investors.conftest import PERSONAS

STATUSES = [s for s, _label in Opportunity.Status.choices]
PUBLIC = {"published", "closed"}

# (persona, status) -> statuses that persona may move it to; anything else is refused.
ALLOWED = {
    ("promoter", "draft"): {"submitted", "withdrawn"},
    ("promoter", "changes_requested"): {"submitted", "withdrawn"},
    ("promoter", "submitted"): {"withdrawn"},
    ("promoter", "in_review"): {"withdrawn"},
    ("promoter", "published"): {"closed", "withdrawn"},
    ("moderator", "submitted"): {"in_review"},
    ("moderator", "in_review"): {"changes_requested", "published"},
    ("moderator", "published"): {"closed"},
}


@pytest.fixture
def persona_user(request, anonymous, resident, promoter, investor, moderator, policy_lead):
    return {
        "anonymous": anonymous,
        "resident": resident,
        "promoter": promoter,
        "investor": investor,
        "moderator": moderator,
        "policy_lead": policy_lead,
    }


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("who", PERSONAS)
def test_view_edit_and_move_matrix(who, status, persona_user, make_opportunity):
    opportunity = make_opportunity(status=status)
    user = persona_user[who]
    sees = status in PUBLIC or who in {"promoter", "moderator"}
    assert permissions.may_view(user, opportunity) is sees
    assert Opportunity.objects.filter(permissions.visible_filter(user), pk=opportunity.pk).exists() is sees
    assert permissions.may_edit(user, opportunity) is (who == "promoter" and status in {"draft", "changes_requested"})
    allowed = ALLOWED.get((who, status), set())
    assert permissions.moves_for(user, opportunity) == allowed
    for to_status in STATUSES:
        if to_status in allowed:
            continue
        with pytest.raises(PermissionDenied):
            services.opportunity_move(user=user, opportunity=opportunity, to_status=to_status, reason="Because.")
    assert Opportunity.objects.get(pk=opportunity.pk).status == status


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("who", PERSONAS)
def test_the_pages_follow_the_matrix(who, status, persona_user, make_opportunity, client_for):
    opportunity = make_opportunity(status=status)
    client = client_for(persona_user[who])
    sees = status in PUBLIC or who in {"promoter", "moderator"}
    assert client.get(opportunity.get_absolute_url()).status_code == (200 if sees else 404)
    edit = client.get(f"{opportunity.get_absolute_url()}edit/")
    if who == "anonymous":
        assert edit.status_code == 302
    elif who == "promoter" and status in {"draft", "changes_requested"}:
        assert edit.status_code == 200
    else:
        assert edit.status_code == (403 if sees else 404)
    listed = client.get("/invest/").content.decode()
    assert (opportunity.title in listed) is (status == "published")


def test_the_whole_journey_is_logged_and_the_promoter_told_each_step(make_opportunity, promoter, moderator):
    opportunity = make_opportunity(status="draft")
    services.opportunity_move(user=promoter, opportunity=opportunity, to_status="submitted")
    services.opportunity_move(user=moderator, opportunity=opportunity, to_status="in_review")
    with pytest.raises(ValidationError) as refused:
        services.opportunity_move(user=moderator, opportunity=opportunity, to_status="changes_requested")
    assert "reason" in refused.value.message_dict
    services.opportunity_move(
        user=moderator, opportunity=opportunity, to_status="changes_requested", reason="Add the planning reference."
    )
    services.opportunity_save(user=promoter, opportunity=opportunity, timeline="Planning ref 2026/01234/PA")
    services.opportunity_move(user=promoter, opportunity=opportunity, to_status="submitted")
    services.opportunity_move(user=moderator, opportunity=opportunity, to_status="in_review")
    opportunity = services.opportunity_move(user=moderator, opportunity=opportunity, to_status="published")
    assert opportunity.published_at is not None
    log = list(OpportunityTransition.objects.filter(opportunity=opportunity).order_by("at", "pk"))
    assert [(t.from_status, t.to_status) for t in log] == [
        ("draft", "submitted"),
        ("submitted", "in_review"),
        ("in_review", "changes_requested"),
        ("changes_requested", "submitted"),
        ("submitted", "in_review"),
        ("in_review", "published"),
    ]
    assert log[2].by == moderator and log[2].reason == "Add the planning reference."
    told = Notification.objects.filter(recipient=promoter, object_id=opportunity.pk).order_by("pk")
    titles = [n.title for n in told]
    assert len(titles) == 4  # the moderator's four steps; the promoter is not told of their own
    assert any("Changes were requested" in t for t in titles)
    assert told.filter(body="Add the planning reference.").exists()
    assert "is published" in titles[-1]


def test_an_opportunity_with_no_effects_cannot_be_submitted(make_opportunity, promoter):
    opportunity = make_opportunity(
        status="draft", jobs_created=None, local_hires=None, tco2e_per_year=None, energy_generated_mwh=None
    )
    with pytest.raises(ValidationError):
        services.opportunity_move(user=promoter, opportunity=opportunity, to_status="submitted")
    assert Opportunity.objects.get(pk=opportunity.pk).status == "draft"


def test_only_members_list_for_an_organisation(areas, firm, resident):
    with pytest.raises(ValidationError) as refused:
        services.opportunity_save(user=resident, promoter=firm, title="Not mine")
    assert "promoter" in refused.value.message_dict


def test_bad_figures_are_refused_with_the_field_named(make_opportunity, promoter):
    opportunity = make_opportunity(status="draft")
    with pytest.raises(ValidationError) as refused:
        services.opportunity_save(user=promoter, opportunity=opportunity, scale_min_gbp=5, scale_max_gbp=1)
    assert "scale_max_gbp" in refused.value.message_dict
    opportunity = Opportunity.objects.get(pk=opportunity.pk)
    with pytest.raises(ValidationError) as refused:
        services.opportunity_save(user=promoter, opportunity=opportunity, local_hires=500)
    assert "local_hires" in refused.value.message_dict
