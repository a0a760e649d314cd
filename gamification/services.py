"""Every write of street reports: submitting a report (from our pages or a partner through
Open311), issuing and revoking partner keys. Keyword-only, typed; permissions checked here."""

import logging
import math
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.gis.geos import Point
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from engagement import moderation, notifications, uploads
from engagement import services as engagement_services
from engagement.models import Follow, Support
from engagement.registry import label_for, target_content_type
from gamification import alerts, points, selectors
from gamification.models import (
    Open311Send,
    PartnerKey,
    PartnerWrite,
    Questionnaire,
    Report,
    ReportPhoto,
    ReportUpdate,
    Service,
    ServiceAttribute,
)
from params import UNSET, Unset
from places.models import Area
from places.selectors import area_containing_point, deployment_district_geometry

logger = logging.getLogger(__name__)
User = get_user_model()
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
    photos=(),
    photo_description: str = "",
) -> Report:
    """A new street report, open, with the first line of its history. Up to three photos are
    checked, turned upright, scaled to at most 2048 px and stripped of EXIF; where one says it
    was taken elsewhere inside the area, `report.photo_positions` offers that spot as the pin.
    From a partner (Open311), the write is logged with its key."""
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
    cleaned_photos, positions = _photos(photos=photos, errors=errors)
    if len(photo_description) > 250 or "\x00" in photo_description:
        errors["photo_description"] = _("Keep this to 250 characters.")
    if reporter is not None and partner_key is None and not errors:
        try:
            moderation.check_rate(user=reporter, action="report")
        except ValidationError as problem:
            errors["__all__"] = problem.messages
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
    alt = photo_description.strip() or _("Photo of the reported problem: %(name)s") % {"name": service.name}
    for photo in cleaned_photos:
        ReportPhoto.objects.create(report=report, image=photo, alt_text=alt[:250], added_by=reporter)
    report.photo_positions = [
        where for where in positions if _metres_between(where, point) > PHOTO_OFFER_M and _inside(where)
    ]
    if reporter is not None:  # the reporter hears of every change (engagement's follows)
        engagement_services.follow_set(user=reporter, target=report, following=True)
    if partner_key is not None:
        PartnerWrite.objects.create(key=partner_key, report=report, action="request_create", remote_addr=remote_addr)
        PartnerKey.objects.filter(pk=partner_key.pk).update(last_used_at=timezone.now())
    if service.endpoint_id and service.endpoint.active:  # routed: the Open311 client sends it on commit
        Open311Send.objects.create(report=report, endpoint_id=service.endpoint_id)
    transaction.on_commit(lambda: alerts.report_announce(report=report))
    partner = getattr(partner_key, "pk", None)
    logger.info("report submitted: report=%s service=%s partner=%s", report.pk, service.code, partner)
    return report


MAX_PHOTOS = 3
PHOTO_MAX_SIDE = 2048
PHOTO_OFFER_M = 25  # a photo taken further than this from the pin offers its own position


def _photos(*, photos, errors: dict) -> tuple[list, list[Point]]:
    """Checked, cleaned copies of the uploads and where each says it was taken."""
    photos = [photo for photo in photos if photo]
    if len(photos) > MAX_PHOTOS:
        errors["photos"] = _("Add at most %(n)s photos.") % {"n": MAX_PHOTOS}
        return [], []
    cleaned, positions, problems = [], [], []
    for number, upload in enumerate(photos, start=1):
        where = uploads.photo_position(upload)
        try:
            cleaned.append(uploads.clean_image(upload, max_side=PHOTO_MAX_SIDE))
        except ValidationError as problem:
            problems += [_("Photo %(n)s: %(problem)s") % {"n": number, "problem": m} for m in problem.messages]
            continue
        if where is not None:
            positions.append(Point(where[1], where[0], srid=4326))
    if problems:
        errors["photos"] = problems
    return cleaned, positions


def _metres_between(a: Point, b: Point) -> float:
    """Great-circle distance in metres between two WGS84 points (haversine)."""
    lat1, lat2 = math.radians(a.y), math.radians(b.y)
    dlat, dlng = lat2 - lat1, math.radians(b.x - a.x)
    h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlng / 2) ** 2
    return 2 * 6_371_000 * math.asin(math.sqrt(h))


def _inside(point: Point) -> bool:
    boundary = deployment_district_geometry()
    return boundary is None or boundary.intersects(point)


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


