import pytest
from django.contrib.gis.geos import Point

from proposals import services


@pytest.fixture
def make_proposal(district):
    def make(title="Energy park extension", status="consultation", themes=("energy_net_zero",), **extra):
        return services.proposal_save(
            title=title,
            summary="A short summary.",
            status=status,
            themes=list(themes),
            **{"geometry": Point(-1.835, 52.456, srid=4326), **extra},
        )

    return make


@pytest.fixture(autouse=True)
def _celery_in_process(celery_in_process):
    """Notification emails are sent by Celery tasks; these unit tests run them in-process."""
