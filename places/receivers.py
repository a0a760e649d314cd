"""Receivers for places, connected when PlacesConfig.ready() imports this module."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from pagecache import content_bump
from places import selectors
from places.models import Area, Place


@receiver(post_save, sender=Area, dispatch_uid="places_area_saved")
@receiver(post_delete, sender=Area, dispatch_uid="places_area_deleted")
def _areas_changed(sender, **kwargs):
    """Cached map responses are keyed by the areas' version, pages by the content version: a
    change shows at once."""
    selectors.areas_version_bump()
    content_bump()


@receiver(post_save, sender=Place, dispatch_uid="places_place_saved")
@receiver(post_delete, sender=Place, dispatch_uid="places_place_deleted")
def _places_changed(sender, **kwargs):
    """Reach (what is within a 15-minute walk) is cached under the places' version, pages under
    the content version: a corrected place counts at once."""
    selectors.places_version_bump()
    content_bump()
