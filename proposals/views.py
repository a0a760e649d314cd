"""Proposal and idea pages: filterable lists, detail pages with their discussion, idea submission."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.gis.geos import Point
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from proposals import selectors, services
from proposals.forms import IdeaFilterForm, IdeaForm, ProposalFilterForm
from proposals.models import Idea, PlanningProposal


def _query_string(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def proposal_list(request):
    form = ProposalFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    proposals = selectors.proposal_list(
        status=filters.get("status", ""),
        theme=filters.get("theme", ""),
        area_code=filters.get("area", ""),
        query=filters.get("q", ""),
        sort=filters.get("sort") or "newest",
    )
    page = Paginator(proposals, 20).get_page(request.GET.get("page"))
    return render(
        request, "proposals/proposal_list.html", {"form": form, "page": page, "query_string": _query_string(request)}
    )


def proposal_detail(request, slug):
    try:
        proposal = selectors.proposal_detail(slug=slug)
    except PlanningProposal.DoesNotExist as exc:
        raise Http404(_("No proposal found.")) from exc
    return render(request, "proposals/proposal_detail.html", {"proposal": proposal})


def idea_list(request):
    form = IdeaFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    ideas = selectors.idea_list(
        status=filters.get("status", ""), theme=filters.get("theme", ""), query=filters.get("q", "")
    )
    page = Paginator(ideas, 20).get_page(request.GET.get("page"))
    return render(
        request, "proposals/idea_list.html", {"form": form, "page": page, "query_string": _query_string(request)}
    )


def idea_detail(request, pk):
    idea = get_object_or_404(Idea.objects.select_related("author", "organisation", "area"), pk=pk)
    similar = selectors.ideas_similar_nearby(title=idea.title, location=idea.location, exclude_pk=idea.pk)
    return render(request, "proposals/idea_detail.html", {"idea": idea, "similar": similar})


@login_required
def idea_submit(request):
    form = IdeaForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            idea = services.idea_submit(
                author=request.user,
                title=data["title"],
                description=data["description"],
                theme=data["theme"],
                location=Point(data["longitude"], data["latitude"], srid=4326),
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error("latitude" if field == "location" else field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Thank you – your idea has been shared."))
            return redirect(idea)
    return render(
        request,
        "proposals/idea_form.html",
        {
            "form": form,
            "map_config": {
                "tileUrl": settings.MAP_TILE_URL,
                "tileAttribution": settings.MAP_TILE_ATTRIBUTION,
                "center": settings.MAP_CENTER,
                "zoom": settings.MAP_ZOOM,
            },
        },
        status=422 if form.errors else 200,
    )
