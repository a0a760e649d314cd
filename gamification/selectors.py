"""Every read of street reports and their categories."""

from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.contrib.gis.db.models.functions import Distance
from django.contrib.gis.geos import Point
from django.contrib.gis.measure import D
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from accounts.models import Organisation
from engagement.models import Follow
from gamification.badges import measure_count
from gamification.models import (
    Badge,
    BadgeAward,
    LedgerEntry,
    PlaceSuggestion,
    Report,
    ReportUpdate,
    ResponseTemplate,
    Service,
    ServiceAttribute,
)
from places.models import Area, Place

User = get_user_model()


def services_listed() -> QuerySet[Service]:
    """The categories anyone may report in (public and accepting reports)."""
    return Service.objects.filter(public=True, active=True).prefetch_related(
        Prefetch("attributes", queryset=ServiceAttribute.objects.order_by("order", "pk"))
    )


def service_for_code(*, code: str) -> Service | None:
    return services_listed().filter(code=code).first()


def report_search(
    *,
    ids: list[int] | None = None,
    service_codes: list[str] | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
    statuses: list[str] | None = None,
    limit: int = 1000,
) -> list[Report]:
    """Reports in public categories, newest first. `ids` overrides every other filter (Open311)."""
    qs = Report.objects.filter(service__public=True).select_related("service").order_by("-created_at", "-pk")
    if ids is not None:
        return list(qs.filter(pk__in=ids)[:limit])
    if service_codes:
        qs = qs.filter(service__code__in=service_codes)
    if start is not None:
        qs = qs.filter(created_at__gte=start)
    if end is not None:
        qs = qs.filter(created_at__lte=end)
    if statuses:
        closed = list(Report.CLOSED_STATES)
        if statuses == ["open"]:
            qs = qs.exclude(status__in=closed)
        elif statuses == ["closed"]:
            qs = qs.filter(status__in=closed)
    return list(qs[:limit])


def report_public(*, pk: int) -> Report | None:
    return Report.objects.filter(pk=pk, service__public=True).select_related("service").first()


def report_for_token(*, token) -> Report | None:
    return Report.objects.filter(token=token).only("pk", "token").first()


def user_reports_export(*, user) -> list[dict]:
    """A person's street reports, for their personal-data download."""
    return [
        {
            "service": r.service.name,
            "description": r.description,
            "location": [r.location.x, r.location.y],
            "address": r.address,
            "answers": r.attributes,
            "status": r.status,
            "name_shown": r.name_shown,
            "created_at": r.created_at.isoformat(),
        }
        for r in Report.all_objects.filter(reporter=user).select_related("service").order_by("pk")
    ]


def user_points_export(*, user) -> list[dict]:
    """A person's points ledger, for their personal-data download."""
    return [
        {"rule": e.rule.code, "points": e.points, "reason": e.reason, "created_at": e.created_at.isoformat()}
        for e in LedgerEntry.objects.filter(person=user).select_related("rule").order_by("pk")
    ]


def report_list(
    *, service: str = "", status: str = "", area: str = "", age_days: int | None = None
) -> QuerySet[Report]:
    """Reports in public categories for the public list and its map, newest first, with what a
    row shows. No status: those not yet fixed or closed; "all": every status."""
    qs = (
        Report.objects.filter(service__public=True)
        .select_related("service", "area")
        .defer("area__geometry", "area__attributes", "contact", "attributes")
        .order_by("-created_at", "-pk")
    )
    if service:
        qs = qs.filter(service__code=service)
    if not status:
        qs = qs.exclude(status__in=Report.CLOSED_STATES)
    elif status != "all":
        qs = qs.filter(status=status)
    if area:
        qs = qs.filter(area__code=area)
    if age_days:
        qs = qs.filter(created_at__gte=timezone.now() - timedelta(days=age_days))
    return qs


def report_detail(*, pk: int) -> Report | None:
    """One public report with its public history (internal notes are never loaded)."""
    return (
        Report.objects.filter(pk=pk, service__public=True)
        .select_related("service", "area", "reporter")
        .defer("area__geometry", "contact")
        .prefetch_related(
            Prefetch("updates", queryset=ReportUpdate.objects.defer("internal_note").order_by("created_at", "pk")),
            "photos",
        )
        .first()
    )


def report_for_staff(*, pk: int) -> Report | None:
    """One report with everything staff see: internal notes, contact details, assignment."""
    return (
        Report.all_objects.filter(pk=pk)
        .select_related("service", "area", "reporter", "assigned_to", "duplicate_of__service")
        .defer("area__geometry")
        .prefetch_related(
            Prefetch("updates", queryset=ReportUpdate.objects.select_related("by").order_by("created_at", "pk")),
            "photos",
        )
        .first()
    )


def reports_nearby(*, service: Service, point: Point, limit: int = 5, exclude_pk: int | None = None) -> list[Report]:
    """Open reports of the same category within the category's radius, nearest first: "Is it one
    of these?" before a new report is made."""
    qs = (
        Report.objects.filter(service=service, location__distance_lte=(point, D(m=service.nearby_radius_m)))
        .exclude(status__in=Report.CLOSED_STATES)
        .annotate(distance=Distance("location", point))
        .select_related("service")
        .defer("contact", "attributes")
        .order_by("distance", "-pk")
    )
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    return list(qs[:limit])


