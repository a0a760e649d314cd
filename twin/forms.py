from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.themes import Theme
from places.models import Area
from twin.models import Intervention, KpiDefinition, Scenario

SCENARIO_KPIS = [
    "no2",
    "pm25",
    "carbon_intensity",
    "emissions_per_person",
    "epc_c_share",
    "employment_rate",
    "green_space_per_person",
    "active_travel_share",
]
INTERVENTION_MAX = {
    "charger": 200,
    "home": 2000,
    "tree": 5000,
    "km": 20,
    "m²": 50000,
    "MWh per year": 5000,
    "local hire": 1000,
}


class WeightsForm(forms.Form):
    note = forms.CharField(label=_("Why the weights change"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)

    def __init__(self, *args, current=None, **kwargs):
        super().__init__(*args, **kwargs)
        for theme in Theme:
            self.fields[f"w_{theme.value}"] = forms.FloatField(
                label=theme.label,
                min_value=0,
                max_value=100,
                initial=(current or {}).get(theme.value, 0),
                widget=forms.NumberInput(
                    attrs={"class": "govuk-input govuk-input--width-4", "step": "any", "inputmode": "decimal"}
                ),
            )
        self.order_fields([f"w_{t.value}" for t in Theme] + ["note"])

    def clean(self):
        data = super().clean()
        weights = {t.value: data.get(f"w_{t.value}") for t in Theme}
        if None not in weights.values():
            total = sum(weights.values())
            if abs(total - 100) > 0.01:
                raise forms.ValidationError(
                    _("The weights add up to %(total)s; they must add up to 100.") % {"total": f"{total:g}"}
                )
        data["weights"] = weights
        return data


def scenario_areas():
    """The areas a scenario can cover: the district and its wards."""
    return Area.objects.filter(kind__in=[Area.Kind.DISTRICT, Area.Kind.WARD]).order_by("kind", "name").defer("geometry")


class ScenarioForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=160)
    description = forms.CharField(
        label=_("What the policy is"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


class AddAreaForm(forms.Form):
    add_area = forms.ModelChoiceField(
        label=_("Add an area"),
        queryset=Area.objects.none(),
        empty_label=_("Choose an area"),
        error_messages={"required": _("Choose the area to add.")},
    )

    def __init__(self, *args, current=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.current = list(current)
        self.fields["add_area"].queryset = scenario_areas()

    def clean_add_area(self):
        area = self.cleaned_data["add_area"]
        if area.pk in self.current:
            raise forms.ValidationError(_("%(area)s is already in the scenario.") % {"area": area.name})
        if len(self.current) >= Scenario.MAX_AREAS:
            raise forms.ValidationError(_("A scenario can cover up to %(max)s areas.") % {"max": Scenario.MAX_AREAS})
        return area


class AreaPlanForm(forms.Form):
    """The sliders of one area in a scenario; its prefix is the area's primary key."""

    def __init__(self, *args, area, kpis, interventions, **kwargs):
        super().__init__(*args, prefix=f"a{area.pk}", **kwargs)
        self.area = area
        self.kpis = kpis
        self.interventions = interventions
        for kpi in kpis:
            self.fields[f"mode_{kpi.code}"] = forms.ChoiceField(
                label=_("How"),
                choices=[("percent", _("per cent")), ("absolute", kpi.unit)],
                initial="percent",
                required=False,
            )
            self.fields[f"adj_{kpi.code}"] = forms.FloatField(
                label=kpi.name, min_value=-50, max_value=50, initial=0, required=False
            )
        for item in interventions:
            self.fields[f"int_{item.code}"] = forms.FloatField(
                label=item.name, min_value=0, max_value=INTERVENTION_MAX.get(item.unit, 1000), initial=0, required=False
            )

    expanded = False  # the view opens every group of a single area and of one just added

    def _set(self, names) -> bool:
        """Whether any of these sliders is off zero or has an error (its group is then shown open)."""
        for name in names:
            if self.is_bound and self.errors.get(name):
                return True
            try:
                if float(self[name].value() or 0):
                    return True
            except (TypeError, ValueError):
                return True
        return False

    def show_adjustments(self) -> bool:
        return self.expanded or self._set([f"adj_{k.code}" for k in self.kpis])

    def show_interventions(self) -> bool:
        return self.expanded or self._set([f"int_{i.code}" for i in self.interventions])

    def adjustment_rows(self):
        return [(kpi, self[f"mode_{kpi.code}"], self[f"adj_{kpi.code}"]) for kpi in self.kpis]

    def intervention_rows(self):
        return [(item, self[f"int_{item.code}"]) for item in self.interventions]

    def plan(self) -> dict:
        data = self.cleaned_data
        return {
            "area": self.area,
            "adjustments": [
                {"kpi": k.code, "mode": data.get(f"mode_{k.code}") or "percent", "value": data[f"adj_{k.code}"]}
                for k in self.kpis
                if data.get(f"adj_{k.code}")
            ],
            "interventions": [
                {"code": i.code, "quantity": data[f"int_{i.code}"]}
                for i in self.interventions
                if data.get(f"int_{i.code}")
            ],
        }

    @staticmethod
    def initial_for(plan) -> dict:
        initial = {}
        for a in plan.adjustments:
            initial[f"mode_{a['kpi']}"] = a.get("mode", "percent")
            initial[f"adj_{a['kpi']}"] = a.get("value", 0)
        for i in plan.interventions:
            initial[f"int_{i['code']}"] = i.get("quantity", 0)
        return initial


def slider_choices():
    """What every area's sliders offer: the scenario KPIs and the intervention catalogue."""
    return (
        list(KpiDefinition.objects.filter(code__in=SCENARIO_KPIS).order_by("theme", "name")),
        list(Intervention.objects.all()),
    )


class AccessRequestForm(forms.Form):
    purpose = forms.CharField(
        label=_("What will you use the data for?"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )


class TermsForm(forms.Form):
    accept = forms.BooleanField(
        label=_("I accept these terms"), error_messages={"required": _("Tick the box to accept the terms.")}
    )


class AccessDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=[("approve", _("Approve")), ("refuse", _("Refuse"))], widget=forms.RadioSelect
    )
    note = forms.CharField(label=_("Note to the person (optional)"), required=False, max_length=1000)
