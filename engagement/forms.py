from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from engagement.models import Comment, Consultation, Flag, ModerationCase, Question, StanceVote
from engagement.services import clean_options
from places.models import Area


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Your comment"),
        max_length=Comment.MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Be respectful. Comments are public and show your display name."),
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)


class FlagForm(forms.Form):
    reason = forms.ChoiceField(label=_("Why are you reporting this?"), choices=Flag.Reason.choices)
    note = forms.CharField(
        label=_("Anything else we should know (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


# --- Consultations -------------------------------------------------------------------------------
class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


class ConsultationForm(forms.ModelForm):
    class Meta:
        model = Consultation
        fields = [
            "title",
            "description",
            "starts_at",
            "ends_at",
            "audience",
            "audience_areas",
            "audience_organisations",
            "results_visibility",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "starts_at": DateTimeLocalInput(),
            "ends_at": DateTimeLocalInput(),
            "audience": forms.RadioSelect,
            "audience_areas": forms.CheckboxSelectMultiple,
            "audience_organisations": forms.CheckboxSelectMultiple,
            "results_visibility": forms.RadioSelect,
        }
        labels = {
            "audience_areas": _("Which wards"),
            "audience_organisations": _("Which organisations"),
        }
        help_texts = {
            "starts_at": _("Leave blank to open it when you press Open."),
            "ends_at": _("People can respond and vote until then."),
            "audience_areas": _("Only for “Residents of chosen areas”. A ward includes its neighbourhoods."),
            "audience_organisations": _("Only for “Members of chosen organisations”."),
        }

    def __init__(self, *args, **kwargs):

        super().__init__(*args, **kwargs)
        self.fields["audience_areas"].queryset = Area.objects.filter(kind=Area.Kind.WARD).order_by("name")
        self.fields["audience_organisations"].queryset = Organisation.objects.order_by("name")
        self.fields["audience_areas"].required = False
        self.fields["audience_organisations"].required = False
        if self.instance.pk and self.instance.stage != Consultation.Stage.DRAFT:
            for name in ["starts_at", "audience", "audience_areas", "audience_organisations"]:
                del self.fields[name]


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type of question"), choices=[("", _("Choose"))] + list(Question.Kind.choices))
    prompt = forms.CharField(label=_("Question"), max_length=300)
    help_text = forms.CharField(label=_("Hint (optional)"), max_length=300, required=False)
    options = forms.CharField(
        label=_("Options, one per line"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For single choice, multiple choice and ranking questions."),
    )
    required = forms.BooleanField(label=_("An answer is required"), required=False, initial=True)

    def clean(self):

        data = super().clean()
        if data.get("kind") and not data.get("DELETE"):
            try:
                data["options_list"] = clean_options(
                    kind=data["kind"], options=(data.get("options") or "").splitlines()
                )
            except ValidationError as exc:
                self.add_error("options", exc.message_dict["options"])
        return data

    def has_changed(self):
        # An empty extra question stays empty even though its ticked-by-default box arrives unticked.
        return any(name in self.changed_data for name in ("kind", "prompt", "help_text", "options"))


class BaseQuestionFormSet(forms.BaseFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Remove this question")


QuestionFormSet = forms.formset_factory(QuestionForm, formset=BaseQuestionFormSet, extra=1, can_delete=True, max_num=30)


class StanceForm(forms.Form):
    stance = forms.ChoiceField(
        label=_("Where do you stand?"),
        choices=StanceVote.Stance.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose support, neutral or oppose.")},
    )


class ResponseForm(forms.Form):
    """The questionnaire, built from the consultation's questions. A ranking question becomes
    one "place" select per option, grouped under the question."""

    def __init__(self, *args, questions, initial_answers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        initial_answers = initial_answers or {}
        self.groups = []
        for q in self.questions:
            name = f"q{q.pk}"
            saved = initial_answers.get(q.pk)
            label = q.prompt if q.required else _("%(question)s (optional)") % {"question": q.prompt}
            required = False  # the service decides, so every problem is reported together
            if q.kind == Question.Kind.SINGLE:
                self.fields[name] = forms.ChoiceField(
                    label=label,
                    help_text=q.help_text,
                    required=required,
                    widget=forms.RadioSelect,
                    choices=list(enumerate(q.options)),
                    initial=saved,
                )
            elif q.kind == Question.Kind.MULTIPLE:
                self.fields[name] = forms.MultipleChoiceField(
                    label=label,
                    help_text=q.help_text or _("Choose all that apply."),
                    required=required,
                    widget=forms.CheckboxSelectMultiple,
                    choices=list(enumerate(q.options)),
                    initial=saved,
                )
            elif q.kind == Question.Kind.RATING:
                self.fields[name] = forms.ChoiceField(
                    label=label,
                    help_text=q.help_text or _("1 is very poor, 5 is very good."),
                    required=required,
                    widget=forms.RadioSelect,
                    choices=[(v, str(v)) for v in range(1, 6)],
                    initial=saved,
                )
            elif q.kind == Question.Kind.TEXT:
                self.fields[name] = forms.CharField(
                    label=label,
                    help_text=q.help_text,
                    required=required,
                    max_length=Question.TEXT_MAX_LENGTH,
                    widget=forms.Textarea(attrs={"rows": 4}),
                    initial=saved,
                )
            if q.kind != Question.Kind.RANKING:
                self.groups.append({"question": q, "fields": [self[name]]})
                continue
            names = []
            places = [("", _("Choose a place"))] + [(r, str(r)) for r in range(1, len(q.options) + 1)]
            for i, option in enumerate(q.options):
                sub = f"{name}_{i}"
                self.fields[sub] = forms.TypedChoiceField(
                    label=option,
                    choices=places,
                    coerce=int,
                    required=False,
                    initial=(saved or {}).get(i),
                )
                names.append(sub)
            self.groups.append({"question": q, "fields": [self[n] for n in names]})

    def answers(self) -> dict:
        data = self.cleaned_data
        out = {}
        for q in self.questions:
            name = f"q{q.pk}"
            if q.kind == Question.Kind.RANKING:
                ranks = {i: data.get(f"{name}_{i}") for i in range(len(q.options))}
                ranks = {i: r for i, r in ranks.items() if r not in (None, "")}
                out[q.pk] = ranks
            else:
                out[q.pk] = data.get(name)
        return out

    def add_service_errors(self, error) -> None:
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for key, messages in error.message_dict.items():
            field = key if key in self.fields else f"{key}_0" if f"{key}_0" in self.fields else None
            self.add_error(field, messages)


# --- Moderation ----------------------------------------------------------------------------------
class ModerationFilterForm(forms.Form):
    """The queue's filters; every field optional, bad values are simply ignored."""

    type = forms.ChoiceField(label=_("Type"), required=False)
    area = forms.ChoiceField(label=_("Area"), required=False)
    reason = forms.ChoiceField(
        label=_("Reported as"), required=False, choices=[("", _("Any reason")), *Flag.Reason.choices]
    )
    kind = forms.ChoiceField(label=_("Why it is here"), required=False)
    assigned = forms.ChoiceField(
        label=_("Assigned"),
        required=False,
        choices=[("", _("Anyone or no one")), ("me", _("To me")), ("none", _("To no one"))],
    )

    def __init__(self, *args, type_choices=(), area_choices=(), **kwargs):

        super().__init__(*args, **kwargs)
        self.fields["type"].choices = [("", _("All types")), *type_choices]
        self.fields["area"].choices = [("", _("All areas")), *area_choices]
        self.fields["kind"].choices = [("", _("Any")), *ModerationCase.Kind.choices]


class ModerationBulkForm(forms.Form):
    ACTIONS = [
        ("hide", _("Hide them (their authors are told why)")),
        ("approve", _("Approve them (held posts are published)")),
        ("review", _("Mark them reviewed (nothing wrong)")),
        ("assign_me", _("Assign them to me")),
    ]
    cases = forms.TypedMultipleChoiceField(
        coerce=int,
        label=_("Items"),
        error_messages={
            "required": _("Select at least one item."),
        },
    )
    action = forms.ChoiceField(label=_("What to do with the selected items"), choices=ACTIONS, widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Reason"),
        help_text=_("Needed to hide. Shown to each author and kept in the log."),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, case_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cases"].choices = [(pk, pk) for pk in case_ids]

    def clean(self):
        data = super().clean()
        if data.get("action") == "hide" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Say why these items are being hidden. Their authors will be told."))
        return data


class BlockForm(forms.Form):
    reason = forms.CharField(
        label=_("Why are you blocking this person?"),
        help_text=_("They will be told this. It is kept in the moderation log."),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RestoreForm(forms.Form):
    items = forms.MultipleChoiceField(error_messages={"required": _("Select at least one item.")})
    reason = forms.CharField(label=_("Reason (optional)"), required=False, max_length=1000)

    def __init__(self, *args, keys=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["items"].choices = [(k, k) for k in keys]
