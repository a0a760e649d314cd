from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from accounts.models import Membership, Organisation, Profile
from accounts.permissions import can_create_organisation_kind


class HoneypotForm(forms.Form):
    """A honeypot for the forms anyone can post (sign up, sign in, password reset): hidden from
    people (off-screen, out of the tab order, labelled "leave empty" for anyone who meets it
    anyway); bots fill every box. django-honeypot does not support Django 5.2, so this is the
    small version of it."""

    website = forms.CharField(label=_("Leave this box empty"), required=False, max_length=200)
    website.honeypot = True

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(
                _("We could not accept this form. If you are a person, leave the last box empty.")
            )
        return ""


class SignupExtraForm(HoneypotForm):
    """Fields allauth's sign-up form adds to email and password."""

    display_name = forms.CharField(
        label=_("Display name"),
        max_length=60,
        help_text=_("Shown next to what you post. It can be a nickname; it does not have to be your real name."),
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )
    privacy_accepted = forms.BooleanField(
        label=_("I have read the privacy notice"),
        error_messages={"required": _("Confirm that you have read the privacy notice to create an account.")},
    )

    field_order = ["display_name", "email", "password1", "password2", "privacy_accepted", "website"]

    def signup(self, request, user):
        user.display_name = self.cleaned_data["display_name"].strip()
        user.save(update_fields=["display_name"])


def _area_queryset():
    area_model = Profile._meta.get_field("home_area").related_model
    return area_model.objects.filter(kind__in=["ward", "neighbourhood"]).order_by("name")


class ProfileForm(forms.Form):
    display_name = forms.CharField(label=_("Display name"), max_length=60)
    home_area = forms.ModelChoiceField(
        label=_("Home area"),
        queryset=None,
        required=False,
        empty_label=_("Not set"),
        help_text=_("The ward you live in. We use it to show you what is planned nearby."),
    )
    language = forms.ChoiceField(label=_("Preferred language"), required=False)
    on_leaderboards = forms.BooleanField(
        label=_("Show me on leaderboards"),
        required=False,
        help_text=_(
            "Leaderboards show a pseudonym, never your name. Untick this to be left off them; "
            "you still earn points and badges."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["home_area"].queryset = _area_queryset()
        self.fields["language"].choices = [("", _("Use my browser's language"))] + list(settings.LANGUAGES)

    def clean_display_name(self):
        name = self.cleaned_data["display_name"].strip()
        if not name:
            raise forms.ValidationError(_("Enter a display name."))
        return name


class LanguageForm(forms.Form):
    language = forms.ChoiceField(choices=settings.LANGUAGES)
    next = forms.CharField(required=False)


class OrganisationForm(forms.ModelForm):
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    class Meta:
        model = Organisation
        fields = ["name", "kind", "description", "website", "area"]
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = _area_queryset()
        self.fields["area"].required = False
        choices = [c for c in Organisation.Kind.choices if can_create_organisation_kind(user, c[0])]
        self.fields["kind"].choices = choices
        if self.instance.pk:
            self.fields["kind"].disabled = True


class MembershipAddForm(forms.Form):
    email = forms.EmailField(label=_("Email address of the person to add"))
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices, initial=Membership.Role.MEMBER)


class AccountDeleteForm(forms.Form):
    confirm = forms.CharField(
        label=_("Type DELETE to confirm"),
        help_text=_("This cannot be undone."),
    )

    def clean_confirm(self):
        value = self.cleaned_data["confirm"].strip()
        if value.upper() not in {"DELETE", str(_("DELETE")).upper()}:
            raise forms.ValidationError(_("Type DELETE in capital letters to confirm."))
        return value
