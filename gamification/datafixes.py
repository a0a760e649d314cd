"""Residents improving the map's data: "is this still here?", "is the pin in the right place?",
"something missing here?". Every suggestion waits for a moderator; an accepted one changes the
place with its provenance ("Position corrected by residents, accepted on 2 December 2026"),
reach counts it at once (places' version), and the first person who said so is paid points.
Repeating a suggestion, or saying the same from other accounts, pays nothing more."""

import logging

from django.contrib.gis.geos import Point
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from engagement import moderation, notifications
from gamification import points
from gamification.models import PlaceSuggestion
from places import services as place_services
from places.locations import describe
from places.models import Place
from places.selectors import deployment_district_geometry

logger = logging.getLogger(__name__)
Kind, Status = PlaceSuggestion.Kind, PlaceSuggestion.Status
SAME_PLACE_M = 10  # a "better position" closer than this to the pin is the same position


def _metres(a: Point, b: Point) -> float:
    projected_a, projected_b = a.transform(27700, clone=True), b.transform(27700, clone=True)
    return projected_a.distance(projected_b)


def _inside(point: Point) -> bool:
    boundary = deployment_district_geometry()
    return boundary is None or boundary.intersects(point)


def suggestion_make(
    *,
    person,
    kind: str,
    place: Place | None = None,
    location: Point | None = None,
    place_kind: str = "",
    name: str = "",
    note: str = "",
) -> PlaceSuggestion:
    """A resident's suggestion, checked, waiting for a moderator."""
    errors = {}
    note, name = note.strip(), name.strip()
    if kind not in Kind.values:
        raise ValidationError({"kind": _("Choose what is wrong.")})
    if len(note) > 1000 or "\x00" in note:
        errors["note"] = _("Keep this to 1,000 characters.")
    if kind in (Kind.GONE, Kind.MOVED) and (place is None or place.gone_at is not None):
        errors["place"] = _("Choose a place that is on the map.")
    if kind in (Kind.MOVED, Kind.MISSING):
        if location is None:
            errors["location_query"] = _("Choose where it is: search for a postcode or place, or use the map.")
        elif not _inside(location):
            errors["location_query"] = _("This place is outside the area this service covers.")
        elif kind == Kind.MOVED and place is not None and _metres(place.location, location) < SAME_PLACE_M:
            errors["location_query"] = _("That is where the pin is already. Move it to where the place really is.")
    if kind == Kind.MISSING:
        if place_kind not in Place.Kind.values:
            errors["place_kind"] = _("Choose what kind of place it is.")
        if not name or len(name) > 200 or "\x00" in name:
            errors["name"] = _("Give its name, in 200 characters at most.")
    if errors:
        raise ValidationError(errors)
    moderation.check_rate(user=person, action="suggestion")
    try:
        with transaction.atomic():
            suggestion = PlaceSuggestion.objects.create(
                person=person, kind=kind, place=place if kind != Kind.MISSING else None, location=location,
                place_kind=place_kind if kind == Kind.MISSING else "", name=name[:200], note=note,
            )  # fmt: skip
    except IntegrityError as exc:
        raise ValidationError(_("You have said this already: a moderator will look at it.")) from exc
    logger.info("place suggestion: %s %s by %s", kind, getattr(place, "pk", None), person.pk)
    return suggestion


def _provenance(suggestion: PlaceSuggestion, when) -> str:
    day = date_format(timezone.localtime(when), "j F Y")
    return {
        Kind.GONE: _("Reported no longer there by residents, accepted on %(day)s"),
        Kind.MOVED: _("Position corrected by residents, accepted on %(day)s"),
        Kind.MISSING: _("Added by residents, accepted on %(day)s"),
    }[suggestion.kind] % {"day": day}


@transaction.atomic
def suggestion_review(*, suggestion: PlaceSuggestion, by, accept: bool, note: str = "") -> PlaceSuggestion:
    """A moderator accepts (the place changes, the suggester is paid) or rejects (with a reason
    the suggester is told). Others' waiting suggestions saying the same are closed with it."""
    if not by.has_perm("gamification.review_placesuggestion"):
        raise PermissionDenied(_("Only moderators review corrections to places."))
    note = note.strip()
    if not accept and not note:
        raise ValidationError({"review_note": _("Say why, so the person who suggested it knows.")})
    if len(note) > 500:
        raise ValidationError({"review_note": _("Keep this to 500 characters.")})
    suggestion = PlaceSuggestion.objects.select_for_update(of=("self",)).select_related("place").get(pk=suggestion.pk)
    if suggestion.status != Status.PENDING:
        raise ValidationError(_("This suggestion was reviewed already."))
    now = timezone.now()
    suggestion.status = Status.ACCEPTED if accept else Status.REJECTED
    suggestion.reviewed_by, suggestion.reviewed_at, suggestion.review_note = by, now, note
    suggestion.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_note"])
    if accept:
        _apply(suggestion, now)
        same = PlaceSuggestion.objects.filter(status=Status.PENDING, kind=suggestion.kind, place=suggestion.place)
        if suggestion.kind != Kind.MISSING:
            same.update(
                status=Status.ACCEPTED, reviewed_by=by, reviewed_at=now, review_note=_("Someone said so first.")
            )
    transaction.on_commit(lambda: _after_review(suggestion))
    logger.info("place suggestion %s %s by %s", suggestion.pk, suggestion.status, by.pk)
    return suggestion


def _apply(suggestion: PlaceSuggestion, when) -> None:
    provenance = _provenance(suggestion, when)
    if suggestion.kind == Kind.GONE:
        place_services.place_correct(place=suggestion.place, gone=True, provenance=provenance)
    elif suggestion.kind == Kind.MOVED:
        place_services.place_correct(place=suggestion.place, location=suggestion.location, provenance=provenance)
    else:
        place_services.place_add(
            kind=suggestion.place_kind, name=suggestion.name, location=suggestion.location,
            ref=f"residents/{suggestion.pk}", source=_("Residents' suggestion"), provenance=provenance,
        )  # fmt: skip


def _after_review(suggestion: PlaceSuggestion) -> None:
    person = suggestion.person
    if person is None:
        return
    subject = suggestion.place.name if suggestion.place else suggestion.name
    accepted = suggestion.status == Status.ACCEPTED
    if accepted:
        points.award(person=person, rule_code="data_fix_accepted", obj=suggestion)

    def words():
        if accepted:
            title = _("Your correction to “%(place)s” was accepted: thank you")
        else:
            title = _("Your correction to “%(place)s” was not accepted")
        return title % {"place": subject}, suggestion.review_note

    notifications.notify_in_their_language(recipients=[person], kind="moderation", words=words, item=suggestion)


def describe_change(suggestion: PlaceSuggestion) -> str:
    """What accepting would do, in words (for the moderator)."""
    if suggestion.kind == Kind.GONE:
        return _("Takes “%(place)s” off the map.") % {"place": suggestion.place.name}
    if suggestion.kind == Kind.MOVED:
        metres = round(_metres(suggestion.place.location, suggestion.location))
        return _("Moves the pin %(m)s m, to: %(where)s") % {"m": metres, "where": describe(point=suggestion.location)}
    return _("Adds “%(name)s” (%(kind)s) at: %(where)s") % {
        "name": suggestion.name,
        "kind": Place.Kind(suggestion.place_kind).label,
        "where": describe(point=suggestion.location),
    }
