"""Badges and levels. Whenever a person's points move, the badges that count what moved are
checked: each level reached is awarded once (a constraint), each level no longer reached (points
taken back) is revoked; a new badge or level is told to the person in their notifications and,
live, on the page they have open. Counts come from standing ledger entries only, so they count
distinct, accepted things: the ledger pays a rule once per object, and a reversed payment no
longer stands."""

import logging
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from engagement import notifications
from engagement.consumers import user_group
from engagement.live import push
from gamification.models import Badge, BadgeAward, ChampionTitle, LedgerEntry, PointsTotal

logger = logging.getLogger(__name__)
Measure = Badge.Measure

# What each measure counts: the standing payments of one ledger rule.
MEASURE_RULES = {
    Measure.REPORTS_ACCEPTED: "report_accepted",
    Measure.REPORTS_FIXED: "report_fixed",
    Measure.CONFIRMATIONS: "report_confirmed",
    Measure.DATA_FIXES: "data_fix_accepted",
    Measure.RESPONSES: "consultation_response",
    Measure.HELPFUL_COMMENTS: "comment_helpful",
    Measure.IDEAS_SUPPORTED: "idea_supported",
}
RULE_MEASURES = {rule: measure for measure, rule in MEASURE_RULES.items()}

# The badges a council starts with (code, name, criteria, measure, thresholds); administrators
# change names, criteria and thresholds, or add badges, in the admin.
DEFAULT_BADGES = [
    ("first-report", "First report", "Your first street report accepted by the council or confirmed by two neighbours.",
     Measure.REPORTS_ACCEPTED, [1]),
    ("reporter", "Street reporter", "Street reports accepted: 10, then 50.", Measure.REPORTS_ACCEPTED, [10, 50]),
    ("fixer", "Problem solver", "Reports of yours the council has fixed: 1, 10, then 50.", Measure.REPORTS_FIXED,
     [1, 10, 50]),
    ("good-neighbour", "Good neighbour", "Other people's reports you confirmed that were then accepted: 5, 25, 100.",
     Measure.CONFIRMATIONS, [5, 25, 100]),
    ("data-detective", "Data detective", "Corrections to the map's places (a GP, school, shop or bus stop) accepted: "
     "1, 10, then 50.", Measure.DATA_FIXES, [1, 10, 50]),
    ("voice", "Your voice counts", "Consultations you responded to: 1, 5, then 20.", Measure.RESPONSES, [1, 5, 20]),
    ("helpful", "Helpful", "Comments of yours others marked helpful: 1, 10, then 50.", Measure.HELPFUL_COMMENTS,
     [1, 10, 50]),
    ("idea-backed", "Idea with backing", "Ideas of yours reaching 10 supporters: 1, then 5.", Measure.IDEAS_SUPPORTED,
     [1, 5]),
    ("champion", "Neighbourhood champion of the month", "The most points in your home ward's board in a month: "
     "once, 3 times, then 12 times.", Measure.CHAMPION_MONTHS, [1, 3, 12]),
]  # fmt: skip


@dataclass(frozen=True)
class Level:
    number: int
    name: str
    floor: int
    next_at: int | None  # points for the next level (None at the top)


# Levels from points (the floor of each); one table, shown on the rewards page as it is.
LEVELS = [
    (0, gettext_lazy("Newcomer")),
    (20, gettext_lazy("Helper")),
    (60, gettext_lazy("Regular")),
    (150, gettext_lazy("Neighbourhood hero")),
    (400, gettext_lazy("Local champion")),
    (1000, gettext_lazy("Legend")),
]


def level_for(total: int) -> Level:
    number = 1
    for index, (floor, _name) in enumerate(LEVELS):
        if total >= floor:
            number = index + 1
    floor, name = LEVELS[number - 1]
    next_at = LEVELS[number][0] if number < len(LEVELS) else None
    return Level(number=number, name=str(name), floor=floor, next_at=next_at)


