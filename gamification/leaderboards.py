"""Leaderboards: this week, this month and all time, for the district, a ward (people whose home
area is in it) or a community group (its members). People appear by pseudonym only; staff, blocked
people and anyone who opted out in their profile are not ranked; a ward's or group's board is
shown only once at least MIN_PEOPLE are on it. Each board is one indexed read of precomputed
totals (PointsTotal for all time, PointsPeriod for weeks and months). The first of each month,
each ward's champion of the month before is crowned."""

import logging
import secrets
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.roles import Role
from engagement import notifications
from gamification.badges import badges_check
from gamification.models import Badge, ChampionTitle, PointsPeriod, PointsTotal
from places.models import Area

logger = logging.getLogger(__name__)
MIN_PEOPLE = 5
STAFF_ROLES = [Role.MODERATOR, Role.POLICY_LEAD, Role.ADMINISTRATOR]
PERIODS = {
    "week": gettext_lazy("This week"),
    "month": gettext_lazy("This month"),
    "all": gettext_lazy("All time"),
}

_ADJECTIVES = (
    "Able Amber Bold Bright Brisk Calm Canny Cheery Clever Cosy Daring Deft Eager Fair Fleet Gentle Glad Golden "
    "Handy Hardy Honest Jolly Keen Kind Lively Loyal Lucky Merry Mighty Nimble Plucky Proud Quick Quiet Ready "
    "Silver Steady Sunny Swift Trusty Witty"
).split()
_CREATURES = (
    "Badger Blackbird Bumblebee Dragonfly Finch Fox Goldcrest Hare Hedgehog Heron Kestrel Kingfisher Ladybird "
    "Lapwing Magpie Mallard Moorhen Newt Otter Owl Robin Rook Skylark Sparrow Squirrel Starling Swallow Swift "
    "Thrush Toad Vole Wagtail Woodpecker Wren"
).split()


def _new_pseudonym() -> str:
    choose = secrets.choice
    return f"{choose(_ADJECTIVES)} {choose(_CREATURES)} {secrets.randbelow(990) + 10}"


def standing_ensure(person) -> PointsTotal:
    """The person's standing row, created with a fresh pseudonym (and whether they are ranked,
    and their ward) if they have none yet."""
    for _attempt in range(20):
        try:
            with transaction.atomic():
                ranked, ward = _rank_facts([person.pk]).get(person.pk, (False, None))
                standing, created = PointsTotal.objects.get_or_create(
                    person=person, defaults={"pseudonym": _new_pseudonym(), "ranked": ranked, "ward_id": ward}
                )
        except IntegrityError:
            continue  # that pseudonym is taken (or a concurrent request made the row): try again
        if standing.pseudonym:
            return standing
        return pseudonym_renew(person=person)
    raise RuntimeError("no free pseudonym after 20 tries")


def pseudonym_renew(*, person) -> PointsTotal:
    """A new pseudonym for the person (their old one is no longer shown anywhere)."""
    standing, _created = PointsTotal.objects.get_or_create(person=person)
    for _attempt in range(20):
        try:
            with transaction.atomic():
                PointsTotal.objects.filter(pk=standing.pk).update(pseudonym=_new_pseudonym())
        except IntegrityError:
            continue
        standing.refresh_from_db(fields=["pseudonym"])
        return standing
    raise RuntimeError("no free pseudonym after 20 tries")


def _rank_facts(person_ids) -> dict[int, tuple[bool, int | None]]:
    """Whether each person may be ranked (active, not blocked, not staff, not opted out) and
    their home ward (their home area, or the ward it lies in)."""
    staff_role = Group.objects.filter(user=OuterRef("pk"), name__in=STAFF_ROLES)
    rows = (
        get_user_model()
        .objects.filter(pk__in=list(person_ids))
        .annotate(staff_role=Exists(staff_role))
        .values_list(
            "pk", "is_active", "blocked_at", "is_staff", "is_superuser", "staff_role",
            "profile__on_leaderboards", "profile__home_area_id", "profile__home_area__kind",
            "profile__home_area__parent_id",
        )
    )  # fmt: skip
    facts = {}
    for pk, active, blocked, staff, superuser, role, shown, home, kind, parent in rows:
        ranked = active and blocked is None and not (staff or superuser or role) and shown is not False
        ward = home if kind == Area.Kind.WARD else parent if home else None
        facts[pk] = (bool(ranked), ward)
    return facts


def standings_refresh(*, person_ids) -> None:
    """After a role, a block, a profile's home area or its leaderboard choice changes: the copies
    on the person's standing and period rows follow."""
    for pk, (ranked, ward) in _rank_facts(person_ids).items():
        PointsTotal.objects.filter(person_id=pk).update(ranked=ranked, ward_id=ward)
        PointsPeriod.objects.filter(person_id=pk).update(ranked=ranked, ward_id=ward)


