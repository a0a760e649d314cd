"""The opportunity portal's pages: thin; every rule is in permissions.py and every write in
services.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import Organisation
from investors import additionality, business_case, campaigns, dataroom, forms, permissions, selectors, services
from investors.models import (
    Campaign,
    InvestmentType,
    InvestorProfile,
    Opportunity,
    OpportunityAlert,
    SavedComparison,
    Sector,
)
from pagecache import cache_page
from params import parse_id, parse_int
from places import forms as location_forms
from places import maps as place_maps
from places import sites
from places.maps import map_config
from places.models import Area
from twin import delivery
from twin import selectors as twin_selectors
from twin.permissions import figure_access

PAGE_SIZE = 20


def _wards():
    return list(Area.objects.filter(kind=Area.Kind.WARD).only("code", "name").order_by("name"))


def _filtered(request):
    """The listing's filter form and the published opportunities it selects (the list and its map
    read the same filters, so they always show the same set)."""
    form = forms.OpportunityFilterForm(request.GET or None, bands=selectors.scale_bands(), areas=_wards())
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    queryset = selectors.opportunity_list(
        user=request.user,
        sector=filters.get("sector", ""),
        investment_type=filters.get("investment_type", ""),
        scale_band=filters.get("scale_band", ""),
        area_code=filters.get("area", ""),
        planning_status=filters.get("planning_status", ""),
        decision_time=filters.get("decision_time", ""),
        min_score=filters.get("min_score"),
        sort=filters.get("sort") or "score",
    )
    return form, queryset


@require_http_methods(["GET"])
@cache_page
def opportunity_list(request):
    form, queryset = _filtered(request)
    page = Paginator(queryset, PAGE_SIZE).get_page(
        parse_int(request.GET.get("page"), name="page", minimum=1, maximum=100_000, default=1)
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "investors/list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "bands": dict(selectors.scale_bands()),
            "per_page": PAGE_SIZE,
            "may_alert": permissions.has_premium(request.user),
            "alert_filters": [(k, v) for k, v in request.GET.items() if k in services.ALERT_FILTERS and v],
            "map_config": map_config(
                features=f"{reverse('investors:features')}?{query.urlencode()}", kind="opportunity"
            ),
        },
    )


@require_http_methods(["GET"])
@cache_page
def opportunity_features(request):
    """The listing's filtered set as GeoJSON, for its map and for GIS tools."""
    form, queryset = _filtered(request)
    if form.is_bound and not form.is_valid():
        return HttpResponseBadRequest(" ".join(e for errors in form.errors.values() for e in errors))
    return place_maps.geojson_response(request, selectors.features(queryset))


def _opportunity_or_404(request, slug) -> Opportunity:
    opportunity = selectors.opportunity_detail(user=request.user, slug=slug)
    if opportunity is None:
        raise Http404(_("No opportunity found."))
    return opportunity


def _impact(request, opportunity: Opportunity) -> dict:
    """What the impact summary shows, on the page and in the PDF alike: the effects as stated and
    as scored with each calculation, the score's lines with their sources, the figures used."""
    factors, factors_row = selectors.additionality_current()
    _net, effect_lines = additionality.net_effects(opportunity.effects, factors)
    run = twin_selectors.current_score(opportunity)
    explained = twin_selectors.score_explained(run, access=figure_access(request.user)) if run else None
    context = {
        "opportunity": opportunity,
        "effect_lines": [
            {
                "line": line,
                "label": Opportunity._meta.get_field(line.effect).verbose_name,
                "calculation": additionality.calculation(line.gross, factors) if line.netted else "",
            }
            for line in effect_lines
        ],
        "factors": factors,
        "factors_row": factors_row,
        "local_hires_replace_jobs": opportunity.local_hires is not None and opportunity.jobs_created is not None,
        "run": run,
        "explained": explained,
        "history": selectors.score_history(opportunity=opportunity),
        "guide_url": additionality.GUIDE_URL,
        "bands": dict(selectors.scale_bands()),
    }
    context["business_case"] = business_case.sections(opportunity, context)
    return context


