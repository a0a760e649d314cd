"""An engageable stand-in with stages, so engagement is tested on its own (no migrations:
the test database creates its table directly)."""

from django.db import models


class Thing(models.Model):
    title = models.CharField(max_length=100)
    stage = models.CharField(max_length=20, default="open")

    class Meta:
        app_label = "engagement_testapp"

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return f"/things/{self.pk}/"

    def engagement_permission(self, user, action):
        if self.stage == "closed" and action in {"comment", "react"}:
            return "This discussion has closed."
        return None
