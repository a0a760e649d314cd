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
