"""Who may do what, in which stage: persona × action × stage."""

import pytest
from django.contrib.auth.models import AnonymousUser

from engagement import permissions
from tests.conftest import PERSONAS
from tests.engagement_testapp.models import Thing

pytestmark = pytest.mark.django_db

ACTIONS = [permissions.COMMENT, permissions.REACT, permissions.FOLLOW, permissions.FLAG]
# stage -> actions a signed-in person may take there (the stand-in closes comments and reactions)
ALLOWED = {"open": set(ACTIONS), "closed": {permissions.FOLLOW, permissions.FLAG}}
MATRIX = [(p, a, s) for p in PERSONAS for a in ACTIONS for s in ALLOWED]


@pytest.mark.parametrize("persona, action, stage", MATRIX, indirect=["persona"])
def test_engagement_permission_matrix(persona, action, stage):
    thing = Thing.objects.create(title="Item", stage=stage)
    reason = permissions.reason_denied(persona, action, thing)
    if isinstance(persona, AnonymousUser):
        assert reason and reason.startswith("Sign in")
    elif action in ALLOWED[stage]:
        assert reason is None
    else:
        assert reason == "This discussion has closed."


def test_deactivated_accounts_cannot_take_part(resident):
    resident.is_active = False
    assert permissions.reason_denied(resident, permissions.COMMENT, Thing(title="x")) == (
        "Your account cannot take part at the moment."
    )
