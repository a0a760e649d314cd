"""The forms of a scenario's page, read once from a request: title and description, one plan
per area (sliders and interventions), and "add an area". What the person asked for is its
`intent`: change the areas (the page comes back with every value kept, nothing saved), preview
a slider move (htmx: only the projection comes back) or save."""

from django.utils.translation import gettext_lazy as _

from params import parse_ids
from places.models import Area
from twin import selectors
from twin.forms import AddAreaForm, AreaPlanForm, ScenarioForm, scenario_areas, slider_choices
from twin.models import Scenario

AREAS, PREVIEW, SAVE = "areas", "preview", "save"


class ScenarioEditor:
    def __init__(self, *, scenario: Scenario | None, data=None, htmx: bool = False):
        self.scenario = scenario
        self.allowed = {area.pk: area for area in scenario_areas()}
        self.kpis, self.interventions = slider_choices()
        self.saved_plans = list(scenario.plans.all()) if scenario else []
        self.status = 200
        self.add_form = None
        self.intent = None
        if data is None:
            self._from_saved()
        else:
            self._from_post(data, htmx=htmx)
        self.add_form = self.add_form or AddAreaForm(current=[p.area.pk for p in self.plan_forms])
        if len(self.plan_forms) == 1:
            self.plan_forms[0].expanded = True

    def _plan_form(self, area, data=None, initial=None) -> AreaPlanForm:
        return AreaPlanForm(data, initial=initial, area=area, kpis=self.kpis, interventions=self.interventions)

    def _from_saved(self) -> None:
        if self.scenario:
            self.form = ScenarioForm(initial={"title": self.scenario.title, "description": self.scenario.description})
            self.plan_forms = [
                self._plan_form(plan.area, initial=AreaPlanForm.initial_for(plan)) for plan in self.saved_plans
            ]
            return
        self.form = ScenarioForm()
        district = next((a for a in self.allowed.values() if a.kind == Area.Kind.DISTRICT), None)
        self.plan_forms = [self._plan_form(district)] if district else []

    def _from_post(self, data, *, htmx: bool) -> None:
        posted = parse_ids(data.getlist("area"), name="area", limit=50)
        ids = [pk for pk in posted if pk in self.allowed][: Scenario.MAX_AREAS]
        if "remove_area" in data:
            ids = [i for i in ids if str(i) != data["remove_area"]]
        self.plan_forms = [self._plan_form(self.allowed[i], data) for i in ids]
        if "add" in data or "remove_area" in data:
            self.intent = AREAS
            self.form = ScenarioForm(initial={k: data.get(k, "") for k in ("title", "description")})
            if "add" in data:
                self.add_form = AddAreaForm(data, current=ids)
                if self.add_form.is_valid():
                    self.plan_forms.append(self._plan_form(self.add_form.cleaned_data["add_area"], data))
                    self.plan_forms[-1].expanded = True
                    self.add_form = None
                else:
                    self.status = 422
            return
        self.intent = PREVIEW if htmx else SAVE
        self.form = ScenarioForm(data)
        if self.intent == SAVE:
            if not self.plan_forms:
                self.form.add_error(None, _("Add at least one area to the scenario."))
            if not self.is_valid():
                self.status = 422

    def plans_valid(self) -> bool:
        return all([plan.is_valid() for plan in self.plan_forms])

    def is_valid(self) -> bool:
        return self.plans_valid() and self.form.is_valid()

    def saved_fields(self) -> dict:
        """The arguments of services.scenario_save, once is_valid()."""
        return {
            "title": self.form.cleaned_data["title"],
            "description": self.form.cleaned_data["description"],
            "plans": [p.plan() for p in self.plan_forms],
        }

    def projection(self, *, access):
        """What the plans on the page would do (None while a posted value is invalid)."""
        if self.intent is not None:
            if not all(p.is_bound and p.is_valid() for p in self.plan_forms):
                return None
            plans = [p.plan() for p in self.plan_forms]
        elif not self.saved_plans:
            plans = [{"area": p.area, "adjustments": [], "interventions": []} for p in self.plan_forms]
        else:
            plans = [
                {"area": p.area, "adjustments": p.adjustments, "interventions": p.interventions}
                for p in self.saved_plans
            ]
        return selectors.scenario_projections(plans, access=access)

    def problems(self) -> list[tuple[str, str]]:
        """(field id, message) for every error of the page's forms, for one error summary."""
        if self.status != 422:
            return []
        problems = []
        for form in (self.form, self.add_form, *self.plan_forms):
            problems += [("", str(error)) for error in form.non_field_errors()]
            problems += [
                (form[name].auto_id, str(error))
                for name, errors in form.errors.items()
                if name != "__all__"
                for error in errors
            ]
        return problems

    def context(self, *, access) -> dict:
        return {
            "form": self.form,
            "add_form": self.add_form,
            "plan_forms": self.plan_forms,
            "max_areas": Scenario.MAX_AREAS,
            "problems": self.problems(),
            "scenario": self.scenario,
            "projection": self.projection(access=access),
            "described": selectors.scenario_described(self.saved_plans),
        }