def report_hidden(*, report: Report, reason: str) -> None:
    """A moderator hid the report (engagement's queue): every point it paid is taken back."""
    points.take_back_all(obj=report, reason=f"report hidden: {reason}"[:300])


@transaction.atomic
def report_reject(*, report: Report, by, reason: str) -> Report:
    """Staff reject a report that is not a genuine problem (spam, abuse, a test): it is hidden
    through the moderation queue (logged with the reason, the reporter told why) and every point
    it paid is taken back."""
    if not _is_staff(by):
        raise PermissionDenied(_("Only council staff can reject a report."))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the report is rejected. The reporter will be told.")})
    case = moderation.case_open(item=report, kind="flagged")
    moderation.cases_act(moderator=by, case_ids=[case.pk], action="hide", reason=reason)
    logger.info("report rejected: report=%s by=%s", report.pk, by.pk)
    return report


def user_reports_erase(*, user) -> None:
    """Account erasure: reports stay (the problem is still there) but lose their reporter and any
    contact details given with them."""
    Report.all_objects.filter(reporter=user).update(reporter=None, name_shown=False, contact={})


# --- The lifecycle (staff) -----------------------------------------------------------------------
ACCEPTED_STATES = frozenset({"acknowledged", "in_progress", "action_scheduled", "fixed"})
ASKED_AFTER_STATES = frozenset({"fixed", "closed"})  # "was it fixed?" four weeks later
QUESTIONNAIRE_AFTER = timedelta(weeks=4)


def _check_note(name: str, text: str) -> str:
    if len(text) > MAX_DESCRIPTION or "\x00" in text:
        raise ValidationError({name: _("Keep the note to %(n)s characters.") % {"n": f"{MAX_DESCRIPTION:,}"}})
    return text.strip()


def _move(report: Report, status: str, by, public_note: str = "", internal_note: str = "") -> ReportUpdate:
    """Set a locked report's status (and when it was closed) with a line in its history."""
    was_closed = report.status in Report.CLOSED_STATES
    report.status = status
    if status in Report.CLOSED_STATES and not was_closed:
        report.closed_at = timezone.now()
    elif status not in Report.CLOSED_STATES:
        report.closed_at = None
    if public_note:
        report.status_notes = public_note
    return ReportUpdate.objects.create(
        report=report, status=status, public_note=public_note, internal_note=internal_note, by=by
    )


@transaction.atomic
def report_status_set(
    *,
    report: Report,
    status: str,
    by,
    public_note: str = "",
    internal_note: str = "",
    priority: str | Unset = UNSET,
    assigned_to=UNSET,
    duplicate_of: Report | None = None,
) -> Report:
    """Move a report on (open → acknowledged → in progress / action scheduled → fixed / closed /
    duplicate / not ours / no further action) with a public note and a staff-only one, and set
    its priority and who has it. A duplicate is merged into its original: its reporter,
    supporters and followers become the original's supporters and followers. The reporter and
    followers hear of the change; the reporter is paid when it is first accepted (and its
    confirmers then) and when it is fixed, and loses the acceptance points for a duplicate."""
    if not _is_staff(by):
        raise PermissionDenied(_("Only council staff can change a report's status."))
    if status not in Report.Status.values:
        raise ValidationError({"status": _("Choose one of the statuses.")})
    public_note = _check_note("public_note", public_note)
    internal_note = _check_note("internal_note", internal_note)
    if not isinstance(priority, Unset) and priority not in Report.Priority.values:
        raise ValidationError({"priority": _("Choose one of the priorities.")})
    if not isinstance(assigned_to, Unset) and assigned_to is not None and not _is_staff(assigned_to):
        raise ValidationError({"assigned_to": _("Reports can only be assigned to council staff.")})
    if status == Report.Status.DUPLICATE:
        if duplicate_of is None:
            raise ValidationError({"duplicate_of": _("Say which report this one duplicates.")})
        if duplicate_of.pk == report.pk or duplicate_of.duplicate_of_id == report.pk:
            raise ValidationError({"duplicate_of": _("A report cannot duplicate itself.")})
        if duplicate_of.status == Report.Status.DUPLICATE:
            raise ValidationError({"duplicate_of": _("That report is itself a duplicate: choose its original.")})
    report = Report.all_objects.select_for_update().get(pk=report.pk)
    fields = ["status", "status_notes", "closed_at", "updated_at"]
    if not isinstance(priority, Unset):
        report.priority = priority
        fields.append("priority")
    if not isinstance(assigned_to, Unset):
        report.assigned_to = assigned_to
        fields.append("assigned_to")
    if status == Report.Status.DUPLICATE:
        report.duplicate_of = duplicate_of
        fields.append("duplicate_of")
        if not public_note:
            public_note = _("This problem was already reported: see report %(n)s.") % {"n": duplicate_of.pk}
    _move(report, status, by, public_note, internal_note)
    report.save(update_fields=fields)
    if status == Report.Status.DUPLICATE:
        _merge(duplicate=report, original=duplicate_of)
    transaction.on_commit(lambda: _after_status(report=report, status=status, note=public_note, by=by))
    logger.info("report status: report=%s status=%s by=%s", report.pk, status, by.pk)
    return report


