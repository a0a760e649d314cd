from django import forms
from django.utils.translation import gettext_lazy as _

from gamification.models import Report, Service
from places.models import Area

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
        self.fields["status"].choices = [("", _("Any status")), *Report.Status.choices]
        self.fields["area"].choices = [("", _("All wards"))] + [(a.code, a.name) for a in wards]


def filter_form(data) -> ReportFilterForm:
    services = Service.objects.filter(public=True).only("code", "name").order_by("name")
    wards = Area.objects.filter(kind=Area.Kind.WARD).only("code", "name").order_by("name")
    return ReportFilterForm(data or None, services=services, wards=wards)
