"""Public pages of street reports: the list with its filters, and each report with its history."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.gis.geos import Point
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseBadRequest, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from engagement import selectors as engagement_selectors
from gamification import exports, forms, maps, selectors, services
from gamification.models import Questionnaire, Report
from pagecache import cache_page
from params import BadParameter, parse_float, parse_id, parse_int
from places import forms as location_forms
from places import locations
from places import maps as place_maps
from places.maps import map_config

PER_PAGE = 50


def _filtered(request):
    form = forms.filter_form(request.GET)
    form.is_valid()  # the fields that are valid still filter; the others say what was wrong
    return form, _matching(getattr(form, "cleaned_data", {}))


def _matching(filters: dict):
    return selectors.report_list(
        service=filters.get("service", ""),
        status=filters.get("status", ""),
        area=filters.get("area", ""),
        age_days=int(filters["age"]) if filters.get("age") else None,
    )


def report_export(request, fmt):
    """The list's reports, with the same filters, as CSV or GeoJSON (public fields only)."""
    if fmt not in ("csv", "geojson"):
        raise Http404(_("Reports can be downloaded as CSV or GeoJSON."))
    form, reports = _filtered(request)
    if form.errors:
        return HttpResponseBadRequest(" ".join(e for errors in form.errors.values() for e in errors))
    base = request.build_absolute_uri("/").rstrip("/")
    if fmt == "csv":
        response = StreamingHttpResponse(
            exports.csv_lines(reports, base_url=base), content_type="text/csv; charset=utf-8"
        )
    else:
        licence = "Open Government Licence v3.0"
        response = StreamingHttpResponse(
            exports.geojson_chunks(reports, base_url=base, licence=licence), content_type="application/geo+json"
        )
    response["Content-Disposition"] = f'attachment; filename="street-reports.{fmt}"'
    return response


def report_map(request):
    """Every report the list's filters match, as GeoJSON for the list's map (and GIS tools)."""
    form = forms.filter_form(request.GET)
    if form.is_bound and not form.is_valid():
        return HttpResponseBadRequest(" ".join(e for errors in form.errors.values() for e in errors))
    filters = form.cleaned_data if form.is_bound else {}
    key = "|".join(str(filters.get(name) or "") for name in ("service", "status", "area", "age"))
    if filters.get("age"):  # "the last 7 days" moves on with the clock, not only with reports
        key += "|" + timezone.now().strftime("%Y%m%d%H")
    body = maps.report_features(lambda: _matching(filters), cache_key=key)
    response = place_maps.geojson_response(request, body)
    return response


@cache_page
def report_list(request):
    form, reports = _filtered(request)
    page = Paginator(reports, PER_PAGE).get_page(
        parse_int(request.GET.get("page"), name="page", minimum=1, maximum=100_000, default=1)
    )
    query = request.GET.copy()
    query.pop("page", None)
    features = f"{reverse('gamification:report-map')}?{query.urlencode()}"
    context = {
        "form": form,
        "page": page,
        "map_config": map_config(features=features, kind="report", itemUrl=reverse("gamification:report-list")),
    }
    return render(request, "gamification/report_list.html", context)


@cache_page
def report_detail(request, pk):
    report = selectors.report_detail(pk=parse_id(pk, name="pk"))
    if report is None:
        raise Http404(_("No report found."))
    user = request.user
    offered = request.session.get(f"report-photo-position:{report.pk}") if user.is_authenticated else None
    context = {
        "report": report,
        "supporting": engagement_selectors.is_supporting(user=user, target=report),
        "is_reporter": user.is_authenticated and user.pk == report.reporter_id,
        "can_manage": user.has_perm("gamification.manage_report"),
        "photo_offer": locations.describe(point=Point(offered[1], offered[0], srid=4326)) if offered else "",
        "where": locations.describe(point=report.location),
    }
    return render(request, "gamification/report_detail.html", context)