def _merge(*, duplicate: Report, original: Report) -> None:
    """The duplicate's reporter, supporters and followers move to the original, once each
    (nobody supports their own report; the original's count moves with the rows)."""
    content_type = target_content_type(label_for(original))
    original = Report.objects.select_for_update().get(pk=original.pk)
    people = set(
        Support.objects.filter(content_type=content_type, object_id=duplicate.pk, user__isnull=False).values_list(
            "user_id", flat=True
        )
    )
    if duplicate.reporter_id:
        people.add(duplicate.reporter_id)
    people.discard(original.reporter_id)
    already = set(
        Support.objects.filter(content_type=content_type, object_id=original.pk, user_id__in=people).values_list(
            "user_id", flat=True
        )
    )
    new = sorted(people - already)
    Support.objects.bulk_create(
        [Support(user_id=pk, content_type=content_type, object_id=original.pk) for pk in new], ignore_conflicts=True
    )
    added = Support.objects.filter(content_type=content_type, object_id=original.pk).count()
    Report.objects.filter(pk=original.pk).update(support_count=added)
    followers = (
        set(Follow.objects.filter(content_type=content_type, object_id=duplicate.pk).values_list("user_id", flat=True))
        | people
    )
    Follow.objects.bulk_create(
        [Follow(user_id=pk, content_type=content_type, object_id=original.pk) for pk in sorted(followers)],
        ignore_conflicts=True,
    )
    logger.info("report merged: duplicate=%s original=%s people=%s", duplicate.pk, original.pk, len(new))


def _after_status(*, report: Report, status: str, note: str, by) -> None:
    """Points and notices after a status change; `by` is None for the council's own system
    (pulled through the Open311 client), which counts as staff."""
    reporter = report.reporter
    if status in ACCEPTED_STATES:
        points.award(person=reporter, rule_code="report_accepted", obj=report)
        for confirmer in confirmers(report=report):
            points.award(person=confirmer, rule_code="report_confirmed", obj=report)
        for photographer in _photographers(report):
            points.award(person=photographer, rule_code="photo_added", obj=report)
    if status == Report.Status.FIXED and (by is None or _is_staff(by)):
        points.award(person=reporter, rule_code="report_fixed", obj=report)
    if status == Report.Status.DUPLICATE:
        points.take_back(person=reporter, rule_code="report_accepted", obj=report, reason="merged as a duplicate")
    body, url = note[:1000], report.get_absolute_url()
    by_pk = by.pk if by is not None else None
    if reporter is not None and reporter.pk != by_pk:
        notifications.notify_in_their_language(
            recipients=[reporter],
            kind="followed",
            words=lambda: (
                _("Your report “%(name)s”: %(status)s")
                % {"name": report.service.name, "status": Report.Status(status).label},
                body,
            ),
            url=url,
            item=report,
        )
    notifications.notify_in_their_language(
        recipients=selectors.followers(report=report, exclude=[reporter.pk if reporter else None, by_pk]),
        kind="followed",
        words=lambda: (
            _("“%(name)s” near you: %(status)s") % {"name": report.service.name, "status": Report.Status(status).label},
            body,
        ),
        url=url,
        item=report,
    )


@transaction.atomic
def report_status_from_council(*, report: Report, status: str | None, note: str) -> Report | None:
    """An update pulled from the council's own system (the Open311 client): a new status and/or
    its public note, with a line in the history; None if it changes nothing we show."""
    note = note.strip()[:MAX_DESCRIPTION]
    report = Report.all_objects.select_for_update().get(pk=report.pk)
    moves = status is not None and status in Report.Status.values and status != report.status
    if not moves and (not note or note == report.status_notes):
        return None
    if moves:
        _move(report, status, None, note)
    else:
        report.status_notes = note
        ReportUpdate.objects.create(report=report, status=report.status, public_note=note)
    report.save(update_fields=["status", "status_notes", "closed_at", "updated_at"])
    new_status = report.status
    transaction.on_commit(lambda: _after_status(report=report, status=new_status, note=note, by=None))
    logger.info("report updated by the council's system: report=%s status=%s", report.pk, new_status)
    return report


