"""Every write of the twin, from one place. Most are defined here; the two with modules of their
own (the ingest pipeline and the scorer) are re-exported, so a newcomer finds them all here:

- `source_sync(source=)`: fetch, validate and store a source's observations (twin/ingest.py)
- `rescore(label=, pks=, wards=)`: new current scores where inputs changed (twin/scoring/service.py)
- catalogue, terms, access requests, weights, scenarios and schedules: below
"""

import json

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_celery_beat.models import CrontabSchedule, PeriodicTask
from guardian.shortcuts import assign_perm

from accounts.models import User
from accounts.themes import Theme
from twin import permissions
from twin.ingest import source_sync  # noqa: F401 - re-exported: every write from here
from twin.models import (
    AccessRequest,
    Dataset,
    DataSource,
    DownloadLog,
    KpiDefinition,
    LicenceTier,
    Scenario,
    ScenarioArea,
    TermsAcceptance,
    WeightSet,
)
from twin.reference import OGL, OGL_URL
from twin.scoring.service import rescore  # noqa: F401 - re-exported: every write from here
from twin.signals import access_decided
from twin.tasks import rescore_all_task

PLATFORM_EXPORTS = [
    (
        "proposals-csv",
        "Planning proposals with projected effects (CSV)",
        "proposal-export",
        "Every published planning proposal with its status, areas and projected effects.",
    ),
    (
        "proposals-geojson",
        "Planning proposals (GeoJSON)",
        "proposal-features",
        "Every proposal's site as a GeoJSON feature, for GIS tools.",
    ),
    (
        "ideas-csv",
        "Community ideas (CSV)",
        "idea-export",
        "Every visible idea with its theme, area, status and support.",
    ),
    (
        "areas-json",
        "Wards, LSOAs and the enterprise zone (JSON)",
        "area-list",
        "The areas the platform uses, with codes and published statistics.",
    ),
]


def catalogue_sync() -> None:
    """One catalogue entry per KPI series and per open export; keeps tiers set by people."""
    for kpi in KpiDefinition.objects.all():
        Dataset.objects.get_or_create(
            slug=f"kpi-{kpi.code}",
            defaults=dict(
                title=kpi.name,
                description=kpi.description or kpi.name,
                kind=Dataset.Kind.KPI,
                kpi=kpi,
                licence=kpi.licence or OGL,
                licence_url=kpi.licence_url,
                attribution=kpi.attribution,
                is_demo=kpi.is_demo,
                tier=LicenceTier.OPEN,
            ),
        )
    for slug, title, url_name, description in PLATFORM_EXPORTS:
        Dataset.objects.get_or_create(
            slug=slug,
            defaults=dict(
                title=title,
                description=description,
                kind=Dataset.Kind.EXPORT,
                export_url=url_name,
                licence=OGL,
                licence_url=OGL_URL,
                tier=LicenceTier.OPEN,
                updated_at=timezone.now(),
            ),
        )


def source_schedule(*, source: DataSource) -> None:
    """Keep one django-celery-beat PeriodicTask per source, following its cron schedule."""

    fields = (source.schedule or "15 * * * *").split()
    if len(fields) != 5:
        raise ValidationError({"schedule": _("A schedule has five parts: minute hour day month weekday.")})
    minute, hour, day, month, weekday = fields
    crontab, _created = CrontabSchedule.objects.get_or_create(
        minute=minute,
        hour=hour,
        day_of_month=day,
        month_of_year=month,
        day_of_week=weekday,
        timezone="Europe/London",
    )
    PeriodicTask.objects.update_or_create(
        name=f"twin: sync source {source.pk}",
        defaults=dict(
            task="twin.tasks.source_sync_task",
            crontab=crontab,
            interval=None,
            args=json.dumps([source.pk]),
            enabled=source.enabled,
            description=source.name[:200],
        ),
    )


def source_unschedule(*, source_id: int) -> None:

    PeriodicTask.objects.filter(name=f"twin: sync source {source_id}").delete()


