from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from engagement.forms import DateTimeLocalInput
from places.models import Area
from proposals.budgets.models import Budget, BudgetItem
from proposals.budgets.selectors import source_choices

RULE_FIELDS = ("amount_gbp", "rule", "min_spend_percent", "max_approvals", "min_items", "max_items")


class BudgetForm(forms.ModelForm):
    class Meta:
        model = Budget
        fields = [
            "title",
            "description",
            "area",
            "amount_gbp",
            "rule",
            "min_spend_percent",
            "max_approvals",
            "min_items",
            "max_items",
            "method",
            "vote_closes_at",
            "audience",
            "audience_areas",
            "audience_organisations",
            "results_visibility",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "rule": forms.RadioSelect,
            "method": forms.RadioSelect,
            "vote_closes_at": DateTimeLocalInput(),
            "audience": forms.RadioSelect,
            "audience_areas": forms.CheckboxSelectMultiple,
            "audience_organisations": forms.CheckboxSelectMultiple,
            "results_visibility": forms.RadioSelect,
        }
        labels = {"audience_areas": _("Which wards"), "audience_organisations": _("Which organisations")}
        help_texts = {
            "min_spend_percent": _("Only for “Choose items that fit the budget”. Leave blank for no minimum."),
            "max_approvals": _("Only for “Approve up to a number of items”."),
            "vote_closes_at": _("Leave blank to close the vote by hand."),
            "audience_areas": _("Only for “Residents of chosen areas”. A ward includes its neighbourhoods."),
            "audience_organisations": _("Only for “Members of chosen organisations”."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = Area.objects.filter(kind__in=[Area.Kind.DISTRICT, Area.Kind.WARD]).order_by(
            "kind", "name"
        )
        self.fields["audience_areas"].queryset = Area.objects.filter(kind=Area.Kind.WARD).order_by("name")
        self.fields["audience_organisations"].queryset = Organisation.objects.order_by("name")
        self.fields["audience_areas"].required = False
        self.fields["audience_organisations"].required = False
        if self.instance.pk and self.instance.phase not in {
            Budget.Phase.DRAFT,
            Budget.Phase.COLLECT,
            Budget.Phase.REVIEW,
        }:
            for name in RULE_FIELDS + ("audience", "audience_areas", "audience_organisations"):
                self.fields[name].disabled = True

    def clean(self):
        data = super().clean()
        if data.get("rule") == Budget.Rule.APPROVAL and not data.get("max_approvals"):
            self.add_error("max_approvals", _("Say how many items a person may approve."))
        low, high = data.get("min_items"), data.get("max_items")
        if low and high and low > high:
            self.add_error("min_items", _("The fewest items cannot be more than the most items."))
        if data.get("audience") == Budget.Audience.AREAS and not data.get("audience_areas"):
            self.add_error("audience_areas", _("Choose at least one ward."))
        if data.get("audience") == Budget.Audience.ORGANISATIONS and not data.get("audience_organisations"):
            self.add_error("audience_organisations", _("Choose at least one organisation."))
        return data


class BudgetItemForm(forms.ModelForm):
    source = forms.ChoiceField(
        label=_("Drawn from"),
        required=False,
        help_text=_(
            "The idea or proposal this item comes from: its impact score is shown, "
            "and if it wins an action is added to it."
        ),
    )

    class Meta:
        model = BudgetItem
        fields = ["title", "description", "cost_gbp"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, budget: Budget, **kwargs):
        super().__init__(*args, **kwargs)
        ideas, proposals = source_choices(budget=budget)
        self.fields["source"].choices = [
            ("", _("Nothing: a new item")),
            (_("Ideas"), [(f"idea:{i.pk}", i.title) for i in ideas]),
            (_("Proposals"), [(f"proposal:{p.pk}", p.title) for p in proposals]),
        ]
        item = self.instance
        if item.pk:
            self.initial["source"] = (
                f"idea:{item.idea_id}" if item.idea_id else (f"proposal:{item.proposal_id}" if item.proposal_id else "")
            )

    def clean_source(self):
        value = self.cleaned_data["source"]
        self.instance.idea_id = self.instance.proposal_id = None
        if value:
            kind, _sep, pk = value.partition(":")
            if kind not in {"idea", "proposal"} or not pk.isascii() or not pk.isdigit():
                raise ValidationError(_("Choose an idea or proposal from the list."))
            setattr(self.instance, f"{kind}_id", int(pk))
        return value