# --- Residents: confirming, "this is fixed", reopening, "was it fixed?" ------------------------
def confirmers(*, report: Report) -> list:
    """The people whose "me too" counts for points: not the reporter, not staff, and with an
    account older than POINTS_TRUSTED_ACCOUNT_DAYS (sock puppets made for the purpose are not)."""
    content_type = target_content_type(label_for(report))
    trusted_before = timezone.now() - timedelta(days=settings.POINTS_TRUSTED_ACCOUNT_DAYS)
    people = (
        User.objects.filter(
            supports__content_type=content_type, supports__object_id=report.pk, date_joined__lte=trusted_before
        )
        .exclude(pk=report.reporter_id)
        .distinct()
    )
    return [person for person in people if not person.has_perm("gamification.manage_report")]


CONFIRMATIONS_TO_VEST = 2


@transaction.atomic
def report_confirm(*, report: Report, user) -> bool:
    """ "Me too" — from "Is it one of these?" or the report's page: the person supports and
    follows the report (never a duplicate, never a comment). Returns whether they newly support
    it. Two trusted confirmations vest the reporter's points as a moderator's acceptance would."""
    newly = engagement_services.support_add(user=user, target=report)
    engagement_services.follow_set(user=user, target=report, following=True)
    if newly:
        transaction.on_commit(lambda: _after_confirm(report=report))
    return newly


def _after_confirm(*, report: Report) -> None:
    if len(confirmers(report=report)) >= CONFIRMATIONS_TO_VEST:
        points.award(person=report.reporter, rule_code="report_accepted", obj=report)


@transaction.atomic
def report_mark_fixed(*, report: Report, user, note: str = "") -> Report:
    """Anyone signed in can say an open report is fixed (no points for it: staff confirm those)."""
    note = _check_note("note", note)
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.status in Report.CLOSED_STATES:
        raise ValidationError({"note": _("This report is already closed.")})
    is_reporter = report.reporter_id == user.pk
    public = note or (_("The reporter says this is fixed.") if is_reporter else _("A resident says this is fixed."))
    _move(report, Report.Status.FIXED, user, public)
    report.save(update_fields=["status", "status_notes", "closed_at", "updated_at"])
    transaction.on_commit(lambda: _after_status(report=report, status=Report.Status.FIXED, note=public, by=user))
    logger.info("report marked fixed by a resident: report=%s user=%s", report.pk, user.pk)
    return report


@transaction.atomic
def report_reopen(*, report: Report, user, note: str = "") -> Report:
    """The reporter (or staff) reopens a closed report: the problem is back, or was never fixed."""
    note = _check_note("note", note)
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.reporter_id != user.pk and not _is_staff(user):
        raise PermissionDenied(_("Only the person who reported it can reopen a report."))
    if report.status not in Report.CLOSED_STATES or report.status == Report.Status.DUPLICATE:
        raise ValidationError({"note": _("Only a closed report can be reopened.")})
    public = note or _("Reopened: the reporter says the problem is still there.")
    _move(report, Report.Status.OPEN, user, public)
    report.save(update_fields=["status", "status_notes", "closed_at", "updated_at"])
    transaction.on_commit(lambda: _after_status(report=report, status=Report.Status.OPEN, note=public, by=user))
    return report


def questionnaires_send(*, now=None) -> int:
    """Ask each reporter "was it fixed?" four weeks after their report was marked fixed or closed;
    once per closure (a constraint: two workers running this cannot ask twice)."""
    now = now or timezone.now()
    due = (
        Report.objects.filter(
            status__in=ASKED_AFTER_STATES, closed_at__lte=now - QUESTIONNAIRE_AFTER, reporter__isnull=False
        )
        .exclude(questionnaires__closure=F("closed_at"))
        .select_related("service", "reporter")[:500]
    )
    asked = 0
    for report in due:
        with transaction.atomic():
            questionnaire, created = Questionnaire.objects.get_or_create(
                report=report, closure=report.closed_at, defaults={"person": report.reporter}
            )
        if not created:
            continue
        asked += 1
        notifications.notify_in_their_language(
            recipients=[report.reporter],
            kind="followed",
            words=lambda report=report: (
                _("Was your report “%(name)s” fixed?") % {"name": report.service.name},
                _("Four weeks ago it was marked %(status)s. Tell us whether the problem has gone.")
                % {"status": str(report.get_status_display()).lower()},
            ),
            url=reverse("gamification:questionnaire", kwargs={"pk": questionnaire.pk}),
            item=report,
        )
    return asked


