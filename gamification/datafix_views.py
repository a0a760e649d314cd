"""Improve the map: residents check the places behind "within a 15-minute walk" (still here? pin
in the right place? something missing?) with no map needed, and moderators review what they say."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from gamification import datafixes, forms, selectors
from gamification.models import PlaceSuggestion
from pagecache import cache_page
from params import parse_id, parse_int
from places import forms as location_forms
from places import locations
from places.maps import map_config


def _page(request, queryset, per_page: int):
    number = parse_int(request.GET.get("page"), name="page", minimum=1, maximum=100_000, default=1)
    return Paginator(queryset, per_page).get_page(number)


@cache_page
def place_list(request):
    """The places, by kind and ward, each with a link to check it; your own suggestions."""
    wards = list(selectors.wards())
    form = forms.PlaceFilterForm(request.GET or None, wards=wards)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    area = next((w for w in wards if w.code == filters.get("area")), None)
    places = selectors.places_to_check(kind=filters.get("kind", ""), area=area)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": _page(request, places, 50),
        "query_string": query.urlencode(),
        "mine": selectors.suggestions_of(person=request.user) if request.user.is_authenticated else [],
    }
    return render(request, "gamification/improve/places.html", context, status=400 if form.errors else 200)


def _place_or_404(pk):
    place = selectors.place_to_check(pk=parse_id(pk, name="pk"))
    if place is None:
        raise Http404(_("No such place on the map."))
    return place


def _suggest(request, form, **fields) -> bool:
    """Make the suggestion from a valid form; its refusals land on the form's fields."""
    try:
        datafixes.suggestion_make(person=request.user, **fields)
    except ValidationError as problem:
        for key, errors in getattr(problem, "error_dict", {None: problem.error_list}).items():
            form.add_error(key if key in form.fields else None, errors)
        return False
    messages.success(request, _("Thank you. A moderator will look at it; you will hear what they decide."))
    return True


@login_required
@require_http_methods(["GET", "POST"])
def place_check(request, pk):
    """One place: is it still here, is its pin right (the location chooser: no map needed)?"""
    place = _place_or_404(pk)
    action = request.POST.get("action") if request.method == "POST" else None
    gone = forms.GoneForm(request.POST if action == "gone" else None)
    searching = action == "moved" and location_forms.is_search(request.POST)
    moved = forms.MovedForm(request.POST if action == "moved" else None)
    if action == "gone" and gone.is_valid():
        if _suggest(request, gone, kind="gone", place=place, note=gone.cleaned_data["note"]):
            return redirect("improve:places")
    elif action == "moved" and not searching and moved.is_valid():
        data = moved.cleaned_data
        if _suggest(request, moved, kind="moved", place=place, location=data["point"], note=data["note"]):
            return redirect("improve:places")
    if searching:
        moved.is_valid()
        moved.errors.clear()
    context = {
        "place": place,
        "where": locations.describe(point=place.location),
        "gone_form": gone,
        "form": moved,
        "map_config": map_config(
            center=[place.location.y, place.location.x],
            zoom=17,
            reference={"at": [place.location.y, place.location.x], "label": _("Where the map has it now")},
        ),
        **location_forms.chooser_context(moved, searching=searching),
    }
    failed = (action == "gone" and gone.errors) or (action == "moved" and not searching and moved.errors)
    return render(request, "gamification/improve/place.html", context, status=422 if failed else 200)


@login_required
@require_http_methods(["GET", "POST"])
def place_missing(request):
    """Something missing: what kind, its name, where."""
    searching = location_forms.is_search(request.POST) if request.method == "POST" else False
    form = forms.MissingForm(request.POST or None)
    if request.method == "POST" and not searching and form.is_valid():
        data = form.cleaned_data
        fields = {"place_kind": data["place_kind"], "name": data["name"], "note": data["note"]}
        if _suggest(request, form, kind="missing", location=data["point"], **fields):
            return redirect("improve:places")
    if searching:
        form.is_valid()
        form.errors.clear()
    context = {"form": form, "map_config": map_config(), **location_forms.chooser_context(form, searching=searching)}
    failed = request.method == "POST" and not searching and form.errors
    return render(request, "gamification/improve/missing.html", context, status=422 if failed else 200)


@login_required
@require_http_methods(["GET", "POST"])
def review_queue(request):
    """Moderators: waiting suggestions, oldest first, each with what accepting it would do."""
    if not request.user.has_perm("gamification.review_placesuggestion"):
        raise PermissionDenied(_("Only moderators review corrections to places."))
    waiting = selectors.suggestions_waiting()
    page = _page(request, waiting, 20)
    rows = [{"suggestion": s, "change": datafixes.describe_change(s)} for s in page.object_list]
    return render(request, "gamification/improve/review.html", {"page": page, "rows": rows})


@login_required
@require_POST
def review(request, pk):
    if not request.user.has_perm("gamification.review_placesuggestion"):
        raise PermissionDenied(_("Only moderators review corrections to places."))
    suggestion = PlaceSuggestion.objects.filter(pk=parse_id(pk, name="pk")).first()
    if suggestion is None:
        raise Http404(_("No such suggestion."))
    form = forms.ReviewForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Choose accept or reject."))
        accept = form.cleaned_data["decision"] == "accept"
        datafixes.suggestion_review(
            suggestion=suggestion, by=request.user, accept=accept, note=form.cleaned_data["review_note"]
        )
    except ValidationError as problem:
        messages.error(request, " ".join(problem.messages))
    else:
        messages.success(request, _("Accepted: the map is corrected.") if accept else _("Rejected; they are told why."))
    return redirect("improve:review")
