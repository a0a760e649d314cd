from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.themes import Theme
from places.forms import LocationForm
from places.models import Area
from proposals.models import Decision, Idea, Milestone, PlanningProposal, ThematicLayer
from twin.models import Intervention

NEAR_CHOICES = [("", _("Anywhere")), ("home", _("Near my home area"))]
WITHIN_CHOICES = [("", _("Any distance")), ("0.5", "500 m"), ("1", "1 km"), ("2", "2 km"), ("5", "5 km")]


class _ListFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    theme = forms.ChoiceField(label=_("Theme"), required=False, choices=[("", _("Any theme"))] + list(Theme.choices))
    area = forms.ChoiceField(label=_("Ward"), required=False)
    near = forms.ChoiceField(label=_("Near"), required=False, choices=NEAR_CHOICES)
    within = forms.ChoiceField(label=_("Within"), required=False, choices=WITHIN_CHOICES)
    lat = forms.FloatField(required=False, min_value=-90, max_value=90, widget=forms.HiddenInput)
    lng = forms.FloatField(required=False, min_value=-180, max_value=180, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):

        super().__init__(*args, **kwargs)
        wards = Area.objects.filter(kind=Area.Kind.WARD).order_by("name").values_list("code", "name")
        self.fields["area"].choices = [("", _("Any ward"))] + list(wards)


class ProposalFilterForm(_ListFilterForm):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any status"))] + list(PlanningProposal.Status.choices)
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("newest", _("Newest first")),
            ("supported", _("Most supported")),
            ("closing", _("Closing soon")),
            ("nearest", _("Nearest first")),
            ("oldest", _("Oldest first")),
        ],
    )
    field_order = ["q", "status", "theme", "area", "near", "within", "sort"]


class IdeaFilterForm(_ListFilterForm):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any status"))] + list(Idea.Status.choices)
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("newest", _("Newest first")),
            ("supported", _("Most supported")),
            ("nearest", _("Nearest first")),
            ("oldest", _("Oldest first")),
        ],
    )
    field_order = ["q", "status", "theme", "area", "near", "within", "sort"]


class IdeaForm(LocationForm):
    title = forms.CharField(label=_("Title"), max_length=120)
    description = forms.CharField(
        label=_("Describe your idea"), max_length=4000, widget=forms.Textarea(attrs={"rows": 6})
    )
    theme = forms.ChoiceField(label=_("Theme"), choices=[("", _("Choose a theme"))] + list(Theme.choices))
    intervention = forms.ModelChoiceField(
        label=_("What would it take? (optional)"),
        queryset=Intervention.objects.all(),
        required=False,
        empty_label=_("Not sure / none of these"),
        help_text=_("If your idea is one of these, the city's figures can show what difference it would make."),
    )
    intervention_quantity = forms.IntegerField(
        label=_("How many (optional)"),
        required=False,
        min_value=1,
        max_value=100_000,
        help_text=_("For example 20 trees or 5 chargers."),
        widget=forms.NumberInput(attrs={"class": "govuk-input govuk-input--width-5", "inputmode": "numeric"}),
    )
    photo = forms.FileField(
        label=_("Photo (optional)"),
        required=False,
        help_text=_("JPEG, PNG or WebP, up to 10 MB. We remove the location and camera details stored in the file."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    photo_description = forms.CharField(
        label=_("What the photo shows"),
        required=False,
        max_length=250,
        help_text=_("For people who cannot see it, e.g. “Broken paving outside the library”."),
    )

    def clean(self):
        data = super().clean()
        if data.get("intervention") and not data.get("intervention_quantity"):
            self.add_error("intervention_quantity", _("Say how many, or choose “Not sure”."))
        if data.get("intervention_quantity") and not data.get("intervention"):
            self.add_error("intervention", _("Choose what it would take, or leave “How many” empty."))
        return data


class IdeaResponseForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Idea.Status.choices, widget=forms.RadioSelect)
    response = forms.CharField(
        label=_("Official response"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Shown on the idea's page and sent to its author and followers."),
    )


class DecisionForm(forms.ModelForm):
    class Meta:
        model = Decision
        fields = ["outcome", "reasoning", "what_changed"]
        widgets = {
            "outcome": forms.RadioSelect,
            "reasoning": forms.Textarea(attrs={"rows": 8}),
            "what_changed": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "reasoning": _("Plain language. Say how the consultation's results were weighed."),
            "what_changed": _("“You said, we did”: what changed because of what people told us."),
        }


class MilestoneForm(forms.ModelForm):
    class Meta:
        model = Milestone
        fields = ["title", "description", "status", "due_date", "ideas"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "status": forms.RadioSelect,
            "due_date": forms.DateInput(attrs={"type": "date"}),
            "ideas": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, ideas_queryset=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ideas"].queryset = ideas_queryset if ideas_queryset is not None else Idea.objects.none()
        self.fields["ideas"].required = False
        self.fields["ideas"].help_text = _("Ideas near the proposal, newest first. Their authors see this action.")


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=160)
    file = forms.FileField(
        label=_("PDF file"),
        help_text=_("Up to 20 MB. It must not be password-protected."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
    )


class ImageForm(forms.Form):
    image = forms.FileField(
        label=_("Image"),
        help_text=_("JPEG, PNG or WebP, up to 10 MB and 40 megapixels. Location details are removed."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    alt_text = forms.CharField(label=_("Describe the image for people who cannot see it"), max_length=250)


class LayerForm(forms.ModelForm):
    class Meta:
        model = ThematicLayer
        fields = ["name", "description", "colour", "proposals", "position"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "colour": forms.RadioSelect,
            "proposals": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposals"].queryset = PlanningProposal.objects.only("pk", "title").order_by("title")
