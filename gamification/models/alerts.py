"""Alerts: a person asks to hear of every new street report in a ward, or within a distance of a
point they chose (email as their notification preferences say, and in the app)."""

from django.conf import settings
from django.contrib.gis.db import models
from django.utils.translation import gettext_lazy as _


class ReportAlert(models.Model):
    RADII = [(250, _("250 metres")), (500, _("500 metres")), (1000, _("1 kilometre")), (2000, _("2 kilometres"))]

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="report_alerts")
    area = models.ForeignKey("places.Area", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    point = models.PointField(srid=4326, null=True, blank=True)
    radius_m = models.PositiveIntegerField(choices=RADII, null=True, blank=True)
    place = models.CharField(_("the place in words"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(area__isnull=False, point__isnull=True, radius_m__isnull=True))
                | (models.Q(area__isnull=True, point__isnull=False, radius_m__isnull=False)),
                name="gamification_alert_area_or_point",
            ),
            models.UniqueConstraint(fields=["person", "area"], name="gamification_alert_area_once"),
        ]
        indexes = [models.Index(fields=["area"], name="gamification_alert_area")]

    def __str__(self):
        return self.place