def is_ranked(person) -> bool:
    return _rank_facts([person.pk]).get(person.pk, (False, None))[0]


@dataclass(frozen=True)
class Row:
    rank: int
    pseudonym: str
    points: int
    is_you: bool = False
    person_id: int | None = field(default=None, repr=False)  # for crowning champions; never shown


@dataclass
class Board:
    period: str
    area: Area | None = None
    group: object | None = None
    people: int = 0
    rows: list[Row] = field(default_factory=list)
    you: Row | None = None

    @property
    def shown(self) -> bool:
        """A ward's or group's board only from MIN_PEOPLE people (nobody is picked out)."""
        return (self.area is None and self.group is None) or self.people >= MIN_PEOPLE

    @property
    def period_label(self) -> str:
        return str(PERIODS[self.period])


def _standings(*, period: str, starts: date | None = None) -> tuple[QuerySet, str, str]:
    """The ranked rows of a period's board, the name of their points column and of the pseudonym."""
    if period == "all":
        return PointsTotal.objects.filter(ranked=True, total__gt=0), "total", "pseudonym"
    if starts is None:
        starts = period_start(period, timezone.now())
    rows = PointsPeriod.objects.filter(period=period, starts=starts, ranked=True, points__gt=0)
    return rows, "points", "person__points_total__pseudonym"


def period_start(period: str, moment) -> date:
    day = timezone.localdate(moment)
    return day - timedelta(days=day.weekday()) if period == "week" else day.replace(day=1)


def board(
    *, period: str = "week", area: Area | None = None, group=None, viewer=None, limit: int = 20, starts=None
) -> Board:
    """One leaderboard: the top `limit` ranked people by pseudonym, how many are on it, and the
    viewer's own row when they are on it (competition ranking: equal points, equal rank).
    Reads the precomputed standings only (an index per board)."""
    if period not in PERIODS:
        raise ValueError(period)
    rows, column, name = _standings(period=period, starts=starts)
    if area is not None:
        rows = rows.filter(ward=area)
    if group is not None:
        rows = rows.filter(person__memberships__organisation=group)
    result = Board(period=period, area=area, group=group)
    result.people = rows.count()
    if not result.shown:
        return result
    top = list(rows.order_by(f"-{column}", "person_id").values_list("person_id", name, column)[:limit])
    rank, previous = 0, None
    for position, (person_id, pseudonym, points) in enumerate(top, start=1):
        if points != previous:
            rank, previous = position, points
        is_you = viewer is not None and viewer.pk == person_id
        row = Row(rank=rank, pseudonym=pseudonym or "", points=points, is_you=is_you, person_id=person_id)
        result.rows.append(row)
        if row.is_you:
            result.you = row
    if result.you is None and viewer is not None and viewer.is_authenticated:
        mine = rows.filter(person=viewer).values_list(name, column).first()
        if mine is not None:
            above = rows.filter(**{f"{column}__gt": mine[1]}).count()
            result.you = Row(rank=above + 1, pseudonym=mine[0] or "", points=mine[1], is_you=True, person_id=viewer.pk)
    return result


# --- Champions of the month -----------------------------------------------------------------------
def champions_crown(*, month: date | None = None) -> list[ChampionTitle]:
    """Each ward's champion for `month` (by default the month before this one): the one person
    with the most points on the ward's monthly board, where the board is shown (five people or
    more). A tie at the top crowns nobody. Once per ward and month (a constraint)."""
    if month is None:
        month = (timezone.localdate().replace(day=1) - timedelta(days=1)).replace(day=1)
    crowned = []
    for ward in Area.objects.filter(kind=Area.Kind.WARD).defer("geometry").order_by("code"):
        top = board(period="month", starts=month, area=ward, limit=2)
        if not top.shown or not top.rows or (len(top.rows) > 1 and top.rows[1].points == top.rows[0].points):
            continue
        person_id = top.rows[0].person_id
        try:
            with transaction.atomic():
                title = ChampionTitle.objects.create(
                    area=ward, month=month, person_id=person_id, points=top.rows[0].points
                )
        except IntegrityError:
            continue  # crowned already (the task ran twice)
        crowned.append(title)
        notifications.notify_in_their_language(
            recipients=[title.person],
            kind="reward",
            words=lambda ward=ward: (
                _("You were %(ward)s's neighbourhood champion in %(month)s")
                % {"ward": ward.name, "month": date_format(month, "F Y")},
                "",
            ),
        )
        badges_check(person=title.person, measures=[Badge.Measure.CHAMPION_MONTHS])
        logger.info("champion: area=%s month=%s person=%s", ward.code, month, person_id)
    return crowned