@require_http_methods(["GET"])
@cache_page
def opportunity_detail(request, slug):
    opportunity = _opportunity_or_404(request, slug)
    staff_view = permissions.is_promoter_of(request.user, opportunity) or permissions.is_moderator(request.user)
    delivered = delivery.compare(selectors.delivered_items(pks=[opportunity.pk]), access=figure_access(request.user))
    return render(
        request,
        "investors/detail.html",
        {
            **_impact(request, opportunity),
            "site_map_config": map_config(geometry=opportunity.geometry.geojson),
            # the page names wards and the district; its small areas (LSOAs) mean little to a reader
            "named_areas": [a for a in opportunity.areas.all() if a.kind != Area.Kind.LSOA],
            "delivered": delivered[0] if delivered else None,
            "may_record_delivery": staff_view and opportunity.status in {"published", "closed"},
            "transitions": selectors.transitions(opportunity=opportunity) if staff_view else [],
            "moves": sorted(permissions.moves_for(request.user, opportunity)),
            "may_edit": permissions.may_edit(request.user, opportunity),
            "dataroom": dataroom.access_for(request.user, opportunity),
            "campaign": Campaign.objects.filter(opportunity=opportunity).first(),
            "may_enquire": opportunity.status == Opportunity.Status.PUBLISHED
            and not permissions.is_promoter_of(request.user, opportunity),
        },
    )


def _no_fetching(url, *args, **kwargs):
    """The PDF is built from the page's own text only: WeasyPrint fetches nothing."""
    raise ValueError(f"not fetched: {url[:80]}")


@require_http_methods(["GET"])
def opportunity_pdf(request, slug):
    """The impact summary as a PDF (WeasyPrint): the same figures and sources as the page."""
    from weasyprint import HTML  # imported here: Pango loads only when a PDF is asked for

    opportunity = _opportunity_or_404(request, slug)
    html = render_to_string("investors/summary_pdf.html", _impact(request, opportunity), request=request)
    pdf = HTML(string=html, url_fetcher=_no_fetching).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="impact-summary-{opportunity.slug[:80]}.pdf"'
    return response


def _effects(data) -> dict:
    return {name: data.get(name) for name in Opportunity.EFFECT_FIELDS}


def _form_errors(form, exc: ValidationError) -> None:
    place_field = "site_boundary" if form.cleaned_data.get("site") is not None else "location_query"
    for field, errors in exc.message_dict.items():
        target = place_field if field == "geometry" else field if field in form.fields else None
        form.add_error(target, errors)


@login_required
@require_http_methods(["GET", "POST"])
def opportunity_new(request):
    organisations = Organisation.objects.filter(pk__in=permissions.promoter_org_ids(request.user)).order_by("name")
    if not organisations:
        messages.info(request, _("To list an opportunity, first create or join the organisation that promotes it."))
        return redirect("organisations:create")
    idea = None
    if request.GET.get("idea"):  # a community group turns its idea into a crowdfunding campaign
        idea = campaigns.idea_for_campaign(user=request.user, idea_id=parse_id(request.GET["idea"], name="idea"))
    return _edit(request, None, organisations, idea=idea)


@login_required
@require_http_methods(["GET", "POST"])
def opportunity_edit(request, slug):
    opportunity = _opportunity_or_404(request, slug)
    if not permissions.may_edit(request.user, opportunity):
        raise PermissionDenied(
            _("An opportunity can be changed only by its promoter, as a draft or when changes are requested.")
        )
    return _edit(request, opportunity, None)


def _initial(opportunity: Opportunity) -> dict:
    initial = {
        name: getattr(opportunity, name) for name in forms.OpportunityForm.base_fields if hasattr(opportunity, name)
    }
    geometry = opportunity.geometry
    point = geometry.point_on_surface if geometry.geom_type != "Point" else geometry
    initial.update(latitude=round(point.y, 6), longitude=round(point.x, 6))
    if geometry.geom_type != "Point":
        ward = Area.objects.filter(kind=Area.Kind.WARD, geometry__equals=geometry).only("pk").first()
        if ward is not None:
            initial["site_area"] = ward.pk
        else:
            initial["site_boundary"] = sites.as_text(geometry)
    return initial


def _from_idea(idea) -> dict:
    return {
        "title": idea.title[:160],
        "summary": idea.description[:1000],
        "promoter": idea.organisation_id,
        "sector": Sector.COMMUNITY,
        "investment_type": InvestmentType.CROWDFUNDING,
        "latitude": round(idea.location.y, 6),
        "longitude": round(idea.location.x, 6),
    }


def _draw_text() -> dict:
    return {
        "drawn": _("Boundary drawn with %(n)s corners. It is in the box below."),
        "removed": _("Boundary removed."),
    }


