"""The points ledger: paying by rule, once per person per object, within daily caps, and taking
points back with a reversing entry. Every write of points goes through here."""

import logging
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from gamification.models import LedgerEntry, PointRule, PointsTotal

logger = logging.getLogger(__name__)

# The rules a council starts with (code, name, points, daily cap); administrators change them.
DEFAULT_RULES = [
    ("report_accepted", "A street report accepted", 10, 10),
    ("report_confirmed", "Confirming someone else's report", 2, 10),
    ("report_fixed", "A report of yours fixed", 5, None),
    ("photo_added", "Adding a photo to a report", 2, 5),
    ("location_improved", "A better location for a report", 2, 5),
    ("data_fix_accepted", "A correction to the map's data accepted", 5, 10),
    ("idea_supported", "An idea of yours reaching 10 supporters", 10, None),
    ("consultation_response", "Responding to a consultation", 3, 5),
    ("comment_helpful", "A comment of yours marked helpful", 1, 20),
]
IDEA_SUPPORTERS = 10


def _locked_total(person) -> PointsTotal:
    """The person's total row, locked: their awards happen one at a time (daily caps hold)."""
    PointsTotal.objects.get_or_create(person=person)
    return PointsTotal.objects.select_for_update().get(person=person)


def award(*, person, rule_code: str, obj) -> LedgerEntry | None:
    """Pay `person` by the rule for `obj`, once; None when the rule is off, its daily cap is
    reached or it paid for this object already."""
    if person is None or not person.is_active:
        return None
    rule = PointRule.objects.filter(code=rule_code, active=True).first()
    if rule is None:
        return None
    object_type = ContentType.objects.get_for_model(obj)
    try:
        with transaction.atomic():
            total = _locked_total(person)
            if rule.daily_cap is not None:
                since = timezone.now() - timedelta(days=1)
                today = LedgerEntry.objects.filter(
                    person=person, rule=rule, reverses__isnull=True, created_at__gte=since
                )
                if today.count() >= rule.daily_cap:
                    return None
            entry = LedgerEntry.objects.create(
                person=person, rule=rule, points=rule.points, object_type=object_type, object_id=obj.pk
            )
            PointsTotal.objects.filter(pk=total.pk).update(total=F("total") + rule.points)
    except IntegrityError:
        return None  # paid already (perhaps by a concurrent request)
    logger.info("points: +%s to %s by %s for %s:%s", rule.points, person.pk, rule.code, object_type.pk, obj.pk)
    return entry


def take_back(*, person, rule_code: str, obj, reason: str, by=None) -> LedgerEntry | None:
    """Reverse what the rule paid `person` for `obj` (if it did and it stands): a report hidden
    or merged, a hidden comment, or a moderator's decision (who must hold revoke_points)."""
    if by is not None and not by.has_perm("gamification.revoke_points"):
        raise PermissionDenied(_("Only moderators can take back points."))
    if person is None:
        return None
    object_type = ContentType.objects.get_for_model(obj)
    with transaction.atomic():
        paid = (
            LedgerEntry.objects.select_for_update(of=("self",))
            .filter(person=person, rule__code=rule_code, object_type=object_type, object_id=obj.pk)
            .filter(reverses__isnull=True, reversed_by__isnull=True)
            .first()
        )
        if paid is None:
            return None
        total = _locked_total(person)
        entry = LedgerEntry.objects.create(
            person=person,
            rule=paid.rule,
            points=-paid.points,
            object_type=object_type,
            object_id=obj.pk,
            reverses=paid,
            reason=reason[:300],
            by=by,
        )
        PointsTotal.objects.filter(pk=total.pk).update(total=F("total") - paid.points)
    logger.info(
        "points: -%s from %s (%s) by %s: %s", paid.points, person.pk, rule_code, getattr(by, "pk", None), reason
    )
    return entry


def total_for(*, person) -> int:
    return PointsTotal.objects.filter(person=person).values_list("total", flat=True).first() or 0


def recomputed_total(*, person) -> int:
    """The total summed from the ledger itself (checks the running total)."""
    return LedgerEntry.objects.filter(person=person).aggregate(sum=Sum("points"))["sum"] or 0


def rules_ensure() -> None:
    """Create the default rules that do not exist yet (never overwrite an administrator's values)."""
    for code, name, points, cap in DEFAULT_RULES:
        PointRule.objects.get_or_create(code=code, defaults={"name": name, "points": points, "daily_cap": cap})
