"""Factories for the app models (factory_boy): foundation first, then features."""

import factory
from allauth.account.models import EmailAddress
from django.contrib.contenttypes.models import ContentType
from django.contrib.gis.geos import MultiPolygon, Point, Polygon

from accounts.models import Membership, Organisation, User
from places.models import Area


def square(lon: float, lat: float, size: float = 0.01) -> MultiPolygon:
    return MultiPolygon(Polygon.from_bbox((lon, lat, lon + size, lat + size)), srid=4326)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    display_name = factory.Sequence(lambda n: f"Person {n}")
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def verified(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            obj.save()
            EmailAddress.objects.create(user=obj, email=obj.email, verified=True, primary=True)


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area

    kind = Area.Kind.WARD
    code = factory.Sequence(lambda n: f"E0500{n:04d}")
    name = factory.Sequence(lambda n: f"Ward {n}")
    geometry = factory.Sequence(lambda n: square(-1.9 + (n % 20) * 0.011, 52.40 + (n // 20) * 0.011))
    attributes = factory.LazyFunction(lambda: {"population": 12000})


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Community group {n}")
    kind = Organisation.Kind.COMMUNITY_GROUP


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    organisation = factory.SubFactory(OrganisationFactory)
    user = factory.SubFactory(UserFactory)
    role = Membership.Role.MEMBER


# --- Feature models ------------------------------------------------------------------------------
# Rows as a service would leave them; tests that exercise the service itself call it instead.


class PlanningProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "proposals.PlanningProposal"

    title = factory.Sequence(lambda n: f"Proposal {n}")
    slug = factory.Sequence(lambda n: f"proposal-{n}")
    summary = "A short summary."
    status = "consultation"
    geometry = factory.LazyFunction(lambda: Point(-1.835, 52.456, srid=4326))


class IdeaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "proposals.Idea"

    title = factory.Sequence(lambda n: f"Idea {n}")
    description = "Please do something about it."
    theme = "green_blue_space"
    location = factory.LazyFunction(lambda: Point(-1.835, 52.456, srid=4326))
    author = factory.SubFactory(UserFactory)


class ConsultationFactory(factory.django.DjangoModelFactory):
    """An open consultation on a proposal (pass target= for another item)."""

    class Meta:
        model = "engagement.Consultation"

    class Params:
        target = factory.SubFactory(PlanningProposalFactory)

    title = factory.Sequence(lambda n: f"Consultation {n}")
    description = "What we are asking and why."
    stage = "open"
    content_type = factory.LazyAttribute(lambda o: ContentType.objects.get_for_model(o.target))
    object_id = factory.LazyAttribute(lambda o: o.target.pk)