def _geoman_text() -> dict:
    """The drawing tools' words (Leaflet-Geoman's own keys), in the person's language."""
    return {
        "tooltips": {
            "firstVertex": _("Click to place the first corner"),
            "continueLine": _("Click to place the next corner"),
            "finishPoly": _("Click the first corner to finish"),
            "finishRect": _("Click to finish"),
        },
        "actions": {"finish": _("Finish"), "cancel": _("Cancel"), "removeLastVertex": _("Remove the last corner")},
        "buttonTitles": {
            "drawPolyButton": _("Draw the site boundary"),
            "drawRectButton": _("Draw a rectangular site"),
            "editButton": _("Move the corners"),
            "deleteButton": _("Remove the boundary"),
        },
    }


def _edit(request, opportunity, organisations, *, idea=None):
    searching = location_forms.is_search(request.POST)
    if searching:
        form = forms.OpportunityForm(initial=request.POST.dict(), organisations=organisations)
    elif request.method == "POST":
        form = forms.OpportunityForm(request.POST, request.FILES, organisations=organisations)
    else:
        initial = _initial(opportunity) if opportunity else _from_idea(idea) if idea else None
        form = forms.OpportunityForm(initial=initial, organisations=organisations)
    if request.method == "POST" and not searching:
        form.require_place()
        if form.is_valid():
            data = form.cleaned_data
            values = {name: data.get(name) for name in services.EDIT_FIELDS if name in data}
            values["sub_sector"] = data.get("sub_sector") or ""
            values["timeline"] = data.get("timeline") or ""
            try:
                if opportunity is None:
                    opportunity = services.opportunity_save(user=request.user, promoter=data["promoter"], **values)
                else:
                    opportunity = services.opportunity_save(user=request.user, opportunity=opportunity, **values)
            except ValidationError as exc:
                _form_errors(form, exc)
            else:
                if idea is not None:
                    messages.success(request, _("Saved. Now set the campaign's target, cost items and deadline."))
                    return redirect(
                        f"{reverse('investors:campaign-setup', kwargs={'slug': opportunity.slug})}?idea={idea.pk}"
                    )
                messages.success(request, _("Saved. Submit it for review when it is ready."))
                return redirect(opportunity)
    return render(
        request,
        "investors/form.html",
        {
            "form": form,
            "opportunity": opportunity,
            "site_map_config": map_config(text=_draw_text(), geoman=_geoman_text()),
            **location_forms.chooser_context(form, searching=searching),
        },
    )


