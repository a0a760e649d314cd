from django import forms
from django.utils.translation import gettext_lazy as _

from investors.models import InvestmentType, InvestorProfile, Opportunity, Sector
from places import sites
from places.forms import LocationForm
from places.models import Area

MAX_SITE_FILE = 1_000_000
MONEY = {"class": "govuk-input govuk-input--width-10", "inputmode": "numeric"}
NUMBER = {"class": "govuk-input govuk-input--width-5", "inputmode": "decimal"}


def _any(label):
    return [("", label)]


class OpportunityFilterForm(forms.Form):
    """The listing's filters: every value is checked against its choices, so a bad one is an
    ordinary form error, never a query."""

    sector = forms.ChoiceField(label=_("Sector"), required=False, choices=_any(_("Any sector")) + list(Sector.choices))
    investment_type = forms.ChoiceField(
        label=_("Type of investment"), required=False, choices=_any(_("Any type")) + list(InvestmentType.choices)
    )
    scale_band = forms.ChoiceField(label=_("Scale"), required=False, choices=())
    area = forms.ChoiceField(label=_("Area"), required=False, choices=())
    planning_status = forms.ChoiceField(
        label=_("Planning status"),
        required=False,
        choices=_any(_("Any planning status")) + list(Opportunity.PlanningStatus.choices),
    )
    decision_time = forms.ChoiceField(
        label=_("Time to an investment decision"),
        required=False,
        choices=_any(_("Any time")) + list(Opportunity.DecisionTime.choices),
    )
    min_score = forms.FloatField(
        label=_("Lowest impact score"),
        required=False,
        min_value=-100,
        max_value=100,
        widget=forms.TextInput(attrs=NUMBER),
        help_text=_("From −100 to 100."),
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[("score", _("Highest impact score")), ("newest", _("Newest"))],
    )

    def __init__(self, *args, bands, areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scale_band"].choices = _any(_("Any scale")) + list(bands)
        self.fields["area"].choices = _any(_("Anywhere in the district")) + [(a.code, a.name) for a in areas]


class OpportunityForm(LocationForm):
    location_required = False
    location_missing = _("Choose where it is: search for a postcode or place, use the map, or choose a ward.")
    title = forms.CharField(label=_("Title"), max_length=160)
    summary = forms.CharField(label=_("Summary"), max_length=1000, widget=forms.Textarea(attrs={"rows": 5}))
    sector = forms.ChoiceField(label=_("Sector"), choices=_any(_("Choose a sector")) + list(Sector.choices))
    sub_sector = forms.CharField(label=_("Sub-sector (optional)"), required=False, max_length=120)
    investment_type = forms.ChoiceField(
        label=_("Type of investment"), choices=_any(_("Choose a type")) + list(InvestmentType.choices)
    )
    scale_min_gbp = forms.IntegerField(
        label=_("Scale from (£)"), min_value=0, max_value=10_000_000_000, widget=forms.TextInput(attrs=MONEY)
    )
    scale_max_gbp = forms.IntegerField(
        label=_("Scale to (£)"), min_value=0, max_value=10_000_000_000, widget=forms.TextInput(attrs=MONEY)
    )
    planning_status = forms.ChoiceField(
        label=_("Planning status"), choices=_any(_("Choose one")) + list(Opportunity.PlanningStatus.choices)
    )
    decision_time = forms.ChoiceField(
        label=_("Time to an investment decision"),
        choices=_any(_("Choose one")) + list(Opportunity.DecisionTime.choices),
    )
    timeline = forms.CharField(
        label=_("Timeline (optional)"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    site_area = forms.ModelChoiceField(
        label=_("Or the whole of a ward"),
        queryset=Area.objects.filter(kind=Area.Kind.WARD).only("id", "name", "code").order_by("name"),
        required=False,
        empty_label=_("No: the place above"),
    )
    site_boundary = forms.CharField(
        label=_("Site boundary (optional)"),
        help_text=_(
            "Draw it on the map, or type its corners here, one per line, as latitude, longitude "
            "(such as 52.4710, -1.8420), or paste a GeoJSON polygon. It replaces the place above."
        ),
        required=False,
        strip=True,
        max_length=sites.MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 5, "spellcheck": "false", "autocomplete": "off"}),
    )
    site_file = forms.FileField(
        label=_("Or upload the boundary as a GeoJSON file (optional)"),
        help_text=_("A .geojson file of up to 1 MB in WGS 84, as GIS software exports it."),
        required=False,
    )
    jobs_created = forms.IntegerField(label=_("Jobs created"), required=False, min_value=0, max_value=1_000_000)
    local_hires = forms.IntegerField(label=_("Of which local hires"), required=False, min_value=0, max_value=1_000_000)
    apprenticeships = forms.IntegerField(label=_("Apprenticeships"), required=False, min_value=0, max_value=100_000)
    homes = forms.IntegerField(label=_("Homes"), required=False, min_value=0, max_value=100_000)
    floorspace_m2 = forms.IntegerField(label=_("Floorspace (m²)"), required=False, min_value=0, max_value=10_000_000)
    tco2e_per_year = forms.FloatField(
        label=_("Carbon (tCO2e per year, negative is a saving)"),
        required=False,
        min_value=-10_000_000,
        max_value=10_000_000,
    )
    energy_generated_mwh = forms.FloatField(
        label=_("Energy generated (MWh per year)"), required=False, min_value=0, max_value=100_000_000
    )
    green_blue_space_change_m2 = forms.IntegerField(
        label=_("Green and blue space (m², negative is a loss)"),
        required=False,
        min_value=-10_000_000,
        max_value=10_000_000,
    )
    EFFECTS = Opportunity.EFFECT_FIELDS

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Text inputs with a numeric keyboard, as GOV.UK advises (type=number drops what it cannot parse).
        for name in self.EFFECTS:
            decimal = isinstance(self.fields[name], forms.FloatField) or name.endswith("_change_m2")
            self.fields[name].widget = forms.TextInput(
                attrs={"class": "govuk-input govuk-input--width-10", "inputmode": "decimal" if decimal else "numeric"}
            )
        if organisations is not None:
            self.fields["promoter"] = forms.ModelChoiceField(
                label=_("Promoted by"), queryset=organisations, empty_label=_("Choose an organisation")
            )
            self.order_fields(["promoter", *self.fields])

    def clean_site_file(self):
        upload = self.cleaned_data.get("site_file")
        if upload is None:
            return None
        if upload.size > MAX_SITE_FILE:
            raise forms.ValidationError(_("The file is larger than 1 MB. Simplify the boundary in your GIS first."))
        try:
            return upload.read(MAX_SITE_FILE + 1).decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError(_("This is not a GeoJSON file: it is not text.")) from None

    def clean(self):
        data = super().clean()
        area = data.get("site_area")
        boundary_field = "site_file" if data.get("site_file") else "site_boundary"
        boundary_text = data.get("site_file") or data.get("site_boundary")
        data["site"] = None
        if area is None and boundary_text:
            try:
                data["site"] = sites.parse_site(boundary_text)
            except forms.ValidationError as exc:
                self.add_error(boundary_field, exc)
            else:
                if boundary_field == "site_file":  # shown in the text box, so a re-rendered form keeps it
                    self.data = self.data.copy()
                    self.data["site_boundary"] = sites.as_text(data["site"])
        if area is not None:
            data["geometry"] = Area.objects.only("geometry").get(pk=area.pk).geometry
            self.errors.pop("location_query", None)
        elif data["site"] is not None:
            data["geometry"] = data["site"]
            self.errors.pop("location_query", None)
        elif data.get("point") is not None:
            data["geometry"] = data["point"]
        else:
            data["geometry"] = None
        return data

    def require_place(self):
        if self.is_valid() and self.cleaned_data.get("geometry") is None:
            self.add_error("location_query", self.location_missing)


class MoveForm(forms.Form):
    to_status = forms.ChoiceField(choices=Opportunity.Status.choices)
    reason = forms.CharField(label=_("Reason or comments for the promoter"), required=False, max_length=4000)


class AdditionalityForm(forms.Form):
    leakage = forms.DecimalField(
        label=_("Leakage"),
        min_value=0,
        max_value=1,
        decimal_places=3,
        widget=forms.TextInput(attrs=NUMBER),
    )
    displacement = forms.DecimalField(
        label=_("Displacement"),
        min_value=0,
        max_value=1,
        decimal_places=3,
        widget=forms.TextInput(attrs=NUMBER),
    )
    deadweight = forms.DecimalField(
        label=_("Deadweight"),
        min_value=0,
        max_value=1,
        decimal_places=3,
        widget=forms.TextInput(attrs=NUMBER),
    )
    multiplier = forms.DecimalField(
        label=_("Multiplier"),
        min_value=1,
        max_value=3,
        decimal_places=2,
        widget=forms.TextInput(attrs=NUMBER),
    )
    note = forms.CharField(
        label=_("Why these factors (the appraisal or evidence)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class TierForm(forms.Form):
    tier = forms.ChoiceField(label=_("Tier"), choices=InvestorProfile.Tier.choices)
    trial_ends_on = forms.DateField(label=_("Trial ends on"), required=False)


class ProfileForm(forms.Form):
    kind = forms.ChoiceField(label=_("What you do here"), choices=InvestorProfile.Kind.choices)
    sectors = forms.MultipleChoiceField(
        label=_("Sectors"), choices=Sector.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    investment_types = forms.MultipleChoiceField(
        label=_("Types of investment"),
        choices=InvestmentType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    ticket_min_gbp = forms.IntegerField(
        label=_("Smallest ticket (£)"),
        required=False,
        min_value=0,
        max_value=10_000_000_000,
        widget=forms.TextInput(attrs=MONEY),
    )
    ticket_max_gbp = forms.IntegerField(
        label=_("Largest ticket (£)"),
        required=False,
        min_value=0,
        max_value=10_000_000_000,
        widget=forms.TextInput(attrs=MONEY),
    )
    areas = forms.MultipleChoiceField(
        label=_("Areas of interest"), choices=(), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, instance_profile=None, areas=(), **kwargs):
        if instance_profile is not None and not kwargs.get("initial"):
            kwargs["initial"] = {
                "kind": instance_profile.kind,
                "sectors": instance_profile.sectors,
                "investment_types": instance_profile.investment_types,
                "ticket_min_gbp": instance_profile.ticket_min_gbp,
                "ticket_max_gbp": instance_profile.ticket_max_gbp,
                "areas": list(instance_profile.areas.values_list("code", flat=True)),
            }
        super().__init__(*args, **kwargs)
        self.fields["areas"].choices = [(a.code, a.name) for a in areas]


class DeliveryForm(forms.Form):
    delivery_stage = forms.ChoiceField(
        label=_("Delivery"),
        required=False,
        choices=[("", _("Not started")), ("in_delivery", _("In delivery")), ("completed", _("Completed"))],
    )
    delivery_started_on = forms.DateField(label=_("Delivery started on"), required=False)


# --- Data room ----------------------------------------------------------------------------------
class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=160)
    description = forms.CharField(
        label=_("What it contains (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    file = forms.FileField(label=_("PDF file"), help_text=_("A PDF of up to 20 MB, without a password."))


class GrantForm(forms.Form):
    """Who gets in: someone who has sent an enquiry, or the email address of an account (typed by
    the promoter, never shown to anyone)."""

    enquirer = forms.TypedChoiceField(
        label=_("Someone who has sent an enquiry"), required=False, coerce=int, choices=()
    )
    email = forms.EmailField(
        label=_("Or the email address of their account"),
        required=False,
        help_text=_("They need an account here. The address is not shown to anyone."),
    )
    level = forms.ChoiceField(label=_("Access"), choices=(), widget=forms.RadioSelect)
    expires_on = forms.DateField(
        label=_("Access ends after (optional)"),
        required=False,
        help_text=_("For example, 2027-03-31. Leave empty for no end date."),
        widget=forms.DateInput(attrs={"class": "govuk-input govuk-input--width-10"}),
    )

    def __init__(self, *args, enquirers=(), **kwargs):
        from investors.models import DataRoomGrant

        super().__init__(*args, **kwargs)
        self.fields["enquirer"].choices = [("", _("Choose…"))] + [(u.pk, label) for u, label in enquirers]
        self.fields["level"].choices = DataRoomGrant.Level.choices
        self.fields["level"].initial = DataRoomGrant.Level.VIEW

    def clean(self):
        data = super().clean()
        if not data.get("enquirer") and not data.get("email") and not self.errors:
            raise forms.ValidationError(_("Choose someone who has sent an enquiry, or enter an email address."))
        return data


# --- Messages -----------------------------------------------------------------------------------
ATTACHMENT_HELP = _("Optional: a PDF (up to 20 MB) or a photo (JPEG, PNG or WebP, up to 10 MB).")


class EnquiryForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=160)
    investor = forms.TypedChoiceField(label=_("Writing for"), required=False, coerce=int, choices=())
    body = forms.CharField(label=_("Your message"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6}))
    attachment = forms.FileField(label=_("Attachment"), required=False, help_text=ATTACHMENT_HELP)

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["investor"].choices = [("", _("Myself"))] + [(o.pk, o.name) for o in organisations]


class ReplyForm(forms.Form):
    body = forms.CharField(label=_("Reply"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))
    attachment = forms.FileField(label=_("Attachment"), required=False, help_text=ATTACHMENT_HELP)


class ReportForm(forms.Form):
    reason = forms.ChoiceField(label=_("Why are you reporting this message?"), choices=(), widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("Anything else we should know (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        from engagement.models import Flag

        super().__init__(*args, **kwargs)
        self.fields["reason"].choices = Flag.Reason.choices


# --- Campaigns ----------------------------------------------------------------------------------
class PledgeForm(forms.Form):
    amount_gbp = forms.IntegerField(
        label=_("Your pledge (£)"),
        min_value=1,
        max_value=100_000,
        help_text=_("A promise, not a payment: you pay only if the campaign reaches its target."),
        widget=forms.TextInput(attrs={**MONEY, "autocomplete": "off"}),
    )


def errors_into(form, exc, *, rename: dict | None = None) -> None:
    """A service's ValidationError onto the form: field errors on their fields (renamed where the
    service's name differs), anything else at the top of the form."""
    found = exc.message_dict if hasattr(exc, "error_dict") else {None: exc.messages}
    for field, errors in found.items():
        field = (rename or {}).get(field, field)
        form.add_error(field if field in form.fields else None, errors)
