"""Pages visitors get from the page cache show a change on the next request: organisations
(profile and members), areas, and the twin's dashboard and catalogue after a KPI refresh."""

import pytest

from accounts import services as account_services
from tests.factories import AreaFactory, OrganisationFactory, UserFactory
from twin.signals import kpis_refreshed

pytestmark = pytest.mark.django_db


def _twice(client, url):
    client.get(url)
    response = client.get(url)
    assert response.get("X-Page-Cache") == "hit", url
    return response


def test_an_organisation_rename_and_a_new_member_show_at_once(client):
    group = OrganisationFactory(name="Friends of Kings Road")
    _twice(client, "/organisations/")
    _twice(client, f"/organisations/{group.slug}/")
    account_services.organisation_update(organisation=group, name="Friends of Kings Road Park")
    assert "Friends of Kings Road Park" in client.get("/organisations/").content.decode()
    member = UserFactory(display_name="Nadia")
    account_services.membership_add(organisation=group, email=member.email)
    assert client.get(f"/organisations/{group.slug}/").get("X-Page-Cache") == "miss"


def test_an_area_change_shows_at_once(client):
    ward = AreaFactory(name="Bordesley Green")
    _twice(client, "/areas/")
    ward.name = "Bordesley Green and Heartlands"
    ward.save()
    assert "Bordesley Green and Heartlands" in client.get("/areas/").content.decode()


@pytest.mark.parametrize("url", ["/twin/", "/twin/data/"])
def test_a_kpi_refresh_shows_at_once(client, url):
    AreaFactory(kind="district", code="E08000025", name="Birmingham")
    _twice(client, url)
    kpis_refreshed.send(sender=None, source_id=None, kpi_codes=["imd_score"], area_codes=["E08000025"])
    assert client.get(url).get("X-Page-Cache") == "miss"