@transaction.atomic
def questionnaire_answer(*, questionnaire: Questionnaire, person, answer: str, comment: str = "") -> Questionnaire:
    """The reporter's answer; "no" reopens the report. Answering again changes the answer."""
    if questionnaire.person_id != person.pk:
        raise PermissionDenied(_("This question was asked of someone else."))
    if answer not in Questionnaire.Answer.values:
        raise ValidationError({"answer": _("Choose yes, no or don't know.")})
    if len(comment) > 2000 or "\x00" in comment:
        raise ValidationError({"comment": _("Keep this to 2,000 characters.")})
    questionnaire = Questionnaire.objects.select_for_update().get(pk=questionnaire.pk)
    questionnaire.answer, questionnaire.comment, questionnaire.answered_at = answer, comment.strip(), timezone.now()
    questionnaire.save(update_fields=["answer", "comment", "answered_at"])
    report = questionnaire.report
    if answer == Questionnaire.Answer.NO and report.status in ASKED_AFTER_STATES:
        report_reopen(report=report, user=person, note=comment.strip() or _("The reporter says it was not fixed."))
    return questionnaire


def report_move_to_photo(*, report: Report, user, point: Point) -> Report:
    """The reporter moves the pin to where their photo was taken, while the report is open."""
    if report.reporter_id != user.pk:
        raise PermissionDenied(_("Only the person who reported it can move the pin."))
    if report.status in Report.CLOSED_STATES:
        raise ValidationError({"location": _("This report is closed.")})
    report.area = location_check(point=point)
    report.location = point
    report.save(update_fields=["location", "area", "updated_at"])
    ReportUpdate.objects.create(
        report=report, status=report.status, public_note=_("The reporter moved the pin to where their photo was taken.")
    )
    # a better location pays once (a hidden report takes it back with the rest)
    transaction.on_commit(lambda: points.award(person=user, rule_code="location_improved", obj=report))
    return report


MAX_PHOTOS_PER_REPORT = 9


def _photographers(report: Report) -> list:
    """The people who added photos to a report (paid once each when it is accepted)."""
    ids = set(report.photos.exclude(added_by=None).values_list("added_by", flat=True))
    return list(User.objects.filter(pk__in=ids, is_active=True))


@transaction.atomic
def report_photo_add(*, report: Report, user, photos, photo_description: str = "") -> list[ReportPhoto]:
    """Someone adds photos to an open report (checked, upright, at most 2048 px, no EXIF). Points
    for them are paid when the report is accepted (at once if it is already)."""
    if report.status in Report.CLOSED_STATES:
        raise ValidationError({"photos": _("This report is closed.")})
    errors: dict = {}
    cleaned, _positions = _photos(photos=photos, errors=errors)
    if not errors and not cleaned:
        errors["photos"] = _("Choose a photo to add.")
    if len(photo_description) > 250 or "\x00" in photo_description:
        errors["photo_description"] = _("Keep this to 250 characters.")
    if not errors and report.photos.count() + len(cleaned) > MAX_PHOTOS_PER_REPORT:
        errors["photos"] = _("This report has as many photos as it can take.")
    if not errors:
        try:
            moderation.check_rate(user=user, action="photo")
        except ValidationError as problem:
            errors["photos"] = problem.messages
    if errors:
        raise ValidationError(errors)
    alt = photo_description.strip() or _("Photo of the reported problem: %(name)s") % {"name": report.service.name}
    added = [ReportPhoto.objects.create(report=report, image=p, alt_text=alt[:250], added_by=user) for p in cleaned]
    Report.objects.filter(pk=report.pk).update(updated_at=timezone.now())
    if report.status in ACCEPTED_STATES:
        transaction.on_commit(lambda: points.award(person=user, rule_code="photo_added", obj=report))
    logger.info("report photos added: report=%s by=%s n=%s", report.pk, user.pk, len(added))
    return added