def clean_weights(*, weights: dict) -> dict[str, float]:
    themes = {t.value for t in Theme}
    errors = {}
    cleaned = {}
    for theme in themes:
        try:
            value = float(weights.get(theme, 0))
        except (TypeError, ValueError):
            errors[theme] = _("Enter a number.")
            continue
        if not 0 <= value <= 100:
            errors[theme] = _("Each weight is between 0 and 100.")
        cleaned[theme] = value
    unknown = set(weights) - themes
    if unknown:
        errors["__all__"] = _("Unknown themes: %(themes)s") % {"themes": ", ".join(sorted(unknown))}
    if not errors and abs(sum(cleaned.values()) - 100) > 0.01:
        errors["__all__"] = _("The weights add up to %(total)s; they must add up to 100.") % {
            "total": f"{sum(cleaned.values()):g}"
        }
    if errors:
        raise ValidationError(errors)
    return cleaned


def weights_publish(*, user, weights: dict, note: str) -> WeightSet:
    permissions.check(user, permissions.EDIT_WEIGHTS)
    cleaned = clean_weights(weights=weights)
    if not note.strip():
        raise ValidationError({"note": _("Say why the weights change; it is shown with every score.")})
    with transaction.atomic():
        last = WeightSet.objects.select_for_update().order_by("-version").first()
        weight_set = WeightSet.objects.create(
            version=(last.version + 1) if last else 1, weights=cleaned, note=note.strip(), created_by=user
        )

    transaction.on_commit(lambda: rescore_all_task.delay())
    return weight_set


def scenario_save(*, user, scenario: Scenario | None, title: str, description: str, plans: list[dict]) -> Scenario:
    """Save a scenario with its areas (each {"area", "adjustments", "interventions"}), in order."""
    permissions.check(user, permissions.MANAGE_SCENARIOS)
    if not plans:
        raise ValidationError(_("Add at least one area to the scenario."))
    if len(plans) > Scenario.MAX_AREAS:
        raise ValidationError(_("A scenario can cover up to %(max)s areas.") % {"max": Scenario.MAX_AREAS})
    with transaction.atomic():
        scenario = scenario or Scenario(owner=user)
        scenario.title = title
        scenario.description = description
        scenario.save()
        scenario.plans.all().delete()
        ScenarioArea.objects.bulk_create(
            ScenarioArea(
                scenario=scenario,
                area=plan["area"],
                position=position,
                adjustments=plan["adjustments"],
                interventions=plan["interventions"],
            )
            for position, plan in enumerate(plans)
        )
    return scenario


def terms_accept(*, user, dataset: Dataset) -> None:
    TermsAcceptance.objects.get_or_create(user=user, dataset=dataset)


def access_request(*, user, dataset: Dataset, purpose: str) -> AccessRequest:
    if dataset.tier != LicenceTier.CLOSED:
        raise ValidationError(_("This dataset does not need an access request."))
    if not purpose.strip():
        raise ValidationError({"purpose": _("Say what you will use the data for.")})
    try:
        with transaction.atomic():
            return AccessRequest.objects.create(user=user, dataset=dataset, purpose=purpose.strip())
    except IntegrityError:
        raise ValidationError(_("You have already asked for access; a moderator will decide soon.")) from None


def access_decide(*, moderator, request: AccessRequest, approve: bool, note: str = "") -> AccessRequest:
    permissions.check(moderator, permissions.REVIEW_ACCESS)
    if request.status != AccessRequest.Status.PENDING:
        raise ValidationError(_("This request has already been decided."))
    with transaction.atomic():
        request.status = AccessRequest.Status.APPROVED if approve else AccessRequest.Status.REFUSED
        request.decided_by = moderator
        request.decided_at = timezone.now()
        request.decision_note = note
        request.save()
        if approve:
            assign_perm("twin.download_dataset", request.user, request.dataset)

        transaction.on_commit(lambda: access_decided.send(sender=AccessRequest, request=request))
    return request


def download_log(*, dataset: Dataset, user, rows: int | None, query: str = "") -> None:
    DownloadLog.objects.create(
        dataset=dataset, user=user if user and user.is_authenticated else None, rows=rows, query=query[:300]
    )


def user_data_erase(*, user: User) -> None:
    TermsAcceptance.objects.filter(user=user).delete()
    AccessRequest.objects.filter(user=user).delete()
    DownloadLog.objects.filter(user=user).update(user=None)
