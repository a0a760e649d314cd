"""Named areas with real boundaries: district, wards, LSOAs, neighbourhoods, enterprise zones."""

from django.contrib.gis.db import models
from django.utils.translation import gettext_lazy as _


class Area(models.Model):
    class Kind(models.TextChoices):
        DISTRICT = "district", _("District")
        WARD = "ward", _("Ward")
        LSOA = "lsoa", _("Neighbourhood statistics area (LSOA)")
        NEIGHBOURHOOD = "neighbourhood", _("Neighbourhood")
        ENTERPRISE_ZONE = "enterprise_zone", _("Enterprise zone")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, db_index=True)
    code = models.CharField(_("code"), max_length=40, unique=True, help_text="e.g. the ONS GSS code")
    name = models.CharField(_("name"), max_length=120)
    geometry = models.MultiPolygonField(srid=4326)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children", verbose_name=_("parent")
    )
    approximate = models.BooleanField(default=False, help_text="The boundary is drawn by hand, not published as data.")
    # Statistics that came with the boundary (population, deprivation…), as published.
    attributes = models.JSONField(default=dict, blank=True)
    source = models.CharField(max_length=200, blank=True)
    attribution = models.TextField(blank=True)

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("area")
        indexes = [models.Index(fields=["kind", "name"])]

    def __str__(self):
        return self.name

    @property
    def population(self):
        return self.attributes.get("population_2021") or self.attributes.get("population")


class CurrentPlaceManager(models.Manager):
    """Places still there (not reported gone and accepted as gone): what reach counts."""

    def get_queryset(self):
        return super().get_queryset().filter(gone_at__isnull=True)


class Place(models.Model):
    """A point of interest people walk to: school, GP surgery, pharmacy, park, stop, shop…"""

    class Kind(models.TextChoices):
        SCHOOL = "school", _("School")
        GP = "gp", _("GP surgery")
        PHARMACY = "pharmacy", _("Pharmacy")
        PARK = "park", _("Park or green space")
        BUS_STOP = "bus_stop", _("Bus stop")
        RAIL_STATION = "rail_station", _("Rail station")
        FOOD_SHOP = "food_shop", _("Food shop")
        COMMUNITY_CENTRE = "community_centre", _("Community centre")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, db_index=True)
    name = models.CharField(_("name"), max_length=200)
    location = models.PointField(srid=4326)
    ref = models.CharField(max_length=80, unique=True, help_text="Source identifier, e.g. node/123 or an ODS code")
    source = models.CharField(max_length=200)
    is_demo = models.BooleanField(default=False, help_text="Made up for the demo, not a real place.")
    # Residents' corrections, once a moderator accepts them (gamification's data improvement).
    gone_at = models.DateTimeField(_("no longer there since"), null=True, blank=True)
    corrected_at = models.DateTimeField(_("position corrected by residents on"), null=True, blank=True)
    provenance = models.CharField(_("what changed, and who said so"), max_length=300, blank=True)

    objects = CurrentPlaceManager()
    all_objects = models.Manager()  # gone ones too: imports, the admin, the history of corrections

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("place")
        base_manager_name = "all_objects"

    def __str__(self):
        return self.name


class Postcode(models.Model):
    """A postcode's centre point, from the ONS Postcode Directory (ONSPD); lets people say where
    something is without a map. Only the deployment's own postcodes are kept."""

    postcode = models.CharField(_("postcode"), max_length=8, unique=True, help_text="ONSPD pcds, e.g. B10 0JL")
    compact = models.CharField(max_length=7, unique=True, help_text="Upper case without spaces, for look-ups")
    location = models.PointField(srid=4326)
    ward_code = models.CharField(max_length=9, blank=True)
    lsoa_code = models.CharField(max_length=9, blank=True)
    approximate = models.BooleanField(
        default=False, help_text="Not the published centre (e.g. the demo file built from another source)."
    )
    source = models.CharField(max_length=200)

    class Meta:
        ordering = ["postcode"]
        verbose_name = _("postcode")

    def __str__(self):
        return self.postcode


class Street(models.Model):
    """A named road from OS Open Names (a point on it), so people can say where something is by
    its street without a map. Only the deployment's own streets are kept."""

    os_id = models.CharField(max_length=40, unique=True, help_text="OS Open Names ID")
    name = models.CharField(_("name"), max_length=200, db_index=True)
    location = models.PointField(srid=4326)
    postcode_district = models.CharField(_("postcode district"), max_length=8, blank=True)
    place = models.CharField(_("town or city"), max_length=100, blank=True)
    approximate = models.BooleanField(
        default=False, help_text="Not the published point (e.g. the demo file built from another source)."
    )
    source = models.CharField(max_length=200)

    class Meta:
        ordering = ["name", "postcode_district"]
        verbose_name = _("street")

    def __str__(self):
        return self.name
