"""Personas used across the suite: resident, neighbour, group_admin, investor, moderator,
policy_lead, anonymous. Each is a signed-up person with a verified email; staff roles also have
two-step sign-in set up, as the site requires of them."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.gis.geos import MultiPolygon, Polygon
from django.core.cache import cache
from django.test import Client
from django.utils import translation

from accounts import services
from accounts.models import Membership
from accounts.roles import Role
from places.models import Area
from tests.factories import AreaFactory, OrganisationFactory, UserFactory

PERSONAS = ["anonymous", "resident", "neighbour", "group_admin", "investor", "moderator", "policy_lead"]


@pytest.fixture(autouse=True)
def _clean_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _site_language():
    """Each test starts in the site's language: a request in another one (the test client runs
    in this thread) must not word the next test's notifications."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


def _with_mfa(user):
    TOTP.activate(user, generate_totp_secret())
    return user


@pytest.fixture
def resident(db):
    return UserFactory(email="resident@example.org", display_name="Amina")


@pytest.fixture
def neighbour(db):
    return UserFactory(email="neighbour@example.org", display_name="Tom")


@pytest.fixture
def community_group(db):
    return OrganisationFactory(name="Friends of the River Cole")


@pytest.fixture
def group_admin(db, community_group):
    user = UserFactory(email="group-admin@example.org", display_name="Sam")
    services.membership_add(organisation=community_group, email=user.email, role=Membership.Role.ADMIN)
    return user


@pytest.fixture
def investor(db):
    user = UserFactory(email="investor@example.org", display_name="Priya")
    services.role_grant(user=user, role=Role.INVESTOR)
    return user


@pytest.fixture
def moderator(db):
    user = UserFactory(email="moderator@example.org", display_name="Council moderator")
    services.role_grant(user=user, role=Role.MODERATOR)
    return _with_mfa(user)


@pytest.fixture
def policy_lead(db):
    user = UserFactory(email="policy@example.org", display_name="Policy lead")
    services.role_grant(user=user, role=Role.POLICY_LEAD)
    return _with_mfa(user)


@pytest.fixture
def administrator(db):
    user = UserFactory(email="admin@example.org", display_name="Administrator")
    services.role_grant(user=user, role=Role.ADMINISTRATOR)
    return _with_mfa(user)


@pytest.fixture
def anonymous():
    return AnonymousUser()


@pytest.fixture
def client_for(db):
    """client_for(user) -> a test client signed in as that person (anonymous if None/AnonymousUser)."""

    def make(user):
        client = Client()
        if user is not None and user.is_authenticated:
            client.force_login(user)
        return client

    return make


@pytest.fixture
def district(db, settings):
    """The deployment district (a box around Tyseley) with one ward inside it."""
    settings.DEPLOYMENT_DISTRICT_CODE = "D"
    district = AreaFactory(
        kind=Area.Kind.DISTRICT,
        code="D",
        name="District",
        geometry=MultiPolygon(Polygon.from_bbox((-1.9, 52.4, -1.8, 52.5)), srid=4326),
    )
    AreaFactory(
        kind=Area.Kind.WARD,
        code="W",
        name="Tyseley & Hay Mills",
        parent=district,
        geometry=MultiPolygon(Polygon.from_bbox((-1.85, 52.44, -1.82, 52.47)), srid=4326),
    )
    return district


@pytest.fixture
def persona(request):
    """Indirect parametrisation: @pytest.mark.parametrize("persona", PERSONAS, indirect=True)."""
    return request.getfixturevalue(request.param)


@pytest.fixture
def celery_in_process():
    """Run Celery tasks in-process (eagerly) for one test; app conftests make it autouse."""
    from config.celery import app

    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = before
