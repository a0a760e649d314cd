"""The data catalogue: who may download what (persona × licence tier), access requests, and the
twin's part of download-my-data and erasure."""

import pytest

from tests.twin.conftest import PERSONAS, persona_name
from twin.models import AccessRequest, DownloadLog

pytestmark = pytest.mark.django_db


# persona × tier → may download?
TIER_MATRIX = {
    "open": dict.fromkeys(PERSONAS, True),
    "restricted": {p: p != "anonymous" for p in PERSONAS},  # after accepting the terms
    "closed": dict.fromkeys(PERSONAS, False),  # until a moderator approves a request
}


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
@pytest.mark.parametrize(
    "tier,slug",
    [("open", "kpi-employment_rate"), ("restricted", "kpi-emissions_per_person"), ("closed", "kpi-epc_c_share")],
)
def test_download_permission_matrix(persona, tier, slug, client_for, data):
    client = client_for(persona)
    if tier == "restricted" and persona.is_authenticated:
        assert client.get(f"/twin/data/{slug}/download/").status_code == 302  # back to the terms
        page = client.post(f"/twin/data/{slug}/", {"action": "terms"})
        assert page.status_code == 422 and "Tick the box" in page.content.decode()
        client.post(f"/twin/data/{slug}/", {"action": "terms", "accept": "on"})
    response = client.get(f"/twin/data/{slug}/download/")
    allowed = TIER_MATRIX[tier][persona.__class__.__name__ == "AnonymousUser" and "anonymous" or persona_name(persona)]
    assert (response.status_code == 200) is allowed, response.status_code
    api = client.get(f"/api/v1/observations/?kpi={slug.removeprefix('kpi-')}")
    assert (api.status_code == 200) is allowed
    if not allowed:
        assert api.status_code == 403 and "detail" in api.json()
    assert DownloadLog.objects.filter(dataset__slug=slug).count() == (1 if allowed else 0)


def test_closed_dataset_access_request_approved_by_a_moderator(
    client_for, resident, moderator, policy_lead, data, django_capture_on_commit_callbacks, mailoutbox
):
    from django.core import mail

    from engagement.models import Notification

    slug = "kpi-epc_c_share"
    client = client_for(resident)
    empty = client.post(f"/twin/data/{slug}/", {"action": "access", "purpose": "  "})
    assert empty.status_code == 422
    client.post(f"/twin/data/{slug}/", {"action": "access", "purpose": "Retrofit research with the university"})
    again = client.post(f"/twin/data/{slug}/", {"action": "access", "purpose": "Again"})
    assert "already asked" in again.content.decode()
    access = AccessRequest.objects.get()
    assert client_for(policy_lead).get("/twin/data/requests/").status_code == 403
    assert (
        client_for(resident).post("/twin/data/requests/", {"request": access.pk, "decision": "approve"}).status_code
        == 403
    )
    assert client.get(f"/twin/data/{slug}/download/").status_code == 302
    moderator_client = client_for(moderator)
    assert "Retrofit research" in moderator_client.get("/twin/data/requests/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        moderator_client.post("/twin/data/requests/", {"request": access.pk, "decision": "approve", "note": "OK"})
    assert client.get(f"/twin/data/{slug}/download/").status_code == 200
    # The person is told: in the app, and by email at once (their default for this kind).
    told = Notification.objects.get(recipient=resident, kind="data_access")
    assert "You can now download" in told.title and told.url == f"/twin/data/{slug}/" and told.body == "OK"
    assert told.email == "sent" and len(mail.outbox) == 1
    assert client_for(policy_lead).get(f"/twin/data/{slug}/download/").status_code == 302  # approval is per person


def test_download_my_data_and_erasure_cover_the_twin(client_for, resident, data):
    from accounts import services as account_services

    client = client_for(resident)
    client.post("/twin/data/kpi-emissions_per_person/", {"action": "terms", "accept": "on"})
    client.post("/twin/data/kpi-epc_c_share/", {"action": "access", "purpose": "Research"})
    client.get("/twin/data/kpi-emissions_per_person/download/")
    section = account_services.user_data_export(user=resident)["sections"]["twin"]
    assert [t["dataset"] for t in section["terms_accepted"]] == ["kpi-emissions_per_person"]
    assert section["access_requests"][0]["purpose"] == "Research"
    assert len(section["downloads"]) == 1
    account_services.account_erase(user=resident)
    assert not AccessRequest.objects.exists()
    assert DownloadLog.objects.get().user is None  # the count stays, the person goes