# --- Reporting a problem -------------------------------------------------------------------------
def report_new(request):
    """Step one: what and where. A GET form, so "Find" and "Continue" both work without JavaScript."""
    listed = list(selectors.services_listed())
    searching = location_forms.is_search(request.GET)
    asked = bool(request.GET) and not searching
    if asked:
        form = forms.ReportStartForm(request.GET, services=listed)
    else:
        form = forms.ReportStartForm(initial=request.GET.dict(), services=listed)
    if asked and form.is_valid():
        service = form.services[form.cleaned_data["service"]]
        try:
            services.location_check(point=form.cleaned_data["point"])
        except ValidationError as problem:
            form.add_error("location_query", problem.message_dict["location"])
        else:
            if service.instead_message:
                return render(request, "gamification/report_instead.html", {"service": service})
            query = urlencode(
                {
                    "service": service.code,
                    "latitude": f"{form.cleaned_data['latitude']:.6f}",
                    "longitude": f"{form.cleaned_data['longitude']:.6f}",
                }
            )
            return redirect(f"{reverse('gamification:report-details')}?{query}")
    context = {"form": form, "map_config": map_config(), **location_forms.chooser_context(form, searching=searching)}
    return render(request, "gamification/report_new.html", context, status=422 if asked and form.errors else 200)


def _chosen(request):
    """The category and point chosen in step one, from the query string (bounded parsers)."""
    service = selectors.service_for_code(code=(request.GET.get("service") or "")[:60])
    latitude = parse_float(request.GET.get("latitude"), name="latitude", minimum=-90, maximum=90)
    longitude = parse_float(request.GET.get("longitude"), name="longitude", minimum=-180, maximum=180)
    return service, Point(longitude, latitude, srid=4326)


@login_required
@require_http_methods(["GET", "POST"])
def report_details(request):
    """Step two: "Is it one of these?" first, then the description, questions and photos."""
    try:
        service, point = _chosen(request)
    except BadParameter:
        service = point = None
    if service is None or point is None:
        messages.error(request, _("Choose the problem and where it is first."))
        return redirect("gamification:report-new")
    if service.instead_message:
        return render(request, "gamification/report_instead.html", {"service": service})
    form = forms.ReportDetailsForm(request.POST or None, request.FILES or None, service=service)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            report = services.report_submit(
                service=service,
                point=point,
                description=data["description"],
                address=data["address"],
                answers=form.answers(),
                reporter=request.user,
                name_shown=data["name_shown"],
                photos=data["photos"],
                photo_description=data["photo_description"],
            )
        except ValidationError as problem:
            for key, errors in problem.message_dict.items():
                form.add_error(form.field_for(key) if key != "location" else None, errors)
        else:
            if report.photo_positions:
                where = report.photo_positions[0]
                request.session[f"report-photo-position:{report.pk}"] = [round(where.y, 6), round(where.x, 6)]
            messages.success(
                request,
                _("Thank you: your report is number %(n)s. You will hear when it changes.") % {"n": report.pk},
            )
            return redirect(report)
    context = {
        "form": form,
        "service": service,
        "point": point,
        "where": locations.describe(point=point),
        "nearby": selectors.reports_nearby(service=service, point=point),
        "change_url": f"{reverse('gamification:report-new')}?{urlencode({'service': service.code})}",
        "map_config": map_config(center=[point.y, point.x], zoom=17),
    }
    return render(request, "gamification/report_details.html", context, status=422 if form.errors else 200)


def _report_or_404(pk) -> Report:
    report = selectors.report_public(pk=parse_id(pk, name="pk"))
    if report is None:
        raise Http404(_("No report found."))
    return report


@login_required
@require_POST
def report_confirm(request, pk):
    """ "Me too": the person supports and follows the report."""
    report = _report_or_404(pk)
    try:
        newly = services.report_confirm(report=report, user=request.user)
    except (PermissionDenied, ValidationError) as problem:
        messages.error(request, " ".join(getattr(problem, "messages", [str(problem)])))
    else:
        messages.success(
            request,
            _("Thank you: your support is counted and you will hear when this report changes.")
            if newly
            else _("You already support this report."),
        )
    return redirect(report)


def _with_note(request, pk, *, service, done: str):
    """A resident's step on a report with an optional note ("this is fixed", "reopen"); refusals
    come back as a message on the report page, a missing right as 403."""
    report = _report_or_404(pk)
    form = forms.NoteForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(form.errors.get("note") or _("Check the note."))
        service(report=report, user=request.user, note=form.cleaned_data["note"])
    except ValidationError as problem:
        messages.error(request, " ".join(problem.messages))
    else:
        messages.success(request, done)
    return redirect(report)


@login_required
@require_POST
def report_fixed(request, pk):
    return _with_note(request, pk, service=services.report_mark_fixed, done=_("Thank you: the report is marked fixed."))


@login_required
@require_POST
def report_reopen(request, pk):
    return _with_note(request, pk, service=services.report_reopen, done=_("The report is open again."))