def measure_count(*, person, measure: str) -> int:
    """How many distinct, accepted things of this measure the person has (standing payments)."""
    if measure == Measure.CHAMPION_MONTHS:
        return ChampionTitle.objects.filter(person=person).count()
    return LedgerEntry.objects.filter(
        person=person, rule__code=MEASURE_RULES[measure], reverses__isnull=True, reversed_by__isnull=True
    ).count()


def badges_check(*, person, measures: list[str] | None = None) -> list[BadgeAward]:
    """Award the levels the person has reached and does not hold; revoke held levels they no
    longer reach. Returns the new awards (each told to the person)."""
    badges = Badge.objects.filter(active=True)
    if measures is not None:
        badges = badges.filter(measure__in=measures)
    new = []
    for badge in badges:
        count = measure_count(person=person, measure=badge.measure)
        held = set(
            BadgeAward.objects.filter(person=person, badge=badge, revoked_at__isnull=True).values_list(
                "level", flat=True
            )
        )
        for level, threshold in enumerate(badge.levels, start=1):
            if count >= threshold and level not in held:
                try:
                    with transaction.atomic():
                        new.append(
                            BadgeAward.objects.create(person=person, badge=badge, level=level, threshold=threshold)
                        )
                except IntegrityError:
                    continue  # awarded by a concurrent check
            elif count < threshold and level in held:
                BadgeAward.objects.filter(person=person, badge=badge, level=level, revoked_at__isnull=True).update(
                    revoked_at=timezone.now()
                )
                logger.info("badge revoked: person=%s badge=%s level=%s", person.pk, badge.code, level)
    for award in new:
        _tell_badge(award)
    return new


def _badge_title(award: BadgeAward) -> str:
    if len(award.badge.levels) > 1:
        return _("New badge: %(name)s, level %(level)s") % {"name": award.badge.name, "level": award.level}
    return _("New badge: %(name)s") % {"name": award.badge.name}


def _tell_badge(award: BadgeAward) -> None:
    logger.info("badge: person=%s badge=%s level=%s", award.person_id, award.badge.code, award.level)
    url = reverse("rewards:mine")
    with translation.override(notifications.language_of(award.person)):
        title = _badge_title(award)
    notifications.notify(recipients=[award.person], kind="reward", title=title, body=award.badge.criteria, url=url)
    push(user_group(award.person_id), {"kind": "reward", "title": title, "body": award.badge.criteria, "url": url})


def points_moved(*, entry: LedgerEntry, before: int) -> None:
    """After a payment or a reversal commits: the badges counting its rule are checked, a new
    level is told, and the person's open pages get the new total."""
    person = entry.person
    total = PointsTotal.objects.filter(person=person).values_list("total", flat=True).first() or 0
    measure = RULE_MEASURES.get(entry.rule.code)
    if measure is not None:
        badges_check(person=person, measures=[measure])
    was, now = level_for(before), level_for(total)
    language = notifications.language_of(person)
    if now.number > was.number:
        with translation.override(language):
            title = _("You reached level %(n)s: %(name)s") % {"n": now.number, "name": level_for(total).name}
        url = reverse("rewards:mine")
        notifications.notify(recipients=[person], kind="reward", title=title, url=url)
        push(user_group(person.pk), {"kind": "reward", "title": title, "body": "", "url": url})
    sign = "+" if entry.points >= 0 else "−"
    push(
        user_group(person.pk),
        {
            "kind": "points",
            "total": total,
            "level": now.name,
            "change": f"{sign}{abs(entry.points)}",
            "rule": entry.rule.name,
        },
    )


def badges_ensure() -> None:
    """Create the default badges that do not exist yet (never overwrite an administrator's)."""
    for order, (code, name, criteria, measure, thresholds) in enumerate(DEFAULT_BADGES):
        Badge.objects.get_or_create(
            code=code,
            defaults={"name": name, "criteria": criteria, "measure": measure, "thresholds": thresholds, "order": order},
        )