def response_templates() -> list:
    return list(ResponseTemplate.objects.filter(active=True).order_by("status", "order", "title"))


def staff_people() -> QuerySet:
    """Who a report can be assigned to: people who may manage reports."""
    return (
        User.objects.filter(
            Q(is_superuser=True)
            | Q(groups__permissions__codename="manage_report")
            | Q(user_permissions__codename="manage_report"),
            is_active=True,
        )
        .distinct()
        .order_by("display_name", "pk")
    )


# --- Rewards ---------------------------------------------------------------------------------------
def ledger_for(*, person) -> QuerySet[LedgerEntry]:
    """A person's ledger, newest first, with each rule and what reversed what."""
    return (
        LedgerEntry.objects.filter(person=person)
        .select_related("rule", "reverses", "reversed_by", "object_type")
        .order_by("-created_at", "-pk")
    )


def badges_with_progress(*, person) -> list[dict]:
    """Every active badge with its levels, which the person holds, and their count towards the next."""
    held: dict[int, set[int]] = {}
    if person is not None:
        rows = BadgeAward.objects.filter(person=person, revoked_at__isnull=True).values_list("badge_id", "level")
        for badge_id, level in rows:
            held.setdefault(badge_id, set()).add(level)
    result, counts = [], {}
    for badge in Badge.objects.filter(active=True).order_by("order", "name"):
        levels = badge.levels
        mine = held.get(badge.pk, set())
        if person is not None and badge.measure not in counts:
            counts[badge.measure] = measure_count(person=person, measure=badge.measure)
        count = counts.get(badge.measure, 0)
        next_at = next((t for t in levels if t > count), None)
        result.append(
            {
                "badge": badge,
                "levels": [{"level": n, "threshold": t, "held": n in mine} for n, t in enumerate(levels, start=1)],
                "held": max(mine) if mine else 0,
                "count": count,
                "next_at": next_at,
            }
        )
    return result


def wards() -> QuerySet:
    return Area.objects.filter(kind=Area.Kind.WARD).only("code", "name").order_by("name")


def community_groups() -> QuerySet:
    return Organisation.objects.filter(kind=Organisation.Kind.COMMUNITY_GROUP).only("slug", "name").order_by("name")


def reports_for_feed(*, area=None, limit: int = 50) -> list[Report]:
    """The newest public reports, in an area (by where they are) or everywhere, for Atom feeds."""
    qs = (
        Report.objects.filter(service__public=True)
        .select_related("service", "area", "reporter")
        .defer("area__geometry", "contact", "attributes")
        .order_by("-created_at", "-pk")
    )
    if area is not None and area.kind == Area.Kind.WARD:
        qs = qs.filter(area=area)  # a report's ward is stored: no geometry needed
    elif area is not None:
        qs = qs.filter(location__intersects=area.geometry)
    return list(qs[:limit])


# --- Data improvement ------------------------------------------------------------------------------
def places_to_check(*, kind: str = "", area=None) -> QuerySet[Place]:
    """The places on the map (not gone), real ones first, for residents to check."""
    qs = Place.objects.only("pk", "name", "kind", "is_demo", "provenance").order_by("is_demo", "kind", "name", "pk")
    if kind:
        qs = qs.filter(kind=kind)
    if area is not None:
        qs = qs.filter(location__intersects=Area.objects.get(pk=area.pk).geometry)
    return qs


def place_to_check(*, pk: int) -> Place | None:
    return Place.objects.filter(pk=pk).first()


def suggestions_of(*, person) -> list[PlaceSuggestion]:
    return list(
        PlaceSuggestion.objects.filter(person=person).select_related("place").order_by("-created_at", "-pk")[:20]
    )


def suggestions_waiting() -> QuerySet[PlaceSuggestion]:
    return (
        PlaceSuggestion.objects.filter(status=PlaceSuggestion.Status.PENDING)
        .select_related("place", "person")
        .order_by("created_at", "pk")
    )


# --- The home page's front door --------------------------------------------------------------------
def reports_fixed_this_week(*, limit: int = 5) -> tuple[int, list[Report]]:
    """How many public reports were marked fixed since Monday, and the newest of them."""
    day = timezone.localdate()
    monday = timezone.make_aware(datetime.combine(day - timedelta(days=day.weekday()), datetime.min.time()))
    fixed = Report.objects.filter(service__public=True, status=Report.Status.FIXED, closed_at__gte=monday)
    newest = fixed.select_related("service", "area").defer("area__geometry", "contact", "attributes")
    return fixed.count(), list(newest.order_by("-closed_at", "-pk")[:limit])


def reports_open_in(*, area, limit: int = 4) -> list[Report]:
    """The newest open public reports in a ward."""
    if area is None:
        return []
    return list(
        Report.objects.filter(service__public=True, area=area)
        .exclude(status__in=Report.CLOSED_STATES)
        .select_related("service")
        .defer("contact", "attributes")
        .order_by("-created_at", "-pk")[:limit]
    )


def followers(*, report: Report, exclude=()) -> list:
    """The people following a report, with their profiles (each is told in their own language)."""
    content_type = ContentType.objects.get_for_model(Report)
    follows = Follow.objects.filter(content_type=content_type, object_id=report.pk).exclude(
        user_id__in=[pk for pk in exclude if pk]
    )
    return [f.user for f in follows.select_related("user__profile")]
