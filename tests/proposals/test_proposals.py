"""Planning proposals: areas computed from geometry, sanitised descriptions, lists and pages."""

import pytest
from django.contrib.gis.geos import LineString
from django.core.exceptions import ValidationError

from engagement import services as engagement_services
from proposals import services
from proposals.models import PlanningProposal

pytestmark = pytest.mark.django_db


def test_areas_are_computed_and_description_sanitised(make_proposal):
    proposal = make_proposal(
        description='<p>Hi<script>alert(1)</script> <a href="https://x.example" onclick="x()">link</a></p>'
    )
    assert sorted(proposal.areas.values_list("code", flat=True)) == ["D", "W"]
    assert "<script>" not in proposal.description and "onclick" not in proposal.description
    assert 'rel="noopener nofollow"' in proposal.description


def test_effects_say_none_for_not_stated(make_proposal):
    proposal = make_proposal(jobs_created=40, tco2e_per_year=-120.5)
    assert proposal.effects["jobs_created"] == 40
    assert proposal.effects["homes"] is None
    assert proposal.effects["tco2e_per_year"] == -120.5


def test_geometry_must_be_a_point_or_site(district):
    with pytest.raises(ValidationError) as exc:
        services.proposal_save(title="Line", summary="s", geometry=LineString((0, 0), (1, 1), srid=4326))
    assert "geometry" in exc.value.message_dict


def test_unknown_theme_is_refused(district):
    from django.contrib.gis.geos import Point

    with pytest.raises(ValidationError) as exc:
        services.proposal_save(title="T", summary="s", geometry=Point(-1.83, 52.45, srid=4326), themes=["magic"])
    assert "themes" in exc.value.message_dict


def test_slugs_are_unique(make_proposal):
    first, second = make_proposal(title="Same title"), make_proposal(title="Same title")
    assert first.slug == "same-title" and second.slug == "same-title-2"


def test_list_filters_by_status_theme_area_and_text(client, make_proposal):
    make_proposal(title="Hydrogen hub", status="consultation", themes=["energy_net_zero"])
    make_proposal(title="River path", status="pre_application", themes=["green_blue_space"])
    assert "Hydrogen hub" in client.get("/proposals/", {"status": "consultation"}).content.decode()
    html = client.get("/proposals/", {"theme": "green_blue_space"}).content.decode()
    assert "River path" in html and "Hydrogen hub" not in html
    assert "1 proposal" in client.get("/proposals/", {"q": "hydrogen", "area": "W"}).content.decode()


def test_bad_filters_are_ignored_with_the_error_shown(client, make_proposal):
    make_proposal()
    response = client.get("/proposals/", {"status": "nonsense"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


@pytest.mark.parametrize("count", [2, 25])
def test_proposal_list_query_count_does_not_grow(client, make_proposal, django_assert_num_queries, count):
    for i in range(count):
        make_proposal(title=f"Proposal {i}", themes=["housing", "transport"])
    with django_assert_num_queries(4):  # ward choices, count, page with promoters and support, themes
        assert client.get("/proposals/").status_code == 200


def test_detail_page_shows_effects_and_discussion(client_for, make_proposal, resident):
    proposal = make_proposal(jobs_created=45)
    engagement_services.comment_create(author=resident, target=proposal, body="Will local people get these jobs?")
    html = client_for(resident).get(proposal.get_absolute_url()).content.decode()
    assert "Jobs created" in html and "45" in html
    assert "Will local people get these jobs?" in html
    assert "Tyseley &amp; Hay Mills" in html


def test_completed_proposals_close_their_comments(client_for, make_proposal, resident):
    proposal = make_proposal(status=PlanningProposal.Status.COMPLETED)
    url = f"/engagement/proposals.planningproposal/{proposal.pk}/comments/"
    response = client_for(resident).post(url, {"body": "Late comment"})
    assert response.status_code == 403
    assert "completed, so comments have closed" in response.content.decode()


@pytest.mark.parametrize("count", [2, 25])
def test_signed_in_list_shares_the_filtered_part_and_stays_current(
    client_for, make_proposal, resident, neighbour, django_assert_num_queries, count
):
    for i in range(count):
        make_proposal(title=f"Proposal {i}", themes=["housing"])
    client_for(resident).get("/proposals/?theme=housing")  # renders and shares filters, map and results
    other = client_for(neighbour)
    other.get("/proposals/")  # caches what is personal: session, permissions, unread count
    with django_assert_num_queries(1):  # only the person: filters, map and results come from the shared part
        html = other.get("/proposals/?theme=housing").content.decode()
    assert f"Proposal {count - 1}" in html and "Your feed" in html  # the page around it is personal
    make_proposal(title="Brand new", themes=["housing"])  # any change: the shared part is rebuilt
    assert "Brand new" in other.get("/proposals/?theme=housing").content.decode()
