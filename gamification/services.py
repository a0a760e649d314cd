"""Every write of street reports: submitting a report (from our pages or a partner through
Open311), issuing and revoking partner keys. Keyword-only, typed; permissions checked here."""

import logging
import math

from django.contrib.gis.geos import Point
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from engagement import notifications
from engagement import services as engagement_services
from gamification import points
from gamification.models import PartnerKey, PartnerWrite, Report, ReportUpdate, Service, ServiceAttribute
from places.models import Area
from places.selectors import area_containing_point, deployment_district_geometry

logger = logging.getLogger(__name__)
MAX_DESCRIPTION = 4000
MAX_ANSWER = {ServiceAttribute.Datatype.STRING: 300, ServiceAttribute.Datatype.TEXT: 4000}


def _answer(attribute: ServiceAttribute, raw) -> str | float | list[str]:
    """One answer checked against its attribute's datatype; raises ValueError with the reason."""
    values = raw if isinstance(raw, list) else [raw]
    values = [str(v).strip() for v in values if str(v).strip()]
    if any("\x00" in v for v in values):
        raise ValueError(_("This must not contain a NUL character."))
    kind = ServiceAttribute.Datatype
    if attribute.datatype == kind.MULTI:
        unknown = [v for v in values if v not in attribute.value_keys()]
        if unknown:
            raise ValueError(_("Choose from the listed answers."))
        return list(dict.fromkeys(values))
    if len(values) > 1:
        raise ValueError(_("Give one answer."))
    value = values[0] if values else ""
    if attribute.datatype == kind.SINGLE:
        if value not in attribute.value_keys():
            raise ValueError(_("Choose one of the listed answers."))
        return value
    if attribute.datatype == kind.NUMBER:
        try:
            number = float(value)
        except ValueError:
            number = math.nan
        if len(value) > 32 or not math.isfinite(number):
            raise ValueError(_("Give a number."))
        return number
    if attribute.datatype == kind.DATETIME:
        moment = parse_datetime(value) if len(value) <= 40 else None
        if moment is None or moment.tzinfo is None:
            raise ValueError(_("Give a date and time with its time zone, such as 2026-05-01T09:30:00Z."))
        return moment.isoformat()
    if len(value) > MAX_ANSWER[attribute.datatype]:
        raise ValueError(_("Keep this to %(n)s characters.") % {"n": MAX_ANSWER[attribute.datatype]})
    return value


def clean_answers(*, service: Service, answers: dict) -> dict:
    """The answers to a service's questions, checked: every required one given, none unknown,
    each of its datatype. Raises ValidationError keyed `attribute[code]`."""
    attributes = {a.code: a for a in service.attributes.all() if a.variable}
    errors, cleaned = {}, {}
    for code in answers:
        if code not in attributes:
            errors[f"attribute[{code[:60]}]"] = _("This service has no question with this code.")
    for code, attribute in attributes.items():
        raw = answers.get(code)
        empty = raw is None or raw == "" or raw == []
        if empty:
            if attribute.required:
                errors[f"attribute[{code}]"] = _("Answer this question: %(q)s") % {"q": attribute.description}
            continue
        try:
            cleaned[code] = _answer(attribute, raw)
        except ValueError as problem:
            errors[f"attribute[{code}]"] = str(problem)
    if errors:
        raise ValidationError(errors)
    return cleaned


def location_check(*, point: Point) -> Area | None:
    """The ward a new report falls in; a point outside the deployment's boundary is refused."""
    boundary = deployment_district_geometry()
    if boundary is not None and not boundary.intersects(point):
        raise ValidationError({"location": _("This place is outside the area this service covers.")})
    return area_containing_point(point=point, kind=Area.Kind.WARD)


@transaction.atomic
def report_submit(
    *,
    service: Service,
    point: Point,
    description: str = "",
    address: str = "",
    answers: dict | None = None,
    reporter=None,
    name_shown: bool = False,
    media_url: str = "",
    contact: dict | None = None,
    partner_key: PartnerKey | None = None,
    remote_addr: str | None = None,
) -> Report:
    """A new street report, open, with the first line of its history. From a partner (Open311),
    the write is logged with its key."""
    if not service.active or (not service.public and partner_key is None and not _is_staff(reporter)):
        raise ValidationError({"service_code": _("This service does not take reports.")})
    errors = {}
    if len(description) > MAX_DESCRIPTION:
        errors["description"] = _("Keep the description to %(n)s characters.") % {"n": f"{MAX_DESCRIPTION:,}"}
    if not description.strip() and not media_url:
        errors["description"] = _("Say what the problem is.")
    for name, text in (("description", description), ("address_string", address), ("media_url", media_url)):
        if "\x00" in text:
            errors[name] = _("This must not contain a NUL character.")
    if any("\x00" in str(value) for value in (contact or {}).values()):
        errors["contact"] = _("This must not contain a NUL character.")
    try:
        area = location_check(point=point)
    except ValidationError as problem:
        errors.update(problem.message_dict)
        area = None
    try:
        cleaned = clean_answers(service=service, answers=answers or {})
    except ValidationError as problem:
        errors.update(problem.message_dict)
    if errors:
        raise ValidationError(errors)
    report = Report.objects.create(
        service=service,
        location=point,
        description=description.strip(),
        address=address.strip()[:300],
        area=area,
        attributes=cleaned,
        reporter=reporter,
        name_shown=name_shown and reporter is not None,
        media_url=media_url,
        contact=contact or {},
        partner_key=partner_key,
    )
    ReportUpdate.objects.create(report=report, status=report.status, by=reporter)
    if reporter is not None:  # the reporter hears of every change (engagement's follows)
        engagement_services.follow_set(user=reporter, target=report, following=True)
    if partner_key is not None:
        PartnerWrite.objects.create(key=partner_key, report=report, action="request_create", remote_addr=remote_addr)
        PartnerKey.objects.filter(pk=partner_key.pk).update(last_used_at=timezone.now())
    partner = getattr(partner_key, "pk", None)
    logger.info("report submitted: report=%s service=%s partner=%s", report.pk, service.code, partner)
    return report


