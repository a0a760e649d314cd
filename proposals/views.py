"""Proposal and idea pages: filterable lists with a synced map, detail pages with their discussion,
consultation and decision, idea submission and responses, the layered map, the feed and comparison."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.gis.geos import Point
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from engagement import selectors as engagement_selectors
from pagecache import cache_page, cached_fragment, cached_object
from params import BadParameter, parse_float
from places import forms as location_forms
from places.maps import map_config
from proposals import permissions, selectors, services
from proposals.filters import list_filters
from proposals.forms import (
    DecisionForm,
    DocumentForm,
    IdeaFilterForm,
    IdeaForm,
    IdeaResponseForm,
    ImageForm,
    LayerForm,
    MilestoneForm,
    ProposalFilterForm,
)
from proposals.models import Decision, Idea, Milestone, PlanningProposal, ThematicLayer
from twin import delivery
from twin import reach as twin_reach
from twin import selectors as twin_selectors
from twin.permissions import figure_access


def _query_string(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def _list_page(request, *, name: str, form_class, selector, features: str, template: str):
    """A list page: filters, the synced map and the results are the same for everyone asking
    for the same filters in the same language, so that part is cached as one fragment under the
    content version (never stale) unless the filters are personal ("near my home"). Only the
    page around it – header, navigation – is rendered per person."""

    def render_body():
        form, kwargs, problem = list_filters(request, form_class)
        qs = _query_string(request)
        page = Paginator(selector(**kwargs), 20).get_page(request.GET.get("page"))
        results = render_to_string(
            f"proposals/_{name}_results.html", {"page": page, "query_string": qs}, request=request
        )
        context = {
            "form": form,
            "problem": problem,
            "results_html": mark_safe(results),  # noqa: S308 - our template
            "query_string": qs,
            "map_config": map_config(features=f"{features}?{qs}", kind=name),
        }
        return render_to_string("proposals/_list_body.html", context, request=request)

    personal = request.GET.get("near") == "home"
    body = render_body() if personal else cached_fragment(f"{name}-list", request, render_body)
    return render(request, template, {"body_html": mark_safe(body)})  # noqa: S308 - our template


@cache_page
def proposal_list(request):
    return _list_page(
        request,
        name="proposal",
        form_class=ProposalFilterForm,
        selector=selectors.proposal_list,
        features="/api/v1/proposals/features/",
        template="proposals/proposal_list.html",
    )


@cache_page
def proposal_detail(request, slug):
    def load():
        proposal = selectors.proposal_detail(slug=slug)
        return proposal, list(engagement_selectors.consultations_for(target=proposal))

    try:
        # The proposal with everything shown about it, shared by all viewers until anything changes.
        proposal, consultations = cached_object("proposal", (slug,), load)
    except PlanningProposal.DoesNotExist as exc:
        raise Http404(_("No proposal found.")) from exc
    user = request.user
    flags = tuple(user.has_perm(p) for p in PROPOSAL_PAGE_PERMISSIONS) + (
        permissions.can_manage_proposal(user, proposal),
    )
    shown = consultations if flags[0] else [c for c in consultations if c.stage != "draft"]
    access = figure_access(user)
    # The page around the discussion is the same for everyone with the same permissions and figures.
    key = (translation.get_language(), slug, flags, access.fingerprint())
    main_html = cached_object(
        "proposal-main", key, lambda: _proposal_main(request, proposal, shown, can_manage=flags[-1], access=access)
    )
    return render(
        request,
        "proposals/proposal_detail.html",
        {"proposal": proposal, "consultations": shown, "main_html": mark_safe(main_html)},  # noqa: S308 - our template
    )


# What the proposal page shows differently by permission (the first one also shows drafts).
PROPOSAL_PAGE_PERMISSIONS = (
    "engagement.change_consultation",
    "engagement.add_consultation",
    "proposals.publish_decision",
    "proposals.respond_idea",
)


def _proposal_main(request, proposal, consultations, *, can_manage: bool, access) -> str:
    context = {
        "proposal": proposal,
        "consultations": consultations,
        "decision": getattr(proposal, "decision", None),
        "can_manage": can_manage,
        "map_config": map_config(geometry=proposal.geometry.geojson),
        "score": twin_selectors.current_score(proposal),
        "score_url": reverse("twin:score", kwargs={"label": "proposals.planningproposal", "pk": proposal.pk}),
        "reach": twin_reach.reach(proposal.geometry, access=access),
    }
    delivered = delivery.compare(selectors.delivered_proposals(pks=[proposal.pk]), access=access)
    context["delivered"] = delivered[0] if delivered else None
    return render_to_string("proposals/_proposal_main.html", context, request=request)


@cache_page
def idea_list(request):
    return _list_page(
        request,
        name="idea",
        form_class=IdeaFilterForm,
        selector=selectors.idea_list,
        features="/api/v1/ideas/features/",
        template="proposals/idea_list.html",
    )


@cache_page
def idea_detail(request, pk):
    try:
        idea = selectors.idea_detail(pk=pk)
    except Idea.DoesNotExist as exc:
        raise Http404(_("No idea found.")) from exc
    similar = selectors.ideas_similar_nearby(title=idea.title, location=idea.location, exclude_pk=idea.pk)
    return render(
        request,
        "proposals/idea_detail.html",
        {
            "idea": idea,
            "similar": similar,
            "supporting": engagement_selectors.is_supporting(user=request.user, target=idea),
            "can_respond": request.user.has_perm("proposals.respond_idea"),
            "score": twin_selectors.current_score(idea) if idea.intervention_id else None,
            "score_url": reverse("twin:score", kwargs={"label": "proposals.idea", "pk": idea.pk}),
            "reach": twin_reach.reach(idea.location, access=figure_access(request.user)),
            # The group behind the idea may turn it into a crowdfunding campaign (investors' page).
            "may_crowdfund": bool(
                idea.organisation_id
                and request.user.is_authenticated
                and idea.organisation.members.filter(pk=request.user.pk).exists()
            ),
        },
    )


def idea_similar(request):
    """htmx: similar ideas near the pin while someone writes theirs, so they can support instead."""
    try:
        lat = parse_float(request.GET.get("latitude"), name="latitude", minimum=-90, maximum=90)
        lng = parse_float(request.GET.get("longitude"), name="longitude", minimum=-180, maximum=180)
    except BadParameter:  # no usable pin yet while someone types: nothing to suggest
        return render(request, "proposals/_similar.html", {"similar": None})
    title = request.GET.get("title", "")[:120]
    similar = selectors.ideas_similar_nearby(title=title, location=Point(lng, lat, srid=4326))
    return render(request, "proposals/_similar.html", {"similar": similar, "asked": bool(title.strip())})


@login_required
def idea_submit(request):
    searching = location_forms.is_search(request.POST)
    if searching:  # the location chooser's "Find" without JavaScript: show results, keep what was typed
        form = IdeaForm(initial=request.POST.dict())
    else:
        form = IdeaForm(request.POST or None, request.FILES or None)
    similar = None
    if request.method == "POST" and not searching and form.is_valid():
        data = form.cleaned_data
        photos = [(data["photo"], data["photo_description"])] if data.get("photo") else []
        try:
            idea = services.idea_submit(
                author=request.user,
                title=data["title"],
                description=data["description"],
                theme=data["theme"],
                location=data["point"],
                photos=photos,
                intervention=data.get("intervention"),
                intervention_quantity=data.get("intervention_quantity"),
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(
                    "location_query" if field == "location" else field if field in form.fields else None, errors
                )
        else:
            messages.success(request, _("Thank you – your idea has been shared."))
            return redirect(idea)
    if form.is_bound and form.cleaned_data.get("point") is not None:
        similar = selectors.ideas_similar_nearby(
            title=form.cleaned_data.get("title", ""), location=form.cleaned_data["point"]
        )
    return render(
        request,
        "proposals/idea_form.html",
        {
            "form": form,
            "similar": similar,
            "map_config": map_config(),
            **location_forms.chooser_context(form, searching=searching),
        },
        status=422 if form.is_bound and form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def idea_respond(request, pk):
    idea = get_object_or_404(Idea, pk=pk)
    permissions.check_perm(request.user, "proposals.respond_idea", _("Only moderators can give the official response."))
    form = IdeaResponseForm(request.POST or None, initial={"status": idea.status, "response": idea.official_response})
    if request.method == "POST" and form.is_valid():
        try:
            services.idea_respond(idea=idea, responder=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The response has been published."))
            return redirect(idea)
    return _form_page(
        request,
        form,
        title=_("Respond to this idea"),
        caption=idea.title,
        back_url=idea.get_absolute_url(),
        submit_label=_("Publish the response"),
    )


def _form_page(request, form, *, title, caption="", back_url="", submit_label="", intro="", multipart=False):
    return render(
        request,
        "components/form_page.html",
        {
            "form": form,
            "title": title,
            "caption": caption,
            "back_url": back_url,
            "submit_label": submit_label,
            "intro": intro,
            "multipart": multipart,
        },
        status=422 if form.errors else 200,
    )


def _proposal(slug) -> PlanningProposal:
    return get_object_or_404(PlanningProposal, slug=slug)


@login_required
@require_http_methods(["GET", "POST"])
def decision_publish(request, slug):
    proposal = _proposal(slug)
    permissions.check_perm(
        request.user, "proposals.publish_decision", _("Only moderators and policy leads can publish decisions.")
    )
    decision = getattr(proposal, "decision", None)
    form = DecisionForm(request.POST or None, instance=decision)
    if request.method == "POST" and form.is_valid():
        try:
            services.decision_publish(proposal=proposal, publisher=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The decision has been published."))
            return redirect(f"{proposal.get_absolute_url()}#decision")
    return _form_page(
        request,
        form,
        title=_("Publish the decision"),
        caption=proposal.title,
        back_url=proposal.get_absolute_url(),
        submit_label=_("Publish the decision"),
        intro=_(
            "The projected effects as they stand now are recorded with the decision, and the consultation "
            "is marked “decision published” with a link to its results."
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def milestone_edit(request, slug, pk=None):
    proposal = _proposal(slug)
    permissions.check_perm(request.user, "proposals.respond_idea", _("Only moderators can record actions."))
    milestone = get_object_or_404(Milestone, pk=pk, proposal=proposal) if pk else None
    nearby = list(
        selectors.idea_list(near=proposal.geometry.point_on_surface, within_km=2).values_list("pk", flat=True)[:50]
    )
    linked = list(milestone.ideas.values_list("pk", flat=True)) if milestone else []
    ideas_qs = Idea.objects.filter(pk__in=nearby + linked).only("pk", "title").order_by("-created_at")
    form = MilestoneForm(request.POST or None, instance=milestone, ideas_queryset=ideas_qs)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        ideas = data.pop("ideas")
        try:
            services.milestone_save(editor=request.user, milestone=milestone, ideas=ideas, proposal=proposal, **data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The action has been saved."))
            return redirect(f"{proposal.get_absolute_url()}#actions")
    return _form_page(
        request,
        form,
        title=_("Action or milestone"),
        caption=proposal.title,
        back_url=proposal.get_absolute_url(),
        submit_label=_("Save the action"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def document_add(request, slug):
    proposal = _proposal(slug)
    permissions.check_manage_proposal(request.user, proposal)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.document_add(proposal=proposal, title=form.cleaned_data["title"], upload=form.cleaned_data["file"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The document has been added."))
            return redirect(f"{proposal.get_absolute_url()}#documents")
    return _form_page(
        request,
        form,
        title=_("Add a document"),
        caption=proposal.title,
        back_url=proposal.get_absolute_url(),
        submit_label=_("Upload"),
        multipart=True,
    )


@login_required
@require_http_methods(["GET", "POST"])
def image_add(request, slug):
    proposal = _proposal(slug)
    permissions.check_manage_proposal(request.user, proposal)
    form = ImageForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.image_add(
                proposal=proposal, alt_text=form.cleaned_data["alt_text"], upload=form.cleaned_data["image"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The image has been added."))
            return redirect(f"{proposal.get_absolute_url()}#images")
    return _form_page(
        request,
        form,
        title=_("Add an image"),
        caption=proposal.title,
        back_url=proposal.get_absolute_url(),
        submit_label=_("Upload"),
        multipart=True,
    )


# --- The layered map, the feed, the comparison ------------------------------------------------------
@cache_page
def district_map(request):
    layers = selectors.layers()
    return render(
        request,
        "proposals/map.html",
        {
            "layers": layers,
            "can_manage_layers": request.user.has_perm("proposals.manage_layers"),
            "map_config": map_config(
                layers=[
                    {"slug": "areas", "url": "/api/v1/areas/?kind=ward", "kind": "areas", "colour": "#505a5f"},
                    {
                        "slug": "proposals",
                        "url": "/api/v1/proposals/features/",
                        "kind": "proposal",
                        "colour": "#1d70b8",
                    },
                    {"slug": "ideas", "url": "/api/v1/ideas/features/", "kind": "idea", "colour": "#d4351c"},
                ]
                + [
                    {
                        "slug": f"layer-{layer.slug}",
                        "url": f"/api/v1/proposals/features/?layer={layer.slug}",
                        "kind": "proposal",
                        "colour": layer.colour,
                    }
                    for layer in layers
                ]
            ),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def layer_edit(request, slug=None):
    permissions.check_perm(request.user, "proposals.manage_layers", _("Only moderators can define map layers."))
    layer = get_object_or_404(ThematicLayer, slug=slug) if slug else None
    form = LayerForm(request.POST or None, instance=layer)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        chosen = data.pop("proposals")
        try:
            services.layer_save(editor=request.user, layer=layer, proposals=chosen, **data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The map layer has been saved."))
            return redirect("proposals:map")
    return _form_page(
        request,
        form,
        title=_("Thematic map layer"),
        back_url="/map/",
        submit_label=_("Save the layer"),
        intro=_("A layer shows chosen proposals in one colour, with a legend and its own list."),
    )


@login_required
@cache_page
def feed(request):
    """The personal part is small (home ward, priorities, follows); the two lists it picks are
    the same for everyone with that ward or those priorities, so they are cached as HTML under
    the content version."""
    feed = selectors.feed_person(user=request.user)
    language = translation.get_language()

    def items(name, parts, load):
        def render_items():
            proposals, ideas = load()
            return render_to_string("proposals/_feed_items.html", {"proposals": proposals, "ideas": ideas})

        return mark_safe(cached_object(name, (language, *parts), render_items))  # noqa: S308 - our template

    ward = feed["ward"]
    if ward is not None:
        feed["home_html"] = items("feed-home", (ward.code,), lambda: selectors.feed_home(ward=ward))
    themes = sorted(feed["priorities"])
    feed["priorities_html"] = items("feed-themes", tuple(themes), lambda: selectors.feed_priorities(themes=themes))
    return render(request, "proposals/feed.html", {"feed": feed})


@cache_page
def compare(request):
    slugs = list(dict.fromkeys(s for s in request.GET.getlist("p") if s))[:4]
    proposals = selectors.proposals_compare(slugs=slugs)
    problem = ""
    if len(proposals) < 2:
        problem = _("Choose two to four proposals to compare, using the tick boxes on the list of proposals.")
    elif len(request.GET.getlist("p")) > 4:
        problem = _("You can compare up to four proposals at once. The first four are shown.")
    return render(
        request,
        "proposals/compare.html",
        {"proposals": proposals, "problem": problem, "outcomes": Decision.Outcome.choices},
        status=200 if len(proposals) >= 2 else 400,
    )
