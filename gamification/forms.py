from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from gamification.models import Questionnaire, Report, ReportAlert, ResponseTemplate, Service, ServiceAttribute
from places.forms import LocationForm
from places.models import Area, Place

User = get_user_model()

ANY_STATUS = "all"
AGES = [("", _("Any time")), ("7", _("Last 7 days")), ("30", _("Last 30 days")), ("90", _("Last 90 days"))]


class ReportFilterForm(forms.Form):
    """The public list's filters; every choice comes from a fixed list, so nothing else gets in."""

    service = forms.ChoiceField(label=_("Problem"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    area = forms.ChoiceField(label=_("Ward"), required=False)
    age = forms.ChoiceField(label=_("Reported"), required=False, choices=AGES)

    def __init__(self, *args, services=(), wards=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].choices = [("", _("All problems"))] + [(s.code, s.name) for s in services]
        # Like FixMyStreet: what is still to fix, unless people ask for more (the map shows the same).
        self.fields["status"].choices = [
            ("", _("Not yet fixed or closed")),
            (ANY_STATUS, _("Any status")),
            *Report.Status.choices,
        ]
        self.fields["area"].choices = [("", _("All wards"))] + [(a.code, a.name) for a in wards]


def filter_form(data) -> ReportFilterForm:
    services = Service.objects.filter(public=True).only("code", "name").order_by("name")
    wards = Area.objects.filter(kind=Area.Kind.WARD).only("code", "name").order_by("name")
    return ReportFilterForm(data or None, services=services, wards=wards)


# --- Reporting a problem -------------------------------------------------------------------------
class ReportStartForm(LocationForm):
    """Step one: what the problem is and where (the location chooser: no map needed)."""

    service = forms.ChoiceField(label=_("What is the problem?"), widget=forms.RadioSelect)
    location_missing = _("Choose where the problem is: search for a postcode, place or ward, or use the map.")

    def __init__(self, *args, services=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.services = {s.code: s for s in services}
        self.fields["service"].choices = [(s.code, s.name) for s in services]
        self.fields["service"].error_messages["required"] = _("Choose what the problem is.")

    def groups(self) -> list[tuple[str, list]]:
        """The categories by group, for the grouped radios."""
        chosen = self.data.get("service") if self.is_bound else self.initial.get("service")
        grouped: dict[str, list] = {}
        for index, service in enumerate(self.services.values()):
            grouped.setdefault(service.group or _("Other"), []).append(
                {"service": service, "checked": service.code == chosen, "id": f"id_service_{index}"}
            )
        return list(grouped.items())


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented pattern); each is checked by the service."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class ReportDetailsForm(forms.Form):
    """Step two: the description, the category's own questions, photos and whether to show a name."""

    description = forms.CharField(
        label=_("Describe the problem"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What is wrong, how big it is, and anything that helps find it (e.g. “outside number 12”)."),
    )
    address = forms.CharField(label=_("Nearest address or landmark (optional)"), max_length=300, required=False)
    photos = MultipleFileField(
        label=_("Photos (optional, up to 3)"),
        required=False,
        help_text=_("JPEG, PNG or WebP, up to 10 MB each. We remove the location and camera details stored in them."),
    )
    photo_description = forms.CharField(
        label=_("What the photos show (optional)"),
        max_length=250,
        required=False,
        help_text=_("For people who cannot see them, e.g. “Pothole the size of a dinner plate”."),
    )
    name_shown = forms.BooleanField(
        label=_("Show my name on the public report"),
        required=False,
        help_text=_(
            "If you leave this unticked, the public sees “a resident”; council staff always see who reported it."
        ),
    )

    def __init__(self, *args, service: Service, **kwargs):
        super().__init__(*args, **kwargs)
        self.service = service
        self.questions = []
        for attribute in service.attributes.all():
            if not attribute.variable:
                continue
            name = f"attribute_{attribute.code}"
            self.fields[name] = _question_field(attribute)
            self.questions.append(name)

    def question_fields(self) -> list:
        return [self[name] for name in self.questions]

    def answers(self) -> dict:
        return {name.removeprefix("attribute_"): self.cleaned_data.get(name) for name in self.questions}

    def field_for(self, key: str) -> str | None:
        """The form field an error from the service belongs to."""
        if key.startswith("attribute[") and key.endswith("]"):
            name = f"attribute_{key[10:-1]}"
            return name if name in self.fields else None
        return key if key in self.fields else None


class PhotoAddForm(forms.Form):
    """Photos added to an existing report."""

    photos = MultipleFileField(label=_("Photos (up to 3)"), required=False)
    photo_description = forms.CharField(label=_("What the photos show (optional)"), max_length=250, required=False)


def _question_field(attribute: ServiceAttribute) -> forms.Field:
    kind = ServiceAttribute.Datatype
    common = {
        "label": attribute.description,
        "required": attribute.required,
        "help_text": attribute.datatype_description,
    }
    choices = [(v.get("key"), v.get("name") or v.get("key")) for v in attribute.values if isinstance(v, dict)]
    if attribute.datatype == kind.SINGLE:
        return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)
    if attribute.datatype == kind.MULTI:
        return forms.MultipleChoiceField(choices=choices, widget=forms.CheckboxSelectMultiple, **common)
    if attribute.datatype == kind.TEXT:
        return forms.CharField(max_length=4000, widget=forms.Textarea(attrs={"rows": 3}), **common)
    if attribute.datatype == kind.NUMBER:
        return forms.CharField(
            max_length=32,
            widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input govuk-input--width-10"}),
            **common,
        )
    return forms.CharField(max_length=300, **common)


class ReportManageForm(forms.Form):
    """Staff: move a report on, with a public note (or a response template) and an internal one."""

    status = forms.ChoiceField(label=_("Status"), choices=Report.Status.choices, widget=forms.RadioSelect)
    template = forms.ModelChoiceField(
        label=_("Response template (optional)"),
        queryset=ResponseTemplate.objects.filter(active=True),
        required=False,
        empty_label=_("None: write the note below"),
        help_text=_("Used as the public note when the note is left empty."),
    )
    public_note = forms.CharField(
        label=_("Public note"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Shown on the report and sent to the reporter and followers."),
    )
    internal_note = forms.CharField(
        label=_("Internal note"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Council staff only: never shown to residents."),
    )
    priority = forms.ChoiceField(label=_("Priority"), choices=Report.Priority.choices)
    assigned_to = forms.ModelChoiceField(
        label=_("Assigned to"), queryset=User.objects.none(), required=False, empty_label=_("Nobody")
    )
    duplicate_of = forms.IntegerField(
        label=_("Duplicate of report number"),
        required=False,
        min_value=1,
        max_value=2**31 - 1,
        help_text=_("Only for the status “Duplicate”: its supporters and followers move to that report."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input govuk-input--width-10"}),
    )

    def __init__(self, *args, staff=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assigned_to"].queryset = staff if staff is not None else User.objects.none()
        self.fields["assigned_to"].label_from_instance = lambda person: person.display_name

    def clean(self):
        data = super().clean()
        template = data.get("template")
        if template is not None and not (data.get("public_note") or "").strip():
            data["public_note"] = template.text
        if data.get("status") == Report.Status.DUPLICATE and data.get("duplicate_of"):
            original = Report.objects.filter(pk=data["duplicate_of"]).first()
            if original is None:
                self.add_error("duplicate_of", _("There is no report with this number."))
            data["original"] = original
        return data


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Anything to add? (optional)"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class QuestionnaireForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Was the problem fixed?"), choices=Questionnaire.Answer.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("Anything to add? (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


# --- Rewards ---------------------------------------------------------------------------------------
class LeaderboardForm(forms.Form):
    """Which board: the period, and the district, a ward or a community group (fixed choices)."""

    period = forms.ChoiceField(label=_("Period"), required=False, choices=[])
    area = forms.ChoiceField(label=_("Ward"), required=False)
    group = forms.ChoiceField(label=_("Community group"), required=False)

    def __init__(self, *args, periods=(), wards=(), groups=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = list(periods)
        self.fields["area"].choices = [("", _("The whole district"))] + [(a.code, a.name) for a in wards]
        self.fields["group"].choices = [("", _("Everyone"))] + [(g.slug, g.name) for g in groups]

    def clean(self):
        data = super().clean()
        if data.get("area") and data.get("group"):
            raise forms.ValidationError(_("Choose a ward or a community group, not both."))
        return data


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Why is the report rejected?"), max_length=1000)


class RevokeForm(forms.Form):
    """A moderator takes back one payment, with the reason the person will see."""

    entry = forms.IntegerField(min_value=1, max_value=2**62, widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Why are these points taken back?"), max_length=300)


# --- Alerts ----------------------------------------------------------------------------------------
class AlertAreaForm(forms.Form):
    area = forms.ChoiceField(label=_("Ward, or the whole district"))

    def __init__(self, *args, areas=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.areas = {a.code: a for a in areas}
        self.fields["area"].choices = [(a.code, a.name) for a in areas]


class AlertPointForm(LocationForm):
    radius_m = forms.TypedChoiceField(label=_("How far around it?"), coerce=int, widget=forms.RadioSelect, choices=[])
    location_missing = _("Choose the place: search for a postcode, place or ward and pick a result, or use the map.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["radius_m"].choices = ReportAlert.RADII


# --- Data improvement ------------------------------------------------------------------------------
class PlaceFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of place"), required=False)
    area = forms.ChoiceField(label=_("Ward"), required=False)

    def __init__(self, *args, wards=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("Every kind"))] + list(Place.Kind.choices)
        self.fields["area"].choices = [("", _("All wards"))] + [(a.code, a.name) for a in wards]


class GoneForm(forms.Form):
    note = forms.CharField(
        label=_("What is there now? (optional)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class MovedForm(LocationForm):
    note = forms.CharField(label=_("Anything to add? (optional)"), max_length=1000, required=False)
    location_missing = _("Choose where it really is: search for a postcode or place, or use the map.")


class MissingForm(LocationForm):
    place_kind = forms.ChoiceField(label=_("What kind of place?"), choices=Place.Kind.choices)
    name = forms.CharField(label=_("Its name"), max_length=200)
    note = forms.CharField(label=_("Anything to add? (optional)"), max_length=1000, required=False)
    location_missing = _("Choose where it is: search for a postcode or place, or use the map.")


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=[("accept", _("Accept")), ("reject", _("Reject"))], widget=forms.RadioSelect
    )
    review_note = forms.CharField(label=_("Reason (needed to reject)"), max_length=500, required=False)