@login_required
@require_POST
def report_photo_add(request, pk):
    """Anyone signed in adds photos to an open report (checked like every upload)."""
    report = _report_or_404(pk)
    form = forms.PhotoAddForm(request.POST, request.FILES)
    try:
        if not form.is_valid():
            raise ValidationError([e for errors in form.errors.values() for e in errors])
        data = form.cleaned_data
        services.report_photo_add(
            report=report, user=request.user, photos=data["photos"], photo_description=data["photo_description"]
        )
    except ValidationError as problem:
        messages.error(request, " ".join(problem.messages))
    else:
        messages.success(request, _("Thank you: your photo is on the report."))
    return redirect(report)


@login_required
@require_POST
def report_move(request, pk):
    """The reporter accepts their photo's position as the pin (offered once, from the session)."""
    report = _report_or_404(pk)
    offered = request.session.pop(f"report-photo-position:{report.pk}", None)
    if not offered:
        messages.error(request, _("There is no photo position to use."))
        return redirect(report)
    try:
        services.report_move_to_photo(report=report, user=request.user, point=Point(offered[1], offered[0], srid=4326))
    except ValidationError as problem:
        messages.error(request, " ".join(problem.messages))
    else:
        messages.success(request, _("The pin is now where your photo was taken."))
    return redirect(report)


@login_required
@require_http_methods(["GET", "POST"])
def report_manage(request, pk):
    """Staff: status with a template, public and internal notes, priority, assignment, merging."""
    if not request.user.has_perm("gamification.manage_report"):
        raise PermissionDenied(_("Only council staff can manage reports."))
    report = selectors.report_for_staff(pk=parse_id(pk, name="pk"))
    if report is None:
        raise Http404(_("No report found."))
    initial = {"status": report.status, "priority": report.priority, "assigned_to": report.assigned_to_id}
    form = forms.ReportManageForm(request.POST or None, initial=initial, staff=selectors.staff_people())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.report_status_set(
                report=report,
                status=data["status"],
                by=request.user,
                public_note=data["public_note"],
                internal_note=data["internal_note"],
                priority=data["priority"],
                assigned_to=data["assigned_to"],
                duplicate_of=data.get("original"),
            )
        except ValidationError as problem:
            for key, errors in problem.message_dict.items():
                form.add_error(key if key in form.fields else None, errors)
        else:
            messages.success(
                request, _("Report %(n)s updated; the reporter and followers are told.") % {"n": report.pk}
            )
            return redirect("gamification:report-manage", pk=report.pk)
    context = {"report": report, "form": form, "templates": selectors.response_templates()}
    return render(request, "gamification/report_manage.html", context, status=422 if form.errors else 200)


@login_required
@require_POST
def report_reject(request, pk):
    """Staff reject a report that is not a real problem: hidden, its points taken back."""
    if not request.user.has_perm("gamification.manage_report"):
        raise PermissionDenied(_("Only council staff can reject a report."))
    report = selectors.report_for_staff(pk=parse_id(pk, name="pk"))
    if report is None:
        raise Http404(_("No report found."))
    form = forms.RejectForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(form.errors.get("reason") or _("Say why the report is rejected."))
        services.report_reject(report=report, by=request.user, reason=form.cleaned_data["reason"])
    except ValidationError as problem:
        messages.error(request, " ".join(problem.messages))
    else:
        done = _("Report %(n)s is rejected and hidden; the reporter is told why.")
        messages.success(request, done % {"n": report.pk})
    return redirect("gamification:report-manage", pk=report.pk)


@login_required
@require_http_methods(["GET", "POST"])
def questionnaire(request, pk):
    """ "Was it fixed?", asked of the reporter four weeks after their report was closed."""
    asked = get_object_or_404(
        Questionnaire.objects.select_related("report__service"), pk=parse_id(pk, name="pk"), person=request.user
    )
    form = forms.QuestionnaireForm(request.POST or None, initial={"answer": asked.answer, "comment": asked.comment})
    if request.method == "POST" and form.is_valid():
        services.questionnaire_answer(
            questionnaire=asked,
            person=request.user,
            answer=form.cleaned_data["answer"],
            comment=form.cleaned_data["comment"],
        )
        if form.cleaned_data["answer"] == Questionnaire.Answer.NO:
            messages.success(request, _("Thank you. The report is open again, and the council is told."))
        else:
            messages.success(request, _("Thank you for letting us know."))
        return redirect(asked.report)
    return render(
        request, "gamification/questionnaire.html", {"asked": asked, "form": form}, status=422 if form.errors else 200
    )
