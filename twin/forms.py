from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.themes import Theme
from places.models import Area
from twin.models import Intervention, KpiDefinition

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


class ScenarioForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=160)
    description = forms.CharField(
        label=_("What the policy is"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    area = forms.ModelChoiceField(label=_("Area"), queryset=Area.objects.none(), empty_label=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = (
            Area.objects.filter(kind__in=[Area.Kind.DISTRICT, Area.Kind.WARD])
            .order_by("kind", "name")
            .defer("geometry")
        )
        self.kpis = list(KpiDefinition.objects.filter(code__in=SCENARIO_KPIS).order_by("theme", "name"))
        self.interventions = list(Intervention.objects.all())
        for kpi in self.kpis:
            self.fields[f"mode_{kpi.code}"] = forms.ChoiceField(
                label=_("How"),
                choices=[("percent", _("per cent")), ("absolute", kpi.unit)],
                initial="percent",
                required=False,
            )
            self.fields[f"adj_{kpi.code}"] = forms.FloatField(
                label=kpi.name,
                min_value=-50,
                max_value=50,
                initial=0,
                required=False,
                widget=forms.NumberInput(
                    attrs={"type": "range", "min": -50, "max": 50, "step": 0.5, "class": "civic-range"}
                ),
            )
        for item in self.interventions:
            top = INTERVENTION_MAX.get(item.unit, 1000)
            self.fields[f"int_{item.code}"] = forms.FloatField(
                label=item.name,
                min_value=0,
                max_value=top,
                initial=0,
                required=False,
                widget=forms.NumberInput(
                    attrs={"type": "range", "min": 0, "max": top, "step": 1, "class": "civic-range"}
                ),
            )

    def adjustment_rows(self):
        return [(kpi, self[f"mode_{kpi.code}"], self[f"adj_{kpi.code}"]) for kpi in self.kpis]

    def intervention_rows(self):
        return [(item, self[f"int_{item.code}"]) for item in self.interventions]

    def scenario_data(self):
        data = self.cleaned_data
        adjustments = [
            {"kpi": k.code, "mode": data.get(f"mode_{k.code}") or "percent", "value": data.get(f"adj_{k.code}") or 0}
            for k in self.kpis
            if data.get(f"adj_{k.code}")
        ]
        interventions = [
            {"code": i.code, "quantity": data.get(f"int_{i.code}")}
            for i in self.interventions
            if data.get(f"int_{i.code}")
        ]
        return adjustments, interventions

    @staticmethod
    def initial_for(scenario):
        initial = {"title": scenario.title, "description": scenario.description, "area": scenario.area_id}
        for a in scenario.adjustments:
            initial[f"mode_{a['kpi']}"] = a.get("mode", "percent")
            initial[f"adj_{a['kpi']}"] = a.get("value", 0)
        for i in scenario.interventions:
            initial[f"int_{i['code']}"] = i.get("quantity", 0)
        return initial


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
