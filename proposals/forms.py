from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.themes import Theme
from proposals.models import Idea, PlanningProposal


class ProposalFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any status"))] + list(PlanningProposal.Status.choices)
    )
    theme = forms.ChoiceField(label=_("Theme"), required=False, choices=[("", _("Any theme"))] + list(Theme.choices))
    area = forms.CharField(label=_("Area code"), required=False, max_length=40)
    sort = forms.ChoiceField(
        label=_("Sort by"), required=False, choices=[("newest", _("Newest first")), ("oldest", _("Oldest first"))]
    )


class IdeaFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any status"))] + list(Idea.Status.choices)
    )
    theme = forms.ChoiceField(label=_("Theme"), required=False, choices=[("", _("Any theme"))] + list(Theme.choices))


class IdeaForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=120)
    description = forms.CharField(
        label=_("Describe your idea"), max_length=4000, widget=forms.Textarea(attrs={"rows": 6})
    )
    theme = forms.ChoiceField(label=_("Theme"), choices=[("", _("Choose a theme"))] + list(Theme.choices))
    latitude = forms.FloatField(
        label=_("Latitude"),
        min_value=-90,
        max_value=90,
        help_text=_("Click the map to set the pin, or type the coordinates, e.g. 52.4567"),
    )
    longitude = forms.FloatField(
        label=_("Longitude"), min_value=-180, max_value=180, help_text=_("For example -1.8345")
    )
