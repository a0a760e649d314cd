import csv

from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_http_methods

from accounts.themes import Theme
from pagecache import cache_page
from params import BadParameter, parse_id, parse_ids, parse_int
from places.models import Area
from twin import comparison, delivery, permissions, selectors, services
from twin.forms import (
    AccessDecisionForm,
    AccessRequestForm,
    TermsForm,
    WeightsForm,
)
from twin.models import (
    AccessRequest,
    Dataset,
    KpiDefinition,
    Scenario,
    ScenarioArea,
    ScoreRun,
    WeightSet,
)
from twin.permissions import figure_access, may_download
from twin.scenario_editor import PREVIEW, SAVE, ScenarioEditor
from twin.scoring import registry
from twin.scoring.service import current_weights

FIRST_YEAR = 2015


def _years() -> list[int]:
    return list(range(FIRST_YEAR, timezone.now().year + 1))


def _year(value, default):
    """A year filter; one outside the years the twin covers falls back to the default."""
    try:
        return parse_int(value, name="year", minimum=FIRST_YEAR, maximum=timezone.now().year)
    except BadParameter:
        return default


def _priorities(user):
    """The person's ranked themes, if they have ranked any (then the rest follow in the default order)."""
    if user.is_authenticated and hasattr(user, "profile") and user.profile.priorities:
        return [t.value for t in user.profile.ranked_priorities]
    return None


VIEWS = [
    ("resident", _lazy("Resident")),
    ("business", _lazy("Business")),
    ("investor", _lazy("Investor")),
    ("policy", _lazy("Policy")),
]


def _dashboard_filters(request, areas) -> dict:
    """Area, theme, years and view from the query; anything unknown falls back to the default."""
    area = next((a for a in areas if a.code == request.GET.get("area")), areas[0])
    theme = request.GET.get("theme", "")
    this_year = timezone.now().year
    start, end = _year(request.GET.get("from"), this_year - 7), _year(request.GET.get("to"), this_year)
    errors = []
    if start > end:
        errors.append(_("“From” must be the same year as “to” or earlier."))
        start, end = end, start
    kind = request.GET.get("view") or selectors.user_kind(request.user)
    return {
        "area": area,
        "theme": theme if theme in Theme.values else "",
        "start": start,
        "end": end,
        "view": kind if kind in selectors.FIRST_THEMES else "resident",
        "errors": errors,
    }


@cache_page
def dashboard(request):
    areas = list(
        Area.objects.filter(kind__in=[Area.Kind.DISTRICT, Area.Kind.WARD]).order_by("kind", "name").defer("geometry")
    )
    if not areas:
        raise Http404(_("No areas have been loaded yet."))
    chosen = _dashboard_filters(request, areas)
    kpis = selectors.dashboard_kpis(kind=chosen["view"], theme=chosen["theme"], priorities=_priorities(request.user))
    figures = selectors.dashboard_figures(
        kpis, chosen["area"], access=figure_access(request.user), start_year=chosen["start"], end_year=chosen["end"]
    )
    context = {"areas": areas, "themes": Theme.choices, "years": _years(), "views": VIEWS, **chosen, **figures}
    return render(request, "twin/dashboard.html", context)


def _dataset_or_gate(request, dataset):
    allowed, need = may_download(request.user, dataset)
    if allowed:
        return None
    if need == "sign_in":
        return redirect_to_login(request.get_full_path())
    messages.info(
        request,
        _("This dataset needs you to accept its terms first.")
        if need == "terms"
        else _("This dataset needs approved access."),
    )
    return redirect(dataset.get_absolute_url())


class _Echo:
    def write(self, value):
        return value


def kpi_csv(request, code):
    kpi = get_object_or_404(KpiDefinition, code=code)
    dataset = Dataset.objects.filter(kind=Dataset.Kind.KPI, kpi=kpi).first()
    if dataset is not None and (gate := _dataset_or_gate(request, dataset)):
        return gate
    area = Area.objects.filter(code=request.GET.get("area", "")).defer("geometry").first()
    start, end = _year(request.GET.get("from"), None), _year(request.GET.get("to"), None)
    rows, count = selectors.kpi_table(
        kpi, area=area, access=figure_access(request.user), start_year=start, end_year=end
    )
    if dataset is not None:
        services.download_log(dataset=dataset, user=request.user, rows=count, query=request.GET.urlencode())
    writer = csv.writer(_Echo())

    def stream():
        yield writer.writerow([f"# {kpi.name} ({kpi.unit}). Licence: {kpi.licence}. {kpi.attribution}"])
        yield writer.writerow(selectors.KPI_TABLE_HEADER)
        for row in rows:
            yield writer.writerow(row)

    response = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{kpi.code}{"-" + area.code if area else ""}.csv"'
    return response