def _is_staff(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.has_perm("gamification.manage_report"))


def partner_key_issue(*, name: str, by) -> tuple[PartnerKey, str]:
    """A new partner key; the key itself is returned once and never stored."""
    if not by.has_perm("gamification.add_partnerkey"):
        raise PermissionDenied(_("Only administrators issue partner keys."))
    key, secret = PartnerKey.issue(name=name.strip()[:120], created_by=by)
    logger.info("partner key issued: key=%s by=%s", key.pk, by.pk)
    return key, secret


def partner_key_revoke(*, key: PartnerKey, by) -> PartnerKey:
    if not by.has_perm("gamification.change_partnerkey"):
        raise PermissionDenied(_("Only administrators revoke partner keys."))
    if key.revoked_at is None:
        key.revoked_at = timezone.now()
        key.save(update_fields=["revoked_at"])
        logger.info("partner key revoked: key=%s by=%s", key.pk, by.pk)
    return key


def user_reports_erase(*, user) -> None:
    """Account erasure: reports stay (the problem is still there) but lose their reporter and any
    contact details given with them."""
    Report.objects.filter(reporter=user).update(reporter=None, name_shown=False, contact={})


# --- The lifecycle (staff) -----------------------------------------------------------------------
ACCEPTED_STATES = frozenset({"acknowledged", "in_progress", "action_scheduled", "fixed"})


@transaction.atomic
def report_status_set(*, report: Report, status: str, by, public_note: str = "", internal_note: str = "") -> Report:
    """Move a report on (open → acknowledged → in progress / action scheduled → fixed / closed /
    duplicate / not ours / no further action) with a public note and a staff-only one. The
    reporter and followers hear of it; the reporter is paid when it is first accepted and when it
    is fixed, and loses the acceptance points if it turns out to be a duplicate."""
    if not _is_staff(by):
        raise PermissionDenied(_("Only council staff can change a report's status."))
    if status not in Report.Status.values:
        raise ValidationError({"status": _("Choose one of the statuses.")})
    for name, text in (("public_note", public_note), ("internal_note", internal_note)):
        if len(text) > MAX_DESCRIPTION or "\x00" in text:
            raise ValidationError({name: _("Keep the note to %(n)s characters.") % {"n": f"{MAX_DESCRIPTION:,}"}})
    report = Report.objects.select_for_update().get(pk=report.pk)
    report.status = status
    if public_note.strip():
        report.status_notes = public_note.strip()
    report.save(update_fields=["status", "status_notes", "updated_at"])
    ReportUpdate.objects.create(
        report=report, status=status, public_note=public_note.strip(), internal_note=internal_note.strip(), by=by
    )
    transaction.on_commit(lambda: _after_status(report=report, status=status, note=public_note.strip(), by=by))
    logger.info("report status: report=%s status=%s by=%s", report.pk, status, by.pk)
    return report


def _after_status(*, report: Report, status: str, note: str, by) -> None:
    reporter = report.reporter
    if status in ACCEPTED_STATES:
        points.award(person=reporter, rule_code="report_accepted", obj=report)
    if status == Report.Status.FIXED:
        points.award(person=reporter, rule_code="report_fixed", obj=report)
    if status == Report.Status.DUPLICATE:
        points.take_back(person=reporter, rule_code="report_accepted", obj=report, reason="merged as a duplicate")
    label = str(Report.Status(status).label)
    title = _("Your report “%(name)s”: %(status)s") % {"name": report.service.name, "status": label}
    body = note[:1000]
    if reporter is not None:
        notifications.notify(
            recipients=[reporter], kind="followed", title=title, body=body, url=report.get_absolute_url(), item=report
        )
    notifications.notify_followers(
        item=report,
        title=_("“%(name)s” near you: %(status)s") % {"name": report.service.name, "status": label},
        body=body,
        url=report.get_absolute_url(),
        exclude=[reporter.pk if reporter else None, by.pk],
    )
