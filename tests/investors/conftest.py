import pytest
from django.contrib.gis.geos import Point

from accounts import services as account_services
from accounts.models import Membership
from investors import services
from tests.factories import OrganisationFactory, UserFactory
from tests.twin.conftest import areas, data, reference  # noqa: F401 - the twin's district, KPIs and figures

# Personas of the investors' permission matrices: tests/conftest.py has the shared ones.
PERSONAS = ["anonymous", "resident", "promoter", "investor", "moderator", "policy_lead"]


@pytest.fixture(autouse=True)
def _celery_in_process(celery_in_process):
    """Re-scoring and notification emails are Celery tasks; these unit tests run them in-process."""


@pytest.fixture
def firm(db):
    return OrganisationFactory(name="Tyseley Energy Ltd", kind="business")


@pytest.fixture
def promoter(db, firm):
    user = UserFactory(email="promoter@example.org", display_name="Promoter")
    account_services.membership_add(organisation=firm, email=user.email, role=Membership.Role.ADMIN)
    return user


EFFECTS = {"jobs_created": 120, "local_hires": 40, "tco2e_per_year": -800.0, "energy_generated_mwh": 5000.0}


@pytest.fixture
def make_opportunity(areas, firm, promoter, django_capture_on_commit_callbacks):  # noqa: F811 - imported fixture
    """make_opportunity(status=..., **fields): an opportunity moved through the real workflow,
    with what runs after commit (re-scoring, the score copied, notifications) run as well."""
    from tests.factories import UserFactory as Factory

    moderator = None

    def make(status="published", title="Tyseley heat network", **fields):
        nonlocal moderator
        values = {
            "title": title,
            "summary": "A district heat network fed by the energy-from-waste plant.",
            "sector": "energy",
            "investment_type": "equity",
            "scale_min_gbp": 2_000_000,
            "scale_max_gbp": 12_000_000,
            "planning_status": "outline",
            "decision_time": "12m",
            "geometry": Point(-1.845, 52.455, srid=4326),
            **EFFECTS,
            **fields,
        }
        with django_capture_on_commit_callbacks(execute=True):
            opportunity = services.opportunity_save(user=promoter, promoter=firm, **values)
        path = {
            "draft": [],
            "submitted": ["submitted"],
            "in_review": ["submitted", "in_review"],
            "changes_requested": ["submitted", "in_review", "changes_requested"],
            "published": ["submitted", "in_review", "published"],
            "closed": ["submitted", "in_review", "published", "closed"],
            "withdrawn": ["withdrawn"],
        }[status]
        if moderator is None and any(s in {"in_review", "changes_requested", "published", "closed"} for s in path):
            moderator = Factory(email=f"mod-{firm.pk}@example.org")
            account_services.role_grant(user=moderator, role="moderator")
        for step in path:
            by = promoter if step in {"submitted", "withdrawn"} else moderator
            opportunity = services.opportunity_move(
                user=by,
                opportunity=opportunity,
                to_status=step,
                reason="Please add the timeline." if step == "changes_requested" else "",
            )
        return opportunity

    return make
