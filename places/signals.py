"""Receivers for places, connected by PlacesConfig.ready()."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from places import selectors
from places.models import Area


@receiver(post_save, sender=Area, dispatch_uid="places_area_saved")
@receiver(post_delete, sender=Area, dispatch_uid="places_area_deleted")
def _areas_changed(sender, **kwargs):
    """Cached map responses are keyed by the areas' version: a change shows at once."""
    selectors.areas_version_bump()
