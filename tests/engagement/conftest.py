import pytest

from tests.engagement_testapp.models import Thing


@pytest.fixture
def thing(db):
    return Thing.objects.create(title="New cycle lane on Warwick Road")


@pytest.fixture
def closed_thing(db):
    return Thing.objects.create(title="Finished consultation", stage="closed")


@pytest.fixture(autouse=True)
def _celery_in_process(celery_in_process):
    """Notification emails are sent by Celery tasks; these unit tests run them in-process."""