@login_required
@require_POST
def opportunity_move(request, slug):
    opportunity = _opportunity_or_404(request, slug)
    form = forms.MoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose what to do with the opportunity."))
        return redirect(opportunity)
    try:
        opportunity = services.opportunity_move(
            user=request.user,
            opportunity=opportunity,
            to_status=form.cleaned_data["to_status"],
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as exc:
        for errors in exc.message_dict.values():
            for error in errors:
                messages.error(request, error)
    else:
        messages.success(
            request, _("The opportunity is now “%(status)s”.") % {"status": opportunity.get_status_display()}
        )
    return redirect(opportunity)


@login_required
@require_http_methods(["GET"])
def my_opportunities(request):
    organisations = Organisation.objects.filter(pk__in=permissions.promoter_org_ids(request.user)).order_by("name")
    return render(
        request,
        "investors/mine.html",
        {"opportunities": selectors.my_opportunities(user=request.user), "organisations": organisations},
    )


@login_required
@require_http_methods(["GET"])
def review_queue(request):
    if not permissions.is_moderator(request.user):
        raise PermissionDenied(_("Only moderators review opportunities."))
    return render(request, "investors/review.html", {"opportunities": selectors.moderation_queue()})


@require_http_methods(["GET", "POST"])
def additionality_page(request):
    factors, row = selectors.additionality_current()
    may_edit = request.user.is_authenticated and request.user.has_perm(permissions.EDIT_ADDITIONALITY)
    form = None
    if may_edit:
        initial = {
            "leakage": factors.leakage,
            "displacement": factors.displacement,
            "deadweight": factors.deadweight,
            "multiplier": factors.multiplier,
        }
        form = forms.AdditionalityForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                services.additionality_set(user=request.user, **form.cleaned_data)
            except ValidationError as exc:
                _form_errors(form, exc)
            else:
                messages.success(request, _("The factors are changed; every opportunity is being re-scored."))
                return redirect("investors:additionality")
    elif request.method == "POST":
        raise PermissionDenied(_("Only policy leads can change the additionality factors."))
    return render(
        request,
        "investors/additionality.html",
        {
            "factors": factors,
            "row": row,
            "log": selectors.additionality_log(),
            "form": form,
            "default_note": additionality.DEFAULT_NOTE,
            "guide_url": additionality.GUIDE_URL,
            "example": additionality.calculation(100, factors),
        },
    )


@require_http_methods(["GET"])
def compare(request):
    slugs = [s for s in request.GET.getlist("o") if s][:10]
    opportunities = selectors.compare(user=request.user, slugs=slugs)
    factors, _row = selectors.additionality_current()
    rows = []
    for opportunity in opportunities:
        _net, lines = additionality.net_effects(opportunity.effects, factors)
        rows.append({"opportunity": opportunity, "net": {line.effect: line.net for line in lines}})
    effects = [
        (name, Opportunity._meta.get_field(name).verbose_name)
        for name in Opportunity.EFFECT_FIELDS
        if any(row["net"].get(name) is not None for row in rows)
    ]
    return render(
        request,
        "investors/compare.html",
        {
            "rows": rows,
            "effects": effects,
            "enough": len(rows) >= selectors.COMPARE_MIN,
            "may_save": permissions.has_premium(request.user),
            "bands": dict(selectors.scale_bands()),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def saved(request):
    if not permissions.has_premium(request.user):
        raise PermissionDenied(
            _("Saved comparisons need a premium or trial tier on your organisation. Ask the council to set one up.")
        )
    if request.method == "POST":
        if request.POST.get("delete"):
            comparison = SavedComparison.objects.filter(
                user=request.user, pk=parse_id(request.POST.get("delete"), name="delete")
            ).first()
            if comparison is None:
                raise Http404(_("No such comparison."))
            services.comparison_delete(user=request.user, comparison=comparison)
            messages.success(request, _("The comparison is deleted."))
            return redirect("investors:saved")
        slugs = [s for s in request.POST.getlist("o") if s][:10]
        try:
            services.comparison_save(
                user=request.user,
                title=request.POST.get("title", "")[:200],
                opportunities=selectors.compare(user=request.user, slugs=slugs),
            )
        except ValidationError as exc:
            for errors in exc.message_dict.values():
                for error in errors:
                    messages.error(request, error)
            query = "&".join(f"o={s}" for s in slugs)
            return redirect(f"{reverse('investors:compare')}?{query}")
        messages.success(request, _("The comparison is saved."))
        return redirect("investors:saved")
    return render(request, "investors/saved.html", {"comparisons": selectors.saved_comparisons(user=request.user)})


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request, slug):
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None or not permissions.may_promote_for(request.user, organisation):
        raise Http404(_("No organisation of yours is called that."))
    profile = InvestorProfile.objects.filter(organisation=organisation).first()
    form = forms.ProfileForm(request.POST or None, instance_profile=profile, areas=_wards())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.profile_save(
                user=request.user,
                organisation=organisation,
                kind=data["kind"],
                sectors=data["sectors"],
                investment_types=data["investment_types"],
                ticket_min_gbp=data["ticket_min_gbp"],
                ticket_max_gbp=data["ticket_max_gbp"],
                areas=list(Area.objects.filter(code__in=data["areas"]).values_list("pk", flat=True)),
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("The investment profile is saved."))
            return redirect("investors:profile", slug=organisation.slug)
    return render(
        request,
        "investors/profile_form.html",
        {"form": form, "organisation": organisation, "profile": profile},
    )


@require_http_methods(["GET", "POST"])
def profile_detail(request, slug):
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None:
        raise Http404(_("No organisation found."))
    profile = InvestorProfile.objects.filter(organisation=organisation).prefetch_related("areas").first()
    may_set_tier = request.user.is_authenticated and request.user.has_perm(permissions.SET_TIER)
    may_verify = request.user.is_authenticated and request.user.has_perm(permissions.VERIFY)
    tier_form = forms.TierForm(request.POST or None, prefix="tier") if may_set_tier else None
    if request.method == "POST":
        if request.POST.get("verify") in {"yes", "no"} and may_verify:
            services.verify_set(user=request.user, organisation=organisation, verified=request.POST["verify"] == "yes")
            messages.success(request, _("Saved."))
            return redirect("investors:profile", slug=slug)
        if tier_form is None:
            raise PermissionDenied(_("Only administrators can set an organisation's tier."))
        if tier_form.is_valid():
            try:
                services.tier_set(
                    user=request.user,
                    organisation=organisation,
                    tier=tier_form.cleaned_data["tier"],
                    trial_ends_on=tier_form.cleaned_data["trial_ends_on"],
                )
            except ValidationError as exc:
                _form_errors(tier_form, exc)
            else:
                messages.success(request, _("The tier is set."))
                return redirect("investors:profile", slug=slug)
    return render(
        request,
        "investors/profile.html",
        {
            "organisation": organisation,
            "profile": profile,
            "member": permissions.may_promote_for(request.user, organisation),
            "tier_form": tier_form,
            "may_verify": may_verify,
            "sector_labels": dict(forms.Sector.choices),
            "type_labels": dict(forms.InvestmentType.choices),
            "opportunities": Opportunity.objects.filter(permissions.visible_filter(request.user), promoter=organisation)
            .defer("geometry")
            .order_by("-published_at", "-pk")[:20],
        },
    )


def _alert_delete(request):
    alert = OpportunityAlert.objects.filter(
        user=request.user, pk=parse_id(request.POST.get("delete"), name="delete")
    ).first()
    if alert is None:
        raise Http404(_("No such alert."))
    services.alert_delete(user=request.user, alert=alert)
    messages.success(request, _("The alert is deleted."))
    return redirect("investors:alerts")


def _alert_create(request):
    """An alert for the list's current filters (posted from the list page)."""
    form = forms.OpportunityFilterForm(request.POST, bands=selectors.scale_bands(), areas=_wards())
    if not form.is_valid():
        messages.error(request, _("Those filters cannot be used for an alert. Change them on the list and try again."))
        return redirect("investors:list")
    try:
        services.alert_save(
            user=request.user,
            name=request.POST.get("name", "")[:200],
            filters=form.cleaned_data,
            frequency=request.POST.get("frequency", ""),
        )
    except ValidationError as exc:
        for errors in exc.message_dict.values():
            for error in errors:
                messages.error(request, error)
        return redirect("investors:list")
    messages.success(request, _("The alert is set."))
    return redirect("investors:alerts")


@login_required
@require_http_methods(["GET", "POST"])
def alerts(request):
    if not permissions.has_premium(request.user):
        raise PermissionDenied(
            _("Alerts for new opportunities need a premium or trial tier on your organisation. Ask the council.")
        )
    if request.method == "POST":
        return _alert_delete(request) if request.POST.get("delete") else _alert_create(request)
    return render(
        request,
        "investors/alerts.html",
        {
            "alerts": OpportunityAlert.objects.filter(user=request.user),
            "labels": {
                "sector": dict(forms.Sector.choices),
                "investment_type": dict(forms.InvestmentType.choices),
                "scale_band": dict(selectors.scale_bands()),
                "planning_status": dict(Opportunity.PlanningStatus.choices),
                "decision_time": dict(Opportunity.DecisionTime.choices),
            },
        },
    )


@login_required
@require_POST
def opportunity_delivery(request, slug):
    opportunity = _opportunity_or_404(request, slug)
    form = forms.DeliveryForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(opportunity)
    try:
        services.delivery_set(
            user=request.user,
            opportunity=opportunity,
            stage=form.cleaned_data["delivery_stage"],
            started_on=form.cleaned_data["delivery_started_on"],
        )
    except ValidationError as exc:
        for errors in exc.message_dict.values():
            for error in errors:
                messages.error(request, error)
    else:
        messages.success(request, _("Delivery is recorded."))
    return redirect(opportunity)


@login_required
@require_http_methods(["GET", "POST"])
def business_case_edit(request, slug):
    """The promoter writes the business case, each section starting from the twin's draft."""
    opportunity = _opportunity_or_404(request, slug)
    if not permissions.may_edit(request.user, opportunity):
        raise PermissionDenied(
            _("The business case is written by the promoter, as a draft or when changes are requested.")
        )
    rows = business_case.sections(opportunity, _impact(request, opportunity))
    errors, status = {}, 200
    if request.method == "POST":
        typed = {key: request.POST.get(key, "")[: business_case.MAX_SECTION + 1] for key in business_case.KEYS}
        drafted = {row["key"]: row["text"] for row in rows if row["drafted"]}
        # A section left exactly as the twin drafted it stays a draft (it follows the figures).
        sections = {k: ("" if drafted.get(k, None) == v.strip() else v) for k, v in typed.items()}
        try:
            services.business_case_save(user=request.user, opportunity=opportunity, sections=sections)
        except ValidationError as exc:
            errors, status = exc.message_dict, 400
            for row in rows:
                row["text"] = typed[row["key"]]
        else:
            messages.success(request, _("Business case saved."))
            return redirect(f"{opportunity.get_absolute_url()}#business-case")
    return render(
        request,
        "investors/business_case_form.html",
        {"opportunity": opportunity, "rows": rows, "errors": errors},
        status=status,
    )
