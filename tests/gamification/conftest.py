import pytest

from gamification.models import PartnerKey, Service, ServiceAttribute


@pytest.fixture
def pothole(db):
    service = Service.objects.create(
        code="pothole", name="Pothole", group="Roads", keywords="road, hole, pothole", description="A hole in the road"
    )
    ServiceAttribute.objects.create(
        service=service,
        code="depth",
        description="How deep is it?",
        datatype=ServiceAttribute.Datatype.SINGLE,
        required=True,
        order=1,
        values=[{"key": "shallow", "name": "Shallower than a hand"}, {"key": "deep", "name": "Deeper than a hand"}],
    )
    ServiceAttribute.objects.create(
        service=service, code="width_cm", description="How wide (cm)?", datatype="number", order=2
    )
    return service


@pytest.fixture
def partner(db):
    key, secret = PartnerKey.issue(name="Neighbourhood app")
    key.secret = secret
    return key
