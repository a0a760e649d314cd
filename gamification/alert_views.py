"""Alerts for new street reports: the signed-in person's alerts (in a ward, or around a place
chosen without needing a map), and the public Atom feeds."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from gamification import alerts, forms, selectors
from params import parse_id
from places import forms as location_forms
from places.maps import map_config
from places.models import Area


def _areas() -> list[Area]:
    district = list(Area.objects.filter(kind=Area.Kind.DISTRICT).only("code", "name", "kind").order_by("name")[:1])
    return district + list(selectors.wards())


@login_required
@require_http_methods(["GET", "POST"])
def alert_list(request):
    areas = _areas()
    action = request.POST.get("action") if request.method == "POST" else None
    area_form = forms.AlertAreaForm(request.POST if action == "area" else None, areas=areas)
    searching = action == "point" and location_forms.is_search(request.POST)
    point_form = forms.AlertPointForm(request.POST if action == "point" else None, initial={"radius_m": 500})
    form = area_form if action == "area" else point_form
    if action in ("area", "point") and not searching and form.is_valid():
        try:
            if action == "area":
                alert = alerts.alert_area_add(person=request.user, area=area_form.areas[form.cleaned_data["area"]])
            else:
                data = form.cleaned_data
                alert = alerts.alert_point_add(person=request.user, point=data["point"], radius_m=data["radius_m"])
        except ValidationError as problem:
            for key, errors in getattr(problem, "error_dict", {None: problem.error_list}).items():
                form.add_error(key if key in form.fields else None, errors)
        else:
            messages.success(request, _("You will hear of new reports: %(place)s.") % {"place": alert.place})
            return redirect("gamification:alerts")
    if searching:
        point_form.is_valid()  # keep what was typed; show the results, save nothing
        point_form.errors.clear()
    context = {
        "alerts": alerts.alerts_for(person=request.user),
        "area_form": area_form,
        "form": point_form,
        "areas": areas,
        "map_config": map_config(),
        **location_forms.chooser_context(point_form, searching=searching),
    }
    failed = action in ("area", "point") and not searching and form.errors
    return render(request, "gamification/alerts.html", context, status=422 if failed else 200)


@login_required
@require_POST
def alert_remove(request, pk):
    try:
        alerts.alert_remove(person=request.user, alert_id=parse_id(pk, name="pk"))
    except ValidationError as problem:
        messages.error(request, " ".join(problem.messages))
    else:
        messages.success(request, _("The alert is removed."))
    return redirect("gamification:alerts")
