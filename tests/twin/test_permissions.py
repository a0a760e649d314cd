"""Who may do what in the twin, as HTTP statuses: persona × staff action (twin/permissions.py)."""

import pytest

from tests.conftest import PERSONAS
from twin import services
from twin.models import Scenario

ALLOWED = {
    "weights": {"policy_lead"},
    "scenario_new": {"policy_lead"},
    "scenario_save": {"policy_lead"},
    "access_requests": {"moderator"},
}
SIGN_IN_FIRST = {"scenario_new", "access_requests"}  # pages that send visitors to sign in


def _request(client, action, scenario):
    if action == "weights":
        return client.post("/twin/weights/", {"note": "matrix"})
    if action == "scenario_new":
        return client.get("/twin/scenarios/new/")
    if action == "scenario_save":
        return client.post(f"/twin/scenarios/{scenario.pk}/", {"title": "Changed"})
    return client.get("/twin/data/requests/")


@pytest.mark.parametrize("action", ALLOWED)
@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_staff_actions_by_persona(request, persona, action, client_for, policy_lead, data):  # noqa: F811
    scenario = services.scenario_save(
        user=policy_lead,
        scenario=None,
        title="Kept",
        description="",
        plans=[{"area": data_area(), "adjustments": [], "interventions": []}],
    )
    name = request.node.callspec.params["persona"]
    response = _request(client_for(persona), action, scenario)
    if name in ALLOWED[action]:
        assert response.status_code in (200, 302, 422), response.status_code
        assert not (response.status_code == 302 and "/accounts/login/" in response["Location"])
    elif name == "anonymous" and action in SIGN_IN_FIRST:
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    else:
        assert response.status_code == 403
        assert Scenario.objects.get(pk=scenario.pk).title == "Kept"


def data_area():
    from places.models import Area

    return Area.objects.get(code="W1")
