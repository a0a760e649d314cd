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

from engagement.models import Support
from gamification import badges
from gamification.leaderboards import standing_ensure
from gamification.models import LedgerEntry, PointRule, PointsPeriod, PointsTotal

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


def independent_supporters(target) -> int:
    """Supporters of an item who are not members of the group it was posted for: a group's own
    members supporting their group's idea earn it nothing."""
    supporters = Support.objects.filter(content_type=ContentType.objects.get_for_model(target), object_id=target.pk)
    organisation = getattr(target, "organisation_id", None)
    if organisation:
        supporters = supporters.exclude(user__memberships__organisation_id=organisation)
    return supporters.exclude(user_id=getattr(target, "author_id", None)).count()


def _locked_total(person) -> PointsTotal:
    """The person's total row, locked: their awards happen one at a time (daily caps hold)."""
    standing_ensure(person)
    return PointsTotal.objects.select_for_update().get(person=person)


def period_starts(moment) -> dict[str, object]:
    """The week (from Monday) and month (from the 1st) a moment falls in, in local time."""
    day = timezone.localdate(moment)
    return {
        PointsPeriod.Period.WEEK: day - timedelta(days=day.weekday()),
        PointsPeriod.Period.MONTH: day.replace(day=1),
    }


def _move_periods(*, standing: PointsTotal, points: int, earned_at) -> None:
    """Add `points` to the week and month `earned_at` falls in (the caller holds the person's
    standing row locked, so no two of their writes race here); a new period row copies whether
    they are ranked and their ward from the standing."""
    for period, starts in period_starts(earned_at).items():
        rows = PointsPeriod.objects.filter(person_id=standing.person_id, period=period, starts=starts)
        if not rows.update(points=F("points") + points):
            PointsPeriod.objects.create(
                person_id=standing.person_id, period=period, starts=starts, points=points,
                ranked=standing.ranked, ward_id=standing.ward_id,
            )  # fmt: skip


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
            _move_periods(standing=total, points=rule.points, earned_at=entry.created_at)
    except IntegrityError:
        return None  # paid already (perhaps by a concurrent request)
    logger.info("points: +%s to %s by %s for %s:%s", rule.points, person.pk, rule.code, object_type.pk, obj.pk)
    before = total.total
    transaction.on_commit(lambda: badges.points_moved(entry=entry, before=before))
    return entry


def take_back(*, person, rule_code: str, obj, reason: str, by=None) -> LedgerEntry | None:
    """Reverse what the rule paid `person` for `obj` (if it did and it stands): a report hidden
    or merged, a hidden comment, or a moderator's decision (who must hold revoke_points)."""
    if person is None:
        return None
    object_type = ContentType.objects.get_for_model(obj)
    paid = (
        LedgerEntry.objects.filter(person=person, rule__code=rule_code, object_type=object_type, object_id=obj.pk)
        .filter(reverses__isnull=True, reversed_by__isnull=True)
        .first()
    )
    return reverse_entry(entry=paid, reason=reason, by=by) if paid is not None else None


def reverse_entry(*, entry: LedgerEntry, reason: str, by=None) -> LedgerEntry | None:
    """Take back one payment with a reversing entry (never an edit); None if it was a reversal
    itself or is reversed already. `by`, when given, must hold revoke_points."""
    if by is not None and not by.has_perm("gamification.revoke_points"):
        raise PermissionDenied(_("Only moderators can take back points."))
    person = entry.person
    try:
        with transaction.atomic():
            total = _locked_total(person)
            paid = LedgerEntry.objects.select_for_update().filter(pk=entry.pk, reverses__isnull=True).first()
            if paid is None or LedgerEntry.objects.filter(reverses=paid).exists():
                return None
            reversal = LedgerEntry.objects.create(
                person=person,
                rule_id=paid.rule_id,
                points=-paid.points,
                object_type_id=paid.object_type_id,
                object_id=paid.object_id,
                reverses=paid,
                reason=reason[:300],
                by=by,
            )
            PointsTotal.objects.filter(pk=total.pk).update(total=F("total") - paid.points)
            # Out of the week and month the points were earned in: a period's board never keeps
            # points that were taken back later.
            _move_periods(standing=total, points=-paid.points, earned_at=paid.created_at)
    except IntegrityError:
        return None  # reversed by a concurrent request (one reversal per payment: a constraint)
    before = total.total
    transaction.on_commit(lambda: badges.points_moved(entry=reversal, before=before))
    logger.info(
        "points: -%s from %s (entry %s) by %s: %s", paid.points, person.pk, paid.pk, getattr(by, "pk", None), reason
    )
    return reversal


def recomputed_periods(*, person) -> dict[tuple[str, object], int]:
    """Each week's and month's points summed from the ledger itself (checks PointsPeriod): a
    reversal counts in the period of the payment it reverses."""
    found: dict = {}
    rows = LedgerEntry.objects.filter(person=person).values_list("points", "created_at", "reverses__created_at")
    for points, created_at, reversed_payment_at in rows:
        for period, starts in period_starts(reversed_payment_at or created_at).items():
            found[(period, starts)] = found.get((period, starts), 0) + points
    return found


def stored_periods(*, person) -> dict[tuple[str, object], int]:
    return {
        (period, starts): points
        for period, starts, points in PointsPeriod.objects.filter(person=person).values_list(
            "period", "starts", "points"
        )
    }


def take_back_all(*, obj, reason: str, by=None) -> list[LedgerEntry]:
    """Reverse every standing payment made for `obj`, whoever it paid (a report hidden as spam
    takes back its reporter's, its confirmers' and any photo or location points)."""
    object_type = ContentType.objects.get_for_model(obj)
    standing = (
        LedgerEntry.objects.filter(object_type=object_type, object_id=obj.pk)
        .filter(reverses__isnull=True, reversed_by__isnull=True)
        .select_related("person", "rule")
        .order_by("pk")
    )
    reversed_entries = []
    for entry in standing:
        undone = take_back(person=entry.person, rule_code=entry.rule.code, obj=obj, reason=reason, by=by)
        if undone is not None:
            reversed_entries.append(undone)
    return reversed_entries


def total_for(*, person) -> int:
    return PointsTotal.objects.filter(person=person).values_list("total", flat=True).first() or 0


def recomputed_total(*, person) -> int:
    """The total summed from the ledger itself (checks the running total)."""
    return LedgerEntry.objects.filter(person=person).aggregate(sum=Sum("points"))["sum"] or 0


def rules_ensure() -> None:
    """Create the default rules that do not exist yet (never overwrite an administrator's values)."""
    for code, name, points, cap in DEFAULT_RULES:
        PointRule.objects.get_or_create(code=code, defaults={"name": name, "points": points, "daily_cap": cap})