def score_why(request, label, pk):
    if label.lower() not in registry.labels():
        raise Http404(_("Nothing like that is scored."))
    model = apps.get_model(label)
    # What this reader may see of the model: its own rule where it has one (drafts, hidden items).
    visible = getattr(model, "score_visible", None) or getattr(model, "search_visible", None)
    obj = get_object_or_404(visible(request.user) if visible else model.objects.all(), pk=pk)
    run = selectors.current_score(obj)
    explained = (
        selectors.score_explained(run, access=figure_access(request.user), priorities=_priorities(request.user))
        if run
        else None
    )
    history = []
    if run:
        history = list(
            ScoreRun.objects.filter(content_type=run.content_type, object_id=run.object_id)
            .select_related("weight_set", "coefficient_set")
            .only("total", "created_at", "current", "weight_set__version", "coefficient_set__version")[:10]
        )
    return render(
        request,
        "twin/score_why.html",
        {"item": obj, "run": run, "explained": explained, "history": history, "theme_labels": dict(Theme.choices)},
    )


@require_http_methods(["GET", "POST"])
def weights(request):
    current = current_weights()
    can_edit = permissions.may(request.user, permissions.EDIT_WEIGHTS)
    form = WeightsForm(request.POST or None, current=current.weights) if can_edit else None
    if request.method == "POST":
        permissions.check(request.user, permissions.EDIT_WEIGHTS)
        if form.is_valid():
            try:
                weight_set = services.weights_publish(
                    user=request.user, weights=form.cleaned_data["weights"], note=form.cleaned_data["note"]
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(
                    request,
                    _("Weights version %(v)s published; every score is being recalculated.")
                    % {"v": weight_set.version},
                )
                return redirect("twin:weights")
    versions = list(WeightSet.objects.select_related("created_by")[:20])
    return render(
        request,
        "twin/weights.html",
        {"current": current, "form": form, "versions": versions, "themes": Theme.choices},
        status=422 if form is not None and form.errors else 200,
    )


def scenario_list(request):
    scenarios = list(
        Scenario.objects.select_related("owner").prefetch_related(
            Prefetch("plans", ScenarioArea.objects.select_related("area").defer("area__geometry"))
        )[:100]
    )
    return render(
        request,
        "twin/scenario_list.html",
        {"scenarios": scenarios, "can_manage": permissions.may(request.user, permissions.MANAGE_SCENARIOS)},
    )


@require_http_methods(["GET", "POST"])
def scenario_edit(request, pk=None):
    """A scenario's page. Policy leads move sliders (htmx posts the form; only the projection comes
    back and nothing is saved), add or remove areas (the page comes back, nothing saved) and save."""
    scenario = get_object_or_404(Scenario, pk=pk) if pk else None
    can_manage = permissions.may(request.user, permissions.MANAGE_SCENARIOS)
    if scenario is None and not can_manage and not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if scenario is None or request.method == "POST":
        permissions.check(request.user, permissions.MANAGE_SCENARIOS)
    data = request.POST if request.method == "POST" else None
    editor = ScenarioEditor(scenario=scenario, data=data, htmx=bool(request.htmx))
    access = figure_access(request.user)
    if editor.intent == PREVIEW:
        valid = editor.plans_valid()
        context = {"projection": editor.projection(access=access) if valid else None, "invalid": not valid}
        return render(request, "twin/_projection.html", context, status=200 if valid else 422)
    if editor.intent == SAVE and editor.is_valid():
        scenario = services.scenario_save(user=request.user, scenario=scenario, **editor.saved_fields())
        messages.success(request, _("Scenario saved. Observed data is unchanged."))
        return redirect(scenario.get_absolute_url())
    can_consult = request.user.has_perm("engagement.add_consultation") and scenario is not None
    context = {**editor.context(access=access), "can_manage": can_manage, "can_consult": can_consult}
    return render(request, "twin/scenario_edit.html", context, status=editor.status)


def scenario_compare(request):
    """Two to four policy scenarios and other apps' plans (e.g. planning-game plans, as
    ?game=<id>) side by side, area by area."""
    ids = parse_ids(request.GET.getlist("id")[:4], name="id", limit=4)
    scenarios = list(
        Scenario.objects.filter(pk__in=ids).prefetch_related(
            Prefetch("plans", ScenarioArea.objects.select_related("area").defer("area__geometry"))
        )
    )
    columns = [
        comparison.Comparable(
            title=s.title,
            url=s.get_absolute_url(),
            plans=[
                {"area": p.area, "adjustments": p.adjustments, "interventions": p.interventions} for p in s.plans.all()
            ],
        )
        for s in scenarios
    ]
    for kind in comparison.kinds():
        others = parse_ids(request.GET.getlist(kind)[:4], name=kind, limit=4)
        if others:
            columns += comparison.load(kind, others, request.user)
    columns = columns[:4]
    if len(columns) < 2:
        messages.error(request, _("Choose two to four scenarios or plans to compare."))
        return redirect("twin:scenarios")
    access = figure_access(request.user)
    projections = [selectors.scenario_projections(c.plans, access=access, weights=c.weights) for c in columns]
    # Grouped by area: the score and one row per figure, a cell per column (None where it leaves the area out).
    groups = {}
    for index, projection in enumerate(projections):
        for part in projection["areas"]:
            group = groups.setdefault(
                part["area"].pk, {"area": part["area"], "parts": [None] * len(columns), "kpis": {}}
            )
            group["parts"][index] = part
            for row in part["rows"]:
                entry = group["kpis"].setdefault(row["kpi"].code, {"kpi": row["kpi"], "cells": [None] * len(columns)})
                entry["cells"][index] = row
    for group in groups.values():
        group["kpis"] = sorted(group["kpis"].values(), key=lambda e: (e["kpi"].theme, e["kpi"].name))
    for column in columns:
        column.area_names = [plan["area"].name for plan in column.plans]
    return render(
        request,
        "twin/scenario_compare.html",
        {
            "columns": list(zip(columns, projections, strict=True)),
            "groups": sorted(groups.values(), key=lambda g: (g["area"].kind != Area.Kind.DISTRICT, g["area"].name)),
        },
    )


@cache_page
def catalogue(request):
    datasets = selectors.catalogue(request.user)
    return render(request, "twin/catalogue.html", {"datasets": datasets})


@require_http_methods(["GET", "POST"])
def dataset_detail(request, slug):
    dataset = get_object_or_404(Dataset.objects.select_related("kpi"), slug=slug)
    allowed, need = may_download(request.user, dataset)
    terms_form = TermsForm(request.POST if request.POST.get("action") == "terms" else None)
    access_form = AccessRequestForm(request.POST if request.POST.get("action") == "access" else None)
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if request.POST.get("action") == "terms" and need == "terms" and terms_form.is_valid():
            services.terms_accept(user=request.user, dataset=dataset)
            messages.success(request, _("Terms accepted. You can now download the data."))
            return redirect(dataset.get_absolute_url())
        if request.POST.get("action") == "access" and need == "request" and access_form.is_valid():
            try:
                services.access_request(user=request.user, dataset=dataset, purpose=access_form.cleaned_data["purpose"])
            except ValidationError as exc:
                access_form.add_error(None, exc)
            else:
                messages.success(request, _("Request sent. A moderator will decide and you will see the answer here."))
                return redirect(dataset.get_absolute_url())
    my_requests = (
        list(AccessRequest.objects.filter(dataset=dataset, user=request.user)) if request.user.is_authenticated else []
    )
    downloads = dataset.downloads.count()
    return render(
        request,
        "twin/dataset_detail.html",
        {
            "dataset": dataset,
            "allowed": allowed,
            "need": need,
            "terms_form": terms_form,
            "access_form": access_form,
            "my_requests": my_requests,
            "pending": any(r.status == AccessRequest.Status.PENDING for r in my_requests),
            "downloads": downloads,
            "download_url": reverse("twin:dataset-download", kwargs={"slug": dataset.slug}),
        },
        status=422 if terms_form.errors or access_form.errors else 200,
    )


def dataset_download(request, slug):
    dataset = get_object_or_404(Dataset, slug=slug)
    if gate := _dataset_or_gate(request, dataset):
        return gate
    if dataset.kind == Dataset.Kind.KPI:
        return kpi_csv(request, dataset.kpi.code)
    try:
        url = reverse(dataset.export_url)
    except NoReverseMatch as exc:
        raise Http404(_("This export is not available.")) from exc
    services.download_log(dataset=dataset, user=request.user, rows=None)
    return redirect(url)


@login_required
@require_http_methods(["GET", "POST"])
def access_requests(request):
    permissions.check(request.user, permissions.REVIEW_ACCESS)
    form = AccessDecisionForm(request.POST or None)
    if request.method == "POST":
        access = get_object_or_404(AccessRequest, pk=parse_id(request.POST.get("request"), name="request"))
        if form.is_valid():
            try:
                services.access_decide(
                    moderator=request.user,
                    request=access,
                    approve=form.cleaned_data["decision"] == "approve",
                    note=form.cleaned_data["note"],
                )
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(request, _("Decision recorded."))
            return redirect("twin:access-requests")
    return render(
        request,
        "twin/access_requests.html",
        {"pending": list(selectors.pending_requests()), "form": form},
        status=422 if form.errors else 200,
    )


@require_http_methods(["GET"])
def delivered(request):
    """Policy leads: every delivered item with its projected and observed changes."""
    permissions.check(request.user, permissions.MANAGE_SCENARIOS)
    comparisons = delivery.compare(delivery.delivered(), access=figure_access(request.user))
    return render(request, "twin/delivered.html", {"comparisons": comparisons})
